"""LSM303AGR accelerometer: our driver (firmware/drivers) against the register-level model
(atelier.sim.chips), differentially against Adafruit's driver, and in the MicroPython VM."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import time
from pathlib import Path

import adafruit_lsm303_accel as ada
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atelier.sim import vm_available
from atelier.sim.chips.lis2mdl import Mounting
from atelier.sim.chips.lsm303agr_accel import SENSITIVITY_MG, LSM303AGR_Accel
from atelier.sim.i2c import HostI2C, I2CBus
from atelier.sim.vmproc import vm_command
from atelier.sim.world import World

ROOT = Path(__file__).resolve().parents[1]
DRIVERS = ROOT / "firmware" / "drivers"
needs_vm = pytest.mark.skipif(not vm_available(), reason="MicroPython VM not installed here")
HEAP_BUDGET = 4 * 1024
G = 9.80665  # m/s² per g: Adafruit reports m/s²
RANGES = (2, 4, 8, 16)
HR_MG = dict(zip(RANGES, SENSITIVITY_MG[12], strict=True))  # mg per digit, 12-bit mode

ORIENTATIONS = [(0, 0, 0), (90, 0, 0), (0, 40, 0), (0, 0, -70), (200, -30, 25), (0, 90, 0)]
MOUNTS = [("x", "y", "z"), ("-y", "x", "z"), ("y", "-x", "-z"), ("z", "-x", "-y")]
FEW = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _load(name: str):
    """A firmware driver as CPython sees it (Blinka provides `micropython.const`)."""
    spec = importlib.util.spec_from_file_location(f"fw_{name}", DRIVERS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


fw = _load("lsm303agr_accel")


class Rig:
    """One simulated I2C bus, its World, and a virtual clock that sleeping moves on."""

    def __init__(self, monkeypatch, *models):
        self.us = 0
        self.world = World()
        self.bus = I2CBus("i2c0", self.world, lambda: self.us)
        for m in models:
            self.bus.attach(m)
        self.i2c = HostI2C(self.bus)
        monkeypatch.setattr(time, "sleep_ms", self.sleep_ms, raising=False)

    def sleep_ms(self, ms):
        self.us += int(ms * 1000)

    def reg(self, reg: int, n: int = 1) -> bytes:
        return self.i2c.readfrom_mem(0x19, reg, n)


def chip_mg(world: World, axes) -> tuple[float, ...]:
    """What the chip measures: specific force, minus the world's (micro:bit-style) reading."""
    return Mounting(axes).to_chip(tuple(-a for a in world.acceleration_mg()))


def close(got, want, tol) -> bool:
    return all(abs(g - w) <= tol for g, w in zip(got, want, strict=True))


# -- our driver against the model ---------------------------------------------------------------
@pytest.mark.parametrize("axes", MOUNTS)
@pytest.mark.parametrize("heading,pitch,roll", ORIENTATIONS)
def test_acceleration_follows_the_orientation(monkeypatch, heading, pitch, roll, axes):
    rig = Rig(monkeypatch, LSM303AGR_Accel(axes=axes))
    rig.world.heading, rig.world.pitch, rig.world.roll = heading, pitch, roll
    accel = fw.LSM303AGR_Accel(rig.i2c)
    # one LSB (0.98 mg at ±2 g) plus the rounding to whole milli-g
    assert close(accel.acceleration(), chip_mg(rig.world, axes), HR_MG[2] + 0.5)


def test_lying_flat_face_up_reads_plus_one_g_on_z(monkeypatch):
    rig = Rig(monkeypatch, LSM303AGR_Accel())
    x, y, z = fw.LSM303AGR_Accel(rig.i2c).acceleration()
    assert abs(x) <= 1 and abs(y) <= 1 and 999 <= z <= 1001


