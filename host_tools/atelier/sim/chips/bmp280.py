"""Bosch BMP280 pressure/temperature sensor at the register level, as its datasheet says.

Registers: calibration 0x88..0x9F (dig_T1..dig_P9, little-endian, T1/P1 unsigned), chip id
0xD0, reset 0xE0 (write 0xB6), status 0xF3 (bit 3 measuring, bit 0 im_update), ctrl_meas
0xF4 (osrs_t[7:5], osrs_p[4:2], mode[1:0]), config 0xF5 (t_sb[7:5], filter[4:2]), data
0xF7..0xFC (press then temp, 20-bit, msb/lsb/xlsb[7:4]).

A conversion samples `world.temperature` (°C) and `world.pressure` (hPa) and writes the raw
values that the datasheet's integer compensation turns back into them: adc_T by bisection on
the temperature formula, then adc_P by bisection on the pressure formula with that t_fine.
Like the chip, the result has 16 + (osrs - 1) bits without the IIR filter (x1: 16 bits, i.e.
2.6 Pa steps) and 20 bits with it; a skipped measurement (osrs = 0) reads 0x80000.
Timing (datasheet 9.1, maximum): t_measure = 1.25 + 2.3·T_os + (2.3·P_os + 0.575) ms; forced
mode measures once and goes back to sleep, normal mode measures every t_measure + t_standby.
"""

from __future__ import annotations

from collections.abc import Mapping

from atelier.sim.i2c import RegisterDevice

CHIP_ID = 0x58
RESET_WORD = 0xB6
SKIPPED = 0x80000  # a data register before the first conversion, or with osrs = 0
ADC_MAX = (1 << 20) - 1
STARTUP_US = 2000  # soft reset: the NVM copy (status.im_update) lasts t_startup = 2 ms

REG_CALIB = 0x88
REG_ID = 0xD0
REG_RESET = 0xE0
REG_STATUS = 0xF3
REG_CTRL_MEAS = 0xF4
REG_CONFIG = 0xF5
REG_DATA = 0xF7

MODE_SLEEP, MODE_NORMAL = 0, 3  # 1 and 2 are both forced

CALIBRATION_NAMES = (
    "dig_T1", "dig_T2", "dig_T3",
    "dig_P1", "dig_P2", "dig_P3", "dig_P4", "dig_P5", "dig_P6", "dig_P7", "dig_P8", "dig_P9",
)  # fmt: skip
UNSIGNED = ("dig_T1", "dig_P1")
# The datasheet's worked example (section 3.12): a realistic chip.
DATASHEET_CALIBRATION = {
    "dig_T1": 27504, "dig_T2": 26435, "dig_T3": -1000,
    "dig_P1": 36477, "dig_P2": -10685, "dig_P3": 3024, "dig_P4": 2855, "dig_P5": 140,
    "dig_P6": -7, "dig_P7": 15500, "dig_P8": -14600, "dig_P9": 6000,
}  # fmt: skip

OVERSAMPLING = (0, 1, 2, 4, 8, 16, 16, 16)  # osrs field -> factor (0: skipped)
FILTER_COEFFICIENT = (1, 2, 4, 8, 16, 16, 16, 16)  # config.filter -> coefficient (1: off)
STANDBY_US = (500, 62_500, 125_000, 250_000, 500_000, 1_000_000, 2_000_000, 4_000_000)


# -- the datasheet's integer compensation (section 8.2), as Bosch's C code computes it -------
def t_fine(adc_t: int, cal: Mapping[str, int]) -> int:
    """Fine temperature (°C × 5120) of a raw temperature, with the 32-bit integer formula."""
    t1, t2, t3 = cal["dig_T1"], cal["dig_T2"], cal["dig_T3"]
    var1 = (((adc_t >> 3) - (t1 << 1)) * t2) >> 11
    var2 = (((((adc_t >> 4) - t1) * ((adc_t >> 4) - t1)) >> 12) * t3) >> 14
    return var1 + var2


def temperature_centi(fine: int) -> int:
    """Temperature in 0.01 °C from t_fine."""
    return (fine * 5 + 128) >> 8


