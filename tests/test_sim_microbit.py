"""An ordinary micro:bit program (no kit) sees the `microbit` module the V2 docs describe."""

from __future__ import annotations

import pytest

from atelier.sim import LessonError
from atelier.sim.components.buzzer import note_frequency


def test_image_class_behaves_like_the_board(sim):
    with sim("""
        from microbit import Image
        i = Image("90009:09090:00900:09090:90009")
        print(i.width(), i.height(), i.get_pixel(0, 0), i.get_pixel(2, 2), i.get_pixel(1, 0))
        print(repr(i.shift_left(1)))
        print(repr(i.crop(1, 1, 2, 2)))
        print(repr(Image(2, 2, bytearray([1, 2, 3, 4])) * 2))
        print(repr(Image("11:11") + Image("22:22")))
        print(repr(Image.HEART.invert()))
        c = Image.HEART.copy(); c.set_pixel(0, 0, 5); print(c.get_pixel(0, 0))
        print(Image.HEART == Image("09090:99999:99999:09990:00900"))
        print(len(Image.ALL_CLOCKS), len(Image.ALL_ARROWS))
        try:
            Image("12a45")
        except ValueError as e:
            print("ValueError")
        try:
            i.set_pixel(5, 0, 1)
        except ValueError as e:
            print("ValueError", e)
    """) as b:
        b.run(1)
    assert b.output.splitlines() == [
        "5 5 9 9 0",
        "Image('00090:90900:09000:90900:00090:')",
        "Image('90:09:')",
        "Image('24:68:')",
        "Image('33:33:')",
        "Image('90909:00000:00000:90009:99099:')",
        "5",
        "True",
        "12 8",
        "ValueError",
        "ValueError index too large",
    ]


def test_scroll_timing_and_blank_at_the_end(sim):
    with sim("""
        from microbit import display, running_time
        display.scroll("I")
        print(running_time())
    """) as b:
        b.run(0.15 * 2 + 0.01)  # 'I' enters from the right: 2 steps in
        assert b.display.image[0][4] == 9 or b.display.image[0][3] == 9
        b.run(5)
    # 'I' is 3 columns wide + 1 space + 5 to leave: 9 steps of 150 ms
    assert b.output.strip() == str(9 * 150)
    assert b.display.image == [[0] * 5] * 5


def test_show_sequence_no_wait_and_loop(sim):
    with sim("""
        from microbit import display, Image, sleep
        display.show([Image.YES, Image.NO], delay=500, wait=False, loop=True)
        print("went on")
        sleep(100000)
    """) as b:
        b.run(0.1)
        assert b.output == "went on\n"
        assert b.display.shows("YES")
        b.run(0.5)
        assert b.display.shows("NO")
        b.run(0.5)
        assert b.display.shows("YES")


def test_set_and_get_pixel_and_light(sim):
    with sim("""
        from microbit import display
        display.set_pixel(1, 2, 7)
        print(display.get_pixel(1, 2), display.get_pixel(0, 0), display.read_light_level())
    """) as b:
        b.world.light = 120
        b.run(1)
    assert b.output.strip() == "7 0 120"
    assert b.display.image[2][1] == 7


def test_buttons_presses_and_logo(sim):
    with sim("""
        from microbit import button_a, button_b, pin_logo, sleep
        sleep(2000)
        print(button_a.get_presses(), button_b.was_pressed(), pin_logo.is_touched())
    """) as b:
        for _ in range(3):
            b.press("A")
            b.run(0.3)
        b.touch("logo")
        b.run(2)
    assert b.output.strip() == "3 False True"


def test_press_unknown_button_is_a_clear_error(sim):
    with sim("print(1)\n") as b:
        with pytest.raises(ValueError, match="buttons: A, B"):
            b.press("C")


@pytest.mark.parametrize(
    "pitch,roll,gesture",
    [
        (0, 0, "face up"),
        (60, 0, "up"),
        (-60, 0, "down"),
        (0, 60, "right"),
        (0, -60, "left"),
        (0, 180, "face down"),
    ],
)
def test_gestures_from_orientation(sim, pitch, roll, gesture):
    with sim("""
        from microbit import accelerometer, sleep
        sleep(100)
        print(accelerometer.current_gesture())
    """) as b:
        b.world.pitch = pitch
        b.world.roll = roll
        b.run(1)
    assert b.output.strip() == gesture


def test_was_gesture_shake(sim):
    with sim("""
        from microbit import accelerometer, sleep
        sleep(1000)
        print(accelerometer.was_gesture("shake"), accelerometer.was_gesture("shake"))
    """) as b:
        b.run(0.2)
        b.world.gesture = "shake"
        b.run(0.1)
        b.world.gesture = None
        b.run(1)
    assert b.output.strip() == "True False"


def test_compass_vectors_and_heading(sim):
    with sim("""
        from microbit import compass
        import math
        x, y, z = compass.get_x(), compass.get_y(), compass.get_z()
        print(compass.heading(), round(math.degrees(math.atan2(-x, y))) % 360, z < 0)
    """) as b:
        b.world.heading = 120
        b.run(1)
    assert b.output.strip() == "120 120 True"


