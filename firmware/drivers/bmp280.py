"""BMP280 (Bosch) temperature and air pressure sensor on I2C: °C and hPa.

    from machine import I2C, Pin
    from bmp280 import BMP280
    i2c = I2C(0, scl=Pin(5), sda=Pin(4))
    sensor = BMP280(i2c)  # address=0x76 when SDO is wired to GND
    print(sensor.temperature(), "C", sensor.pressure(), "hPa")

Forced mode: each reading starts one conversion, polls the status register every millisecond
until it is done (6.4 ms at most with the default x1/x1 oversampling, 75 ms at x16/x16) and
leaves the chip asleep, so it draws almost nothing between readings and a value is never stale.
`BMP280(i2c, temperature_oversampling=2, pressure_oversampling=16)`: more oversampling, less
noise, slower readings (1, 2, 4, 8 or 16). The IIR filter is off.

The compensation is the datasheet's integer one (BMP280 datasheet 3.11.3 and 8.2: the 32-bit
temperature and the 64-bit pressure formulas). MicroPython integers grow as needed, so it is
exact on every port; only the final division makes a float.
The bus only needs `readfrom_mem_into`, `readfrom_mem` and `writeto_mem` (machine.I2C or
machine.SoftI2C).
"""

import time

from micropython import const

_CALIB = const(0x88)  # dig_T1, T2, T3, P1 .. P9: 12 little-endian 16-bit words
_CHIP_ID = const(0xD0)
_STATUS = const(0xF3)  # bit 3: measuring
_CTRL_MEAS = const(0xF4)  # osrs_t[7:5] osrs_p[4:2] mode[1:0] (01: forced)
_CONFIG = const(0xF5)
_DATA = const(0xF7)  # press_msb, lsb, xlsb, temp_msb, lsb, xlsb
_FACTORS = (1, 2, 4, 8, 16)  # oversampling; its register code is the index + 1


class BMP280:
    def __init__(self, i2c, address=0x77, temperature_oversampling=1, pressure_oversampling=1):
        t, p = temperature_oversampling, pressure_oversampling
        if t not in _FACTORS or p not in _FACTORS:
            raise ValueError(
                "%s_oversampling must be 1, 2, 4, 8 or 16, not %r"
                % (("pressure", p) if t in _FACTORS else ("temperature", t))
            )
        self._ctrl = (_FACTORS.index(t) + 1) << 5 | (_FACTORS.index(p) + 1) << 2 | 1
        self._i2c = i2c
        self._address = address
        self._buf = bytearray(6)  # the one buffer: raw data, and 1-byte reads/writes via _one
        self._one = memoryview(self._buf)[:1]
        try:
            i2c.readfrom_mem_into(address, _CHIP_ID, self._one)
        except OSError:
            raise OSError(
                "no BMP280 answers at 0x%02x on this I2C bus: check the wiring"
                " / aucun BMP280 à l'adresse 0x%02x : vérifie le câblage" % (address, address)
            ) from None
        t = self._buf[0]
        # 0x56 and 0x57 are BMP280 samples: Bosch's own driver accepts them too.
        if t not in (0x56, 0x57, 0x58):
            raise RuntimeError(
                "chip id 0x%02x at 0x%02x is not a BMP280 (0x58)%s"
                % (t, address, ": it is a BME280" if t == 0x60 else "")
            )
        p = i2c.readfrom_mem(address, _CALIB, 24)
        self._cal = [0] * 12
        for t in range(12):
            v = p[2 * t] | p[2 * t + 1] << 8
            if t and t != 3 and v > 32767:  # dig_T1 and dig_P1 are unsigned
                v -= 65536
            self._cal[t] = v
        self._write(_CTRL_MEAS, 0)  # sleep first: config writes are ignored in normal mode
        self._write(_CONFIG, 0)  # no IIR filter, no 3-wire SPI

    def _write(self, reg, value):
        self._buf[0] = value
        self._i2c.writeto_mem(self._address, reg, self._one)

    def _t_fine(self):
        # One forced conversion; leaves the raw pressure and temperature in self._buf.
        buf = self._buf
        self._write(_CTRL_MEAS, self._ctrl)
        for _ in range(100):
            time.sleep_ms(1)
            self._i2c.readfrom_mem_into(self._address, _STATUS, self._one)
            if not buf[0] & 0x08:  # measuring
                break
        else:
            raise RuntimeError("BMP280 conversion never ended")
        self._i2c.readfrom_mem_into(self._address, _DATA, buf)
        adc = buf[3] << 12 | buf[4] << 4 | buf[5] >> 4
        c = self._cal  # dig_T1, dig_T2, dig_T3 are c[0], c[1], c[2]
        var1 = (((adc >> 3) - (c[0] << 1)) * c[1]) >> 11
        var2 = (((((adc >> 4) - c[0]) * ((adc >> 4) - c[0])) >> 12) * c[2]) >> 14
        return var1 + var2

    def temperature(self):
        """Temperature in °C (0.01 °C steps). Example: print(sensor.temperature())"""
        return ((self._t_fine() * 5 + 128) >> 8) / 100

    def pressure(self):
        """Air pressure in hPa. Example: print(sensor.pressure())"""
        var1 = self._t_fine() - 128000
        buf = self._buf
        c = self._cal  # dig_Pn is c[n + 2]
        var2 = var1 * var1 * c[8]
        var2 = var2 + ((var1 * c[7]) << 17)
        var2 = var2 + (c[6] << 35)
        var1 = ((var1 * var1 * c[5]) >> 8) + ((var1 * c[4]) << 12)
        var1 = (((1 << 47) + var1) * c[3]) >> 33
        if var1 == 0:
            raise RuntimeError("BMP280 calibration reads as zero")
        p = 1048576 - (buf[0] << 12 | buf[1] << 4 | buf[2] >> 4)  # 1048576 - adc_P
        p = (((p << 31) - var2) * 3125) // var1
        var1 = (c[11] * (p >> 13) * (p >> 13)) >> 25
        var2 = (c[10] * p) >> 19
        p = ((p + var1 + var2) >> 8) + (c[9] << 4)  # Pa in Q24.8
        return p / 25600
