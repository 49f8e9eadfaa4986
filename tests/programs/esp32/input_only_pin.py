# GPIO 34-39 are inputs only on the ESP32.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (Pins and GPIO)
# On the board (ports/esp32/machine_pin.c): ValueError "pin can only be input".
#! ValueError: pin can only be input
from machine import Pin

Pin(36, Pin.OUT)
