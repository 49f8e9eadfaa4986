"""The author check (`atelier check --lesson-author`), `atelier new` and `atelier tutorial`:
a lesson in the library's shape passes, and each way a lesson can fall short is one line naming
the file (and line) to change."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from atelier.authoring import check_lesson
from atelier.lessons import load_lesson
from atelier.scaffold import new_lesson
from atelier.tutorial import expand

ROOT = Path(__file__).resolve().parents[1]


def cli(cwd, *args, lang="en"):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "host_tools")}
    cmd = [sys.executable, "-m", "atelier", "--lang", lang, *args]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


@pytest.fixture
def scaffold(tmp_path):
    return new_lesson(tmp_path / "mon-projet", ["microbit-v2", "pico", "pico-w"])


def problems(folder, **kw):
    kw.setdefault("run", False)
    return [str(p) for p in check_lesson(load_lesson(folder), **kw)]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_new_lesson_passes_the_author_check_on_every_kit_board(tmp_path):
    r = cli(tmp_path, "new", "Mon projet")
    assert r.returncode == 0, r.stderr
    folder = tmp_path / "mon-projet"
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "README.fr.md", "README.md", "lesson.toml", "main.py", "steps/01.py", "steps/02.py",
        "teacher.fr.md", "teacher.md", "test_lesson.py"]  # fmt: skip
    lesson = load_lesson(folder)
    assert lesson.info.title.fr == "Mon projet"
    assert set(lesson.info.boards) == {"microbit-v2", "microbit-v1", "pico", "pico-w", "esp32",
                                       "circuitplayground-bluefruit"}  # fmt: skip
    r = cli(tmp_path, "check", "--lesson-author", "mon-projet")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().splitlines()[-1].startswith("✓ mon-projet: complete; 2 steps on")


def test_new_refuses_a_folder_that_exists(tmp_path):
    (tmp_path / "feu").mkdir()
    r = cli(tmp_path, "new", "feu", lang="fr")
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [r.stderr.strip()]  # one line, no traceback
    assert "feu" in r.stderr and "existe déjà" in r.stderr


def test_the_files_of_a_lesson_in_shape_have_no_problem(scaffold):
    assert problems(scaffold) == []


@pytest.mark.parametrize(
    "file, old, new, expected",
    [
        ("teacher.md", "## Misconceptions to watch", "## Other",
         "teacher.md: missing sections: ## Misconceptions to watch"),
        ("teacher.fr.md", "## Différencier\n", "## Différencier\n\n## Réponses aux défis\n",
         "teacher.fr.md:"),  # "Réponses aux défis" twice: the first is empty
        ("README.md", "[Step 2: button A makes the board smile](steps/02.py)", "",
         "README.md: steps/02.py is not in the tutorial"),
        ("README.fr.md", "(steps/02.py)", "(steps/03.py)",
         "README.fr.md:19: steps/03.py: no such step"),
        ("README.md", "<summary>Hint</summary>", "<summary>Help</summary>",
         "README.md: no hint"),
        ("README.md", "2. The heart beats", "The heart beats",
         "README.md:32: `## Challenges`: give at least two extensions"),
        ("README.fr.md", "## Défis", "## Pour aller plus loin",
         "README.fr.md: no `## Défis` section"),
        ("lesson.toml", 'parts = ["buttons", "display"]', 'parts = ["display"]',
         "lesson.toml:17: hardware.parts: the programs use buttons"),
        ("lesson.toml", 'parts = ["buttons", "display"]',
         'parts = ["buttons", "display", "servo"]',
         "lesson.toml:17: hardware.parts: servo listed but no program"),
        ("lesson.toml", "technologie = ", "# technologie = ",
         "lesson.toml:21: no [curriculum] technologie or snt"),
        ("test_lesson.py", "    step=2,\n)\ndef test_a", "    step=3,\n)\ndef test_a",
         "test_lesson.py:41: test_a_makes_it_smile: step= is the number of a step, 1 to 2"),
        ("test_lesson.py", '    fail_en="The board shows no heart when it starts",\n', "",
         "test_lesson.py:29: test_shows_a_heart: @says has no fail_en"),
        ("main.py", "sleep_ms(50)", "sleep_ms(20)",
         "steps/02.py: the last step is not main.py"),
    ],
)  # fmt: skip
def test_each_shortfall_is_one_line_naming_the_file(scaffold, file, old, new, expected):
    edit(scaffold / file, old, new)
    found = problems(scaffold)
    assert len(found) >= 1
    assert any(expected in p for p in found), found
    assert all(str(scaffold) in p.split(": ")[0] for p in found), found


def test_a_test_without_its_sentence_is_named(scaffold):
    edit(
        scaffold / "test_lesson.py",
        '@says(\n    fr="Le bouton A',
        '@pytest.mark.skip(\n    reason="Le bouton A',
    )
    edit(scaffold / "test_lesson.py", "    step=2,\n", "")
    for key in ("en=", "fail_fr=", "fail_en="):
        text = (scaffold / "test_lesson.py").read_text(encoding="utf-8")
        i = text.index("@pytest.mark.skip(")
        j = text.index(key, i)
        k = text.index("\n", j)
        (scaffold / "test_lesson.py").write_text(text[:j] + "# " + text[j:k] + text[k:],
                                                 encoding="utf-8")  # fmt: skip
    found = problems(scaffold)
    assert any(re.search(r"test_lesson.py:\d+: test_a_makes_it_smile has no @says", p)
               for p in found), found  # fmt: skip


def test_a_pasted_step_and_missing_steps(scaffold):
    code = (scaffold / "steps" / "02.py").read_text(encoding="utf-8")
    edit(scaffold / "README.md", "## Challenges", f"```python\n{code}```\n\n## Challenges")
    assert any("README.md:32: this code block pastes steps/02.py" in p
               for p in problems(scaffold))  # fmt: skip
    (scaffold / "steps" / "02.py").rename(scaffold / "steps" / "03.py")
    found = problems(scaffold)
    assert any("steps/02.py: missing: the steps are numbered from 01 without a gap" in p
               for p in found), found  # fmt: skip
    (scaffold / "steps" / "01.py").unlink()
    (scaffold / "steps" / "03.py").unlink()
    assert any("at least two steps" in p for p in problems(scaffold))


def test_a_step_that_fails_on_one_board_is_named_with_the_board(scaffold):
    # f-strings: fine on the V2, refused by the V1's MicroPython 1.9.2
    edit(scaffold / "lesson.toml", 'boards = ["microbit-v2", "pico", "pico-w"]',
         'boards = ["microbit-v2", "microbit-v1"]')  # fmt: skip
    edit(scaffold / "steps" / "01.py", "display.show(display.HEART)",
         'display.show(display.HEART)\nprint(f"{1}")')  # fmt: skip
    found = problems(scaffold, run=True, main_tests=False)
    assert len(found) == 1, found
    assert found[0].startswith(f"{scaffold / 'steps' / '01.py'} [microbit-v1]:"), found
    assert "f-string" in found[0]


def test_a_step_that_crashes_gets_the_pupils_explanation(scaffold):
    edit(scaffold / "steps" / "01.py", "display.show(display.HEART)",
         "display.show(display.HEART)\ndisplay.show(display.HEARTS)")  # fmt: skip
    found = problems(scaffold, run=True, boards=["pico"], main_tests=False)
    assert len(found) == 1, found
    assert found[0].startswith(f"{scaffold / 'steps' / '01.py'} [pico]: ")
    assert "AttributeError" in found[0] and "HEART" in found[0]


def test_tests_that_pass_on_the_first_step_are_refused(scaffold):
    # the smile test now holds from step 1 on, and step 1 smiles too: nothing left to learn
    edit(scaffold / "test_lesson.py", "    step=2,\n", "    step=1,\n")
    edit(scaffold / "steps" / "01.py", "display.show(display.HEART)",
         "display.show(display.HEART)\nwhile True:\n    if buttons.a.was_pressed():\n"
         "        display.show(display.HAPPY)\n    sleep_ms(50)")  # fmt: skip
    edit(scaffold / "steps" / "01.py", "from kit import display",
         "from kit import buttons, display, sleep_ms")  # fmt: skip
    found = problems(scaffold, run=True, boards=["microbit-v2"], main_tests=False)
    assert found == [f"{scaffold / 'steps' / '01.py'} [microbit-v2]: every test passes on the "
                     "first step: the tests must check what the lesson adds (behaviour), not "
                     "only that the program runs"]  # fmt: skip


def test_a_step_test_failing_on_its_step_is_named(scaffold):
    # the heart test holds from step 1 on, but step 1 now shows a smile
    edit(scaffold / "steps" / "01.py", "display.show(display.HEART)",
         "display.show(display.HAPPY)")  # fmt: skip
    found = problems(scaffold, run=True, boards=["microbit-v2"], main_tests=False)
    assert len(found) == 1, found
    assert "test_shows_a_heart (step=1) fails on this step: The board shows no heart" in found[0]


def test_main_py_tests_are_run_on_each_board(scaffold):
    edit(scaffold / "test_lesson.py", "    step=2,\n", "")  # a test of the finished program
    for f in ("main.py", "steps/02.py"):
        edit(scaffold / f, "display.HAPPY", "display.SAD")
    found = problems(scaffold, run=True)
    assert found == [f"{scaffold / 'main.py'} [microbit-v2, pico, pico-w]: "
                     "test_a_makes_it_smile fails: "
                     "The board does not smile when A is pressed"]  # fmt: skip


def test_the_tutorial_shows_each_step_and_what_changed(scaffold):
    text = expand(load_lesson(scaffold), "en")
    step1 = (scaffold / "steps" / "01.py").read_text(encoding="utf-8")
    assert f"```python\n{step1}```" in text
    assert "(steps/02.py)" not in text  # the link line became the program
    diff = re.search(r"```diff\n(.*?)```", text, re.S).group(1)
    assert "+from kit import buttons, display, sleep_ms" in diff
    assert "-from kit import display" in diff
    r = cli(scaffold, "tutorial", "--markdown", lang="fr")
    assert r.returncode == 0 and "Ce qui a changé depuis l'étape d'avant" in r.stdout


def test_a_pupil_starts_a_lesson_from_its_first_step_and_checks_it(tmp_path, scaffold):
    pupil = tmp_path / "pupil"
    pupil.mkdir()
    r = cli(pupil, "start", str(scaffold), lang="fr")
    assert r.returncode == 0, r.stderr
    copy = pupil / "lessons" / "mon-projet"
    assert (copy / "main.py").read_bytes() == (scaffold / "steps" / "01.py").read_bytes()
    assert not (copy / "teacher.fr.md").exists() and (copy / "README.fr.md").exists()
    r = cli(pupil, "check", "mon-projet", lang="fr")
    assert r.returncode == 1
    assert r.stdout.splitlines() == ["✓ La carte montre un cœur au démarrage",
                                     "✗ La carte ne sourit pas quand on appuie sur A"]  # fmt: skip
    # the pupil's work is never overwritten
    (copy / "main.py").write_text("# mon travail\n", encoding="utf-8")
    r = cli(pupil, "start", str(scaffold), lang="fr")
    assert r.returncode == 1 and "déjà là" in r.stderr and len(r.stderr.splitlines()) == 1
    assert (copy / "main.py").read_text(encoding="utf-8") == "# mon travail\n"
    r = cli(pupil, "start", str(scaffold), "--step", "3", lang="en")
    assert r.returncode == 1 and "mon-projet has steps 1 to 2" in r.stderr


def test_a_lesson_file_without_the_kit_needs_no_part(tmp_path):
    # a lesson's boot.py (the weather station's) imports no kit part: nothing to declare
    from atelier.authoring import check_parts

    lesson = load_lesson(Path(__file__).resolve().parents[1] / "lessons" / "station-meteo")
    assert (lesson.path / "boot.py").is_file()
    assert check_parts(lesson, sorted((lesson.path / "steps").glob("*.py"))) == []
