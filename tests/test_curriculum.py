"""lesson.toml's kit parts and [curriculum]: validation naming the line, the parts main.py
really uses, and `atelier lessons --level` / `--topic`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_cli import atelier

from atelier import curriculum
from atelier.errors import UserError
from atelier.lessons import all_lesson_dirs, filter_lessons, load_lesson

SHIPPED = Path(__file__).resolve().parents[1] / "lessons"


def _copy(tmp_path: Path, lesson: str = "alarme-casier") -> Path:
    dest = tmp_path / lesson
    shutil.copytree(SHIPPED / lesson, dest)
    return dest


def _edit(folder: Path, old: str, new: str) -> tuple[Path, int]:
    """Replace `old` in lesson.toml; return the file and the line `new` starts on."""
    toml = folder / "lesson.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    toml.write_text(text, encoding="utf-8")
    return toml, text[: text.index(new)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "key", "word"),
    [
        ('years = ["4e", "3e"]', 'years = ["4e", "6e"]', "curriculum.technologie.years", "'6e'"),
        ('"protocole-test"]', '"tester"]', "curriculum.technologie.competences", "'tester'"),
        ('snt = ["acquisition-donnees"', 'snt = ["capteurs"', "curriculum.snt", "'capteurs'"),
        ('nsi = ["peripheriques"]', 'nsi = ["reseaux"]', "curriculum.nsi", "'reseaux'"),
    ],
)
def test_an_unknown_curriculum_id_names_its_line_and_the_known_ones(tmp_path, old, new, key,
                                                                    word):  # fmt: skip
    toml, line = _edit(_copy(tmp_path), old, new)
    with pytest.raises(UserError) as caught:
        load_lesson(toml.parent)
    message = str(caught.value)
    assert message.startswith(f"{toml}:{line}: {key}: ") and word in message
    assert "\n" not in message


def test_the_known_ids_are_listed_with_an_unknown_competence(tmp_path):
    toml, _line = _edit(_copy(tmp_path), '"protocole-test"]', '"tester"]')
    with pytest.raises(UserError) as caught:
        load_lesson(toml.parent)
    assert "modifier-programme, traduire-algorithme, concevoir-programme" in str(caught.value)


def test_technologie_without_years_names_the_table_line(tmp_path):
    toml, line = _edit(_copy(tmp_path), 'technologie = { years = ["4e", "3e"], ',
                       "technologie = { ")  # fmt: skip
    with pytest.raises(UserError) as caught:
        load_lesson(toml.parent)
    assert str(caught.value).startswith(f"{toml}:{line}: curriculum.technologie.years: ")


def test_an_unknown_kit_part_names_its_line(tmp_path):
    toml, line = _edit(_copy(tmp_path), '"door", ', '"porte", ')
    with pytest.raises(UserError) as caught:
        load_lesson(toml.parent)
    message = str(caught.value)
    assert message.startswith(f"{toml}:{line}: hardware.parts: ") and "'porte'" in message
    assert "compass, buzzer, display" in message  # the kit's part ids, to pick from


def test_a_part_main_py_uses_but_the_lesson_does_not_list_is_named(tmp_path):
    toml, _line = _edit(_copy(tmp_path), '["door", ', "[")
    line = toml.read_text().splitlines().index('parts = ["buttons", "buzzer", "display"]') + 1
    lesson = load_lesson(toml.parent)
    with pytest.raises(UserError) as caught:
        lesson.check_hardware()
    message = str(caught.value)
    assert message.startswith(f"{toml}:{line}: hardware.parts: ")
    assert "door" in message and "buzzer" not in message


def test_a_listed_part_no_program_uses_is_named(tmp_path):
    folder = _copy(tmp_path)
    toml, line = _edit(folder, '"door", ', '"door", "servo", ')
    with pytest.raises(UserError) as caught:
        load_lesson(folder).check_hardware()
    assert str(caught.value).startswith(f"{toml}:{line}: hardware.parts: servo ")
    # and once main.py turns the servo, the list is right
    main = folder / "main.py"
    main.write_text(main.read_text().replace("from kit import", "from kit import servo,"))
    load_lesson(folder).check_hardware()


@pytest.mark.parametrize("path", all_lesson_dirs(), ids=lambda p: p.name)
def test_every_shipped_lesson_lists_the_parts_it_uses_and_fits_the_curriculum(path):
    lesson = load_lesson(path)
    lesson.check_hardware()
    assert lesson.info.hardware.parts
    assert lesson.info.curriculum.levels() and lesson.info.curriculum.topics()


def test_filters_by_class_and_topic():
    ids = lambda lessons: {x.id for x in lessons}  # noqa: E731
    assert ids(filter_lessons("5e")) >= {"boussole-numerique"}
    assert "alarme-casier" not in ids(filter_lessons("5e"))
    assert ids(filter_lessons("4e")) >= {"boussole-numerique", "alarme-casier"}
    assert "boussole-numerique" not in ids(filter_lessons(topic="protocole-test"))
    assert "alarme-casier" in ids(filter_lessons("3e", "commande-actionneur"))
    assert "boussole-numerique" not in ids(filter_lessons("3e", "commande-actionneur"))


def test_every_registered_topic_has_a_french_and_an_english_label():
    for fr, en in curriculum.topics().values():
        assert fr and en and fr != en


def test_cli_lessons_level_filters_the_table_in_80_columns():
    r = atelier("lessons", "--level", "5e", env={"COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    assert "boussole-numerique" in r.stdout and "alarme-casier" not in r.stdout
    assert "5e 4e 3e" in r.stdout  # the classes, under the duration
    assert max(len(line) for line in r.stdout.splitlines()) <= 80
    r = atelier("lessons", "--topic", "protocole-test", env={"COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    assert "alarme-casier" in r.stdout and "boussole-numerique" not in r.stdout


def test_filters_by_kit_part_and_board_beginner_first():
    with_compass = filter_lessons(part="compass")
    assert "boussole-numerique" in {x.id for x in with_compass}
    assert all("compass" in x.info.hardware.parts for x in with_compass)
    on_pico = filter_lessons(board="pico")
    assert on_pico and all("pico" in x.info.boards for x in on_pico)
    order = ("débutant", "intermédiaire", "avancé")
    levels = [order.index(x.info.level) for x in filter_lessons()]
    assert levels == sorted(levels)


def test_cli_a_filter_no_lesson_meets_says_so():
    # the Circuit Playground has no 4-digit display wired: no lesson can claim both
    r = atelier("lessons", "--board", "circuitplayground-bluefruit", "--part", "digits",
                env={"COLUMNS": "80"})  # fmt: skip
    assert r.returncode == 0, r.stderr
    assert "No lesson matches" in r.stdout and "alarme-casier" not in r.stdout


@pytest.mark.parametrize(("option", "value", "known"), [
    ("--level", "6e", "5e, 4e, 3e, 2de, 1re"),
    ("--topic", "boucles", "modifier-programme, traduire-algorithme"),
    ("--part", "laser", "compass, buzzer, display"),
    ("--board", "arduino", "circuitplayground-bluefruit, esp32"),
])  # fmt: skip
def test_cli_an_unknown_class_or_topic_is_one_line_listing_the_known_ones(option, value, known):
    r = atelier("lessons", option, value)
    assert r.returncode == 1 and not r.stdout
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert repr(value) in r.stderr and known in r.stderr
