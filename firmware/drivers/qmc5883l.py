"""QMC5883L (QST) magnetometer on I2C, the GY-271 module of school kits: microtesla.

    from machine import I2C, Pin
    from qmc5883l import QMC5883L
    i2c = I2C(0, scl=Pin(5), sda=Pin(4))
    compass = QMC5883L(i2c)  # range=2 for ±2 gauss: finer steps, saturates near a magnet
    print(compass.magnetic())  # (x, y, z) in µT

Continuous mode at 50 Hz with 512x oversampling (the least noise). `range` is 2 or 8 gauss
(±200 or ±800 µT): 12000 or 3000 steps per gauss. Past the range an axis saturates at
-32768 or 32767. The first reading after (re)configuring waits for a fresh conversion; later
ones return the latest conversion at once.
This is not an HMC5883L (address 0x1E, other registers): a GY-271 may carry either chip.
The bus only needs `readfrom_mem_into` and `writeto_mem` (machine.I2C or machine.SoftI2C).
"""

import time

from micropython import const

_DATA = const(0x00)  # X, Y, Z: little-endian int16
_STATUS = const(0x06)  # DRDY(0) OVL(1) DOR(2)
_CTRL1 = const(0x09)  # OSR[7:6] RNG[5:4] ODR[3:2] MODE[1:0]
_CTRL2 = const(0x0A)  # SOFT_RST(7) ROL_PNT(6) INT_ENB(0)
_PERIOD = const(0x0B)  # SET/RESET period
_CHIP_ID = const(0x0D)


def _s16(buf, i):
    v = buf[i] | buf[i + 1] << 8
    return v - 65536 if v > 32767 else v


class QMC5883L:
    def __init__(self, i2c, address=0x0D, range=8):
        self._i2c = i2c
        self._address = address
        self._buf = bytearray(6)  # the one buffer: X, Y, Z, and 1-byte reads/writes via _one
        self._one = memoryview(self._buf)[:1]
        try:
            i2c.readfrom_mem_into(address, _CHIP_ID, self._one)
        except OSError:
            raise OSError(
                "no QMC5883L answers at 0x%02x on this I2C bus: check the wiring"
                " / aucun QMC5883L à l'adresse 0x%02x : vérifie le câblage" % (address, address)
            )
        if self._buf[0] != 0xFF:
            raise RuntimeError(
                "chip id 0x%02x at 0x%02x is not a QMC5883L (0xff)" % (self._buf[0], address)
            )
        self._write(_CTRL2, 0x80)  # soft reset: every register back to its default
        time.sleep_ms(1)
        self._write(_PERIOD, 0x01)  # the SET/RESET period the datasheet asks for
        self.range = range

    def _write(self, reg, value):
        self._buf[0] = value
        self._i2c.writeto_mem(self._address, reg, self._one)

    @property
    def range(self):
        """Full scale in gauss: 2 or 8. Example: compass.range = 2"""
        return self._range

    @range.setter
    def range(self, gauss):
        if gauss not in (2, 8):
            raise ValueError("range must be 2 or 8 (gauss), not %r" % (gauss,))
        self._write(_CTRL1, 0x15 if gauss == 8 else 0x05)  # OSR 512, 50 Hz, continuous
        self._i2c.readfrom_mem_into(self._address, _DATA, self._buf)  # drops the old-range data
        self._range = gauss
        self._ready = False

    def raw(self):
        """The three output registers, signed. Example: x, y, z = compass.raw()"""
        i2c, address, buf = self._i2c, self._address, self._buf
        for _ in range(250):  # the first conversion after (re)configuring: 20 ms
            if self._ready:
                break
            i2c.readfrom_mem_into(address, _STATUS, self._one)
            if buf[0] & 0x01:
                self._ready = True
                break
            time.sleep_ms(1)
        else:
            raise RuntimeError("QMC5883L at 0x%02x gives no measurement" % address)
        i2c.readfrom_mem_into(address, _DATA, buf)
        return _s16(buf, 0), _s16(buf, 2), _s16(buf, 4)

    def magnetic(self):
        """Magnetic field (x, y, z) in µT. Example: print(compass.magnetic())"""
        s = 100 / (3000 if self._range == 8 else 12000)  # 1 gauss = 100 µT
        x, y, z = self.raw()
        return x * s, y * s, z * s
