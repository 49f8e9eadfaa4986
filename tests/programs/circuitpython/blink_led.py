# Blink the red LED next to the USB port.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/digitalio/ and the
# Adafruit "CircuitPython Digital In & Out" guide. On the board: value follows the writes.
# > True
# > False
import time

import board
import digitalio

led = digitalio.DigitalInOut(board.LED)
led.direction = digitalio.Direction.OUTPUT
led.value = True
print(led.value)
time.sleep(0.5)
led.value = False
print(led.value)
