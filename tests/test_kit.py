"""The kit HAL on the micro:bit backend, exercised inside the MicroPython VM."""

from __future__ import annotations

from pathlib import Path

import pytest

from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.sim.heap import measure_import

KIT_BUDGET = 8 * 1024


def test_kit_heap_cost_in_the_vm():
    # microbit, music and utime are in ROM on the board: imported first, not counted
    used = measure_import("import kit\nfrom kit import compass, buzzer, display")
    print(f"kit + compass + buzzer + display: {used} bytes of heap (64-bit VM)")
    assert 0 < used <= KIT_BUDGET


def test_kit_fits_the_microbit_flash(tmp_path: Path):
    prog = tmp_path / "main.py"
    prog.write_text("from kit import compass\n")
    bundle = build_bundle(prog, load_boards().get("microbit-v2"))
    names = set(bundle.files)
    assert all("/" not in n for n in names)  # the micro:bit has no folders
    assert {"kit.py", "kit_compass.py", "kit_hw_microbit.py", "kitconfig.py"} <= names
    assert not any("hw_machine" in n or "hw_circuitpython" in n for n in names)
    print(f"kit on the micro:bit: {bundle.kit_size()} bytes")
    assert bundle.kit_size() <= KIT_BUDGET
    assert b'"""' not in bundle.files["kit_compass.py"]  # docstrings stripped for the board


def test_compass_heading_follows_the_board(sim):
    with sim("""
        from kit import compass, sleep_ms
        while True:
            print(compass.heading())
            sleep_ms(1000)
    """) as b:
        for h in (0, 90, 359, 180.4, 360):
            b.world.heading = h
            b.run(1)
        assert b.output.split() == ["0", "90", "359", "180", "0"]


def test_compass_field_strength_and_calibrate(sim):
    with sim("""
        from kit import compass
        compass.calibrate()
        print(compass.field_strength())
    """) as b:
        b.run(5)
    assert 40_000 < int(b.output) < 55_000  # Earth's field, in nT


@pytest.mark.parametrize(
    "direction,image",
    [
        (0, "ARROW_N"),
        (45, "ARROW_NE"),
        (90, "ARROW_E"),
        (180, "ARROW_S"),
        (270, "ARROW_W"),
        (359, "ARROW_N"),
        (-90, "ARROW_W"),
        (400, "ARROW_NE"),
    ],
)
def test_display_arrow(sim, direction, image):
    with sim(f"from kit import display\ndisplay.arrow({direction})\n") as b:
        b.run(0.1)
        assert b.display.shows(image)


def test_display_show_scroll_clear(sim):
    with sim("""
        from kit import display, sleep_ms
        display.show(display.HEART)
        sleep_ms(1000)
        display.show("A")
        sleep_ms(1000)
        display.scroll("Hi")
        display.show(7)
        sleep_ms(1000)
        display.clear()
    """) as b:
        b.run(0.5)
        assert b.display.shows("HEART")
        b.run(1)
        assert b.display.text == "09900:90090:99990:90090:90090"  # the font's 'A'
        b.run(5)
        assert b.display.image == [[0] * 5] * 5


def test_buzzer_tone_play_stop(sim):
    with sim("""
        from kit import buzzer, sleep_ms
        buzzer.tone(440, 500)
        buzzer.play(["c4:4", "r:2", "e4:2"])
        buzzer.play("g4:8", wait=False)
        sleep_ms(250)
        buzzer.stop()
    """) as b:
        b.run(5)
    tones = [(round(t.start, 3), t.frequency, round(t.duration, 3)) for t in b.buzzer.tones]
    # 120 bpm, 4 ticks a beat: a tick is 125 ms
    assert tones == [(0.0, 440, 0.5), (0.5, 262, 0.5), (1.25, 330, 0.25), (1.5, 392, 0.25)]


def test_buttons(sim):
    with sim("""
        from kit import buttons, sleep_ms
        while True:
            if buttons.a.was_pressed():
                print("A")
            if buttons.b.is_pressed():
                print("B held")
            sleep_ms(100)
    """) as b:
        b.run(0.5)
        b.press("A", duration=0.05)  # shorter than the loop: was_pressed still sees it
        b.run(0.5)
        b.hold("B")
        b.run(0.25)
        b.release("B")
        b.run(0.5)
    lines = b.output.split("\n")
    assert lines.count("A") == 1
    assert 2 <= lines.count("B held") <= 3