def _c_div(a: int, b: int) -> int:
    """C's integer division (truncates towards zero)."""
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def pressure_q24_8(adc_p: int, fine: int, cal: Mapping[str, int]) -> int:
    """Pressure in Pa × 256 (Q24.8), with the 64-bit integer formula; 0 if dig_P1 is 0."""
    p1, p2, p3, p4, p5, p6, p7, p8, p9 = (cal[f"dig_P{i}"] for i in range(1, 10))
    var1 = fine - 128000
    var2 = var1 * var1 * p6
    var2 = var2 + ((var1 * p5) << 17)
    var2 = var2 + (p4 << 35)
    var1 = ((var1 * var1 * p3) >> 8) + ((var1 * p2) << 12)
    var1 = (((1 << 47) + var1) * p1) >> 33
    if var1 == 0:
        return 0  # the datasheet's guard against a division by zero
    p = 1048576 - adc_p
    p = _c_div(((p << 31) - var2) * 3125, var1)
    var1 = (p9 * (p >> 13) * (p >> 13)) >> 25
    var2 = (p8 * p) >> 19
    return ((p + var1 + var2) >> 8) + (p7 << 4)


def _closest(f, target: float, increasing: bool) -> int:
    """The raw value in 0..2^20-1 whose compensated value f(raw) is closest to target
    (f monotonic: bisection for the first raw value past the target, then its neighbour)."""
    lo, hi = 0, ADC_MAX
    while lo < hi:
        mid = (lo + hi) // 2
        if (f(mid) >= target) == increasing:
            hi = mid
        else:
            lo = mid + 1
    if lo > 0 and abs(f(lo - 1) - target) <= abs(f(lo) - target):
        return lo - 1
    return lo


def adc_t_for(temperature: float, cal: Mapping[str, int]) -> int:
    """The raw temperature (20-bit) that compensates closest to `temperature` °C."""
    return _closest(lambda a: t_fine(a, cal), temperature * 5120, increasing=True)


def adc_p_for(pressure: float, fine: int, cal: Mapping[str, int]) -> int:
    """The raw pressure (20-bit) that compensates closest to `pressure` hPa at this t_fine."""
    return _closest(lambda a: pressure_q24_8(a, fine, cal), pressure * 25600, increasing=False)


def measurement_time_us(osrs_t: int, osrs_p: int) -> int:
    """Maximum measurement time (datasheet 9.1) for the osrs_t / osrs_p register fields."""
    t_os, p_os = OVERSAMPLING[osrs_t & 7], OVERSAMPLING[osrs_p & 7]
    us = 1250 + 2300 * t_os
    if p_os:
        us += 2300 * p_os + 575
    return us


