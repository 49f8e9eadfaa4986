"""`atelier new NAME`: a lesson folder in the library's shape (docs/lessons.md) that passes the
author check at once: both tutorials, two steps, teacher notes and tests, to fill in."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from string import Template

from atelier.errors import UserError
from atelier.i18n import _

TEMPLATES = Path(__file__).parent / "templates" / "lesson"
# the kit's boards in the order lessons list them (the micro:bits first: the kits' main board)
PREFERRED = (
    "microbit-v2",
    "microbit-v1",
    "pico",
    "pico-w",
    "esp32",
    "circuitplayground-bluefruit",
)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def lesson_id(name: str) -> str:
    """A lesson id from a name a teacher types: "Feu tricolore" -> "feu-tricolore"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def _toml_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def new_lesson(folder: Path, boards: list[str] | None = None, title: str | None = None) -> Path:
    """Write the lesson `folder` (its name is the id) for `boards` (default: every board whose
    kit has a display and buttons); return the folder."""
    from atelier.boards import load_boards

    folder = Path(folder)
    lid = folder.name
    if not _ID.match(lid):
        # "Feu tricolore" is a title: the folder takes its id, the lesson its words
        if not lesson_id(lid):
            raise UserError(_("{name}: a lesson's name is lowercase letters, digits and "
                              "dashes, e.g. mon-projet").format(name=lid))  # fmt: skip
        title = title or lid
        lid = lesson_id(lid)
        folder = folder.with_name(lid)
    if folder.exists():
        raise UserError(_("{folder}: already exists; choose another name").format(folder=folder))
    known = load_boards()
    if boards:
        for b in boards:
            known.get(b)  # an unknown board: one line naming the known ones
    else:
        ids = [b for b in PREFERRED if b in known.ids()] + [
            b for b in known.ids() if b not in PREFERRED]  # fmt: skip
        kits = {b: known.get(b).kit for b in ids}
        boards = [b for b in ids
                  if kits[b].display is not None and kits[b].buttons is not None]  # fmt: skip
    words = (title or lid.replace("-", " ").capitalize()).strip()
    fields = {"id": lid, "title_fr": _toml_string(words), "title_en": _toml_string(words),
              "boards": ", ".join(f'"{b}"' for b in boards)}  # fmt: skip
    try:
        folder.mkdir(parents=True)
    except OSError as e:
        raise UserError(_("{folder}: cannot create it ({error})").format(
            folder=folder, error=e.strerror or e)) from None  # fmt: skip
    for src in sorted(TEMPLATES.rglob("*")):
        if src.is_dir() or "__pycache__" in src.parts:
            continue
        dest = folder / src.relative_to(TEMPLATES)
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = Template(src.read_text(encoding="utf-8")).substitute(fields)
        dest.write_text(text, encoding="utf-8", newline="\n")
    return folder


def start_lesson(lesson, into: Path, step: int = 1) -> Path:
    """A pupil's copy of `lesson` in `into`/<id>: the tutorial, its steps and tests, and main.py
    = steps/<step>.py to build on (the teacher notes stay behind). Never overwrites: a folder
    already there is the pupil's work."""
    import shutil

    from atelier.authoring import TEACHER_NOTES, steps_of

    steps = steps_of(lesson)
    if not steps:
        raise UserError(_("{lesson}: this lesson has no steps to start from").format(
            lesson=lesson.id))  # fmt: skip
    if not 1 <= step <= len(steps):
        raise UserError(_("{lesson} has steps 1 to {n}").format(lesson=lesson.id, n=len(steps)))
    dest = Path(into) / lesson.id
    if dest.exists():
        raise UserError(_("{folder}: already there (your work is kept); to start again, rename "
                          "it first").format(folder=dest))  # fmt: skip

    def skip(folder, names):
        here = Path(folder) == lesson.path
        return [n for n in names if n.startswith(".") or n == "__pycache__"
                or here and n in TEACHER_NOTES.values()]  # fmt: skip

    try:
        shutil.copytree(lesson.path, dest, ignore=skip)
        shutil.copyfile(steps[step - 1], dest / "main.py")
    except OSError as e:
        raise UserError(_("{folder}: cannot create it ({error})").format(
            folder=dest, error=e.strerror or e)) from None  # fmt: skip
    return dest
