"""A class set of Pico Ws runs every lesson a Pico runs: the lessons claim it, the author check
asks for it, a copy made before says how to add it, and Pin(25) (the Pico's LED, the Pico W's
wireless chip) is pointed at Pin("LED")."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from atelier.boards import load_boards
from atelier.lessons import all_lessons, load_lesson

ROOT = Path(__file__).resolve().parents[1]


def _atelier(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "300", "ATELIER_LANG": "en",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "host_tools"),
                                          os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "atelier", "--lang", "en", *args],
                          capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)  # fmt: skip


def _program(tmp_path: Path, text: str, name: str = "main.py") -> Path:
    p = tmp_path / name
    p.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return p


def test_the_pico_w_runs_every_lesson_of_the_pico_and_no_other_pair():
    known = load_boards()
    assert known.running_lessons_of("pico") == ["pico-w"]
    # the Pico lacks the Pico W's network; the micro:bits, the ESP32 and the CPB differ in wiring
    assert {b: known.running_lessons_of(b) for b in known.ids() if b != "pico"} == {
        b: [] for b in known.ids() if b != "pico"}  # fmt: skip


def test_every_lesson_of_the_library_on_the_pico_claims_the_pico_w():
    on_pico = [lesson for lesson in all_lessons() if "pico" in lesson.info.boards]
    assert len(on_pico) >= 20
    assert [x.id for x in on_pico if "pico-w" not in x.info.boards] == []


def test_the_author_check_asks_a_pico_lesson_for_the_pico_w(tmp_path):
    from atelier.authoring import check_lesson
    from atelier.scaffold import new_lesson

    # atelier new with no --board claims both; --board pico, only what it is told
    default = new_lesson(tmp_path / "par-defaut")
    assert {"pico", "pico-w"} <= set(load_lesson(default).info.boards)
    assert not [p for p in check_lesson(load_lesson(default), run=False) if "pico-w" in str(p)]
    folder = new_lesson(tmp_path / "sur-la-pico", boards=["pico"])
    problems = [str(p) for p in check_lesson(load_lesson(folder), run=False)]
    toml = (folder / "lesson.toml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(toml, 1) if text.startswith("boards = "))
    assert [p for p in problems if "pico-w" in p] == [
        f"{folder / 'lesson.toml'}:{line}: boards: pico-w (Raspberry Pi Pico W) runs every "
        'lesson of pico (the same kit wiring, and more): add "pico-w" to boards'
    ]


def test_a_lesson_copied_before_the_pico_w_says_how_to_add_it(tmp_path):
    import shutil

    copy = tmp_path / "compteur-boutons"
    shutil.copytree(ROOT / "lessons" / "compteur-boutons", copy)
    toml = copy / "lesson.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"pico-w", ', ""), encoding="utf-8")
    for args in (("run", str(copy), "--board", "pico-w", "--seconds", "1"),
                 ("bundle", str(copy), "--board", "pico-w", "--out", str(tmp_path / "out")),
                 ("check", str(copy), "--board", "pico-w")):  # fmt: skip
        r = _atelier(*args)
        lines = [line for line in r.stderr.splitlines() if line.strip()]
        assert r.returncode == 1 and "Traceback" not in r.stdout + r.stderr, args
        assert len(lines) == 1, lines
        assert lines[0].endswith(
            f'(pico-w runs every lesson of pico: add "pico-w" to boards in {toml})'
        ), lines


def test_pin_25_on_a_pico_w_is_not_the_led_and_the_bundle_says_so(tmp_path):
    from atelier.bundle import build_bundle
    from atelier.sim import simulate

    known = load_boards()
    led = _program(tmp_path, """
        from machine import Pin
        Pin("LED", Pin.OUT).on()
    """, "led.py")  # fmt: skip
    pin25 = _program(tmp_path, """
        from machine import Pin
        led = Pin(25, Pin.OUT)
        led.on()
    """, "pin25.py")  # fmt: skip
    assert build_bundle(led, known.get("pico-w")).warnings == []
    assert build_bundle(pin25, known.get("pico")).warnings == []  # the Pico's LED
    vbus = _program(tmp_path, "from machine import Pin\nprint(Pin(24, Pin.IN).value())\n", "v.py")
    assert build_bundle(vbus, known.get("pico")).warnings == []  # reading VBUS: a real use
    out24 = _program(tmp_path, "from machine import Pin\nPin(24, mode=Pin.OUT)\n", "o.py")
    assert len(build_bundle(out24, known.get("pico")).warnings) == 1
    assert 'Pin("LED")' not in build_bundle(out24, known.get("pico")).warnings[0]
    assert build_bundle(pin25, known.get("pico-w")).warnings == [
        f"{pin25}:2: warning: Pin(25) is not on the Raspberry Pi Pico W's header: the board uses "
        'it itself, nothing plugged in reaches it; the on-board LED is Pin("LED")'
    ]
    # as on the board (ports/rp2/boards/RPI_PICO_W/pins.csv: LED is the CYW43's WL_GPIO0)
    for board_id, led_pin in (("pico", "25"), ("pico-w", "EXT_GPIO0")):
        with simulate(led, board=board_id) as b:
            b.run(0.1)
            assert b.hardware.pins.driven(led_pin) == 1, board_id
    with simulate(pin25, board="pico-w") as b:
        b.run(0.1)
        assert b.hardware.pins.driven("EXT_GPIO0") is None  # the LED stays off
        assert b.hardware.pins.driven("25") == 1  # the wireless chip's select line


def test_no_inner_pin_warning_for_the_pico_lessons_on_the_pico_w():
    from atelier.bundle import build_bundle

    known = load_boards()
    for lesson in all_lessons():
        if "pico-w" in lesson.info.boards:
            assert build_bundle(lesson, known.get("pico-w")).warnings == [], lesson.id
