# A software I2C bus on any two pins; scan finds nothing on these pins.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (Software I2C bus)
# On the board: nothing wired on GPIO 13/14, scan() is an empty list.
# > []
from machine import Pin, SoftI2C

i2c = SoftI2C(scl=Pin(13), sda=Pin(14), freq=100000)
print(i2c.scan())
