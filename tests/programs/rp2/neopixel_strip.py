# An 8-LED NeoPixel strip on GP0: set, read back, fill.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/neopixel.html
# On the board: pixels read back as tuples; len() is the pixel count.
# > 8
# > (255, 0, 0)
# > (0, 0, 32)
from machine import Pin
from neopixel import NeoPixel

np = NeoPixel(Pin(0), 8)
print(len(np))
np[0] = (255, 0, 0)
np.write()
print(np[0])
np.fill((0, 0, 32))
np.write()
print(np[7])
