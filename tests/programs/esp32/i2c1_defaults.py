# I2C(1) on its default pins.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (Hardware I2C bus)
# On the board (ports/esp32/machine_i2c.c): I2C1 defaults to SCL=25, SDA=26.
# > I2C(1, scl=25, sda=26, freq=400000)
from machine import I2C

print(I2C(1))