@pytest.mark.parametrize("rng", RANGES)
def test_every_range(monkeypatch, rng):
    rig = Rig(monkeypatch, LSM303AGR_Accel(axes=("-y", "x", "z")))
    rig.world.acceleration = (0.45 * rng * 1000, -0.9 * rng * 1000, 0.1 * rng * 1000)
    accel = fw.LSM303AGR_Accel(rig.i2c, range=rng)
    assert accel.range == rng
    assert close(accel.acceleration(), chip_mg(rig.world, ("-y", "x", "z")), HR_MG[rng] + 0.5)
    raw = accel.raw()
    assert all(r & 0x0F == 0 for r in raw)  # 12 bits, left-justified


def test_changing_the_range_never_mixes_scales(monkeypatch):
    rig = Rig(monkeypatch, LSM303AGR_Accel())
    rig.world.acceleration = (0.0, 0.0, -1500.0)
    accel = fw.LSM303AGR_Accel(rig.i2c, range=16)
    assert abs(accel.acceleration()[2] - 1500) <= 12
    accel.range = 2  # the data already in the chip are at ±16 g: the driver must drop them
    assert abs(accel.acceleration()[2] - 1500) <= 2


def test_clips_at_full_scale(monkeypatch):
    rig = Rig(monkeypatch, LSM303AGR_Accel())
    rig.world.acceleration = (0.0, 0.0, 5000.0)  # 5 g down: -5 g of specific force
    accel = fw.LSM303AGR_Accel(rig.i2c, range=2)
    assert accel.raw()[2] == -2048 << 4
    assert accel.acceleration()[2] == round(-2048 * 0.98)


# -- DIFFERENTIAL: our driver and Adafruit's, reading the same model --------------------------
@FEW
@given(
    fraction=st.tuples(*[st.floats(-0.98, 0.98)] * 3),
    rng=st.sampled_from(RANGES),
    axes=st.sampled_from(MOUNTS),
)
def test_agrees_with_adafruit(monkeypatch, fraction, rng, axes):
    rig = Rig(monkeypatch, LSM303AGR_Accel(axes=axes))
    adafruit = ada.LSM303_Accel(rig.i2c)  # 10 Hz, normal mode, BDU
    ours = fw.LSM303AGR_Accel(rig.i2c, range=rng)  # 100 Hz, high resolution
    adafruit.mode = ada.Mode.MODE_HIGH_RESOLUTION  # Adafruit caches mode and range: tell it
    adafruit.range = RANGES.index(rng)
    rig.world.acceleration = tuple(f * rng * 1000 for f in fraction)
    rig.sleep_ms(20)  # past the next conversion
    mine = ours.acceleration()
    theirs = tuple(a / G * 1000 for a in adafruit.acceleration)
    want = chip_mg(rig.world, axes)
    assert close(mine, theirs, HR_MG[rng]), (mine, theirs)
    assert close(mine, want, HR_MG[rng] + 0.5)
    assert close(theirs, want, HR_MG[rng])


@FEW
@given(
    fraction=st.tuples(*[st.floats(-0.98, 0.98)] * 3),
    rng=st.sampled_from(RANGES),
    mode=st.sampled_from(["MODE_NORMAL", "MODE_HIGH_RESOLUTION", "MODE_LOW_POWER"]),
)
def test_model_modes_agree_with_adafruit(monkeypatch, fraction, rng, mode):
    # The model's 8/10/12-bit left-justified output, read by an independent driver.
    model = LSM303AGR_Accel()
    rig = Rig(monkeypatch, model)
    adafruit = ada.LSM303_Accel(rig.i2c)
    adafruit.mode = getattr(ada.Mode, mode)
    adafruit.range = RANGES.index(rng)
    rig.world.acceleration = tuple(f * rng * 1000 for f in fraction)
    rig.sleep_ms(110)  # Adafruit runs the chip at 10 Hz
    assert model.bits == {"MODE_NORMAL": 10, "MODE_HIGH_RESOLUTION": 12, "MODE_LOW_POWER": 8}[mode]
    theirs = tuple(a / G * 1000 for a in adafruit.acceleration)
    assert close(theirs, chip_mg(rig.world, ("x", "y", "z")), model.mg_per_digit)