def test_music_builtin_melody_tempo_and_pitch(sim):
    with sim("""
        import music
        music.set_tempo(bpm=240)
        print(music.get_tempo())
        music.play(music.BA_DING)
        music.pitch(1000, 100)
        music.reset()
        print(music.get_tempo())
    """) as b:
        b.run(5)
    assert b.output.splitlines() == ["(240, 4)", "(120, 4)"]  # (bpm, ticks) as modmusic.c
    tones = b.buzzer.tones
    # BA_DING is b5:1 e6:3 at 240 bpm (62.5 ms a tick), each note 10 ms short (articulation)
    assert [(t.frequency, round(t.duration, 4)) for t in tones[:2]] == [
        (note_frequency("b", "", 5), 0.0525),
        (note_frequency("e", "", 6), 0.1775),
    ]
    assert tones[1].start - tones[0].start == pytest.approx(0.0625)  # 10 ms of silence between
    assert (tones[-1].frequency, tones[-1].duration) == (1000, 0.1)
    assert tones[-1].start == pytest.approx(0.25, abs=1e-3)  # + the few µs set_tempo takes


def test_note_frequencies():
    assert note_frequency("a", "", 4) == 440
    assert note_frequency("c", "", 4) == 262
    assert note_frequency("c", "#", 4) == note_frequency("d", "b", 4) == 277


def test_bad_note_is_a_value_error_in_the_program(sim):
    with sim("import music\nmusic.play(['c4:4', 'x9'])\n") as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert e.value.line == 2 and "ValueError" in e.value.summary


def test_pins_read_and_write(sim):
    with sim("""
        from microbit import pin0, pin1, pin2
        pin0.write_digital(1)
        pin1.write_analog(512)
        print(pin2.read_digital(), pin1.read_analog())
    """) as b:
        b.world.pins = {2: 1, 1: 300}
        b.run(1)
    assert b.output.strip() == "1 300"
    assert b.hardware.pin_out == {0: ("d", 1), 1: ("a", 512)}


def test_temperature_running_time_and_panic(sim):
    with sim("""
        from microbit import temperature, running_time, sleep, panic
        sleep(250)
        print(temperature(), running_time())
        panic(42)
    """) as b:
        b.world.temperature = 18.6
        b.run(2)
    assert b.output.strip() == "19 250"
    assert b.hardware.board.panic_code == 42 and b.display.shows("SAD")


def test_from_microbit_import_star_does_not_leak_internals(sim):
    with sim("""
        from microbit import *
        print(sorted(n for n in dir() if n.startswith("_") and not n.startswith("__")))
        print(callable(sleep), type(display).__name__ != "", "Image" in dir())
    """) as b:
        b.run(1)
    lines = b.output.splitlines()
    assert lines[0] == "[]"
    assert lines[1] == "True True True"


def test_pitch_without_duration_returns_at_once(sim):
    with sim(
        """
        import music
        from microbit import sleep
        music.pitch(440)
        sleep(500)
        music.stop()
        print("stopped")
        """
    ) as b:
        b.run(1)
    assert b.output.strip() == "stopped"
    (tone,) = b.buzzer.tones
    assert tone.frequency == 440 and tone.duration == pytest.approx(0.5, abs=1e-3)


def test_each_play_starts_from_octave_4_and_4_ticks(sim):
    with sim("import music\nmusic.play(['c5:8'])\nmusic.play(['d'])\n") as b:
        b.run(3)
    (_, d) = b.buzzer.tones
    assert d.frequency == note_frequency("d", "", 4) and d.duration == pytest.approx(0.49)


@pytest.mark.parametrize("roll,gesture", [(20, "face up"), (50, ""), (60, "right"), (-60, "left")])
def test_tilt_gestures_need_800_mg_like_codal(sim, roll, gesture):
    with sim("from microbit import *\nsleep(100)\nprint(accelerometer.current_gesture())\n") as b:
        b.world.roll = roll
        b.run(1)
    assert b.output.strip() == gesture


def test_was_gesture_is_per_gesture_and_names_are_checked(sim):
    with sim(
        """
        from microbit import accelerometer, sleep
        sleep(1000)
        print(accelerometer.was_gesture("left"), accelerometer.was_gesture("shake"))
        print(accelerometer.was_gesture("left"))
        accelerometer.was_gesture("wobble")
        """
    ) as b:
        b.world.roll = -60
        b.run(0.2)
        b.world.gesture = "shake"
        b.run(0.2)
        b.world.gesture = None
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert b.output.splitlines() == ["True True", "False"]
    assert "ValueError: invalid gesture" in e.value.summary


def test_compass_follows_the_field_near_a_magnet(sim):
    with sim(
        "from microbit import *\nwhile True:\n    print(compass.heading())\n    sleep(500)\n"
    ) as b:
        b.world.heading = 90
        b.run(0.3)
        b.world.hard_iron = (30_000, 0, 0)  # uncalibrated hard iron drags the needle
        b.run(0.5)
        b.world.hard_iron = (0, 0, 0)
        b.run(0.5)
    first, dragged, back = (int(x) for x in b.output.split()[:3])
    assert first == 90 and back == 90 and abs(dragged - 90) > 20


def test_sys_names_the_board_and_sleep_takes_what_the_board_takes(sim):
    with sim(
        """
        import sys, utime
        from microbit import *
        print(sys.platform, sys.implementation.version[:2])
        sleep(12.5)
        print(running_time(), audio.is_playing())
        print(repr(Image("99:99") - Image("12:34")), repr(Image("88:88") / 2))
        utime.sleep_ms(1000 / 4)
        """
    ) as b:
        with pytest.raises(LessonError) as e:
            b.run(1)
    assert b.output.splitlines() == [
        "microbit (1, 18)",
        "12 False",
        "Image('87:65:') Image('44:44:')",
    ]
    assert e.value.line == 7 and "TypeError" in e.value.summary
