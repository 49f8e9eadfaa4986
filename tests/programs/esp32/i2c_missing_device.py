# I2C(0) on its default pins; writing to a device that is not there.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (Hardware I2C bus)
# On the board: I2C0 defaults to SCL=18, SDA=19; no ACK gives OSError ENODEV (errno 19).
# > I2C(0, scl=18, sda=19, freq=400000)
#! OSError: [Errno 19] ENODEV
from machine import I2C

i2c = I2C(0)
print(i2c)
i2c.writeto(0x3C, b"\x00")
