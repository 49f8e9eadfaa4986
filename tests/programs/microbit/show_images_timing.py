# Show the twelve clock images one after the other.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/display.html (show with a
# list of images and a delay). On the board: show() blocks for 12 x 100 ms.
# run: 3
# > 1200
from microbit import Image, display, running_time

start = running_time()
display.show(Image.ALL_CLOCKS, delay=100)
print(running_time() - start)
