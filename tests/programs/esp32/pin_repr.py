# Pins print as their GPIO number on the ESP32.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (Pins and GPIO)
# On the board (ports/esp32/machine_pin.c): "Pin(n)".
# > Pin(2)
# > 1
from machine import Pin

led = Pin(2, Pin.OUT)
print(led)
led.on()
print(led.value())
