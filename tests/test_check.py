"""`atelier check`: a lesson's tests on a pupil's main.py, one sentence a pupil reads per test."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMPASS = ROOT / "lessons" / "boussole-numerique"


def pupil_copy(tmp_path, change=None) -> Path:
    """The pupil's copy of the compass lesson, its main.py changed by `change` (old, new)."""
    folder = tmp_path / "boussole-numerique"
    shutil.copytree(COMPASS, folder)
    if change:
        main = folder / "main.py"
        text = main.read_text(encoding="utf-8")
        assert change[0] in text
        main.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    return folder


def check(folder, lang, *args):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "host_tools")}
    cmd = [sys.executable, "-m", "atelier", "--lang", lang, "check", *args]
    return subprocess.run(cmd, cwd=folder, capture_output=True, text=True, env=env, timeout=300)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_lessons_own_program_passes_every_line(tmp_path, lang):
    r = check(pupil_copy(tmp_path), lang)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 8 and all(line.startswith("✓ ") for line in lines), r.stdout
    north = {"fr": "✓ La flèche montre le nord quand on tourne la carte",
             "en": "✓ The arrow points north as you turn the board"}  # fmt: skip
    assert north[lang] in lines
    assert "Traceback" not in r.stdout + r.stderr


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_program_that_never_beeps_is_told_about_the_beep(tmp_path, lang):
    folder = pupil_copy(tmp_path, ("        buzzer.tone(880, 150)", "        pass"))
    r = check(folder, lang)
    assert r.returncode == 1
    lines = r.stdout.strip().splitlines()
    beep = {"fr": "✗ La carte ne bipe pas une fois quand elle arrive au nord",
            "en": "✗ The board does not beep once when it arrives at north"}  # fmt: skip
    arrow = {"fr": "✓ La flèche montre le nord quand on tourne la carte",
             "en": "✓ The arrow points north as you turn the board"}  # fmt: skip
    assert beep[lang] in lines, r.stdout
    assert arrow[lang] in lines, r.stdout  # what works is still said to work
    assert "Traceback" not in r.stdout + r.stderr and "assert" not in r.stdout


def test_check_by_lesson_name_and_board(tmp_path):
    folder = pupil_copy(tmp_path, ("        buzzer.tone(880, 150)", "        pass"))
    (tmp_path / "lessons").mkdir()
    shutil.move(folder, tmp_path / "lessons" / folder.name)
    r = check(tmp_path, "en", "boussole-numerique", "--board", "pico")
    assert r.returncode == 1
    assert "✗ The board does not beep once when it arrives at north" in r.stdout
    # the micro:bit-only tests do not run on the Pico
    assert "North counts" not in r.stdout and "does not beep between" not in r.stdout


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_typo_gets_the_explanation_not_a_report(tmp_path, lang):
    folder = pupil_copy(tmp_path, ("display.arrow(", "display.arow("))
    r = check(folder, lang)
    assert r.returncode == 1
    out = r.stdout + r.stderr
    assert "display.arow(360 - heading)" in out
    assert "^^^^" in out
    assert ("Voulais-tu dire" if lang == "fr" else "Did you mean") in out
    assert "`arrow`" in out
    assert "✓" not in out and "✗" not in out and "Traceback" not in out
