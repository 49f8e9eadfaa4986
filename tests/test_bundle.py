"""Bundle: what goes onto a board, and what stops before anything is sent."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from atelier.boards import load_boards
from atelier.bundle import KIT_PARTS, STAR_PARTS, build_bundle, strip_source
from atelier.errors import UserError
from atelier.lessons import load_lesson
from atelier.paths import lessons_dir

MICROBIT = load_boards().get("microbit-v2")


def test_lesson_bundle_for_microbit():
    lesson = load_lesson("boussole-numerique")
    bundle = build_bundle(lesson, MICROBIT)
    assert bundle.files["main.py"] == (lessons_dir() / "boussole-numerique/main.py").read_bytes()
    assert "test_lesson.py" not in bundle.files and "lesson.toml" not in bundle.files
    assert not any(n.endswith(".md") for n in bundle.files)
    cfg = bundle.files["kitconfig.py"].decode()
    assert "BACKEND = 'microbit'" in cfg and "FLAT = True" in cfg


def test_strip_source_keeps_lines_and_meaning():
    src = (
        '"""Module doc."""\n'
        "import x  # comment\n"
        "\n"
        "def f(a):\n"
        '    """Doc\n'
        '    on two lines."""\n'
        "    return '#not a comment'  # but this is\n"
        "\n"
        "class C:\n"
        '    """Only a docstring."""\n'
    )
    out = strip_source(src)
    assert len(out.splitlines()) == len(src.splitlines())
    assert "Doc" not in out and "comment\n" not in out and "'#not a comment'" in out
    tree = ast.parse(out)
    assert isinstance(tree.body[-1].body[0], ast.Pass)
    assert out.splitlines()[6] == "    return '#not a comment'"


def test_syntax_error_stops_with_path_and_line(tmp_path: Path):
    p = tmp_path / "main.py"
    p.write_text("from kit import display\nif True\n    display.show(1)\n")
    with pytest.raises(UserError) as e:
        build_bundle(p, MICROBIT)
    assert str(e.value).startswith(f"{p}:2: SyntaxError:")


def test_syntax_the_microbit_runtime_cannot_parse_is_caught(tmp_path: Path):
    # Valid CPython 3.11, but MicroPython has no `match` statement.
    p = tmp_path / "main.py"
    p.write_text("x = 1\nmatch x:\n    case 1:\n        pass\n")
    with pytest.raises(UserError) as e:
        build_bundle(p, MICROBIT)
    msg = str(e.value)
    assert msg.startswith(f"{p}:") and "SyntaxError" in msg and "microbit-v2" in msg


def test_lesson_that_does_not_support_the_board(tmp_path: Path):
    src = lessons_dir() / "boussole-numerique"
    toml = re.sub(
        r"(?m)^boards = .*$", 'boards = ["microbit-v2"]', (src / "lesson.toml").read_text()
    )
    (tmp_path / "lesson.toml").write_text(toml)
    (tmp_path / "main.py").write_bytes((src / "main.py").read_bytes())
    cpb = load_boards().get("circuitplayground-bluefruit")
    with pytest.raises(UserError, match="does not support circuitplayground-bluefruit; it sup"):
        build_bundle(load_lesson(tmp_path), cpb)


def test_folders_are_refused_on_a_flat_filesystem(tmp_path: Path):
    src = lessons_dir() / "boussole-numerique"
    dest = tmp_path / "copy"
    dest.mkdir()
    for f in ("lesson.toml", "main.py"):
        (dest / f).write_bytes((src / f).read_bytes())
    (dest / "data").mkdir()
    (dest / "data" / "notes.txt").write_text("x")
    with pytest.raises(UserError, match="has no folders"):
        build_bundle(load_lesson(dest), MICROBIT)


def test_unknown_lesson_lists_the_shipped_ones():
    with pytest.raises(UserError, match="shipped lessons: .*alarme-casier.*boussole-numerique"):
        load_lesson("boussole")


def test_malformed_lesson_toml_names_file_line_key(tmp_path: Path):
    (tmp_path / "lesson.toml").write_text(
        'id = "x"\nlevel = "facile"\nduration_min = 5\nboards = ["microbit-v2"]\n'
        '[title]\nfr = "t"\nen = "t"\n[hardware]\nfr = []\nen = []\n'
        "[objectives]\nfr = []\nen = []\n"
    )
    with pytest.raises(UserError) as e:
        load_lesson(tmp_path)
    assert str(e.value).startswith(f"{tmp_path / 'lesson.toml'}:2: level:")


@pytest.mark.parametrize(
    "src,parts",
    [
        ("from kit import compass, display, sleep_ms\n", {"compass", "display"}),
        ("import kit\nkit.buzzer.tone(440, 10)\nkit.sleep_ms(1)\n", {"buzzer"}),
        ("import kit.door\n", {"door"}),
        ("from kit import *\n", set(STAR_PARTS)),  # not the Grove modules: named when used
        ("from kit import *\nfrom kit import servo\n", set(STAR_PARTS) | {"servo"}),
        ("import kit\nparts = kit\n", set(KIT_PARTS) - {"net"}),  # no Wi-Fi: never kit.net
        ("print('no kit')\n", None),
    ],
)
def test_only_the_kit_parts_a_program_uses_go_on_the_board(tmp_path: Path, src, parts):
    p = tmp_path / "main.py"
    p.write_text(src)
    bundle = build_bundle(p, MICROBIT)
    if parts is None:  # a program that never imports the kit does not carry it
        assert sorted(bundle.files) == ["main.py"]
        return
    on_board = {n[len("kit_") : -3] for n in bundle.files if n.startswith("kit_")} - {
        "hw_microbit"
    }
    assert on_board == parts
    assert "kit.py" in bundle.files and "kit_hw_microbit.py" in bundle.files


