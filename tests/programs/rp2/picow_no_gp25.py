# GP25 on a Pico W.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (Pins and GPIO: pins by
# name) and the RPI_PICO_W build's pins.csv, which has no GP25 (GPIO25 selects the wireless
# chip); ports/rp2/machine_pin.c refuses a name it does not know.
# board: pico-w
#! ValueError: unknown named pin "GP25"
from machine import Pin

Pin("GP25", Pin.OUT)
