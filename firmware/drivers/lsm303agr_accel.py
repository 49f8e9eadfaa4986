"""LSM303AGR (ST) accelerometer on I2C, the micro:bit V2's motion sensor: milli-g.

    from machine import I2C, Pin
    from lsm303agr_accel import LSM303AGR_Accel
    i2c = I2C(0, scl=Pin(5), sda=Pin(4))
    accel = LSM303AGR_Accel(i2c)  # range=8 for ±8 g
    print(accel.acceleration())  # (x, y, z) in mg: about (0, 0, 1000) flat, face up

High-resolution (12-bit) mode at 100 Hz, all three axes, block data update. `range` is 2, 4,
8 or 16 g; one step is 0.98, 1.95, 3.9 or 11.72 mg (the datasheet's sensitivities). The data
are left-justified 16-bit words: `raw()` gives them as read, `acceleration()` drops the four
unused bits. This chip only auto-increments the register address on a multi-byte read when
bit 7 of the address is set, hence `_OUT | 0x80`.
The bus only needs `readfrom_mem_into` and `writeto_mem` (machine.I2C or machine.SoftI2C).
"""

import time

from micropython import const

_WHO_AM_I = const(0x0F)
_CTRL_REG1 = const(0x20)  # ODR[7:4] LPen(3) Zen Yen Xen
_CTRL_REG4 = const(0x23)  # BDU(7) BLE(6) FS[5:4] HR(3)
_STATUS = const(0x27)  # ZYXDA(3): a new X, Y, Z set
_OUT = const(0x28)  # OUT_X_L .. OUT_Z_H: little-endian int16
_MULTI = const(0x80)  # sub-address bit 7: auto-increment
_ID = const(0x33)


def _s16(buf, i):
    v = buf[i] | buf[i + 1] << 8
    return v - 65536 if v > 32767 else v


class LSM303AGR_Accel:
    def __init__(self, i2c, address=0x19, range=2):
        self._i2c = i2c
        self._address = address
        self._buf = bytearray(6)  # the one buffer: X, Y, Z, and 1-byte reads/writes via _one
        self._one = memoryview(self._buf)[:1]
        try:
            i2c.readfrom_mem_into(address, _WHO_AM_I, self._one)
        except OSError:
            raise OSError(
                "no LSM303AGR accelerometer answers at 0x%02x on this I2C bus: check the wiring"
                " / aucun accéléromètre LSM303AGR à l'adresse 0x%02x : vérifie le câblage"
                % (address, address)
            )
        if self._buf[0] != _ID:
            raise RuntimeError(
                "chip id 0x%02x at 0x%02x is not a LSM303AGR accelerometer (0x33)"
                % (self._buf[0], address)
            )
        self._write(_CTRL_REG1, 0x57)  # 100 Hz, not low-power, X Y Z on
        self.range = range

    def _write(self, reg, value):
        self._buf[0] = value
        self._i2c.writeto_mem(self._address, reg, self._one)

    @property
    def range(self):
        """Full scale in g: 2, 4, 8 or 16. Example: accel.range = 8"""
        return self._range

    @range.setter
    def range(self, g):
        if g not in (2, 4, 8, 16):
            raise ValueError("range must be 2, 4, 8 or 16 (g), not %r" % (g,))
        fs = (2, 4, 8, 16).index(g)
        self._write(_CTRL_REG4, 0x88 | fs << 4)  # BDU, full scale, high resolution
        self._i2c.readfrom_mem_into(self._address, _OUT | _MULTI, self._buf)  # old-range data
        self._range = g
        self._mg = (0.98, 1.95, 3.9, 11.72)[fs]
        self._ready = False

    def raw(self):
        """The three output registers, signed, left-justified. Example: x, y, z = accel.raw()"""
        i2c, address, buf = self._i2c, self._address, self._buf
        for _ in range(250):  # the first conversion after (re)configuring: 10 ms
            if self._ready:
                break
            i2c.readfrom_mem_into(address, _STATUS, self._one)
            if buf[0] & 0x08:
                self._ready = True
                break
            time.sleep_ms(1)
        else:
            raise RuntimeError("LSM303AGR accelerometer at 0x%02x gives no measurement" % address)
        i2c.readfrom_mem_into(address, _OUT | _MULTI, buf)
        return _s16(buf, 0), _s16(buf, 2), _s16(buf, 4)

    def acceleration(self):
        """Acceleration (x, y, z) in whole milli-g. Example: x, y, z = accel.acceleration()"""
        s = self._mg
        x, y, z = self.raw()
        return round((x >> 4) * s), round((y >> 4) * s), round((z >> 4) * s)
