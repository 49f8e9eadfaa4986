# I2C(0) on its default pins; reading a device that is not there.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (Hardware I2C bus)
# On the board: I2C0 defaults to the Pico's SCL=GP5, SDA=GP4 (pico-sdk boards/pico.h), 400 kHz
# rounds to 125 MHz / 313 = 399361 Hz (i2c_init's answer); no device at 0x50: OSError EIO.
# > I2C(0, freq=399361, scl=5, sda=4, timeout=50000)
#! OSError: [Errno 5] EIO
from machine import I2C

i2c = I2C(0)
print(i2c)
i2c.readfrom(0x50, 2)
