# keypad reports button A's press and release as events.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/keypad/
# On the board: Event repr is "<Event: key_number 0 pressed>" (shared-bindings/keypad/Event.c).
# run: 1
# press: A 0.2
# > <Event: key_number 0 pressed>
# > <Event: key_number 0 released>
# > None
import time

import board
import keypad

keys = keypad.Keys((board.BUTTON_A,), value_when_pressed=True, pull=True)
time.sleep(0.6)
print(keys.events.get())
print(keys.events.get())
print(keys.events.get())
