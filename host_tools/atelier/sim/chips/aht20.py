"""Aosong AHT20 humidity/temperature sensor (also the Grove DHT20) at the level of its I2C
commands, as its datasheet (v1.1) says.

The chip has no registers: every read returns the status byte (bit 7 busy, bit 3 calibrated),
then the last measurement (20-bit humidity, 20-bit temperature, packed in 5 bytes), then a
CRC-8 of those 6 bytes (polynomial x^8 + x^5 + x^4 + 1 = 0x31, initial value 0xFF). Commands
(writes): 0xAC 0x33 0x00 starts a measurement, busy for 80 ms, sampling `world.humidity` (%)
and `world.temperature` (°C); 0xBE 0x08 0x00 initialises (calibrates) a chip whose status
says it is not; 0xBA is the soft reset (20 ms); 0x71 asks for the status (the next read starts
with it anyway). A write with no bytes (an address probe) is acknowledged.
RH = S_RH / 2^20 × 100 %, T = S_T / 2^20 × 200 − 50 °C.
"""

from __future__ import annotations

from atelier.sim.i2c import I2CDevice

ADDRESS = 0x38
BUSY = 0x80
CALIBRATED = 0x08
IDLE_STATUS = 0x18  # what a calibrated chip reads when idle (datasheet: check 0x18 is set)
MEASURE_US = 80_000  # "wait 80 ms for the measurement to be completed"
RESET_US = 20_000  # soft reset: "less than 20 ms"
FULL_SCALE = 1 << 20


def crc8(data: bytes) -> int:
    """The datasheet's CRC: polynomial 0x31, initial value 0xFF, no final XOR."""
    crc = 0xFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = ((crc << 1) ^ 0x31) & 0xFF if crc & 0x80 else (crc << 1) & 0xFF
    return crc


def raw_humidity(percent: float) -> int:
    return max(0, min(FULL_SCALE - 1, round(percent / 100 * FULL_SCALE)))


def raw_temperature(celsius: float) -> int:
    return max(0, min(FULL_SCALE - 1, round((celsius + 50) / 200 * FULL_SCALE)))


def pack(status: int, s_rh: int, s_t: int) -> bytes:
    """The 7 bytes a read returns: status, humidity (20 bits), temperature (20 bits), CRC."""
    six = bytes(
        (
            status,
            s_rh >> 12,
            (s_rh >> 4) & 0xFF,
            ((s_rh & 0xF) << 4) | (s_t >> 16),
            (s_t >> 8) & 0xFF,
            s_t & 0xFF,
        )
    )
    return six + bytes((crc8(six),))


class AHT20(I2CDevice):
    """An AHT20 at `address`. `calibrated=False`: a chip that needs the 0xBE initialisation
    before its status says calibrated (the datasheet's first-power-up case)."""

    def __init__(self, address: int = ADDRESS, calibrated: bool = True):
        super().__init__(address)
        self.calibrated = calibrated
        self.measurements = 0  # how many measurements the chip made (tests read this)
        self._busy_until = -1
        self._raw = (0, 0)  # the last measurement's S_RH, S_T
        self._pending = False

    def _update(self) -> None:
        if self._pending and self.now_us() >= self._busy_until:
            self._pending = False
            self.measurements += 1
            self._raw = (
                raw_humidity(self.world.humidity),
                raw_temperature(self.world.temperature),
            )

    def busy(self) -> bool:
        return self.now_us() < self._busy_until

    def status(self) -> int:
        self._update()
        return (BUSY if self.busy() else 0) | (IDLE_STATUS if self.calibrated else 0x10)

    def write(self, data: bytes) -> None:
        self._update()
        if not data:
            return  # an address probe
        cmd = data[0]
        if cmd == 0xAC and data[1:3] == b"\x33\x00" and not self.busy():
            self._pending = True
            self._busy_until = self.now_us() + MEASURE_US
        elif cmd == 0xBE and data[1:3] == b"\x08\x00":
            self.calibrated = True
        elif cmd == 0xBA:
            self._pending = False
            self._busy_until = self.now_us() + RESET_US
        # 0x71 (status) and anything else: the next read starts with the status anyway

    def read(self, n: int) -> bytes:
        out = pack(self.status(), *self._raw)
        return (out + b"\xff" * n)[:n]