class BMP280(RegisterDevice):
    """A BMP280 at `address`; `calibration` maps dig_T1..dig_P9 to the chip's trimming values
    (any left out keep the datasheet example's); `chip_id` 0x60 makes it look like a BME280."""

    def __init__(
        self,
        address: int = 0x77,
        calibration: Mapping[str, int] | None = None,
        chip_id: int = CHIP_ID,
    ):
        super().__init__(address)
        cal = dict(DATASHEET_CALIBRATION)
        for name, value in (calibration or {}).items():
            if name not in cal:
                raise ValueError(f"unknown BMP280 calibration {name!r}: use dig_T1..dig_P9")
            lo, hi = (0, 0xFFFF) if name in UNSIGNED else (-0x8000, 0x7FFF)
            if not lo <= int(value) <= hi:
                raise ValueError(f"BMP280 {name} = {value} is outside {lo}..{hi}")
            cal[name] = int(value)
        self.calibration = cal
        self.chip_id = chip_id
        self.conversions = 0  # how many measurements the chip made (tests read this)
        self.power_on()

    # -- state -------------------------------------------------------------------------------
    def power_on(self) -> None:
        """Power-on / soft-reset state: trimming and id from NVM, everything else cleared."""
        self.regs[:] = bytes(256)
        for i, name in enumerate(CALIBRATION_NAMES):
            self.regs[REG_CALIB + 2 * i : REG_CALIB + 2 * i + 2] = (
                self.calibration[name] & 0xFFFF
            ).to_bytes(2, "little")
        self.regs[REG_ID] = self.chip_id
        self._write_data(SKIPPED, SKIPPED)
        self._busy_until: int | None = None  # end of a forced conversion
        self._normal_since = 0  # when normal mode started
        self._normal_done = 0  # normal-mode conversions already published
        self._filtered: list[float | None] = [None, None]  # IIR filter memory: adc_P, adc_T
        self._startup_until = -1

    def _write_data(self, adc_p: int, adc_t: int) -> None:
        for reg, value in ((REG_DATA, adc_p), (REG_DATA + 3, adc_t)):
            self.regs[reg] = value >> 12
            self.regs[reg + 1] = (value >> 4) & 0xFF
            self.regs[reg + 2] = (value & 0xF) << 4

    @property
    def mode(self) -> int:
        return self.regs[REG_CTRL_MEAS] & 3

    def _measure_us(self) -> int:
        ctrl = self.regs[REG_CTRL_MEAS]
        return measurement_time_us(ctrl >> 5, (ctrl >> 2) & 7)

    def _normal_timing(self, now: int) -> tuple[int, bool]:
        """Normal mode: (conversions finished since it started, measuring now?)."""
        t_meas = self._measure_us()
        period = t_meas + STANDBY_US[self.regs[REG_CONFIG] >> 5]
        elapsed = now - self._normal_since
        finished = (elapsed - t_meas) // period + 1 if elapsed >= t_meas else 0
        return finished, elapsed % period < t_meas

    def _update(self) -> None:
        """Bring the chip up to now: publish conversions that have ended since last time."""
        now = self.now_us()
        if self._busy_until is not None and now >= self._busy_until:
            self._busy_until = None
            self._convert(1)
            self.regs[REG_CTRL_MEAS] &= ~3 & 0xFF  # forced mode ends asleep
        elif self.mode == MODE_NORMAL:
            finished, _ = self._normal_timing(now)
            if finished > self._normal_done:
                self._convert(finished - self._normal_done)
                self._normal_done = finished

    def measuring(self) -> bool:
        now = self.now_us()
        if self._busy_until is not None:
            return now < self._busy_until
        return self.mode == MODE_NORMAL and self._normal_timing(now)[1]

    # -- conversion --------------------------------------------------------------------------
    def _convert(self, n: int) -> None:
        """n conversions with the world as it is now, through the IIR filter if it is on."""
        self.conversions += n
        ctrl, config = self.regs[REG_CTRL_MEAS], self.regs[REG_CONFIG]
        osrs_t, osrs_p = ctrl >> 5, (ctrl >> 2) & 7
        coefficient = FILTER_COEFFICIENT[(config >> 2) & 7]
        cal = self.calibration
        adc_t = SKIPPED
        if osrs_t:
            ideal = adc_t_for(self.world.temperature, cal)
            adc_t = self._filter(1, ideal, coefficient, n, osrs_t)
        adc_p = SKIPPED
        if osrs_p:  # with the t_fine of the temperature actually output
            ideal = adc_p_for(self.world.pressure, t_fine(adc_t, cal), cal)
            adc_p = self._filter(0, ideal, coefficient, n, osrs_p)
        self._write_data(adc_p, adc_t)

    def _filter(self, i: int, ideal: int, coefficient: int, n: int, osrs: int) -> int:
        """The IIR filter (datasheet 3.3.3) for n steps of a constant input, in closed form
        x_n = ideal + (x_0 - ideal)·((c-1)/c)^n, then the output resolution: 20 bits with the
        filter, 16 + (osrs - 1) bits without (datasheet 3.3.1 / 3.3.2)."""
        old = self._filtered[i]
        if old is None or coefficient == 1:
            value = float(ideal)
        else:
            value = ideal + (old - ideal) * ((coefficient - 1) / coefficient) ** n
        self._filtered[i] = value
        step = 1 if coefficient > 1 else 1 << (5 - min(osrs, 5))
        return min(max(round(value / step) * step, 0), ADC_MAX + 1 - step)

    # -- registers ---------------------------------------------------------------------------
    def before_read(self, start: int, n: int) -> None:
        self._update()

    def read_reg(self, reg: int) -> int:
        if reg == REG_STATUS:
            im_update = self.now_us() < self._startup_until
            return (0x08 if self.measuring() else 0) | (0x01 if im_update else 0)
        return self.regs[reg]

    def write_reg(self, reg: int, value: int) -> None:
        self._update()
        value &= 0xFF
        if reg == REG_RESET:
            if value == RESET_WORD:
                self.power_on()
                self._startup_until = self.now_us() + STARTUP_US
        elif reg == REG_CTRL_MEAS:
            self.regs[reg] = value
            mode = value & 3
            if mode in (1, 2):  # forced: one conversion from now
                self._busy_until = self.now_us() + self._measure_us()
            else:
                self._busy_until = None
                if mode == MODE_NORMAL:
                    self._normal_since, self._normal_done = self.now_us(), 0
        elif reg == REG_CONFIG:
            if self.mode != MODE_NORMAL:  # "writes in normal mode may be ignored": they are
                self.regs[reg] = value
        # everything else (id, calibration, status, data) is read-only
