"""AHT20 / DHT20: the chip model (atelier.sim.chips.aht20) against the datasheet's formulas and
CRC, our MicroPython driver (firmware/drivers/aht20.py) in the VM against the model, Adafruit's
library on the Circuit Playground, `microbit.i2c`, and `env.humidity()` in a pupil's program
on every board."""

from __future__ import annotations

import pytest
from conftest import needs_vm
from kit_wiring import BOARDS, can_simulate

from atelier.sim import LessonError, simulate
from atelier.sim.chips import aht20 as model
from atelier.sim.chips import model_class
from atelier.sim.i2c import I2CBus
from atelier.sim.world import World


class Clock:
    def __init__(self):
        self.now = 0

    def __call__(self) -> int:
        return self.now


def _bus(chip, **world):
    clock = Clock()
    bus = I2CBus("i2c0", World(**world), clock)
    bus.attach(chip)
    return bus, clock


def test_crc_is_the_datasheets():
    # CRC-8, polynomial 0x31, initial 0xFF, no reflection, no final XOR: the catalogue's
    # CRC-8/NRSC-5, whose check value for "123456789" is 0xF7; Sensirion's worked example
    # (same CRC) gives 0x92 for 0xBEEF
    assert model.crc8(b"123456789") == 0xF7
    assert model.crc8(b"\xbe\xef") == 0x92


def test_model_is_registered():
    assert model_class("AHT20", "humidity") is model.AHT20


@pytest.mark.parametrize("humidity, temperature", [(0, -50), (50, 21.5), (63.2, 24), (100, 85)])
def test_measurement_follows_the_datasheets_formulas(humidity, temperature):
    chip = model.AHT20()
    bus, clock = _bus(chip, humidity=humidity, temperature=temperature)
    assert bus.readfrom(0x38, 1) == bytes([0x18])  # calibrated, idle
    bus.writeto(0x38, b"\xac\x33\x00")
    assert bus.readfrom(0x38, 1)[0] & 0x80  # busy
    clock.now += 79_999
    assert bus.readfrom(0x38, 1)[0] & 0x80  # still busy just before 80 ms
    clock.now += 1
    raw = bus.readfrom(0x38, 7)
    assert raw[0] == 0x18 and raw[6] == model.crc8(raw[:6])
    s_rh = (raw[1] << 12) | (raw[2] << 4) | (raw[3] >> 4)
    s_t = ((raw[3] & 0xF) << 16) | (raw[4] << 8) | raw[5]
    # RH = S_RH / 2^20 * 100 %, T = S_T / 2^20 * 200 - 50 (datasheet 6.1): 20-bit steps
    assert s_rh / 2**20 * 100 == pytest.approx(humidity, abs=1e-4 + (humidity == 100) * 1e-3)
    assert s_t / 2**20 * 200 - 50 == pytest.approx(
        temperature, abs=2e-4 + (temperature == 85) * 1e-3
    )
    assert chip.measurements == 1


def test_a_fresh_chip_needs_its_initialisation():
    chip = model.AHT20(calibrated=False)
    bus, _ = _bus(chip)
    assert not bus.readfrom(0x38, 1)[0] & 0x08
    bus.writeto(0x38, b"\xbe\x08\x00")
    assert bus.readfrom(0x38, 1)[0] & 0x08


# -- in the VM -------------------------------------------------------------------------------
@needs_vm
def test_driver_in_the_vm_reads_the_world_takes_80_ms_and_checks_the_crc(sim):
    with sim(
        """
        import time
        from machine import I2C, Pin
        from aht20 import AHT20
        s = AHT20(I2C(0, scl=Pin(5), sda=Pin(4)))
        t0 = time.ticks_ms()
        rh, t = s.measure()
        print("%.2f %.2f %d" % (rh, t, time.ticks_diff(time.ticks_ms(), t0)))
        try:
            s.humidity()
        except OSError as e:
            print(e)
        """,
        board="pico",
    ) as b:
        chip = b.chip("humidity")
        b.world.humidity, b.world.temperature = 41.25, 18.5
        real_read = chip.read
        calls = []

        def read(n):  # the 2nd reading's data come back with a flipped bit
            out = bytearray(real_read(n))
            calls.append(n)
            if n == 7 and calls.count(7) == 2:
                out[2] ^= 0x10
            return bytes(out)

        chip.read = read
        b.run(2)
    first, second = b.output.splitlines()
    rh, t, ms = first.split()
    assert (float(rh), float(t)) == (41.25, 18.5)
    assert 80 <= int(ms) < 100
    assert second.startswith("AHT20 : CRC faux") and "bad CRC" in second


