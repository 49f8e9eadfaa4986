"""Lessons: a folder with lesson.toml, a tutorial, main.py and tests; finding and checking them."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from atelier.errors import UserError
from atelier.i18n import _
from atelier.paths import lessons_dir
from atelier.tomlines import TomlLines

# Files of a lesson folder that never go onto a board.
_NOT_ON_BOARD = ("lesson.toml", "conftest.py", "Thumbs.db", "desktop.ini", ".DS_Store")
_NOT_ON_BOARD_SUFFIXES = (".md", ".pyi", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".pdf",
                          ".hex", ".pyc")  # fmt: skip
_RUNTIMES = ("micropython", "circuitpython")  # keys of lesson.toml's [libraries] table
# folders of the tutorial (pictures, the progressive steps...), not of the program
_NOT_ON_BOARD_DIRS = ("docs", "images", "img", "media", "tests", "steps", "__pycache__")


class Text(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    fr: str
    en: str


class TextList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    fr: list[str]
    en: list[str]


class Hardware(BaseModel):
    """What a teacher hands out: the kit parts (ids, checked against main.py) and the sentence."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    parts: list[str] = []  # kit part ids (atelier.bundle.KIT_PARTS) the programs use
    fr: list[str]
    en: list[str]


class Technologie(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    years: list[str] = Field(min_length=1)  # atelier.curriculum.TECHNOLOGIE_YEARS
    competences: list[str] = []  # ids of atelier.curriculum.TECHNOLOGIE_COMPETENCES


class Curriculum(BaseModel):
    """Where the lesson fits the French curriculum (ids of atelier.curriculum)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    technologie: Technologie | None = None  # collège, cycle 4
    snt: list[str] = []  # seconde, "Informatique embarquée et objets connectés"
    nsi: list[str] = []  # première, optional

    def levels(self) -> set[str]:
        """The classes the lesson suits: Technologie years, 2de for SNT, 1re for NSI."""
        out = set(self.technologie.years) if self.technologie else set()
        return out | ({"2de"} if self.snt else set()) | ({"1re"} if self.nsi else set())

    def topics(self) -> set[str]:
        tech = set(self.technologie.competences) if self.technologie else set()
        return tech | set(self.snt) | set(self.nsi)


# When a [picture] presses buttons and shakes the board: from this virtual second, one action
# every PICTURE_STEP seconds (atelier.site.pictures)
PICTURE_START = 1.0
PICTURE_STEP = 0.5


class Picture(BaseModel):
    """When the site's picture of the lesson is taken (atelier.site.pictures): on which board,
    after how many virtual seconds, with which buttons pressed and the board shaken on the way,
    and the simulated world's settings (any field of atelier.sim.world.World: heading = 90)."""

    model_config = ConfigDict(extra="allow", frozen=True)
    board: str | None = None  # one of the lesson's boards; default: the micro:bit V2
    seconds: float = Field(default=3.0, gt=0, le=60)
    press: list[str] = []  # buttons ("A", "B") pressed one after the other
    shake: bool = False  # shaken after the presses

    @model_validator(mode="after")
    def _known_settings(self):
        from dataclasses import fields

        for name in self.model_extra or {}:
            from atelier.sim.world import World

            known = sorted(f.name for f in fields(World) if not f.name.startswith("_"))
            if name not in known:
                raise ValueError(
                    _("unknown setting {name!r}; settings: board, seconds, press, shake, or the "
                      "world's: {known}").format(name=name, known=", ".join(known))
                )  # fmt: skip
        for button in self.press:
            if button.upper() not in ("A", "B"):
                raise ValueError(_("press: unknown button {button!r}; buttons: A, B").format(
                    button=button))  # fmt: skip
        if self.seconds < self.actions_end():
            raise ValueError(
                _("seconds: {seconds:g} is before the presses and shake end ({end:g} s); "
                  "give more").format(seconds=self.seconds, end=self.actions_end())
            )  # fmt: skip
        return self

    def world(self) -> dict:
        """The world's settings, as World's fields."""
        return {k: tuple(v) if isinstance(v, list) else v
                for k, v in (self.model_extra or {}).items()}  # fmt: skip

    def actions_end(self) -> float:
        """The virtual second after the last press or shake (0 without any)."""
        n = len(self.press) + self.shake
        return PICTURE_START + PICTURE_STEP * n if n else 0.0


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
    hardware: Hardware
    objectives: TextList
    curriculum: Curriculum = Curriculum()
    # pip packages whose modules the lesson's board-side code imports: one list for every
    # board, or a table keyed by runtime ("micropython", "circuitpython") or board id
    libraries: list[str] | dict[str, list[str]] = []
    # when the site's picture of the lesson is taken (optional; atelier.site.pictures)
    picture: Picture = Field(default_factory=Picture)


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

    def board_hint(self, board_id: str) -> str:
        """What to do when the lesson does not claim `board_id` but that board runs every lesson
        of one it claims (an older copy made before the Pico W was added): "" otherwise."""
        from atelier.boards import load_boards

        known = load_boards()
        for b in self.info.boards:
            if board_id in known.running_lessons_of(b):
                return " " + _("({board} runs every lesson of {other}: add \"{board}\" to boards "
                               "in {file})").format(board=board_id, other=b,
                                                    file=self.path / "lesson.toml")  # fmt: skip
        return ""

    def check_hardware(self) -> None:
        """The kit parts lesson.toml's hardware.parts declares are those its programs (main.py,
        its modules and its steps) use: raise UserError `lesson.toml:line: hardware.parts: ...`
        naming the difference (the author check's own rule, atelier.authoring)."""
        from atelier.authoring import check_parts, steps_of

        problems = check_parts(self, steps_of(self))
        if problems:
            raise UserError(str(problems[0]))

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
        # our own checks' words (a ValueError of a validator), without pydantic's "Value error, "
        said = err["ctx"]["error"] if err["type"] == "value_error" else err["msg"]
        raise UserError(f"{toml}:{line}: {key}: {said}") from None
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
    if info.picture.board is not None and info.picture.board not in info.boards:
        line = TomlLines(text).line_of(("picture", "board"))
        raise UserError(
            _("{file}:{line}: picture.board: {board!r} is not one of the lesson's boards: "
              "{boards}").format(file=toml, line=line, board=info.picture.board,
                                 boards=", ".join(info.boards))
        )  # fmt: skip
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
    _check_curriculum(info, toml, text)
    _check_part_ids(info, toml, text)
    if not (p / "main.py").is_file():
        raise UserError(
            _("{folder}: the lesson has no main.py; add the program pupils start from").format(
                folder=p
            )
        )
    return Lesson(p.resolve(), info)


def _check_part_ids(info: LessonInfo, toml: Path, text: str) -> None:
    from atelier.bundle import KIT_PARTS

    for i, part in enumerate(info.hardware.parts):
        if part not in KIT_PARTS:
            raise UserError(
                _("{file}:{line}: hardware.parts: unknown kit part {part!r}; kit parts: "
                  "{known}").format(file=toml, line=TomlLines(text).line_of(
                      ("hardware", "parts", i)), part=part, known=", ".join(KIT_PARTS))
            )  # fmt: skip


def _check_curriculum(info: LessonInfo, toml: Path, text: str) -> None:
    """Years, competences and themes are ids of atelier.curriculum: one line naming the line."""
    from atelier import curriculum as c

    cur = info.curriculum
    checks = []  # (key path, value, known ids)
    if cur.technologie:
        checks += [(("curriculum", "technologie", "years", i), v, c.TECHNOLOGIE_YEARS)
                   for i, v in enumerate(cur.technologie.years)]  # fmt: skip
        checks += [(("curriculum", "technologie", "competences", i), v,
                    tuple(c.TECHNOLOGIE_COMPETENCES))
                   for i, v in enumerate(cur.technologie.competences)]  # fmt: skip
    checks += [(("curriculum", "snt", i), v, tuple(c.SNT_TOPICS)) for i, v in enumerate(cur.snt)]
    checks += [(("curriculum", "nsi", i), v, tuple(c.NSI_TOPICS)) for i, v in enumerate(cur.nsi)]
    for path, value, known in checks:
        if value not in known:
            key = ".".join(str(x) for x in path if isinstance(x, str))
            raise UserError(
                _("{file}:{line}: {key}: unknown {value!r}; known: {known}").format(
                    file=toml,
                    line=TomlLines(text).line_of(path),
                    key=key,
                    value=value,
                    known=", ".join(known),
                )  # fmt: skip
            )


def all_lesson_dirs(root: Path | None = None) -> list[Path]:
    root = root or lessons_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / "lesson.toml").is_file())


