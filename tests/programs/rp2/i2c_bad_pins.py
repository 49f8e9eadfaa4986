# I2C(0) on pins of the other bus.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (Hardware I2C bus)
# On the board (ports/rp2/machine_i2c.c): GP2/GP3 are I2C1's: ValueError "bad SCL pin".
#! ValueError: bad SCL pin
from machine import I2C, Pin

I2C(0, scl=Pin(3), sda=Pin(2))
