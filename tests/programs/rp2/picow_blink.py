# Blink the Pico W's on-board LED.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/machine.Pin.html (Pin, toggle)
# and the RPI_PICO_W build's pins.csv (LED = EXT_GPIO0, the wireless chip's WL_GPIO0, not
# GPIO25; ports/rp2/machine_pin.c prints it by that name, in or out only).
# board: pico-w
# run: 2
# > Pin(EXT_GPIO0, mode=OUT)
# > 1
# > 0
# > 1
# > 0
import time

from machine import Pin

led = Pin("LED", Pin.OUT)
print(led)
for _ in range(4):
    led.toggle()
    print(led.value())
    time.sleep(0.25)