def all_lessons(root: Path | None = None) -> list[Lesson]:
    return [load_lesson(p) for p in all_lesson_dirs(root)]


_LEVEL_ORDER = ("débutant", "intermédiaire", "avancé")


def filter_lessons(
    level: str | None = None,
    topic: str | None = None,
    root: Path | None = None,
    part: str | None = None,
    board: str | None = None,
) -> list[Lesson]:
    """The lessons for a class (`--level 4e`), training a competence or theme (`--topic`), using
    a kit part (`--part servo`) or running on a board (`--board pico`), beginner first; an
    unknown class, id, part or board is one line naming the known ones."""
    from atelier import curriculum as c
    from atelier.bundle import KIT_PARTS

    if level is not None and level not in c.LEVELS:
        raise UserError(
            _("unknown class {level!r}; known classes: {known}").format(
                level=level, known=", ".join(c.LEVELS)
            )
        )
    if topic is not None and topic not in c.topics():
        raise UserError(
            _("unknown topic {topic!r}; known topics: {known}").format(
                topic=topic, known=", ".join(c.topics())
            )
        )
    if part is not None and part not in KIT_PARTS:
        raise UserError(_("unknown kit part {part!r}; kit parts: {known}").format(
            part=part, known=", ".join(KIT_PARTS)))  # fmt: skip
    if board is not None:
        from atelier.boards import load_boards

        load_boards().get(board)  # an unknown board: one line naming the known ones
    found = [
        lesson
        for lesson in all_lessons(root)
        if (level is None or level in lesson.info.curriculum.levels())
        and (topic is None or topic in lesson.info.curriculum.topics())
        and (part is None or part in lesson.info.hardware.parts)
        and (board is None or board in lesson.info.boards)
    ]
    return sorted(found, key=lambda x: (_LEVEL_ORDER.index(x.info.level), x.info.duration_min,
                                        x.id))  # fmt: skip
