# A 12-pixel NeoPixel ring on GPIO 5.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (NeoPixel driver)
# On the board: pixels read back as tuples; bpp is 3 for RGB.
# > 12 3
# > (0, 64, 0)
from machine import Pin
from neopixel import NeoPixel

np = NeoPixel(Pin(5), 12)
print(len(np), np.bpp)
np.fill((0, 64, 0))
np.write()
print(np[11])
