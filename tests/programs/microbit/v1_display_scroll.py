# Scroll text on a micro:bit V1, then show how long it took.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v1.1.1/display.html
# On the board: scroll() blocks; "Hi" at the default 150 ms a column takes about 2 s.
# board: microbit-v1
# run: 5
# > True
from microbit import display, running_time

start = running_time()
display.scroll("Hi")
print(1500 < running_time() - start < 3000)
