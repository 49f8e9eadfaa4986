# The neopixel driver without its library in CIRCUITPY/lib.
# Modelled on: the Adafruit "CircuitPython NeoPixel" guide (neopixel.mpy goes in lib/; the
# Bluefruit does not freeze it). On the board: ImportError until the library is copied.
#! ImportError: no module named 'neopixel'
import board
import neopixel

pixels = neopixel.NeoPixel(board.NEOPIXEL, 10)
