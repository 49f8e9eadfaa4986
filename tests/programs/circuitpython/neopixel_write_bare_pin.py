# neopixel_write() given a bare pin instead of a DigitalInOut.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/neopixel_write/
# On the board (shared-bindings/neopixel_write/__init__.c, mp_arg_validate_type): TypeError.
#! TypeError: digitalinout must be of type DigitalInOut, not Pin
import board
import neopixel_write

neopixel_write.neopixel_write(board.NEOPIXEL, bytearray(30))
