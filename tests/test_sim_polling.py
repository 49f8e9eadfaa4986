"""A program that polls the hardware in a loop without ever sleeping still moves the virtual
clock on, as the real calls take time on the board: it sees the world change, and a run of N
seconds ends after N seconds, on every kind of board."""

from __future__ import annotations

import time

import pytest

US = 1_000_000


def _run_polling(sim, source: str, board: str, button: str = "A"):
    """Run a program that polls button `button` (pressed at 0.3 s) then polls forever."""
    with sim(source, board=board) as b:
        b.sim.at(int(0.3 * US), lambda: b.hold(button))
        wall = time.monotonic()
        b.run(0.6)
        wall = time.monotonic() - wall
        assert b.time == pytest.approx(0.6)  # the run ended on time
        assert not b.ended  # the program still polls
    return b, wall


def test_a_microbit_polling_the_radio_moves_the_clock(sim):
    b, wall = _run_polling(
        sim,
        """
        import radio
        from microbit import button_a, running_time
        radio.on()
        n = 0
        while not button_a.is_pressed():
            radio.receive_bytes()
            n += 1
        print("pressed at", running_time(), n > 100)
        while True:
            radio.receive_bytes()
        """,
        "microbit-v2",
    )
    at, many = b.output.split()[2:]
    assert 300 <= int(at) <= 302 and many == "True"
    assert wall < 20  # wall seconds: polling is cheap enough to simulate


@pytest.mark.parametrize(("board", "pin"), [("pico", 14), ("esp32", 32)])
def test_a_machine_board_polling_a_pin_moves_the_clock(sim, board, pin):
    b, wall = _run_polling(
        sim,
        f"""
        import time
        from machine import Pin
        a = Pin({pin}, Pin.IN, Pin.PULL_UP)
        while a.value() == 1:
            pass
        print("pressed at", time.ticks_ms())
        while True:
            a.value()
        """,
        board,
    )
    assert 300 <= int(b.output.split()[2]) <= 301
    assert wall < 20  # wall seconds: polling is cheap enough to simulate


def test_a_circuitpython_board_polling_a_button_moves_the_clock(sim):
    b, wall = _run_polling(
        sim,
        """
        import board, digitalio, time
        a = digitalio.DigitalInOut(board.BUTTON_A)
        a.switch_to_input(pull=digitalio.Pull.DOWN)
        while not a.value:
            pass
        print("pressed at", round(time.monotonic(), 2))
        while True:
            a.value
        """,
        "circuitplayground-bluefruit",
    )
    assert b.output.split()[2] == "0.3"
    assert wall < 20  # wall seconds: polling is cheap enough to simulate