@needs_vm
@pytest.mark.parametrize(
    "board, bus, error",
    [
        ("pico", "i2c0", "OSError: aucun capteur (humidity) ne répond"),
        ("microbit-v2", "i2c-edge", "OSError: aucun AHT20 / DHT20 à l'adresse 0x38"),
    ],
)
def test_an_unplugged_module_is_one_clear_error(sim, board, bus, error):
    with sim(
        """
        from kit import env
        print(env.humidity())
        """,
        board=board,
    ) as b:
        b.hardware.i2c.buses[bus].detach(0x38)
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert error in e.value.exc_line


@needs_vm
def test_adafruit_library_reads_the_model_on_the_circuit_playground(sim):
    with sim(
        """
        import board
        import adafruit_ahtx0
        s = adafruit_ahtx0.AHTx0(board.I2C())
        print("%.1f %.1f" % (s.relative_humidity, s.temperature))
        """,
        board="circuitplayground-bluefruit",
    ) as b:
        b.world.humidity, b.world.temperature = 72.5, 26.0
        b.run(1)
    assert b.output.split() == ["72.5", "26.0"]


# -- microbit.i2c ----------------------------------------------------------------------------
@needs_vm
def test_microbit_i2c_on_the_edge_connector(sim):
    with sim(
        """
        from microbit import i2c
        print(i2c.scan())
        i2c.write(0x38, bytes([0xAC, 0x33, 0x00]))
        print(i2c.read(0x38, 1)[0] & 0x80)
        try:
            i2c.read(0x40, 1)
        except OSError as e:
            print("read", e.args)
        try:
            i2c.write(0x40, b"x")
        except OSError as e:
            print("write", e.args)
        i2c.init(freq=400000)
        print(i2c.scan())
        """,
        board="microbit-v2",
    ) as b:
        b.run(1)
    # V2: only the edge bus (the motion sensor's own bus is out of reach); ENODEV (19) for a
    # missing device, as microbit_i2c.c raises
    assert b.output.splitlines() == ["[56]", "128", "read (19,)", "write (19,)", "[56]"]


def test_microbit_v1_i2c_errors_are_its_runtimes():
    from atelier.boards import load_boards
    from atelier.sim.components.microbit_i2c import MicrobitI2C
    from atelier.sim.devices import SimError

    v1 = load_boards().get("microbit-v1")
    i2c = MicrobitI2C(v1, World(), lambda: 0, v1=True)
    bus = i2c.i2c_open("-1 19 20 100000")
    # V1: the motion sensors share the edge bus (a revision 1.5 board's LSM303AGR)
    assert i2c.i2c_scan(bus) == "25 30 56"
    with pytest.raises(SimError) as e:
        i2c.i2c_read(f"{bus} 64 1")
    assert (e.value.exc_name, e.value.message) == ("OSError", "I2C read error -1010")
    with pytest.raises(SimError) as e:
        i2c.i2c_write(f"{bus} 64 00")
    assert e.value.message == "I2C write error -1010"


# -- a pupil's program on every board ---------------------------------------------------------
ALARM = """
from kit import buzzer, env, sleep_ms
while True:
    h = env.humidity()
    if h > 70:
        print("trop humide", round(h))
        buzzer.tone(880, 200)
    sleep_ms(1000)
"""


@needs_vm
@pytest.mark.parametrize("board", BOARDS)
def test_a_humidity_alarm_beeps_when_the_air_gets_damp(program, board):
    if not can_simulate(board):
        pytest.skip(f"this simulator does not run {board} yet")
    with simulate(program(ALARM), board=board) as b:
        b.world.humidity = 55
        b.run(3)
        assert b.output == "" and not b.buzzer.tones
        b.world.humidity = 82.4
        b.run(2)
    assert b.output.splitlines()[0] == "trop humide 82"
    assert b.buzzer.tones and b.buzzer.tones[0].frequency == 880
