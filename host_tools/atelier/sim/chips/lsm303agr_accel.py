"""LSM303AGR accelerometer (ST), the micro:bit V2's motion sensor, register-level.

Registers (LSM303AGR datasheet; ST's lsm303agr_reg driver): 0x0F WHO_AM_I_A = 0x33; 0x20
CTRL_REG1_A: ODR[7:4] (0 power-down, 1/10/25/50/100/200/400 Hz, 8 = 1.62 kHz low-power only, 9 =
1.344 kHz or 5.376 kHz in low-power), LPen (bit 3), Zen/Yen/Xen (bits 2-0), reset value 0x07;
0x23 CTRL_REG4_A: BDU (7), BLE (6, high byte first, high-resolution mode only), FS[5:4] ±2/4/8/16
g, HR (3); 0x24 CTRL_REG5_A BOOT (7) clears itself; 0x27 STATUS_REG_A: ZYXOR..XOR (7-4), ZYXDA..XDA
(3-0); 0x28-0x2D OUT_X_L_A .. OUT_Z_H_A, left-justified int16: 12 bits in high-resolution mode
(HR), 10 in normal mode, 8 in low-power mode (LPen), at the datasheet's sensitivities (mg/digit):
HR 0.98/1.95/3.9/11.72, normal 3.9/7.82/15.63/46.9, low-power 15.63/31.26/62.52/187.58.

Addressing: a multi-byte access only auto-increments when bit 7 of the sub-address is set
(`increment_bit`); without it every byte comes from the same register, as on the chip.

What it measures: a real accelerometer reports specific force, +1 g along the up direction at
rest (lying flat, face up, its Z reads about +1000 mg). `World.acceleration_mg()` follows the
micro:bit API instead (face up reads z = -1000 mg), so the chip reads minus the world's vector,
turned into chip axes by `axes`. A kit backend must therefore flip signs on real hardware and in
the simulator alike. Disabled axes keep their last value. No range-overflow flag: values clip.
"""

from __future__ import annotations

from atelier.sim.chips.lis2mdl import AXES, US, Conversions, Mounting
from atelier.sim.i2c import RegisterDevice

# mg per digit, by mode and full scale (FS 00..11)
SENSITIVITY_MG = {
    12: (0.98, 1.95, 3.9, 11.72),
    10: (3.9, 7.82, 15.63, 46.9),
    8: (15.63, 31.26, 62.52, 187.58),
}
_ODR_HZ = {1: 1, 2: 10, 3: 25, 4: 50, 5: 100, 6: 200, 7: 400, 8: 1620}


class LSM303AGR_Accel(RegisterDevice):
    """LSM303AGR accelerometer at `address` (0x19), mounted on the board as `axes`."""

    increment_bit = 0x80
    WHO_AM_I = 0x33
    _READ_ONLY = {0x07, 0x0C, 0x0D, 0x0F, 0x27, *range(0x28, 0x2E), 0x2F, 0x31, 0x35, 0x39}

    def __init__(self, address: int = 0x19, axes=AXES):
        super().__init__(address)
        self.mounting = Mounting(axes)
        self.conv = Conversions()
        self.regs[0x0F] = self.WHO_AM_I
        self.regs[0x20] = 0x07  # power-down, X Y Z enabled
        self.out = [0, 0, 0]
        self.status = 0
        self.conversions = 0

    # -- configuration ------------------------------------------------------------------------
    @property
    def bits(self) -> int:
        """Resolution of the current mode: 8 (low-power), 10 (normal) or 12 (high resolution)."""
        if self.regs[0x20] & 0x08:
            return 8  # LPen wins if HR is set too (a combination the datasheet forbids)
        return 12 if self.regs[0x23] & 0x08 else 10

    @property
    def rate_hz(self) -> float:
        odr = self.regs[0x20] >> 4
        if odr == 9:
            return 5376 if self.bits == 8 else 1344
        return _ODR_HZ.get(odr, 0)  # 0: power-down (10-15 are not valid codes either)

    @property
    def mg_per_digit(self) -> float:
        return SENSITIVITY_MG[self.bits][self.regs[0x23] >> 4 & 0x03]

    def _configure(self) -> None:
        hz = self.rate_hz
        self.conv.set_period(self.now_us(), US / hz if hz else None)

    def _tick(self) -> None:
        n = self.conv.finished(self.now_us())
        if not n:
            return
        self.conversions += n
        enabled = self.regs[0x20] & 0x07
        if not enabled:
            return
        overrun = n > 1 or self.status & 0x08
        self._convert(enabled)
        self.status = 0x08 | enabled | ((0x80 | enabled << 4) if overrun else 0)

    def _convert(self, enabled: int) -> None:
        world = self.world.acceleration_mg() if self.world is not None else (0.0, 0.0, 0.0)
        specific_force = tuple(-a for a in world)
        bits, so = self.bits, self.mg_per_digit
        top = 1 << (bits - 1)
        for i, a in enumerate(self.mounting.to_chip(specific_force)):
            if enabled & (1 << i):
                digits = max(-top, min(top - 1, round(a / so)))
                self.out[i] = digits << (16 - bits)

    # -- I2C ---------------------------------------------------------------------------------
    def before_read(self, start: int, n: int) -> None:
        self._tick()

    def read_reg(self, reg: int) -> int:
        if reg == 0x27:
            return self.status
        if 0x28 <= reg <= 0x2D:
            self.status = 0  # the data were read: data-available and overrun bits clear
            i = reg - 0x28
            ble = self.regs[0x23] & 0x40 and self.bits == 12
            v = self.out[i // 2] & 0xFFFF
            return v >> 8 if bool(i & 1) != bool(ble) else v & 0xFF
        return self.regs[reg]

    def write_reg(self, reg: int, value: int) -> None:
        self._tick()
        value &= 0xFF
        if reg in self._READ_ONLY:
            return
        if reg == 0x24:
            value &= 0x7F  # BOOT: the trimming reload is instant here
        self.regs[reg] = value
        if reg in (0x20, 0x23):
            self._configure()
