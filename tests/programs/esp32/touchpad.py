# Capacitive touch pads: a pin without touch, then GPIO 4's pad.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (Capacitive touch)
# On the board (ports/esp32/machine_touchpad.c): GPIO 5 has no pad, ValueError; GPIO 4 reads
# an int. The simulator does not model touch sensing and says so in one line.
# > invalid pin for touchpad
#! NotImplementedError: machine.TouchPad (touch sensing) is not simulated; try this part on the real board
from machine import Pin, TouchPad

try:
    TouchPad(Pin(5))
except ValueError as e:
    print(e)
t = TouchPad(Pin(4))
print(t.read())
