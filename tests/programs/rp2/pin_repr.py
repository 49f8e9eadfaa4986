# Pins print their GPIO name, mode and pull.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (Pins and GPIO)
# On the board (ports/rp2/machine_pin.c): Pin(GPIOn, mode=..., pull=...).
# > Pin(GPIO25, mode=OUT)
# > Pin(GPIO15, mode=IN, pull=PULL_UP)
# > 0 1
from machine import Pin

led = Pin(25, Pin.OUT)
print(led)
button = Pin(15, Pin.IN, Pin.PULL_UP)
print(button)
led.off()
print(led.value(), button.value())
