# A pull resistor on the Pico W's LED pin.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/machine.Pin.html (Pin.init's
# pull) and ports/rp2/machine_pin.c of v1.22.2: the wireless chip's pins take no pull.
# board: pico-w
#! ValueError: pulls are not supported for external pins
from machine import Pin

Pin("LED", Pin.IN, Pin.PULL_UP)