def test_motion_acceleration_follows_tilt(sim):
    with sim("""
        from kit import motion, sleep_ms
        while True:
            print(motion.acceleration())
            sleep_ms(1000)
    """) as b:
        b.run(0.5)
        b.world.pitch = 90  # standing on its edge, logo up
        b.run(1)
        b.world.pitch = 0
        b.world.roll = 90  # right edge down
        b.run(1)
    assert b.output.split("\n")[:3] == ["(0, 0, -1000)", "(0, -1000, 0)", "(1000, 0, 0)"]


def test_door_is_open_with_the_magnet_away(sim):
    with sim("""
        from kit import door, sleep_ms
        while True:
            print(door.is_open())
            sleep_ms(1000)
    """) as b:
        b.world.magnet_near = True
        b.run(0.5)
        b.world.magnet_near = False
        b.run(1)
    assert b.output.split() == ["False", "True"]


def test_sleep_ms_and_unknown_part(sim):
    with sim("""
        import kit
        from microbit import running_time
        kit.sleep_ms(1234)
        print(running_time())
        kit.speaker
    """) as b:
        from atelier.sim import LessonError

        with pytest.raises(LessonError) as e:
            b.run(2)
    assert b.output.strip() == "1234"
    assert "AttributeError" in e.value.summary and "compass" in e.value.summary


def test_env_on_microbit(sim):
    with sim("""
        from kit import env
        print(env.temperature())
        env.pressure()
    """) as b:
        b.world.temperature = 23.4
        from atelier.sim import LessonError

        with pytest.raises(LessonError) as e:
            b.run(1)
    assert b.output.strip() == "23"
    assert "no pressure sensor" in e.value.summary


ALL_BOARDS = ["microbit-v2", "microbit-v1", "pico", "esp32", "circuitplayground-bluefruit"]
DIE_FIVE = "90009:00000:00900:00000:90009"


@pytest.mark.parametrize("board", ALL_BOARDS)
def test_display_set_pixel_and_own_pictures(sim, board):
    with sim(
        """
        from kit import display, sleep_ms
        display.show("90009:00000:00900:00000:90009")
        sleep_ms(1000)
        display.clear()
        display.set_pixel(4, 2, 9)
        sleep_ms(1000)
        display.set_pixel(2, 2, 9)
        sleep_ms(1000)
        display.set_pixel(5, 0)
        """,
        board=board,
    ) as b:
        ring = board.startswith("circuit")
        b.run(0.5)  # a lesson's own picture, as the built-in ones
        assert b.display.shows(DIE_FIVE), b.display.text
        b.run(1)
        if ring:  # the ring lights its pixel on that side of the middle (east: 3 o'clock)
            assert b.display.lit() == [7]
        else:
            assert b.display.shows("00000:00000:00009:00000:00000"), b.display.text
        b.run(1)
        if ring:  # the middle: the whole ring
            assert b.display.lit() == list(range(10))
        else:
            assert b.display.shows("00000:00000:00909:00000:00000"), b.display.text
        from atelier.sim import LessonError

        with pytest.raises(LessonError) as e:
            b.run(1)
        assert "ValueError" in e.value.summary and "0 à 4" in e.value.summary


@pytest.mark.parametrize("board", ALL_BOARDS)
def test_one_shake_is_one_was_shaken(sim, board):
    with sim(
        """
        from kit import motion, sleep_ms
        n = 0
        while True:
            if motion.was_shaken():
                n += 1
                print(n)
            sleep_ms(50)
        """,
        board=board,
    ) as b:
        b.run(1)
        for _ in range(2):  # two shakes of 0.4 s, each with a few jolts, 1 s apart
            b.world.gesture = "shake"
            for a in ((2600, 0, -1000), (-2400, 300, -900)) * 2:
                b.world.acceleration = a
                b.run(0.1)
            b.world.acceleration = None
            b.world.gesture = None
            b.run(1)
    assert b.output.split() == ["1", "2"]
