# No shake while the board rests on the table.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/accelerometer.html
# (gestures). On the board: was_gesture("shake") is False; the history holds "face up".
# > False
# > True
from microbit import accelerometer, sleep

sleep(500)
print(accelerometer.was_gesture("shake"))
print("face up" in accelerometer.get_gestures())
