"""LIS2MDL magnetometer (ST), register-level; the LSM303AGR's magnetometer is the same block.

Registers (LIS2MDL datasheet, register description; ST's lis2mdl-rs register map):
0x45-0x4A OFFSET_X/Y/Z (hard-iron offset, int16, subtracted from the output), 0x4F WHO_AM_I =
0x40, 0x60 CFG_REG_A (COMP_TEMP_EN, REBOOT, SOFT_RST, LP, ODR[3:2] 10/20/50/100 Hz, MD[1:0]
00 continuous, 01 single, 1x idle; reset value 0x03), 0x61 CFG_REG_B, 0x62 CFG_REG_C (BLE bit
3: high byte first, BDU bit 4), 0x67 STATUS (Zyxor bit 7, Zyxda bit 3), 0x68-0x6D OUTX_L ..
OUTZ_H: int16, 1.5 milligauss (150 nT) per LSB, ±49.152 gauss.

Addressing: the sub-address is 7 bits and auto-increments on every multi-byte access without a
flag (ST's own examples set bit 7 only for the accelerometer; CODAL sets it for the magnetometer
too, and it is ignored). Past OUTZ_H the pointer wraps back to OUTX_L, as a logic analyser showed
on the IIS2MDC (the LIS2MDL's industrial twin, same register map) in ST's community forum, so a
burst 0x68..0x6F never reaches the temperature. Output only changes at a conversion; reading
any output byte clears the status.
The chip has no range-overflow flag (the `or` bits are data overrun): a field past the range
just clips at -32768 / 32767.

This module also holds the two helpers the other chip models use: `Mounting` (how a chip sits
on its board) and `Conversions` (when a chip converts, in virtual time).
"""

from __future__ import annotations

from atelier.sim.i2c import RegisterDevice

US = 1_000_000
AXES = ("x", "y", "z")


def clip16(v: float) -> int:
    return max(-32768, min(32767, int(round(v))))


def s16(lo: int, hi: int) -> int:
    v = lo | hi << 8
    return v - 0x10000 if v & 0x8000 else v


class Mounting:
    """How a chip sits on its board: chip axis i measures board axis `axes[i]`.

    `("x", "y", "z")` is the identity; `("-y", "x", "z")` means the chip's X reads the board's
    -Y, its Y the board's X (turned 90° about Z). Any signed permutation is allowed: some chips
    number their axes left-handed, so a mirror image is a legal description.
    """

    def __init__(self, axes=AXES):
        parsed = []
        for a in axes:
            name = str(a).strip().lower()
            sign = -1 if name.startswith("-") else 1
            name = name.lstrip("+-")
            if name not in AXES:
                parsed = []
                break
            parsed.append((AXES.index(name), sign))
        if len(parsed) != 3 or sorted(i for i, _ in parsed) != [0, 1, 2]:
            raise ValueError(
                f"axes {tuple(axes)!r}: give each board axis once, signed if reversed, "
                "e.g. ('-y', 'x', 'z')"
            )
        self.axes = tuple(axes)
        self._map = tuple(parsed)

    def to_chip(self, board: tuple[float, float, float]) -> tuple[float, float, float]:
        return tuple(sign * board[i] for i, sign in self._map)


