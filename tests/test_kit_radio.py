"""kit.radio: one radio API for pupils on every board that has a radio (the micro:bit's radio,
ESP-NOW between ESP32s), refused in one line on the boards without one."""

from __future__ import annotations

import pytest

from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.errors import UserError
from atelier.sim import simulate_many

SENDER = """
    from kit import buttons, radio, sleep_ms
    radio.group(4)
    while True:
        if buttons.a.was_pressed():
            radio.send("ouverte")
            radio.send_bytes(bytes([1, 2, 250]))
        sleep_ms(20)
"""

POCKET = """
    from kit import radio, sleep_ms
    radio.group({group})
    while True:
        sleep_ms(50)
        message = radio.receive()
        if message:
            print(message)
            print(radio.receive_bytes())
"""


@pytest.mark.parametrize("board", ["microbit-v2", "microbit-v1", "esp32"])
def test_a_message_reaches_the_same_group_only(program, board):
    boards = [program(SENDER, "s.py"), program(POCKET.format(group=4), "p.py"),
              program(POCKET.format(group=5), "o.py")]  # fmt: skip
    with simulate_many(boards, board) as (s, pocket, other):
        s.run(0.5)
        s.press("A")
        s.run(0.5)
        assert pocket.output == "ouverte\nb'\\x01\\x02\\xfa'\n"
        assert other.output == ""


def test_a_microbit_with_the_kit_talks_to_one_without(program):
    plain = program("""
        import radio
        from microbit import sleep
        radio.config(group=4)
        while True:
            m = radio.receive()
            if m:
                print(m)
            sleep(20)
        """, "plain.py")  # fmt: skip
    sender = program(SENDER.replace("radio.send_bytes(bytes([1, 2, 250]))", ""), "s.py")
    with simulate_many([(sender, "microbit-v2"), (plain, "microbit-v1")]) as (
        s,
        p,
    ):
        s.press("A")
        s.run(0.5)
        assert p.output == "ouverte\n"


def test_nothing_received_is_none(program):
    src = program("""
        from kit import radio
        print(radio.receive(), radio.receive_bytes())
        """)  # fmt: skip
    with simulate_many([src], "esp32") as (b,):
        b.run(0.5)
        assert b.output == "None None\n"


@pytest.mark.parametrize("board", ["pico", "circuitplayground-bluefruit"])
def test_a_board_without_radio_is_refused_in_one_line(program, board):
    src = program("from kit import radio\nradio.send('x')\n")
    with pytest.raises(UserError) as e:
        build_bundle(src, load_boards().get(board))
    assert str(e.value).startswith("kit.radio: ")
    assert "\n" not in str(e.value)


def test_a_group_out_of_range_says_so(program):
    src = program("from kit import radio\nradio.group(300)\n")
    with simulate_many([src]) as (b,), pytest.raises(Exception) as e:
        b.run(0.2)
    assert "group from 0 to 255" in str(e.value)
