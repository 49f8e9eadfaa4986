# microcontroller.pin names the chip's pins; they print by their board name.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/microcontroller/ and
# shared-bindings/microcontroller/Pin.c (get_pin_name: the board's name first).
# > board.LED
# > True
import board
import microcontroller

print(microcontroller.pin.P1_14)
print(microcontroller.pin.P0_13 is board.NEOPIXEL)
