# Read the board's temperature and the light level on the display.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/microbit.html (temperature)
# and display.html (read_light_level). On the board: degrees as an int; 0-255 light.
# > 21
# > <class 'int'>
from microbit import display, temperature

print(temperature())
print(type(display.read_light_level()))
