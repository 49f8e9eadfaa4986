# A pin number the RP2040 does not have.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/machine.Pin.html
# On the board (ports/rp2/machine_pin.c): ValueError "invalid pin".
#! ValueError: invalid pin
from machine import Pin

Pin(40, Pin.OUT)
