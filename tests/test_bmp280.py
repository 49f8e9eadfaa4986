"""BMP280: our MicroPython driver (firmware/drivers/bmp280.py) and the chip model
(atelier.sim.chips.bmp280), against the datasheet, each other and Adafruit's driver."""

from __future__ import annotations

import contextlib
import importlib.util
import re
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atelier.sim.chips import bmp280 as model
from atelier.sim.chips import model_class
from atelier.sim.i2c import HostI2C, I2CBus
from atelier.sim.vmproc import vm_available, vm_command
from atelier.sim.world import World

ROOT = Path(__file__).resolve().parents[1]
DRIVERS = ROOT / "firmware" / "drivers"
HEAP_BUDGET = 4 * 1024
# the simulator's VM (either package), not the `micropython` command: see test_mbdata
needs_micropython = pytest.mark.skipif(not vm_available(), reason="MicroPython VM not installed")

# The datasheet's worked example (section 3.12): calibration and raw readings.
EXAMPLE_ADC_T, EXAMPLE_ADC_P = 519888, 415148


def _load_driver():
    """Our board driver under CPython (Blinka supplies `micropython.const`)."""
    spec = importlib.util.spec_from_file_location("atelier_fw_bmp280", DRIVERS / "bmp280.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


driver = _load_driver()


class Clock:
    """A virtual µs clock that only moves when a driver sleeps."""

    def __init__(self):
        self.now = 0

    def __call__(self) -> int:
        return self.now

    def sleep_ms(self, ms: float) -> None:
        self.now += int(ms * 1000)


@contextlib.contextmanager
def simulated_bus(*chips, temperature=21.0, pressure=1013.25):
    """A HostI2C over a simulated bus holding `chips`, with the drivers' sleeps on its clock:
    `time.sleep_ms` (ours, MicroPython's API, which CPython lacks) and Adafruit's `sleep`."""
    import adafruit_bmp280

    clock = Clock()
    world = World(temperature=temperature, pressure=pressure)
    bus = I2CBus("i2c0", world, clock)
    for chip in chips:
        bus.attach(chip)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(time, "sleep_ms", clock.sleep_ms, raising=False)
        mp.setattr(adafruit_bmp280, "sleep", lambda s: clock.sleep_ms(s * 1000))
        yield HostI2C(bus), world, clock


def _example_registers() -> list[int]:
    regs = bytearray(256)
    chip = model.BMP280()  # the datasheet calibration is the model's default
    regs[0x88:0xA0] = chip.regs[0x88:0xA0]
    regs[0xD0] = 0x58
    for reg, adc in ((0xF7, EXAMPLE_ADC_P), (0xFA, EXAMPLE_ADC_T)):
        regs[reg : reg + 3] = bytes((adc >> 12, (adc >> 4) & 0xFF, (adc & 0xF) << 4))
    return list(regs)


def run_in_vm(tmp_path: Path, body: str) -> str:
    """Run body in the MicroPython VM with FAKE (a register map holding the datasheet's
    example at 0x77) and our drivers folder on sys.path; return stdout."""
    program = f"""
import sys
sys.path.insert(0, {str(DRIVERS)!r})


class FakeI2C:
    def __init__(self, regs):
        self.regs = regs

    def readfrom_mem_into(self, addr, reg, buf):
        if addr != 0x77:
            raise OSError(19)
        for i in range(len(buf)):
            buf[i] = self.regs[reg + i]

    def readfrom_mem(self, addr, reg, n):
        buf = bytearray(n)
        self.readfrom_mem_into(addr, reg, buf)
        return bytes(buf)

    def writeto_mem(self, addr, reg, buf):
        if addr != 0x77:
            raise OSError(19)
        self.regs[reg] = buf[0]


FAKE = FakeI2C(bytearray({_example_registers()!r}))
"""
    path = tmp_path / "main.py"
    path.write_text(program + body)
    r = subprocess.run([*vm_command(), str(path)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


# -- a) the datasheet's worked example, through our driver, in the MicroPython VM ------------
@needs_micropython
def test_datasheet_example_in_the_micropython_vm(tmp_path):
    out = run_in_vm(
        tmp_path,
        """
from bmp280 import BMP280
sensor = BMP280(FAKE)
print("T", sensor.temperature())
print("P", sensor.pressure())
""",
    )
    t = float(re.search(r"T (\S+)", out).group(1))
    p = float(re.search(r"P (\S+)", out).group(1))
    assert t == 25.08  # datasheet: 25.08 °C (the integer formula gives 2508)
    # datasheet: 100653.27 Pa with the float formula; the 64-bit integer one (as Bosch's C code,
    # checked with gcc) gives 25767233 / 256 = 100653.254 Pa
    assert p == pytest.approx(1006.5327, abs=0.0005)
    assert round(p, 2) == 1006.53


# -- e) heap cost on the board ---------------------------------------------------------------
@needs_micropython
def test_driver_heap_cost_in_the_vm(tmp_path):
    out = run_in_vm(
        tmp_path,
        """
import gc
gc.collect()
before = gc.mem_free()
from bmp280 import BMP280
sensor = BMP280(FAKE)
gc.collect()
print("heap", before - gc.mem_free())
""",
    )
    used = int(re.search(r"heap (\d+)", out).group(1))
    print(f"bmp280 driver, import + BMP280(i2c): {used} bytes of heap (64-bit VM)")
    assert 0 < used < HEAP_BUDGET


# -- the model -------------------------------------------------------------------------------
def test_model_is_registered_and_starts_like_the_chip():
    chip = model_class("BMP280", "pressure")()
    assert isinstance(chip, model.BMP280) and chip.address == 0x77
    assert chip.regs[0xD0] == 0x58
    assert bytes(chip.regs[0xF7:0xFD]) == bytes((0x80, 0, 0, 0x80, 0, 0))  # 0x80000 twice
    assert chip.regs[0x88:0x8A] == (27504).to_bytes(2, "little")
    assert chip.regs[0x8C:0x8E] == (-1000 & 0xFFFF).to_bytes(2, "little")


def test_model_round_trips_at_full_resolution():
    cal = model.DATASHEET_CALIBRATION
    for temperature in (-40, -12.34, 0, 25.08, 85):
        for pressure in (300, 987.65, 1013.25, 1100):
            adc_t = model.adc_t_for(temperature, cal)
            fine = model.t_fine(adc_t, cal)
            adc_p = model.adc_p_for(pressure, fine, cal)
            assert abs(model.temperature_centi(fine) / 100 - temperature) <= 0.01
            assert abs(fine / 5120 - temperature) <= 0.001
            assert abs(model.pressure_q24_8(adc_p, fine, cal) / 25600 - pressure) <= 0.01


def test_model_forced_mode_timing_and_sleep():
    chip = model.BMP280()
    with simulated_bus(chip, temperature=30.0) as (i2c, _, clock):
        i2c.writeto_mem(0x77, 0xF4, bytes([0b001_001_01]))  # x1, x1, forced
        t_measure = model.measurement_time_us(1, 1)
        assert t_measure == 6425  # datasheet table 13: 6.4 ms at most
        assert i2c.readfrom_mem(0x77, 0xF3, 1)[0] & 0x08
        clock.now += t_measure - 1
        assert i2c.readfrom_mem(0x77, 0xF3, 1)[0] & 0x08
        assert i2c.readfrom_mem(0x77, 0xFA, 1)[0] == 0x80  # nothing published yet
        clock.now += 1
        assert i2c.readfrom_mem(0x77, 0xF3, 1)[0] == 0
        assert i2c.readfrom_mem(0x77, 0xF4, 1)[0] == 0b001_001_00  # back to sleep
        assert i2c.readfrom_mem(0x77, 0xFA, 1)[0] != 0x80
        assert chip.conversions == 1
        # x1 without the filter: 16-bit results, the low 4 bits of the 20 are zero
        assert i2c.readfrom_mem(0x77, 0xF9, 1)[0] == 0 == i2c.readfrom_mem(0x77, 0xFC, 1)[0]


def test_model_normal_mode_filter_and_soft_reset():
    chip = model.BMP280()
    cal = chip.calibration
    fine = model.t_fine(model.adc_t_for(21.0, cal), cal)

    def pressure_register(i2c) -> float:
        raw = i2c.readfrom_mem(0x77, 0xF7, 3)
        return model.pressure_q24_8(raw[0] << 12 | raw[1] << 4 | raw[2] >> 4, fine, cal) / 25600

    with simulated_bus(chip, pressure=1000.0) as (i2c, world, clock):
        sensor = driver.BMP280(i2c)  # leaves the chip asleep, filter off
        i2c.writeto_mem(0x77, 0xF5, bytes([0b000_100_00]))  # t_sb 0.5 ms, filter x16
        i2c.writeto_mem(0x77, 0xF4, bytes([0b010_101_11]))  # x2, x16, normal
        i2c.writeto_mem(0x77, 0xF5, bytes([0]))  # ignored in normal mode
        assert i2c.readfrom_mem(0x77, 0xF5, 1)[0] == 0b000_100_00
        period = model.measurement_time_us(2, 5) + 500
        clock.now += 10 * period
        assert pressure_register(i2c) == pytest.approx(1000.0, abs=0.01)
        world.pressure = 1010.0
        clock.now += period  # one more conversion: the x16 filter moves 1/16 of the way
        assert pressure_register(i2c) == pytest.approx(1000.0 + 10 / 16, abs=0.01)
        clock.now += 20 * period  # datasheet table 7: x16 needs 22 samples to reach 75 %
        assert pressure_register(i2c) < 1007.5
        clock.now += period
        assert pressure_register(i2c) >= 1007.5
        assert chip.conversions == 32
        i2c.writeto_mem(0x77, 0xE0, bytes([0xB6]))  # soft reset
        assert i2c.readfrom_mem(0x77, 0xF3, 1)[0] == 0x01  # im_update: NVM copy, 2 ms
        assert i2c.readfrom_mem(0x77, 0xF4, 2) == bytes(2)
        assert bytes(i2c.readfrom_mem(0x77, 0xF7, 6)) == bytes((0x80, 0, 0, 0x80, 0, 0))
        clock.now += 2000
        assert i2c.readfrom_mem(0x77, 0xF3, 1)[0] == 0
        assert sensor.pressure() == pytest.approx(1010.0, abs=0.014)  # filter off again


def test_model_rejects_bad_calibration():
    with pytest.raises(ValueError, match="dig_T4"):
        model.BMP280(calibration={"dig_T4": 1})
    with pytest.raises(ValueError, match="dig_P1 = -1"):
        model.BMP280(calibration={"dig_P1": -1})


# -- b) our driver against the model, under CPython ------------------------------------------
# Without the IIR filter the chip outputs 16 + (osrs - 1) bits (datasheet 3.3.1): at x1 the
# pressure comes in 2.62 Pa steps, so the nearest reading can be 1.31 Pa = 0.0131 hPa away.
# From x2 on (1.31 Pa steps) it is within 0.01 hPa like the model's full-resolution inverse.
@pytest.mark.parametrize(
    "osrs_t,osrs_p,p_tolerance", [(1, 1, 0.014), (1, 2, 0.01), (2, 16, 0.01), (16, 16, 0.01)]
)
@pytest.mark.parametrize("temperature,pressure", [(21.0, 1013.25), (-39.9, 301.0), (84.5, 1099)])
def test_driver_reads_the_world_through_the_model(
    osrs_t, osrs_p, p_tolerance, temperature, pressure
):
    chip = model.BMP280()
    with simulated_bus(chip, temperature=temperature, pressure=pressure) as (i2c, _, clock):
        sensor = driver.BMP280(i2c, temperature_oversampling=osrs_t, pressure_oversampling=osrs_p)
        start = clock.now
        assert sensor.temperature() == pytest.approx(temperature, abs=0.01)
        assert sensor.pressure() == pytest.approx(pressure, abs=p_tolerance)
        assert chip.conversions == 2  # forced mode: one conversion per reading
        assert chip.regs[0xF4] & 3 == 0  # and the chip sleeps in between
        # each reading waited for its conversion, and not much longer (1 ms polls)
        t_measure = model.measurement_time_us(osrs_t.bit_length(), osrs_p.bit_length())
        assert 2 * t_measure <= clock.now - start <= 2 * (t_measure + 1000)


# -- c) differential: our driver and Adafruit's read the same model --------------------------
# Adafruit's driver compensates in floating point (the datasheet's 8.1 formulas), ours with the
# integer ones (8.2). On the same raw values they agree far inside 0.01 °C / 0.01 hPa: its
# temperature is t_fine / 5120 where ours rounds to 0.01 °C (at most 0.005 °C apart), and the
# float and integer pressure formulas differ by well under 0.1 Pa. Adafruit measures at
# osrs_t x2 / osrs_p x16; we set ours the same so both see the same resolution.
calibrations = st.fixed_dictionaries(
    {
        # Ranges seen on real chips around the datasheet's example values.
        "dig_T1": st.integers(25_000, 30_000),
        "dig_T2": st.integers(24_000, 28_000),
        "dig_T3": st.integers(-1_200, 1_200),
        "dig_P1": st.integers(34_000, 40_000),
        "dig_P2": st.integers(-11_500, -9_500),
        "dig_P3": st.integers(2_500, 3_500),
        "dig_P4": st.integers(1_000, 9_000),
        "dig_P5": st.integers(-250, 250),
        "dig_P6": st.integers(-15, 0),
        "dig_P7": st.integers(9_000, 16_000),
        "dig_P8": st.integers(-15_000, -9_000),
        "dig_P9": st.integers(3_000, 7_000),
    }
)


@settings(max_examples=50, deadline=None)
@given(
    calibration=calibrations,
    temperature=st.floats(-40, 85),
    pressure=st.floats(300, 1100),
)
def test_same_readings_as_adafruit_driver(calibration, temperature, pressure):
    import adafruit_bmp280

    chip = model.BMP280(calibration=calibration)
    with simulated_bus(chip, temperature=temperature, pressure=pressure) as (i2c, _, _):
        ours = driver.BMP280(i2c, temperature_oversampling=2, pressure_oversampling=16)
        theirs = adafruit_bmp280.Adafruit_BMP280_I2C(i2c)
        t_ours, p_ours = ours.temperature(), ours.pressure()
        t_theirs, p_theirs = theirs.temperature, theirs.pressure
    assert t_ours == pytest.approx(t_theirs, abs=0.01)
    assert p_ours == pytest.approx(p_theirs, abs=0.01)
    assert t_ours == pytest.approx(temperature, abs=0.01)
    assert p_ours == pytest.approx(pressure, abs=0.01)
    assert t_theirs == pytest.approx(temperature, abs=0.01)
    assert p_theirs == pytest.approx(pressure, abs=0.01)


# -- d) errors a student can cause ------------------------------------------------------------
def test_a_bme280_is_named():
    with simulated_bus(model.BMP280(chip_id=0x60)) as (i2c, _, _):
        with pytest.raises(RuntimeError, match="0x60.*BME280"):
            driver.BMP280(i2c)


def test_another_chip_gives_its_id():
    with simulated_bus(model.BMP280(chip_id=0x33)) as (i2c, _, _):
        with pytest.raises(RuntimeError, match="chip id 0x33 at 0x77 is not a BMP280") as e:
            driver.BMP280(i2c)
        assert "BME280" not in str(e.value)


def test_nothing_at_the_address():
    with simulated_bus(model.BMP280(address=0x76)) as (i2c, _, _):
        with pytest.raises(OSError) as e:
            driver.BMP280(i2c)
    assert str(e.value) == (
        "no BMP280 answers at 0x77 on this I2C bus: check the wiring"
        " / aucun BMP280 à l'adresse 0x77 : vérifie le câblage"
    )


@pytest.mark.parametrize(
    "kwargs,bad",
    [({"temperature_oversampling": 3}, "temperature_oversampling.*not 3"),
     ({"pressure_oversampling": 0}, "pressure_oversampling.*not 0")],
)  # fmt: skip
def test_bad_oversampling(kwargs, bad):
    with simulated_bus(model.BMP280()) as (i2c, _, _):
        with pytest.raises(ValueError, match=bad):
            driver.BMP280(i2c, **kwargs)


@needs_micropython
def test_errors_in_the_vm(tmp_path):
    out = run_in_vm(
        tmp_path,
        """
from bmp280 import BMP280
for kw in ({"address": 0x76}, {"pressure_oversampling": 32}):
    try:
        BMP280(FAKE, **kw)
    except (OSError, ValueError) as e:
        print(type(e).__name__, e)
FAKE.regs[0xD0] = 0x60
try:
    BMP280(FAKE)
except RuntimeError as e:
    print("RuntimeError", e)
""",
    )
    assert out.splitlines() == [
        "OSError no BMP280 answers at 0x76 on this I2C bus: check the wiring"
        " / aucun BMP280 à l'adresse 0x76 : vérifie le câblage",
        "ValueError pressure_oversampling must be 1, 2, 4, 8 or 16, not 32",
        "RuntimeError chip id 0x60 at 0x77 is not a BMP280 (0x58): it is a BME280",
    ]