def test_tutorial_pictures_and_os_junk_stay_off_the_board(tmp_path: Path):
    src = lessons_dir() / "boussole-numerique"
    for f in ("lesson.toml", "main.py"):
        (tmp_path / f).write_bytes((src / f).read_bytes())
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "boussole.png").write_bytes(b"\x89PNG")
    (tmp_path / "Thumbs.db").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("data the program reads")
    bundle = build_bundle(load_lesson(tmp_path), MICROBIT)
    assert "notes.txt" in bundle.files  # data files are the program's
    assert not any(n.startswith("images") or n == "Thumbs.db" for n in bundle.files)


def test_lesson_without_main_py_or_with_an_unknown_board(tmp_path: Path):
    src = lessons_dir() / "boussole-numerique"
    (tmp_path / "lesson.toml").write_bytes((src / "lesson.toml").read_bytes())
    with pytest.raises(UserError, match="has no main.py"):
        load_lesson(tmp_path)
    (tmp_path / "main.py").write_text("pass\n")
    toml = (src / "lesson.toml").read_text().replace("boards = [", 'boards = ["microbit-v9", ')
    (tmp_path / "lesson.toml").write_text(toml)
    with pytest.raises(UserError) as e:
        load_lesson(tmp_path)
    assert ":6: boards: unknown board 'microbit-v9'; known boards: " in str(e.value)


def test_the_v1_gets_one_flat_kit_of_what_the_program_uses(tmp_path: Path):
    # MicroPython 1.9.2 has no module __getattr__, 8.8 KB of free heap and a small C stack:
    # one kit.py of the parts and names the program uses, the display images in kitconfig
    p = tmp_path / "main.py"
    p.write_text("from kit import display, sleep_ms\ndisplay.show(display.HEART)\n")
    v1 = load_boards().get("microbit-v1")
    files = build_bundle(p, v1).files
    assert sorted(files) == ["kit.py", "kitconfig.py", "main.py"]
    kit = files["kit.py"].decode()
    assert "display.show = " in kit and "scroll" not in kit and "compass" not in kit
    assert "import kit" not in kit and "kit_" not in kit  # nothing imported from the kit
    assert "IMAGES = ('HEART',)\n" in kitconfig(p, v1)
    assert "IMAGES" not in kitconfig(p, load_boards().get("microbit-v2"))
    p.write_text("import kit\nkit.display.show(kit.display.YES)\nkit.buzzer.stop()\n")
    kit = build_bundle(p, v1).files["kit.py"].decode()
    assert "buzzer.stop = " in kit and "buzzer.tone" not in kit
    assert "IMAGES = ('YES',)\n" in kitconfig(p, v1)
    p.write_text("from kit import display\nd = display\nd.show(d.SAD)\n")  # passed around
    assert "'SAD'" in kitconfig(p, v1) and "'ALL_ARROWS'" in kitconfig(p, v1)
    assert "display.scroll = " in build_bundle(p, v1).files["kit.py"].decode()
    p.write_text("from microbit import display\ndisplay.show(1)\n")
    assert sorted(build_bundle(p, v1).files) == ["main.py"]


def kitconfig(source: Path, board) -> str:
    files = build_bundle(source, board).files
    return next(data for name, data in files.items() if name.endswith("kitconfig.py")).decode()


def test_kitconfig_carries_the_speaker_and_the_ring_of_circuitpython_boards(tmp_path: Path):
    p = tmp_path / "code.py"
    p.write_text("import kit\n")
    cpb = load_boards().get("circuitplayground-bluefruit")
    cfg = kitconfig(p, cpb)
    assert "SPEAKER = ('SPEAKER', 'SPEAKER_ENABLE')" in cfg
    assert "RING = ('NEOPIXEL', (330, 300, 270, 240, 210, 150, 120, 90, 60, 30))" in cfg
    pico = kitconfig(p, load_boards().get("pico"))
    assert "BUZZER_PIN = 15" in pico and "SPEAKER" not in pico and "RING" not in pico


def test_a_second_circuitpython_board_needs_no_python_change(tmp_path: Path, second_cp_board):
    # a board only boards.toml knows: its kitconfig carries its own pins and ring
    p = tmp_path / "code.py"
    p.write_text("import kit\n")
    cfg = kitconfig(p, second_cp_board)
    assert "BOARD = 'demo-ring12'" in cfg
    assert "SPEAKER = ('BUZZ', 'AMP_ON')" in cfg
    assert f"RING = ('PIXELS', {tuple(range(0, 360, 30))!r})" in cfg
