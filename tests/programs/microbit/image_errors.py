# Images: brightness out of range and a bad definition.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/image.html
# On the board (src/codal_port/microbit_image.c): "brightness out of bounds".
# > Image('90000:00000:00000:00000:00000:')
#! ValueError: brightness out of bounds
from microbit import Image

im = Image(5, 5)
im.set_pixel(0, 0, 9)
print(repr(im))
im.set_pixel(1, 1, 10)
