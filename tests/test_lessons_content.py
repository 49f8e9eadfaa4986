"""Every shipped lesson is complete: metadata, both tutorials, the whole program shown, tests."""

from __future__ import annotations

import re

import pytest

from atelier.boards import load_boards
from atelier.lessons import all_lesson_dirs, load_lesson

LESSONS = all_lesson_dirs()


def test_the_two_first_lessons_ship():
    assert {p.name for p in LESSONS} >= {"boussole-numerique", "alarme-casier"}


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_is_complete(path):
    lesson = load_lesson(path)
    assert lesson.id == path.name
    known = set(load_boards().ids())
    assert set(lesson.info.boards) <= known
    assert lesson.info.objectives.fr and len(lesson.info.objectives.fr) == len(
        lesson.info.objectives.en
    )
    for readme in ("README.fr.md", "README.md"):
        text = (path / readme).read_text(encoding="utf-8")
        blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
        # the tutorial opens with the whole program, exactly as main.py has it
        assert blocks and blocks[0] == (path / "main.py").read_text(encoding="utf-8"), readme
    assert list(path.glob("test_*.py")), "a lesson has simulator tests"


def test_a_broken_lesson_toml_names_the_line_of_the_key(tmp_path):
    from atelier.errors import UserError

    text = (LESSONS[0] / "lesson.toml").read_text(encoding="utf-8")
    lesson = tmp_path / "broken"
    lesson.mkdir()
    (lesson / "main.py").write_text("pass\n")
    # a missing key: the line of its table, not line 1
    title_fr = re.search(r"\[title\]\n(fr = .*\n)", text).group(1)
    broken = text.replace("[title]\n" + title_fr, "[title]\n", 1)
    (lesson / "lesson.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_lesson(lesson)
    line = broken.splitlines().index("[title]") + 1
    assert str(caught.value).startswith(f"{lesson / 'lesson.toml'}:{line}: title.fr: ")