# -- the model, register by register ----------------------------------------------------------
def test_power_down_until_configured_then_status_follows_reads(monkeypatch):
    model = LSM303AGR_Accel()
    rig = Rig(monkeypatch, model)
    rig.world.acceleration = (-100.0, 200.0, -1000.0)  # chip: 100, -200, 1000 mg
    assert rig.reg(0x0F)[0] == 0x33
    assert rig.reg(0x20)[0] == 0x07  # power-down, X Y Z enabled
    rig.sleep_ms(500)
    assert rig.reg(0x27 | 0x80, 7) == bytes(7)  # nothing converts in power-down
    rig.i2c.writeto_mem(0x19, 0x23 | 0x80, b"\x08")  # HR, ±2 g
    rig.i2c.writeto_mem(0x19, 0x20, b"\x17")  # 1 Hz
    rig.sleep_ms(999)
    assert rig.reg(0x27)[0] == 0
    rig.sleep_ms(1)
    assert rig.reg(0x27)[0] == 0x0F  # ZYXDA and each axis
    data = rig.reg(0x28 | 0x80, 6)
    values = [int.from_bytes(data[i : i + 2], "little", signed=True) >> 4 for i in (0, 2, 4)]
    assert values == [round(100 / 0.98), round(-200 / 0.98), round(1000 / 0.98)]
    assert rig.reg(0x27)[0] == 0  # read: cleared
    rig.sleep_ms(3000)
    assert rig.reg(0x27)[0] == 0xFF  # overrun
    assert model.conversions == 4


def test_multi_byte_reads_need_bit_7(monkeypatch):
    rig = Rig(monkeypatch, LSM303AGR_Accel())
    rig.world.acceleration = (-100.0, 200.0, -1000.0)
    fw.LSM303AGR_Accel(rig.i2c).raw()
    rig.sleep_ms(10)
    with_bit = rig.reg(0x28 | 0x80, 6)
    without = rig.reg(0x28, 6)
    assert without == bytes([with_bit[0]] * 6)  # the pointer stays on OUT_X_L_A
    assert len(set(with_bit)) > 1


def test_modes_byte_order_and_disabled_axes(monkeypatch):
    model = LSM303AGR_Accel()
    rig = Rig(monkeypatch, model)
    rig.world.acceleration = (0.0, 0.0, -500.0)  # chip z: +500 mg
    rig.i2c.writeto_mem(0x19, 0x20, b"\x5f")  # 100 Hz, low-power, X Y Z
    rig.sleep_ms(10)
    z = int.from_bytes(rig.reg(0x2C | 0x80, 2), "little", signed=True)
    assert z & 0xFF == 0 and z >> 8 == round(500 / 15.63)  # 8 bits, left-justified
    rig.i2c.writeto_mem(0x19, 0x20, b"\x57")  # normal mode
    rig.sleep_ms(10)
    z = int.from_bytes(rig.reg(0x2C | 0x80, 2), "little", signed=True)
    assert z & 0x3F == 0 and z >> 6 == round(500 / 3.9)  # 10 bits
    rig.i2c.writeto_mem(0x19, 0x23, b"\x48")  # BLE + HR: high byte first
    rig.sleep_ms(10)
    z = int.from_bytes(rig.reg(0x2C | 0x80, 2), "big", signed=True)
    assert z >> 4 == round(500 / 0.98)
    rig.i2c.writeto_mem(0x19, 0x20, b"\x53")  # Z off
    rig.world.acceleration = (0.0, 0.0, 0.0)
    rig.sleep_ms(10)
    assert rig.reg(0x27)[0] & 0x0F == 0x0B  # X, Y and ZYXDA, no ZDA
    assert int.from_bytes(rig.reg(0x2C | 0x80, 2), "big", signed=True) >> 4 == round(500 / 0.98)
    rig.i2c.writeto_mem(0x19, 0x24, b"\x80")  # BOOT clears itself
    assert rig.reg(0x24)[0] == 0


# -- errors a student can cause ----------------------------------------------------------------
def test_nothing_at_the_address(monkeypatch):
    rig = Rig(monkeypatch)
    with pytest.raises(OSError, match="no LSM303AGR accelerometer answers at 0x19.*câblage"):
        fw.LSM303AGR_Accel(rig.i2c)


