# The touch logo, untouched.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/pin.html (pin_logo)
# On the board: is_touched() is False when nobody touches it.
# > False
from microbit import pin_logo

print(pin_logo.is_touched())
