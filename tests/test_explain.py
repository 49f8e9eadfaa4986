"""Errors a pupil understands: each mistake, run in the simulator, gives the line, a caret
and the expected explanation, in French and in English (atelier.explain)."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from atelier import i18n
from atelier.errors import UserError
from atelier.explain import explain, suggest
from atelier.sim import LessonError, simulate

ROOT = Path(__file__).resolve().parents[1]


def failure(tmp_path: Path, code: str, board: str = "microbit-v2", budget: float = 10.0):
    """The error the simulator reports for `code` (as main.py) on `board`."""
    p = tmp_path / "main.py"
    p.write_text(textwrap.dedent(code).lstrip())
    with pytest.raises(UserError) as e:
        with simulate(p, board=board, wall_budget=budget) as b:
            b.run(3)
    return e.value


def said(error, lang: str) -> str:
    before = i18n.language
    i18n.set_language(lang)
    try:
        ex = explain(error)
        assert ex is not None, error
        return "\n".join(ex.lines())
    finally:
        i18n.set_language(before)


def check(error, english: str, french: str) -> str:
    """`english` in the English text, `french` in the French one."""
    en = said(error, "en")
    assert english in en, en
    fr = said(error, "fr")
    assert french in fr, fr
    return en


def test_name_error_shows_the_line_a_caret_and_a_suggestion(tmp_path):
    e = failure(tmp_path, "from microbit import *\nheading = 3\ndisplay.show(headin)\n")
    assert isinstance(e, LessonError)
    text = check(e, "Did you mean `heading`?", "Voulais-tu dire `heading` ?")
    assert text.splitlines()[:3] == [
        f"{tmp_path / 'main.py'}:3: NameError: name 'headin' isn't defined",
        "  3 | display.show(headin)",
        "    |              ^^^^^^",
    ]
    assert "Python does not know it" in text


def test_attribute_error_on_a_kit_part_suggests_its_real_name(tmp_path):
    e = failure(tmp_path, "from kit import display\ndisplay.arow(90)\n")
    text = check(e, "Did you mean `arrow`?", "Voulais-tu dire `arrow` ?")
    assert "  2 | display.arow(90)" in text
    assert "    |         ^^^^" in text
    assert "`display` has no `arow`" in text


def test_a_misspelt_kit_part_in_the_import_line(tmp_path):
    e = failure(tmp_path, "from kit import displai\n")
    text = check(e, "Did you mean `display`?", "Voulais-tu dire `display` ?")
    assert "`kit` has no `displai`" in text
    assert "    |                 ^^^^^^^" in text.splitlines()


def test_attribute_error_on_a_board_class_suggests_from_its_members(tmp_path):
    e = failure(tmp_path, "from microbit import *\ndisplay.show(Image.HAPY)\n")
    check(e, "Did you mean `HAPPY`?", "Voulais-tu dire `HAPPY` ?")


def test_wrong_number_of_arguments(tmp_path):
    e = failure(tmp_path, "def double(x):\n    return 2 * x\n\nprint(double(1, 2))\n")
    check(
        e,
        "does not take this number of values",
        "n'accepte pas ce nombre de valeurs",
    )


def test_text_plus_a_number(tmp_path):
    e = failure(tmp_path, "score = 3\nprint('score: ' + score)\n")
    check(e, "turn the number into text with str()", "transforme le nombre en texte avec str()")


def test_index_out_of_range(tmp_path):
    e = failure(tmp_path, "notes = [1, 2, 3]\nprint(notes[3])\n")
    check(e, "positions 0, 1 and 2", "positions 0, 1 et 2")


def test_division_by_zero_points_at_the_division(tmp_path):
    e = failure(tmp_path, "n = 0\nprint(10 / n)\n")
    text = check(e, "divides by zero", "divise par zéro")
    assert "ZeroDivisionError" in text.splitlines()[0]
    assert "    |          ^" in text.splitlines()


def test_value_error(tmp_path):
    e = failure(tmp_path, "x = int('douze')\n")
    check(e, "cannot use", "ne peut pas utiliser")


def test_import_of_a_module_the_board_lacks_names_the_boards_that_have_it(tmp_path):
    e = failure(tmp_path, "import music\nmusic.play(music.BA_DING)\n", board="pico")
    text = check(
        e,
        "The Raspberry Pi Pico has no module `music` (the boards that have it: ",
        "La carte Raspberry Pi Pico n'a pas de module `music`",
    )
    assert "micro:bit" in text


def test_import_of_a_library_another_boards_firmware_has_says_how_to_bundle_it(tmp_path):
    e = failure(tmp_path, "from umqtt.simple import MQTTClient\n", board="pico-w")
    text = check(
        e,
        "The Raspberry Pi Pico W has no module `umqtt.simple` in its firmware (the ESP32",
        'libraries = ["micropython-umqtt.simple"]',
    )
    assert "atelier libraries install micropython-umqtt.simple" in text


def test_import_of_a_misspelt_module_suggests_the_right_one(tmp_path):
    e = failure(tmp_path, "import radoi\n")
    check(e, "Did you mean `radio`?", "Voulais-tu dire `radio` ?")


def test_memory_error_on_the_microbit_says_its_memory_is_small(tmp_path):
    e = failure(tmp_path, "big = []\nwhile True:\n    big.append('x' * 1000)\n")
    check(e, "The memory of the BBC micro:bit V2 is small", "La mémoire de la carte BBC micro:bit")


def test_endless_loop_without_pause(tmp_path):
    e = failure(tmp_path, "n = 0\nwhile True:\n    n += 1\n", budget=1.0)
    text = check(e, "a loop that never pauses", "une boucle qui ne fait jamais de pause")
    assert "  3 |     n += 1" in text or "  2 | while True:" in text


@pytest.mark.parametrize(
    "code, caret, english, french",
    [
        ("x = 1\nif x > 0\n    print(x)\n", "if x > 0", "ends with a colon", "deux-points"),
        ("print('x'\n", "print('x'", "add the missing `)`", "ajoute le `)` qui manque"),
        ("x = 1\nif x = 1:\n    print(x)\n", "if x = 1:", "write `==`", "écris `==`"),
        ("x = 1\nif x:\nprint(x)\n", "print(x)", "spaces at the start", "espaces au début"),
        ("x = 1\n    print(x)\n", "print(x)", "spaces at the start", "espaces au début"),
    ],
    ids=["colon", "bracket", "equals", "indent-missing", "indent-extra"],
)
def test_syntax_errors(tmp_path, code, caret, english, french):
    e = failure(tmp_path, code)
    assert not isinstance(e, LessonError)
    text = check(e, english, french)
    lines = text.splitlines()
    assert "SyntaxError" in lines[0] and lines[1].endswith(caret), lines
    assert "^" in lines[2]


def test_a_program_too_big_for_the_flash(tmp_path):
    e = failure(tmp_path, "print('never')\n" + ("# " + "y" * 97 + "\n") * 300)
    text = check(e, "small memory", "petite mémoire")
    assert "the files do not fit the BBC micro:bit V2" in text.splitlines()[0]


def test_suggest_ignores_capitals_and_far_names():
    assert suggest("arow", {"arrow", "show", "scroll"}) == "arrow"
    assert suggest("Heart", {"HEART", "HAPPY"}) == "HEART"
    assert suggest("banana", {"arrow", "show"}) is None


def test_atelier_run_prints_one_block_in_french(tmp_path):
    import subprocess
    import sys

    p = tmp_path / "main.py"
    p.write_text("from kit import display\ndisplay.arow(90)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("ATELIER_LANG", "LANGUAGE")}
    env.update(
        LANG="fr_FR.UTF-8",
        LC_ALL="",
        PYTHONPATH=os.pathsep.join([str(ROOT / "host_tools"), env.get("PYTHONPATH", "")]),
    )
    r = subprocess.run(
        [sys.executable, "-m", "atelier", "run", str(p), "--fast", "--seconds", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert lines[0].startswith(f"erreur : {p}:2: AttributeError") or lines[0].startswith(
        f"erreur: {p}:2: AttributeError"
    ), lines
    assert lines[1] == "  2 | display.arow(90)"
    assert "Traceback" not in r.stderr and 'File "main.py"' not in r.stderr
    assert "Voulais-tu dire `arrow` ?" in lines[-1]
