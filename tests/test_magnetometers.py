"""Magnetometers: our drivers (firmware/drivers) against the register-level models
(atelier.sim.chips), differentially against Adafruit's drivers, and in the MicroPython VM."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import time
from pathlib import Path

import adafruit_lis2mdl
import adafruit_lsm303agr_mag
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atelier.sim import vm_available
from atelier.sim.chips.lis2mdl import AXES, LIS2MDL, LSM303AGR_MAG, Mounting
from atelier.sim.chips.qmc5883l import QMC5883L
from atelier.sim.i2c import HostI2C, I2CBus
from atelier.sim.vmproc import vm_command
from atelier.sim.world import World

ROOT = Path(__file__).resolve().parents[1]
DRIVERS = ROOT / "firmware" / "drivers"
needs_vm = pytest.mark.skipif(not vm_available(), reason="MicroPython VM not installed here")
HEAP_BUDGET = 4 * 1024
LIS2MDL_UT = 0.15  # µT per LSB
QMC_UT = {2: 100 / 12000, 8: 100 / 3000}  # 12000 and 3000 LSB/gauss, 1 gauss = 100 µT

ORIENTATIONS = [(0, 0, 0), (90, 0, 0), (213, 0, 0), (45, 30, 0), (300, -20, 15), (120, 10, -60)]
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


fw_lis2mdl = _load("lis2mdl")
fw_qmc5883l = _load("qmc5883l")


class Rig:
    """One simulated I2C bus, its World, and a virtual clock that sleeping moves on."""

    def __init__(self, monkeypatch, *models):
        self.us = 0
        self.world = World()
        self.bus = I2CBus("i2c0", self.world, lambda: self.us)
        for m in models:
            self.bus.attach(m)
        self.i2c = HostI2C(self.bus)
        # Our drivers poll with MicroPython's time.sleep_ms; Adafruit's sleep in seconds.
        monkeypatch.setattr(time, "sleep_ms", self.sleep_ms, raising=False)
        monkeypatch.setattr(adafruit_lis2mdl, "sleep", self.sleep)
        monkeypatch.setattr(adafruit_lsm303agr_mag, "sleep", self.sleep)

    def sleep_ms(self, ms):
        self.us += int(ms * 1000)

    def sleep(self, s):
        self.us += int(s * 1_000_000)

    def reg(self, address: int, reg: int, n: int = 1) -> bytes:
        return self.i2c.readfrom_mem(address, reg, n)


def expected_ut(world: World, axes) -> tuple[float, ...]:
    return tuple(v / 1000 for v in Mounting(axes).to_chip(world.field_nt()))


def close(got, want, tol) -> bool:
    return all(abs(g - w) <= tol for g, w in zip(got, want, strict=True))


# -- our drivers against the models ------------------------------------------------------------
@pytest.mark.parametrize("axes", MOUNTS)
@pytest.mark.parametrize("heading,pitch,roll", ORIENTATIONS)
def test_lis2mdl_reads_the_world(monkeypatch, heading, pitch, roll, axes):
    rig = Rig(monkeypatch, LIS2MDL(axes=axes))
    rig.world.heading, rig.world.pitch, rig.world.roll = heading, pitch, roll
    compass = fw_lis2mdl.LIS2MDL(rig.i2c)
    assert close(compass.magnetic(), expected_ut(rig.world, axes), LIS2MDL_UT)


@pytest.mark.parametrize("model", [LIS2MDL, LSM303AGR_MAG])
def test_lis2mdl_sees_hard_iron_and_the_door_magnet(monkeypatch, model):
    rig = Rig(monkeypatch, model(axes=("-y", "x", "z")))
    compass = fw_lis2mdl.LIS2MDL(rig.i2c)
    rig.world.hard_iron = (12_000.0, -3_000.0, 40_000.0)
    rig.world.magnet_near = True
    rig.sleep_ms(10)  # one conversion at 100 Hz
    x, y, z = compass.magnetic()
    assert close((x, y, z), expected_ut(rig.world, ("-y", "x", "z")), LIS2MDL_UT)
    assert z > 500  # the door magnet: 600 µT on the board's Z, far above Earth's field


@pytest.mark.parametrize("axes", MOUNTS)
@pytest.mark.parametrize("rng", [2, 8])
@pytest.mark.parametrize("heading,pitch,roll", ORIENTATIONS)
def test_qmc5883l_reads_the_world(monkeypatch, heading, pitch, roll, rng, axes):
    rig = Rig(monkeypatch, QMC5883L(axes=axes))
    rig.world.heading, rig.world.pitch, rig.world.roll = heading, pitch, roll
    compass = fw_qmc5883l.QMC5883L(rig.i2c, range=rng)
    assert close(compass.magnetic(), expected_ut(rig.world, axes), QMC_UT[rng])


@FEW
@given(
    field=st.tuples(*[st.floats(-790_000, 790_000)] * 3),
    rng=st.sampled_from([2, 8]),
)
def test_qmc5883l_matches_the_datasheet_sensitivity(monkeypatch, field, rng):
    # No Adafruit QMC5883L driver exists: check raw counts against 12000 / 3000 LSB per gauss.
    rig = Rig(monkeypatch, QMC5883L())
    compass = fw_qmc5883l.QMC5883L(rig.i2c, range=rng)
    rig.world.magnetic_field = field
    rig.sleep_ms(20)  # one conversion at 50 Hz
    lsb_per_gauss = {2: 12000, 8: 3000}[rng]
    want = [max(-32768, min(32767, round(b / 100_000 * lsb_per_gauss))) for b in field]
    raw = compass.raw()
    assert all(abs(r - w) <= 1 for r, w in zip(raw, want, strict=True))
    saturated = any(abs(round(b / 100_000 * lsb_per_gauss)) > 32767 for b in field)
    if not saturated:
        assert close(compass.magnetic(), [b / 1000 for b in field], QMC_UT[rng])


def test_qmc5883l_saturates_near_the_magnet_at_2_gauss(monkeypatch):
    model = QMC5883L()
    rig = Rig(monkeypatch, model)
    rig.world.magnet_near = True  # 6 gauss on Z: past ±2 G (32767 / 12000 = 2.73 G)
    compass = fw_qmc5883l.QMC5883L(rig.i2c, range=2)
    assert compass.raw()[2] == 32767
    assert rig.reg(0x0D, 0x06)[0] & 0x02  # OVL
    compass.range = 8
    assert close(compass.magnetic(), expected_ut(rig.world, AXES), QMC_UT[8])  # in range again
    assert not rig.reg(0x0D, 0x06)[0] & 0x02


# -- DIFFERENTIAL: our LIS2MDL driver and Adafruit's, reading the same model ------------------
@FEW
@given(
    field=st.tuples(*[st.floats(-4_900_000, 4_900_000)] * 3),
    axes=st.sampled_from(MOUNTS),
    theirs=st.sampled_from(["adafruit_lis2mdl", "adafruit_lsm303agr_mag"]),
)
def test_lis2mdl_agrees_with_adafruit(monkeypatch, field, axes, theirs):
    rig = Rig(monkeypatch, LIS2MDL(axes=axes))
    if theirs == "adafruit_lis2mdl":
        adafruit = adafruit_lis2mdl.LIS2MDL(rig.i2c)  # soft reset, continuous mode
    else:
        adafruit = adafruit_lsm303agr_mag.LSM303AGR_Mag(rig.i2c)
    ours = fw_lis2mdl.LIS2MDL(rig.i2c, rate=50)
    rig.world.magnetic_field = field
    rig.sleep_ms(25)  # past the next conversion at 50 Hz
    mine, adafruits = ours.magnetic(), adafruit.magnetic
    want = expected_ut(rig.world, axes)
    assert close(mine, adafruits, LIS2MDL_UT), (mine, adafruits)
    assert close(mine, want, LIS2MDL_UT)
    assert close(adafruits, want, LIS2MDL_UT)


# -- the models, register by register ---------------------------------------------------------
def test_lis2mdl_idle_until_configured_and_status_follows_reads(monkeypatch):
    model = LIS2MDL()
    rig = Rig(monkeypatch, model)
    rig.world.magnetic_field = (15_000.0, -30_000.0, 4_500.0)
    assert rig.reg(0x1E, 0x4F)[0] == 0x40
    assert rig.reg(0x1E, 0x60)[0] == 0x03  # idle after power-on
    rig.sleep_ms(500)
    assert rig.reg(0x1E, 0x67, 7) == bytes(7)  # idle: no conversion, no data
    rig.i2c.writeto_mem(0x1E, 0x60, b"\x80")  # continuous, 10 Hz
    rig.sleep_ms(99)
    assert rig.reg(0x1E, 0x67)[0] == 0
    rig.sleep_ms(1)
    assert rig.reg(0x1E, 0x67)[0] & 0x08  # Zyxda after 100 ms
    data = rig.reg(0x1E, 0x67, 7)  # status then X, Y, Z in one burst
    assert data[0] == 0x0F
    assert [int.from_bytes(data[i : i + 2], "little", signed=True) for i in (1, 3, 5)] == [
        100,
        -200,
        30,
    ]
    assert rig.reg(0x1E, 0x67)[0] == 0  # reading the output cleared it
    rig.sleep_ms(300)  # three conversions, none read
    assert rig.reg(0x1E, 0x67)[0] == 0xFF  # Zyxor: data overrun
    rig.i2c.writeto_mem(0x1E, 0x60, b"\x83")  # idle
    rig.world.magnetic_field = (0.0, 0.0, 0.0)
    rig.sleep_ms(300)
    assert rig.reg(0x1E, 0x68, 2) == (100).to_bytes(2, "little")  # frozen


def test_lis2mdl_single_mode_then_idle(monkeypatch):
    model = LIS2MDL()
    rig = Rig(monkeypatch, model)
    rig.world.magnetic_field = (1500.0, 0.0, 0.0)
    rig.i2c.writeto_mem(0x1E, 0x60, b"\x8d")  # 100 Hz, single measurement
    rig.sleep_ms(35)
    assert rig.reg(0x1E, 0x67)[0] & 0x08
    assert rig.reg(0x1E, 0x60)[0] & 0x03 == 0x03  # back to idle by itself
    assert model.conversions == 1
    rig.sleep_ms(100)
    assert model.conversions == 1


def test_lis2mdl_addressing_offsets_byte_order_and_reset(monkeypatch):
    model = LIS2MDL()
    rig = Rig(monkeypatch, model)
    rig.world.magnetic_field = (1500.0, 3000.0, 4500.0)  # 10, 20, 30 LSB
    rig.i2c.writeto_mem(0x1E, 0x60, b"\x8c")
    rig.sleep_ms(10)
    # bit 7 of the sub-address is ignored (CODAL sets it), and the burst wraps after OUTZ_H
    burst = rig.reg(0x1E, 0x68 | 0x80, 8)
    assert burst == bytes([10, 0, 20, 0, 30, 0, 10, 0])
    rig.i2c.writeto_mem(0x1E, 0x45, (4).to_bytes(2, "little") * 3)  # hard-iron offsets
    rig.i2c.writeto_mem(0x1E, 0x62, b"\x08")  # BLE: high byte first
    rig.sleep_ms(10)
    assert rig.reg(0x1E, 0x68, 6) == bytes([0, 6, 0, 16, 0, 26])
    rig.i2c.writeto_mem(0x1E, 0x60, b"\x20")  # SOFT_RST
    assert rig.reg(0x1E, 0x60, 3) == bytes([0x03, 0, 0])
    assert rig.reg(0x1E, 0x45, 6) == bytes(6)


def test_lis2mdl_rate_sets_the_conversion_period(monkeypatch):
    for hz in (10, 20, 50, 100):
        model = LIS2MDL()
        rig = Rig(monkeypatch, model)
        fw_lis2mdl.LIS2MDL(rig.i2c, rate=hz)
        rig.sleep_ms(1000)
        rig.reg(0x1E, 0x67)  # the model counts conversions when it is next asked
        assert model.conversions == hz


def test_qmc5883l_status_rollover_and_reset(monkeypatch):
    model = QMC5883L()
    rig = Rig(monkeypatch, model)
    rig.world.magnetic_field = (10_000.0, -20_000.0, 5_000.0)  # ±2 G: 1200, -2400, 600 LSB
    assert rig.reg(0x0D, 0x0D)[0] == 0xFF
    rig.sleep_ms(500)
    assert rig.reg(0x0D, 0x00, 7) == bytes(7)  # standby after power-on
    rig.i2c.writeto_mem(0x0D, 0x0B, b"\x01")
    rig.i2c.writeto_mem(0x0D, 0x09, b"\x01")  # continuous, 10 Hz, ±2 G, OSR 512
    rig.sleep_ms(99)
    assert rig.reg(0x0D, 0x06)[0] == 0
    rig.sleep_ms(1)
    assert rig.reg(0x0D, 0x06)[0] == 0x01  # DRDY
    rig.sleep_ms(100)
    assert rig.reg(0x0D, 0x06)[0] == 0x05  # DOR: a conversion nobody read was overwritten
    data = rig.reg(0x0D, 0x00, 6)
    assert [int.from_bytes(data[i : i + 2], "little", signed=True) for i in (0, 2, 4)] == [
        1200,
        -2400,
        600,
    ]
    assert rig.reg(0x0D, 0x06)[0] == 0  # reading data cleared DRDY and DOR
    # ROL_PNT: a read from 0x00..0x06 rolls from 0x06 back to 0x00
    rig.i2c.writeto_mem(0x0D, 0x0A, b"\x40")
    assert rig.reg(0x0D, 0x04, 5)[3:] == data[:2]
    rig.i2c.writeto_mem(0x0D, 0x0A, b"\x00")
    assert rig.reg(0x0D, 0x04, 5)[3:] == bytes(2)  # plain increment: on to 0x07, 0x08
    rig.i2c.writeto_mem(0x0D, 0x0A, b"\x80")  # SOFT_RST
    assert rig.reg(0x0D, 0x09, 3) == bytes(3)
    rig.sleep_ms(500)
    assert model.conversions == 2


def test_rotated_mounts_are_checked():
    assert Mounting(("-y", "x", "z")).to_chip((1.0, 2.0, 3.0)) == (-2.0, 1.0, 3.0)
    for bad in [("x", "x", "z"), ("x", "y"), ("x", "y", "w")]:
        with pytest.raises(ValueError, match="each board axis once"):
            LIS2MDL(axes=bad)


# -- errors a student can cause ----------------------------------------------------------------
@pytest.mark.parametrize(
    "module,cls,address",
    [(fw_lis2mdl, "LIS2MDL", 0x1E), (fw_qmc5883l, "QMC5883L", 0x0D)],
)
def test_nothing_at_the_address(monkeypatch, module, cls, address):
    rig = Rig(monkeypatch)  # an empty bus
    with pytest.raises(OSError, match=f"no {cls} answers at 0x{address:02x}.*câblage"):
        getattr(module, cls)(rig.i2c)


def test_wrong_chip_ids(monkeypatch):
    rig = Rig(monkeypatch, QMC5883L(address=0x1E), LIS2MDL(address=0x0D))
    with pytest.raises(RuntimeError, match="chip id 0x00 at 0x1e is not a LIS2MDL"):
        fw_lis2mdl.LIS2MDL(rig.i2c)
    with pytest.raises(RuntimeError, match="chip id 0x00 at 0x0d is not a QMC5883L"):
        fw_qmc5883l.QMC5883L(rig.i2c)


def test_bad_range_and_rate(monkeypatch):
    rig = Rig(monkeypatch, LIS2MDL(), QMC5883L())
    with pytest.raises(ValueError, match="rate must be 10, 20, 50 or 100 .*not 25"):
        fw_lis2mdl.LIS2MDL(rig.i2c, rate=25)
    compass = fw_qmc5883l.QMC5883L(rig.i2c)
    with pytest.raises(ValueError, match=r"range must be 2 or 8 \(gauss\), not 4"):
        compass.range = 4
    assert compass.range == 8


def test_idle_chip_is_a_clear_error(monkeypatch):
    model = LIS2MDL()
    rig = Rig(monkeypatch, model)
    compass = fw_lis2mdl.LIS2MDL(rig.i2c)
    rig.i2c.writeto_mem(0x1E, 0x60, b"\x83")  # someone put it back to idle
    compass._ready = False
    with pytest.raises(RuntimeError, match="gives no measurement"):
        compass.raw()


# -- in the MicroPython VM ---------------------------------------------------------------------
FAKE_I2C = """
import gc, sys, time, micropython
sys.path.insert(0, %r)

