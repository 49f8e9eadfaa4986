# Shift an image left by blitting it onto itself.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/image.html (blit)
# On the board: the pixels move one column left, the last column is cleared.
# > Image('12345:00000:00000:00000:00000:')
# > Image('23450:00000:00000:00000:00000:')
from microbit import Image

im = Image("12345:00000:00000:00000:00000")
print(repr(im))
im.blit(im, 1, 0, 5, 5)
print(repr(im))
