"""Lessons: a folder with lesson.toml, a tutorial, main.py and tests; finding and checking them."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from atelier.errors import UserError
from atelier.i18n import _
from atelier.paths import lessons_dir
from atelier.tomlines import TomlLines

# Files of a lesson folder that never go onto a board.
_NOT_ON_BOARD = ("lesson.toml", "conftest.py", "Thumbs.db", "desktop.ini", ".DS_Store")
_NOT_ON_BOARD_SUFFIXES = (".md", ".pyi", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".pdf",
                          ".hex", ".pyc")  # fmt: skip
_RUNTIMES = ("micropython", "circuitpython")  # keys of lesson.toml's [libraries] table
# folders of the tutorial (pictures...), not of the program
_NOT_ON_BOARD_DIRS = ("docs", "images", "img", "media", "tests", "__pycache__")


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    fr: str
    en: str


class TextList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    fr: list[str]
    en: list[str]


class LessonInfo(BaseModel):
    """What lesson.toml says."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    version: str = "1.0.0"
    title: Text
    summary: Text | None = None
    level: Literal["débutant", "intermédiaire", "avancé"]
    school_level: str = ""
    duration_min: int = Field(gt=0, le=600)
    boards: list[str] = Field(min_length=1)
    hardware: TextList
    objectives: TextList
    # pip packages whose modules the lesson's board-side code imports: one list for every
    # board, or a table keyed by runtime ("micropython", "circuitpython") or board id
    libraries: list[str] | dict[str, list[str]] = []


class Lesson:
    """A lesson folder."""

    def __init__(self, path: Path, info: LessonInfo):
        self.path = path
        self.info = info

    @property
    def id(self) -> str:
        return self.info.id

    def libraries_for(self, board) -> list[str]:
        """The packages lesson.toml's `libraries` gives `board` (its runtime's, then its own)."""
        libs = self.info.libraries
        if isinstance(libs, list):
            return list(libs)
        return [*libs.get(board.runtime, []), *libs.get(board.id, [])]

    def board_files(self) -> dict[str, Path]:
        """Files that go onto the board, by their name relative to the lesson folder."""
        out = {}
        for p in sorted(self.path.rglob("*")):
            rel = p.relative_to(self.path)
            if p.is_dir() or any(
                part.startswith(".") or part in _NOT_ON_BOARD_DIRS for part in rel.parts
            ):
                continue
            name = rel.as_posix()
            if p.name in _NOT_ON_BOARD or p.suffix in _NOT_ON_BOARD_SUFFIXES:
                continue
            if p.name.startswith("test_"):
                continue
            out[name] = p
        return out

    def check_syntax(self) -> None:
        """Raise UserError `path:line: SyntaxError: ...` for the first broken .py file."""
        for name, p in self.board_files().items():
            if p.suffix == ".py":
                check_python_syntax(p, display=str(self.path / name))


def check_python_syntax(path: Path, display: str | None = None) -> None:
    src = path.read_bytes()
    try:
        ast.parse(src, filename=str(path))
    except SyntaxError as e:
        where = display or str(path)
        # Python's own words, as MicroPython would say them: no advice to translate here
        raise UserError(f"{where}:{e.lineno}: SyntaxError: {e.msg}") from None


def load_lesson(path_or_id: str | Path) -> Lesson:
    """A lesson by folder path, or by id: ./lessons/<id> in the working tree first (the copy
    a pupil edits), then the lessons shipped with atelier."""
    p = Path(path_or_id)
    if not (p / "lesson.toml").is_file() and not p.is_dir():
        for candidate in (Path.cwd() / "lessons" / str(path_or_id),
                          lessons_dir() / str(path_or_id)):  # fmt: skip
            if (candidate / "lesson.toml").is_file():
                p = candidate
                break
    if not p.is_dir():
        known = ", ".join(sorted(x.name for x in all_lesson_dirs()))
        raise UserError(
            _("{lesson}: no such lesson folder; shipped lessons: {known}").format(
                lesson=path_or_id, known=known
            )
        )
    toml = p / "lesson.toml"
    if not toml.is_file():
        raise UserError(
            _("{folder}: not a lesson folder (no lesson.toml); see `atelier lessons`").format(
                folder=p
            )
        )
    text = toml.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        import re

        m = re.search(r"\(at line (\d+)", str(e))
        raise UserError(
            _("{file}:{line}: invalid TOML: {message}; fix the syntax there").format(
                file=toml, line=m.group(1) if m else 1, message=str(e).split(" (at line")[0]
            )
        ) from None
    try:
        info = LessonInfo.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        key = ".".join(str(x) for x in err["loc"])
        line = TomlLines(text).line_of(tuple(err["loc"]))
        raise UserError(f"{toml}:{line}: {key}: {err['msg']}") from None
    from atelier.boards import load_boards

    known = load_boards()
    for b in info.boards:
        if b not in known.ids():
            line = TomlLines(text).line_of(("boards",))
            raise UserError(
                _("{file}:{line}: boards: unknown board {board!r}; known boards: {known}").format(
                    file=toml, line=line, board=b, known=", ".join(known.ids())
                )
            )
    if isinstance(info.libraries, dict):
        for key in info.libraries:
            if key not in known.ids() and key not in _RUNTIMES:
                line = TomlLines(text).line_of(("libraries", key))
                raise UserError(
                    _(
                        "{file}:{line}: libraries: {key!r} is neither a board nor a runtime; "
                        "use one of: {known}"
                    ).format(
                        file=toml, line=line, key=key, known=", ".join([*_RUNTIMES, *known.ids()])
                    )  # fmt: skip
                )
    if not (p / "main.py").is_file():
        raise UserError(
            _("{folder}: the lesson has no main.py; add the program pupils start from").format(
                folder=p
            )
        )
    return Lesson(p.resolve(), info)


def all_lesson_dirs(root: Path | None = None) -> list[Path]:
    root = root or lessons_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "lesson.toml").is_file())


def all_lessons(root: Path | None = None) -> list[Lesson]:
    return [load_lesson(p) for p in all_lesson_dirs(root)]