class FakeI2C:
    # register files by address; 7-bit sub-address, always auto-incrementing
    def __init__(self, chips):
        self.chips = chips
    def _regs(self, addr):
        if addr not in self.chips:
            raise OSError(19)
        return self.chips[addr]
    def readfrom_mem_into(self, addr, reg, buf):
        regs = self._regs(addr)
        for i in range(len(buf)):
            buf[i] = regs[(reg & 0x7F) + i]
    def readfrom_mem(self, addr, reg, n):
        buf = bytearray(n)
        self.readfrom_mem_into(addr, reg, buf)
        return bytes(buf)
    def writeto_mem(self, addr, reg, buf):
        regs = self._regs(addr)
        for i in range(len(buf)):
            regs[(reg & 0x7F) + i] = buf[i]

def chip(values):
    regs = bytearray(256)
    for reg, data in values:
        regs[reg:reg + len(data)] = data
    return regs

def heap(name, make):
    gc.collect()
    before = gc.mem_free()
    dev = make()
    gc.collect()
    print("heap", name, before - gc.mem_free())
    return dev

def error(fn):
    try:
        fn()
    except Exception as e:
        print("error", type(e).__name__, e)
"""

MAG_PROGRAM = """
i2c = FakeI2C({
    0x1E: chip([(0x4F, b"\\x40"), (0x67, b"\\x08"), (0x68, b"\\xe8\\x03\\x30\\xf8\\x2c\\x01")]),
    0x0D: chip([(0x0D, b"\\xff"), (0x06, b"\\x01"), (0x00, b"\\xb8\\x0b\\x24\\xfa\\x2c\\x01")]),
    0x0C: chip([(0x0D, b"\\x00")]),
})
lis = heap("lis2mdl", lambda: __import__("lis2mdl").LIS2MDL(i2c))
print("lis2mdl", lis.raw(), "%.3f %.3f %.3f" % lis.magnetic())
qmc = heap("qmc5883l", lambda: __import__("qmc5883l").QMC5883L(i2c))
print("qmc5883l", qmc.raw(), "%.3f %.3f %.3f" % qmc.magnetic())
error(lambda: __import__("lis2mdl").LIS2MDL(i2c, address=0x1F))
error(lambda: __import__("qmc5883l").QMC5883L(i2c, address=0x0C))
error(lambda: setattr(qmc, "range", 4))
"""


def run_vm(program: str, tmp_path: Path) -> str:
    script = tmp_path / "main.py"
    script.write_text(program)
    r = subprocess.run([*vm_command(), str(script)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def heap_costs(out: str) -> dict[str, int]:
    return {m[1]: int(m[2]) for m in re.finditer(r"heap (\w+) (\d+)", out)}


@needs_vm
def test_magnetometer_drivers_in_the_micropython_vm(tmp_path):
    out = run_vm(FAKE_I2C % str(DRIVERS) + MAG_PROGRAM, tmp_path)
    # LIS2MDL: 1000, -2000, 300 LSB at 0.15 µT
    assert "lis2mdl (1000, -2000, 300) 150.000 -300.000 45.000" in out
    # QMC5883L at ±8 G: 3000, -1500, 300 LSB at 3000 LSB/G
    assert "qmc5883l (3000, -1500, 300) 100.000 -50.000 10.000" in out
    assert "error OSError no LIS2MDL answers at 0x1f" in out
    assert "vérifie le câblage" in out
    assert "error RuntimeError chip id 0x00 at 0x0c is not a QMC5883L (0xff)" in out
    assert "error ValueError range must be 2 or 8 (gauss), not 4" in out
    costs = heap_costs(out)
    print("heap cost, import + construction (64-bit VM):", costs)
    assert set(costs) == {"lis2mdl", "qmc5883l"}
    assert all(0 < c < HEAP_BUDGET for c in costs.values()), costs