def test_wrong_chip_id(monkeypatch):
    model = LSM303AGR_Accel(address=0x18)
    model.regs[0x0F] = 0x11  # an SC7A20 (the WEMOS shield's accelerometer) answers
    rig = Rig(monkeypatch, model)
    with pytest.raises(RuntimeError, match="chip id 0x11 at 0x18 is not a LSM303AGR"):
        fw.LSM303AGR_Accel(rig.i2c, address=0x18)


def test_bad_range(monkeypatch):
    rig = Rig(monkeypatch, LSM303AGR_Accel())
    with pytest.raises(ValueError, match=r"range must be 2, 4, 8 or 16 \(g\), not 3"):
        fw.LSM303AGR_Accel(rig.i2c, range=3)
    accel = fw.LSM303AGR_Accel(rig.i2c)
    with pytest.raises(ValueError, match="not '8g'"):
        accel.range = "8g"
    assert accel.range == 2


# -- in the MicroPython VM ---------------------------------------------------------------------
VM_PROGRAM = """
import gc, sys, time, micropython
sys.path.insert(0, %r)

class FakeI2C:
    # the accelerometer's rule: auto-increment only with bit 7 of the sub-address
    def __init__(self, chips):
        self.chips = chips
    def _regs(self, addr):
        if addr not in self.chips:
            raise OSError(19)
        return self.chips[addr]
    def readfrom_mem_into(self, addr, reg, buf):
        regs = self._regs(addr)
        for i in range(len(buf)):
            buf[i] = regs[(reg & 0x7F) + (i if reg & 0x80 else 0)]
    def readfrom_mem(self, addr, reg, n):
        buf = bytearray(n)
        self.readfrom_mem_into(addr, reg, buf)
        return bytes(buf)
    def writeto_mem(self, addr, reg, buf):
        regs = self._regs(addr)
        for i in range(len(buf)):
            regs[(reg & 0x7F) + (i if reg & 0x80 else 0)] = buf[i]

regs = bytearray(256)
regs[0x0F] = 0x33
regs[0x27] = 0x08
regs[0x28:0x2E] = b"\\x80\\x3e\\xc0\\xe0\\xc0\\x3f"  # 1000, -500, 1020 digits << 4
other = bytearray(256)
other[0x0F] = 0x32
i2c = FakeI2C({0x19: regs, 0x18: other})
gc.collect()
before = gc.mem_free()
import lsm303agr_accel
accel = lsm303agr_accel.LSM303AGR_Accel(i2c)
gc.collect()
print("heap lsm303agr_accel", before - gc.mem_free())
print("accel", accel.raw(), accel.acceleration())
accel.range = 16
print("accel16", accel.acceleration())
for fn in (lambda: lsm303agr_accel.LSM303AGR_Accel(i2c, address=0x1A),
           lambda: lsm303agr_accel.LSM303AGR_Accel(i2c, address=0x18),
           lambda: setattr(accel, "range", 6)):
    try:
        fn()
    except Exception as e:
        print("error", type(e).__name__, e)
"""


@needs_vm
def test_accel_driver_in_the_micropython_vm(tmp_path):
    script = tmp_path / "main.py"
    script.write_text(VM_PROGRAM % str(DRIVERS))
    r = subprocess.run([*vm_command(), str(script)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    out = r.stdout
    assert "accel (16000, -8000, 16320) (980, -490, 1000)" in out  # 0.98 mg a digit
    assert "accel16 (11720, -5860, 11954)" in out  # 11.72 mg a digit
    assert "error OSError no LSM303AGR accelerometer answers at 0x1a" in out
    assert "vérifie le câblage" in out
    assert "error RuntimeError chip id 0x32 at 0x18 is not a LSM303AGR accelerometer" in out
    assert "error ValueError range must be 2, 4, 8 or 16 (g), not 6" in out
    used = int(re.search(r"heap lsm303agr_accel (\d+)", out).group(1))
    print(f"lsm303agr_accel: {used} bytes of heap, import + construction (64-bit VM)")
    assert 0 < used < HEAP_BUDGET