class Conversions:
    """A chip converting every `period_us` of virtual time from a start, or not at all."""

    def __init__(self):
        self.start: float | None = None
        self.period = 0
        self.done = 0

    def restart(self, now: float, period_us: float | None) -> None:
        """New configuration: the first conversion ends one period from now (None: idle)."""
        self.start = now if period_us else None
        self.period = period_us or 0
        self.done = 0

    def set_period(self, now: float, period_us: float | None) -> None:
        """Configuration written: restart only if the cadence changed (a new full scale, say,
        applies from the next conversion on, like on the chip)."""
        if (period_us or 0) != self.period:
            self.restart(now, period_us)

    def finished(self, now: float) -> int:
        """How many conversions ended since the last call."""
        if self.start is None:
            return 0
        n = int((now - self.start) // self.period)
        new = n - self.done
        self.done = max(n, self.done)
        return max(new, 0)


class LIS2MDL(RegisterDevice):
    """LIS2MDL at `address` (0x1E), reading the board's field through `axes` (see Mounting)."""

    WHO_AM_I = 0x40
    RATES_HZ = (10, 20, 50, 100)
    NT_PER_LSB = 150.0
    _RESET = {0x60: 0x03, 0x61: 0x00, 0x62: 0x00, 0x63: 0xE0, 0x64: 0, 0x65: 0, 0x66: 0}
    _READ_ONLY = {0x4F, 0x64, 0x67, *range(0x68, 0x70)}

    def __init__(self, address: int = 0x1E, axes=AXES):
        super().__init__(address)
        self.mounting = Mounting(axes)
        self.conv = Conversions()
        self.regs[0x4F] = self.WHO_AM_I
        self.out = [0, 0, 0]  # output registers, signed, after the hard-iron offset
        self.status = 0
        self.conversions = 0
        self._soft_reset()

    # -- state -------------------------------------------------------------------------------
    def _soft_reset(self) -> None:
        # SOFT_RST: configuration and user registers (offsets, interrupt) back to reset values.
        for reg in range(0x45, 0x4B):
            self.regs[reg] = 0
        for reg, value in self._RESET.items():
            self.regs[reg] = value
        self._configure()

    def _configure(self) -> None:
        cfg = self.regs[0x60]
        md = cfg & 0x03
        period = US / self.RATES_HZ[cfg >> 2 & 0x03] if md in (0, 1) else None
        self.conv.set_period(self.now_us(), period)

    def _tick(self) -> None:
        n = self.conv.finished(self.now_us())
        if not n:
            return
        single = self.regs[0x60] & 0x03 == 0x01
        if single:
            n = 1
        self.conversions += n
        overrun = n > 1 or self.status & 0x08
        self._convert()
        self.status = 0x0F | (0xF0 if overrun else 0)
        if single:  # the measurement is done: back to idle by itself
            self.regs[0x60] |= 0x03
            self.conv.restart(self.now_us(), None)

    def _convert(self) -> None:
        field = self.world.field_nt() if self.world is not None else (0.0, 0.0, 0.0)
        chip = self.mounting.to_chip(field)
        for i in range(3):
            offset = s16(self.regs[0x45 + 2 * i], self.regs[0x46 + 2 * i])
            self.out[i] = clip16(clip16(chip[i] / self.NT_PER_LSB) - offset)

    # -- I2C ---------------------------------------------------------------------------------
    def _set_ptr(self, value: int) -> None:
        super()._set_ptr(value & 0x7F)  # 7-bit sub-address: bit 7 is ignored

    def read(self, n: int) -> bytes:
        self.before_read(self.ptr, n)
        out = bytearray()
        for _ in range(n):
            out.append(self.read_reg(self.ptr) & 0xFF)
            self.ptr = 0x68 if self.ptr == 0x6D else (self.ptr + 1) & 0x7F
        return bytes(out)

    def before_read(self, start: int, n: int) -> None:
        self._tick()

    def read_reg(self, reg: int) -> int:
        if reg == 0x67:
            return self.status
        if 0x68 <= reg <= 0x6D:
            self.status = 0  # the data were read: Zyxda and the overrun bits clear
            i = reg - 0x68
            high = bool(i & 1) != bool(self.regs[0x62] & 0x08)  # BLE swaps the bytes
            v = self.out[i // 2] & 0xFFFF
            return v >> 8 if high else v & 0xFF
        if reg in (0x6E, 0x6F):
            return 0  # temperature output: not modelled
        return self.regs[reg]

    def write_reg(self, reg: int, value: int) -> None:
        self._tick()
        value &= 0xFF
        if reg in self._READ_ONLY:
            return
        if reg == 0x60:
            if value & 0x20:
                self._soft_reset()
                return
            self.regs[0x60] = value & ~0x40  # REBOOT clears itself at once
            self._configure()
            return
        self.regs[reg] = value


class LSM303AGR_MAG(LIS2MDL):
    """The LSM303AGR's magnetometer: the same registers, address and id as the LIS2MDL."""
