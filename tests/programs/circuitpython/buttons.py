# Read button A (it pulls high when pressed: use a pull-down).
# Modelled on: the Adafruit "Circuit Playground Bluefruit" guide, CircuitPython Digital In & Out.
# On the board: False at rest, True while held.
# run: 1
# press: A 0.2
# > False
# > True
import time

import board
import digitalio

button = digitalio.DigitalInOut(board.BUTTON_A)
button.switch_to_input(pull=digitalio.Pull.DOWN)
print(button.value)
time.sleep(0.25)
print(button.value)
