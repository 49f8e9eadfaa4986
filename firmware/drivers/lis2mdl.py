"""LIS2MDL (ST) magnetometer on I2C, also the magnetometer of the LSM303AGR: microtesla.

    from machine import I2C, Pin
    from lis2mdl import LIS2MDL
    i2c = I2C(0, scl=Pin(5), sda=Pin(4))
    compass = LIS2MDL(i2c)  # the LSM303AGR's magnetometer answers at 0x1E too
    print(compass.magnetic())  # (x, y, z) in µT

Continuous mode at `rate` 10, 20, 50 or 100 Hz (default 100), with the temperature
compensation the datasheet requires, offset cancellation and block data update. The range is
fixed: ±49.152 gauss, 1.5 milligauss = 0.15 µT per step. The first reading waits for the first
conversion; later ones return the latest conversion at once.
On this chip the register address auto-increments on multi-byte reads without any flag bit
(the LSM303AGR's accelerometer needs one, its magnetometer does not).
The bus only needs `readfrom_mem_into` and `writeto_mem` (machine.I2C or machine.SoftI2C).
"""

import time

from micropython import const

_WHO_AM_I = const(0x4F)
_CFG_REG_A = const(0x60)  # COMP_TEMP_EN(7) REBOOT SOFT_RST LP ODR[3:2] MD[1:0]
_CFG_REG_B = const(0x61)  # OFF_CANC(1)
_CFG_REG_C = const(0x62)  # BDU(4)
_STATUS = const(0x67)  # Zyxda(3): a new X, Y, Z set
_OUTX_L = const(0x68)  # X, Y, Z: little-endian int16
_ID = const(0x40)


def _s16(buf, i):
    v = buf[i] | buf[i + 1] << 8
    return v - 65536 if v > 32767 else v


class LIS2MDL:
    def __init__(self, i2c, address=0x1E, rate=100):
        self._i2c = i2c
        self._address = address
        self._buf = bytearray(6)  # the one buffer: X, Y, Z, and 1-byte reads/writes via _one
        self._one = memoryview(self._buf)[:1]
        try:
            i2c.readfrom_mem_into(address, _WHO_AM_I, self._one)
        except OSError:
            raise OSError(
                "no LIS2MDL answers at 0x%02x on this I2C bus: check the wiring"
                " / aucun LIS2MDL à l'adresse 0x%02x : vérifie le câblage" % (address, address)
            )
        if self._buf[0] != _ID:
            raise RuntimeError(
                "chip id 0x%02x at 0x%02x is not a LIS2MDL (0x40)" % (self._buf[0], address)
            )
        self._write(_CFG_REG_B, 0x02)
        self._write(_CFG_REG_C, 0x10)
        self.rate = rate

    def _write(self, reg, value):
        self._buf[0] = value
        self._i2c.writeto_mem(self._address, reg, self._one)

    @property
    def rate(self):
        """Measurements per second: 10, 20, 50 or 100. Example: compass.rate = 10"""
        return self._rate

    @rate.setter
    def rate(self, hz):
        if hz not in (10, 20, 50, 100):
            raise ValueError("rate must be 10, 20, 50 or 100 (Hz), not %r" % (hz,))
        self._write(_CFG_REG_A, 0x80 | (10, 20, 50, 100).index(hz) << 2)  # continuous mode
        self._rate = hz
        self._ready = False

    def raw(self):
        """The three output registers, signed (0.15 µT steps). Example: x, y, z = compass.raw()"""
        i2c, address, buf = self._i2c, self._address, self._buf
        for _ in range(250):  # the first conversion after (re)configuring: 100 ms at most
            if self._ready:
                break
            i2c.readfrom_mem_into(address, _STATUS, self._one)
            if buf[0] & 0x08:
                self._ready = True
                break
            time.sleep_ms(1)
        else:
            raise RuntimeError("LIS2MDL at 0x%02x gives no measurement" % address)
        i2c.readfrom_mem_into(address, _OUTX_L, buf)
        return _s16(buf, 0), _s16(buf, 2), _s16(buf, 4)

    def magnetic(self):
        """Magnetic field (x, y, z) in µT. Example: print(compass.magnetic())"""
        x, y, z = self.raw()
        return x * 0.15, y * 0.15, z * 0.15
