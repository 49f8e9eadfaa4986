"""AHT20 (Aosong) humidity and temperature sensor on I2C, also sold as the Grove DHT20: % RH, °C.

    from machine import I2C, Pin
    from aht20 import AHT20
    i2c = I2C(0, scl=Pin(5), sda=Pin(4))
    sensor = AHT20(i2c)
    print(sensor.humidity(), "%", sensor.temperature(), "C")

On a micro:bit, pass `microbit.i2c` (the edge connector's bus, P19/P20): AHT20(i2c).
Each reading starts one measurement (0xAC 0x33 0x00), waits the datasheet's 80 ms, polls the
busy bit, reads the 7 bytes (status, 20-bit humidity, 20-bit temperature, CRC-8) and checks
the CRC (polynomial 0x31, initial 0xFF). A chip whose status says it is not calibrated gets
the initialisation command (0xBE 0x08 0x00) first. RH = S / 2^20 x 100, T = S / 2^20 x 200 - 50.
The bus needs `writeto` and `readfrom_into` (machine.I2C, machine.SoftI2C), or `write` and
`read` (microbit.i2c).
"""

import time

from micropython import const

_BUSY = const(0x80)
_CALIBRATED = const(0x08)
_MEASURE_MS = const(80)


def _crc8(buf, n):
    crc = 0xFF
    for i in range(n):
        crc ^= buf[i]
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


class AHT20:
    def __init__(self, i2c, address=0x38):
        self._i2c = i2c
        self._address = address
        self._microbit = not hasattr(i2c, "readfrom_into")  # microbit.i2c: read / write
        self._buf = bytearray(7)
        self._cmd = bytearray(3)
        try:
            status = self._status()
        except OSError:
            raise OSError(
                "aucun AHT20 / DHT20 à l'adresse 0x%02x : vérifie le câblage"
                " / no AHT20 / DHT20 answers at 0x%02x on this I2C bus: check the wiring"
                % (address, address)
            ) from None
        if not status & _CALIBRATED:
            self._send(0xBE, 0x08, 0x00)
            time.sleep_ms(10)
            if not self._status() & _CALIBRATED:
                raise RuntimeError("l'AHT20 ne s'est pas calibré / the AHT20 did not calibrate")

    def _send(self, a, b, c):
        cmd = self._cmd
        cmd[0], cmd[1], cmd[2] = a, b, c
        if self._microbit:
            self._i2c.write(self._address, cmd)
        else:
            self._i2c.writeto(self._address, cmd)

    def _read(self, n):
        if self._microbit:  # copied byte by byte: the V1's 1.9.2 has no slice assignment
            data = self._i2c.read(self._address, n)
            for i in range(n):
                self._buf[i] = data[i]
        else:
            self._i2c.readfrom_into(self._address, memoryview(self._buf)[:n])

    def _status(self):
        self._read(1)
        return self._buf[0]

    def measure(self):
        """One measurement: (humidity in %, temperature in °C)."""
        self._send(0xAC, 0x33, 0x00)
        time.sleep_ms(_MEASURE_MS)
        for _ in range(50):  # normally ready at once; never wait forever
            if not self._status() & _BUSY:
                break
            time.sleep_ms(10)
        else:
            raise OSError("l'AHT20 reste occupé / the AHT20 stays busy")
        self._read(7)
        b = self._buf
        if _crc8(b, 6) != b[6]:
            raise OSError("AHT20 : CRC faux, vérifie le câblage / bad CRC, check the wiring")
        rh = (b[1] << 12) | (b[2] << 4) | (b[3] >> 4)
        t = ((b[3] & 0x0F) << 16) | (b[4] << 8) | b[5]
        return rh * 100 / 1048576, t * 200 / 1048576 - 50

    def humidity(self):
        """Relative humidity in % (0-100)."""
        return self.measure()[0]

    def temperature(self):
        """Temperature in °C."""
        return self.measure()[1]
