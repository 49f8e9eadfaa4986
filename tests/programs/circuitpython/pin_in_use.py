# The same pin claimed twice.
# Modelled on: shared-bindings/microcontroller/Pin.c (assert_pin_free): the error names the pin
# by its first board name.
#! ValueError: LED in use
import board
import digitalio

a = digitalio.DigitalInOut(board.D13)
b = digitalio.DigitalInOut(board.LED)
