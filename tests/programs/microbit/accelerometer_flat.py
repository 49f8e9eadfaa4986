# The board lies flat on the table, screen up.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/accelerometer.html
# On the board: x and y near 0 mg, z near -1000 mg (down), gesture "face up".
# > True
# > face up
from microbit import accelerometer, sleep

sleep(100)
x, y, z = accelerometer.get_values()
print(abs(x) < 100 and abs(y) < 100 and -1100 < z < -900)
print(accelerometer.current_gesture())
