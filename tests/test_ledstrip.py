"""The LED strip: each runtime's own NeoPixel path (the micro:bit's `neopixel`, MicroPython's
`neopixel` over `machine.bitstream`, CircuitPython's `neopixel_write`) in the VM, the bytes it
sends received by the simulator's strip (atelier.sim.components.ledstrip) as a WS2812 takes
them, and `kit.strip` in a pupil's program on every board that can wire it."""

from __future__ import annotations

import pytest
from conftest import needs_vm
from kit_wiring import BOARDS, STRIP, can_simulate, wired_bundle, wiring

from atelier.sim import LessonError, simulate
from atelier.sim.components.ledstrip import Strip


class FakeBoard:
    def __init__(self):
        from atelier.sim.components.ws2812 import WS2812Pins

        self.ws2812 = WS2812Pins()


def test_each_led_takes_green_red_blue_and_passes_the_rest_on():
    hw = FakeBoard()
    strip = Strip(hw, {"pin": 5, "count": 3})
    other = Strip(hw, {"pin": 6, "count": 2})
    hw.ws2812.neopixel_write("5 " + bytes([10, 200, 30, 0, 0, 255]).hex())
    assert strip.pixels == [(200, 10, 30), (0, 0, 255), (0, 0, 0)]
    assert strip.lit() == [0, 1] and other.pixels == [(0, 0, 0)] * 2
    hw.ws2812.neopixel_write("5 " + bytes(range(12)).hex())  # more bytes than LEDs: dropped
    assert strip.pixels == [(1, 0, 2), (4, 3, 5), (7, 6, 8)]


NATIVE = {
    "microbit-v2": """
from microbit import pin13
import neopixel
np = neopixel.NeoPixel(pin13, 10)
np[0] = (255, 0, 0)
np[9] = (0, 0, 17)
np.show()
""",
    "pico": """
from machine import Pin
import neopixel
np = neopixel.NeoPixel(Pin(22), 10)
np[0] = (255, 0, 0)
np[9] = (0, 0, 17)
np.write()
""",
    "circuitplayground-bluefruit": """
import board, digitalio
from neopixel_write import neopixel_write
pin = digitalio.DigitalInOut(board.A6)
pin.switch_to_output()
buf = bytearray(30)
buf[0:3] = bytes((0, 255, 0))
buf[27:30] = bytes((0, 0, 17))
neopixel_write(pin, buf)
""",
}


@needs_vm
@pytest.mark.parametrize("board", list(NATIVE))
def test_the_runtimes_own_neopixel_path_reaches_the_strip(program, board):
    with simulate(program(NATIVE[board]), board=board) as b:
        strip = Strip(b.hardware, wiring(STRIP, board))
        b.run(1)
    assert strip.pixels[0] == (255, 0, 0) and strip.pixels[9] == (0, 0, 17)
    assert strip.lit() == [0, 9]


RAINBOW = """
from kit import strip, sleep_ms
colours = [(255, 0, 0), (255, 128, 0), (255, 255, 0), (0, 255, 0), (0, 0, 255)]
shift = 0
while True:
    for i in range(len(strip)):
        strip[i] = colours[(i + shift) % len(colours)]
    strip.show()
    shift = shift + 1
    sleep_ms(500)
"""


@needs_vm
@pytest.mark.parametrize("board", BOARDS)
def test_a_moving_rainbow(program, board):
    if not can_simulate(board):
        pytest.skip(f"this simulator does not run {board} yet")
    w = wiring(STRIP, board)
    with simulate(wired_bundle(program(RAINBOW), board, strip=w), board=board) as b:
        strip = Strip(b.hardware, w)
        b.run(0.25)
        first = list(strip.pixels)
        b.run(0.5)
        second = list(strip.pixels)
    red, orange, yellow, green, blue = (
        (255, 0, 0),
        (255, 128, 0),
        (255, 255, 0),
        (0, 255, 0),
        (0, 0, 255),
    )
    assert first == [red, orange, yellow, green, blue] * 2
    assert second == [orange, yellow, green, blue, red] * 2  # one step along


@needs_vm
def test_fill_clear_len_and_pupils_mistakes(program):
    source = program(
        """
        from kit import strip
        print(len(strip))
        strip.fill((0, 0, 40))
        strip[-1] = (9, 9, 9)
        strip.show()
        print(strip[0], strip[9])
        for bad in ((1, 2), (0, 0, 256), "red"):
            try:
                strip[0] = bad
            except ValueError as e:
                print(str(e).split(" / ")[-1])
        strip[10] = (1, 1, 1)
        """
    )
    w = STRIP["pico"]
    with simulate(wired_bundle(source, "pico", strip=w), board="pico") as b:
        strip = Strip(b.hardware, w)
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert strip.pixels == [(0, 0, 40)] * 9 + [(9, 9, 9)]
    assert b.output.splitlines() == [
        "10",
        "(0, 0, 40) (9, 9, 9)",
        "a colour is (red, green, blue), each 0-255, not (1, 2)",
        "a colour is (red, green, blue), each 0-255, not (0, 0, 256)",
        "a colour is (red, green, blue), each 0-255, not 'red'",
    ]
    assert e.value.exc_line.startswith("IndexError: LED 10 : le ruban en a 10 / ")
    assert e.value.exc_line.endswith("LED 10: the strip has 10 (0 to 9)")
