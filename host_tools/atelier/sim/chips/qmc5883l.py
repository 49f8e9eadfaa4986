"""QMC5883L magnetometer (QST), the GY-271 module of school kits, register-level.

Registers (QMC5883L datasheet 1.0, section 9): 0x00-0x05 X, Y, Z int16 LSB first; 0x06 status:
DRDY (bit 0) set when a conversion lands, OVL (bit 1) when an axis saturated at -32768/32767
(cleared by the next in-range conversion), DOR (bit 2) when a conversion overwrote data nobody
read; reading any data register (0x00-0x05) clears DRDY and DOR. 0x09 control 1: OSR[7:6],
RNG[5:4] (00 = ±2 G at 12000 LSB/G, 01 = ±8 G at 3000 LSB/G), ODR[3:2] (10/50/100/200 Hz),
MODE[1:0] (00 standby, 01 continuous). 0x0A control 2: SOFT_RST (bit 7: every register back to
its default, standby), ROL_PNT (bit 6: a read that starts in 0x00-0x06 rolls from 0x06 back to
0x00), INT_ENB (bit 0). 0x0B SET/RESET period (0x01 recommended). 0x0D chip id = 0xFF.
Standby after power-on; the pointer otherwise just increments. The oversampling ratio only
changes noise and current, which the model has neither of.
"""

from __future__ import annotations

from atelier.sim.chips.lis2mdl import AXES, US, Conversions, Mounting
from atelier.sim.i2c import RegisterDevice

NT_PER_GAUSS = 100_000.0


class QMC5883L(RegisterDevice):
    """QMC5883L at `address` (0x0D), reading the board's field through `axes` (see Mounting)."""

    CHIP_ID = 0xFF
    RATES_HZ = (10, 50, 100, 200)
    LSB_PER_GAUSS = {0: 12000, 1: 3000}  # RNG 00: ±2 G, 01: ±8 G
    DRDY, OVL, DOR = 0x01, 0x02, 0x04

    def __init__(self, address: int = 0x0D, axes=AXES):
        super().__init__(address)
        self.mounting = Mounting(axes)
        self.conv = Conversions()
        self.out = [0, 0, 0]
        self.status = 0
        self.conversions = 0
        self._soft_reset()

    # -- state -------------------------------------------------------------------------------
    def _soft_reset(self) -> None:
        for reg in range(0x0D):
            self.regs[reg] = 0
        self.regs[0x0D] = self.CHIP_ID
        self.out = [0, 0, 0]
        self.status = 0
        self._configure()

    def _configure(self) -> None:
        ctrl = self.regs[0x09]
        period = US / self.RATES_HZ[ctrl >> 2 & 0x03] if ctrl & 0x03 == 0x01 else None
        self.conv.set_period(self.now_us(), period)

    def _tick(self) -> None:
        n = self.conv.finished(self.now_us())
        if not n:
            return
        self.conversions += n
        skipped = n > 1 or self.status & self.DRDY
        overflow = self._convert()
        self.status = self.DRDY | (self.OVL if overflow else 0) | (self.DOR if skipped else 0)

    def _convert(self) -> bool:
        field = self.world.field_nt() if self.world is not None else (0.0, 0.0, 0.0)
        # RNG 10 and 11 are reserved: read as ±8 G.
        per_nt = self.LSB_PER_GAUSS.get(self.regs[0x09] >> 4 & 0x03, 3000) / NT_PER_GAUSS
        overflow = False
        for i, b in enumerate(self.mounting.to_chip(field)):
            counts = round(b * per_nt)
            self.out[i] = max(-32768, min(32767, counts))
            overflow |= self.out[i] != counts
        return overflow

    # -- I2C ---------------------------------------------------------------------------------
    def read(self, n: int) -> bytes:
        start = self.ptr
        roll = self.regs[0x0A] & 0x40 and start <= 0x06
        self.before_read(start, n)
        out = bytearray()
        for _ in range(n):
            out.append(self.read_reg(self.ptr) & 0xFF)
            self.ptr = 0x00 if roll and self.ptr == 0x06 else (self.ptr + 1) & 0xFF
        return bytes(out)

    def before_read(self, start: int, n: int) -> None:
        self._tick()

    def read_reg(self, reg: int) -> int:
        if reg <= 0x05:
            self.status &= ~(self.DRDY | self.DOR)
            v = self.out[reg // 2] & 0xFFFF
            return v >> 8 if reg & 1 else v & 0xFF
        if reg == 0x06:
            return self.status
        if reg in (0x07, 0x08):
            return 0  # temperature: not modelled (its offset is uncalibrated on the chip too)
        return self.regs[reg]

    def write_reg(self, reg: int, value: int) -> None:
        self._tick()
        value &= 0xFF
        if reg == 0x09:
            self.regs[0x09] = value
            self._configure()
        elif reg == 0x0A:
            if value & 0x80:
                self._soft_reset()
            else:
                self.regs[0x0A] = value
        elif reg == 0x0B:
            self.regs[0x0B] = value
        # 0x00-0x08, 0x0C, 0x0D are read-only
