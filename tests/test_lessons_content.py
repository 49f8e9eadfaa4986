"""Every shipped lesson is complete: the library's twenty lessons pass the author check."""

from __future__ import annotations

import re

import pytest

from atelier.authoring import check_lesson
from atelier.boards import load_boards
from atelier.lessons import all_lesson_dirs, load_lesson

LESSONS = all_lesson_dirs()


def test_the_library_holds_twenty_lessons():
    assert {p.name for p in LESSONS} >= {"boussole-numerique", "alarme-casier"}
    assert len(LESSONS) >= 20, [p.name for p in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_is_complete(path):
    lesson = load_lesson(path)
    assert lesson.id == path.name
    known = set(load_boards().ids())
    assert set(lesson.info.boards) <= known
    assert list(path.glob("test_*.py")), "a lesson has simulator tests"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lesson_passes_the_author_check(path):
    """`atelier check --lesson-author` on every lesson: metadata, tutorials, teacher notes,
    each step built and run on each board, the step tests, the tests failing on step 01 (the
    tests on main.py run on every board as lessons/<id>/test_lesson.py in this suite)."""
    problems = check_lesson(load_lesson(path), main_tests=False)
    assert not problems, "\n".join(map(str, problems))


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
