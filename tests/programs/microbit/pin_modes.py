# A pin's mode follows what the program last did with it.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/pin.html (get_mode)
# On the board: "unused" at first, then "write_digital", then "write_analog".
# > unused
# > write_digital
# > write_analog
from microbit import pin1

print(pin1.get_mode())
pin1.write_digital(1)
print(pin1.get_mode())
pin1.write_analog(511)
print(pin1.get_mode())
