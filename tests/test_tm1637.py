"""The 4-digit display: our TM1637 driver (firmware/drivers/tm1637.py) in the VM against the
simulator's bit-level model (atelier.sim.components.tm1637), the model against the datasheet's
frames (malformed ones ignored, like the chip), and `kit.digits` in a pupil's program on every
board that can wire it."""

from __future__ import annotations

import pytest
from conftest import needs_vm
from kit_wiring import BOARDS, DIGITS, can_simulate, wired_bundle, wiring

from atelier.sim import LessonError, simulate
from atelier.sim.components.pins import Pins
from atelier.sim.components.tm1637 import Digits
from atelier.sim.world import World


class FakeMachine:
    """A machine board's pins alone: what the model hooks into."""

    def __init__(self):
        self.pins = Pins(World(), {})


def _bitbang(hw, frames, cut=None):
    """Drive CLK (pin 1) and DIO (pin 2) as a correct driver does; `cut` stops a frame after
    that many bits (a malformed frame)."""
    pins = hw.pins

    def put(name, level):
        pins.pin_mode(f"{name} 1")
        pins.pin_set_level(f"{name} {level}")

    put(1, 1)
    put(2, 1)
    for frame in frames:
        put(2, 0)  # start
        put(1, 0)
        bits = 0
        for byte in frame:
            for i in range(8):
                if cut is not None and bits == cut:
                    break
                put(2, (byte >> i) & 1)
                put(1, 1)
                put(1, 0)
                bits += 1
            else:
                pins.pin_mode("2 0")  # release DIO: the chip acknowledges
                assert pins.level("2") == 0
                put(1, 1)
                put(1, 0)
        put(2, 0)
        put(1, 1)
        put(2, 1)  # stop


def test_model_decodes_the_datasheets_frames():
    hw = FakeMachine()
    d = Digits(hw, {"clk": 1, "dio": 2})
    assert d.text == "    " and not d.on  # off at power-on
    _bitbang(hw, [(0x40,), (0xC0, 0x06, 0x5B | 0x80, 0x4F, 0x66), (0x8A,)])
    assert (d.text, d.colon, d.on, d.brightness, d.frames) == ("1234", True, True, 2, 3)
    _bitbang(hw, [(0x44,), (0xC3, 0x3F)])  # fixed address: digit 3 only
    assert d.text == "1230"
    _bitbang(hw, [(0x80,)])  # display off
    assert d.text == "    "


def test_model_ignores_a_frame_cut_short():
    hw = FakeMachine()
    d = Digits(hw, {"clk": 1, "dio": 2})
    _bitbang(hw, [(0x40,), (0xC0, 0x3F, 0x3F, 0x3F, 0x3F), (0x88,)])
    _bitbang(hw, [(0xC0, 0x06)], cut=5)  # 5 bits of the command, then a stop
    assert d.text == "0000" and d.frames == 3


PROBE = """
import time
from tm1637 import TM1637
{pins}
d = TM1637(clk, dio, read)
for x in (1234, "HI", "12:34", -7):
    d.show(x)
    print(x)
    time.sleep(0.1)
for bad in (12345, "HELLO", "W"):
    try:
        d.show(bad)
    except ValueError as e:
        print(e)
d.clear()
print("clear")
"""
MICROBIT = (
    "from microbit import pin14 as ck, pin15 as dt\n"
    "clk, dio, read = ck.write_digital, dt.write_digital, dt.read_digital"
)
# The driver takes its caller's line operations (drive CLK, drive DIO, let DIO go and read it),
# as the kit's digits part gives them on each runtime
PINS = {
    "pico": "from machine import Pin\nck, dt = Pin(20, Pin.OUT), Pin(21)\nclk = ck.value\n"
    "dio = lambda v: dt.init(Pin.OUT, value=v)\n"
    "read = lambda: dt.init(Pin.IN, Pin.PULL_UP) or dt.value()",
    "microbit-v2": MICROBIT,  # the V1 runs the kit's counter below: this probe is too big for it
    "circuitplayground-bluefruit": (
        "import board, digitalio\n"
        "ck, dt = digitalio.DigitalInOut(board.A2), digitalio.DigitalInOut(board.A3)\n"
        "ck.switch_to_output()\n"
        "def clk(v):\n    ck.value = v\n"
        "dio = lambda v: dt.switch_to_output(value=bool(v))\n"
        "read = lambda: dt.switch_to_input(pull=digitalio.Pull.UP) or dt.value"
    ),
}


@needs_vm
@pytest.mark.parametrize("board", list(PINS))
def test_driver_in_the_vm_on_each_runtimes_pins(program, board):
    shown = {}
    source = program(PROBE.format(pins=PINS[board]))
    with simulate(wired_bundle(source, board, drivers=["tm1637"]), board=board) as b:
        d = Digits(b.hardware, wiring(DIGITS, board))
        step = 0
        while not b.ended and step < 200:
            b.run(0.05)
            step += 1
            for line in b.output.splitlines():
                shown.setdefault(line, (d.text, d.colon))
    assert shown["1234"] == ("1234", False)
    assert shown["HI"] == ("HI  ", False)
    assert shown["12:34"] == ("1234", True)
    assert shown["-7"] == ("  -7", False)
    assert shown["clear"] == ("    ", False)
    assert [ln.split(" / ")[-1] for ln in b.output.splitlines() if "/" in ln] == [
        "12345 has more than 4 digits",
        "'HELLO' is more than 4 characters",
        "7 segments cannot show 'W'",
    ]


@needs_vm
def test_an_unplugged_display_is_one_clear_error(program):
    source = program("from kit import digits\ndigits.show(1)\n")
    loose = {"clk": 10, "dio": 11}  # wired there, but no display on those pins
    with simulate(wired_bundle(source, "pico", digits=loose), board="pico") as b:
        with pytest.raises(LessonError) as e:  # nothing acknowledges
            b.run(1)
    assert e.value.exc_line.startswith("OSError: l'afficheur 4 chiffres ne répond pas")
    assert "the 4-digit display does not answer" in e.value.exc_line


@needs_vm
def test_a_kit_without_digits_says_what_to_wire(program):
    source = program("from kit import digits\ndigits.show(1)\n")
    with simulate(wired_bundle(source, "pico", digits=None), board="pico") as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert "digits" in e.value.exc_line


COUNTER = """
from kit import digits, buttons, sleep_ms
n = 0
digits.show("GO")
sleep_ms(1000)
while True:
    digits.show(n)
    n = n + 1
    sleep_ms(1000)
"""


@needs_vm
@pytest.mark.parametrize("board", BOARDS)
def test_a_counter_on_the_display(program, board):
    if not can_simulate(board):
        pytest.skip(f"this simulator does not run {board} yet")
    w = wiring(DIGITS, board)
    # on the V1 too: its official runtime in QEMU (bench/v1_qemu.py --accessories) runs it,
    # with 6144 B free once the driver is loaded and 1234 shown (the simulated V1: 6425 B)
    with simulate(wired_bundle(program(COUNTER), board, digits=w), board=board) as b:
        d = Digits(b.hardware, w)
        b.run(0.5)
        assert d.text == "G0  "  # on seven segments an O is a 0
        seen = []
        for _ in range(4):
            b.run(1)
            seen.append(d.text)
    assert seen == ["   0", "   1", "   2", "   3"]
