"""A school's kit.toml: how its kit is wired where it differs from boards.toml's default::

    # kit.toml, beside the lessons (or named by --kit FILE / $ATELIER_KIT)
    [microbit-v2]
    presence = { pin = 12 }      # our PIR is where boards.toml has the relay...
    relay = "none"               # ...and our kit has no relay
    light = { pin = 1 }          # a light sensor in place of the soil probe
    soil = "none"                # (P1 is the soil probe's in boards.toml)

Each ``[<board id>]`` table replaces boards.toml's wiring of the parts it names (the keys of
``[boards.<id>.kit]``, same shapes); "none" unwires a part. The result is checked by the same
rules as boards.toml (the board has the pin, no pin used twice, ...); a board with no table of
its own that runs every lesson of one that has (the Pico W and ``[pico]``) takes that one's.
A problem is one line,
``kit.toml:LINE: key.path: what is wrong; what to do``.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import ValidationError

from atelier.boards import Board, BoardsError, Kit, load_boards
from atelier.boards.load import _syntax_error
from atelier.boards.rules import check_board
from atelier.boards.wording import describe_error, dotted, error_path, kind_of, root_causes
from atelier.i18n import _
from atelier.tomlines import TomlLines

NAME = "kit.toml"
ENV = "ATELIER_KIT"


def find_kit_file(where: Path | str | None, explicit: Path | str | None = None) -> Path | None:
    """The kit file to use: `explicit` (--kit), else $ATELIER_KIT, else a kit.toml in the
    lesson's folder `where` or the folder above it (where a school keeps its lessons)."""
    named = explicit or os.environ.get(ENV) or None
    if named:
        path = Path(named)
        if not path.is_file():
            raise BoardsError(_("{file}: no such kit file; check the path").format(file=path))
        return path
    if where is None:
        return None
    folder = Path(where).resolve()
    for d in (folder, folder.parent):
        if (d / NAME).is_file():
            return d / NAME
    return None


def with_kit_file(board: Board, path: Path) -> Board:
    """`board` with the wiring of `path`'s ``[<board id>]`` table (unchanged without one)."""
    file = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        raise BoardsError(
            _("{file}: cannot read kit file: {reason}; check the path").format(
                file=file, reason=error.strerror or error
            )
        ) from None
    except UnicodeDecodeError:
        message = _("{file}:{line}: not UTF-8 text; save the file as UTF-8").format(
            file=file, line=1
        )
        raise BoardsError(message) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(file, text, error) from None
    lines = TomlLines(text)
    problems: list[tuple[tuple, str]] = []
    boards = load_boards()
    known = boards.ids()
    for key, table in data.items():
        if key not in known:
            problems.append(
                (
                    (key,),
                    _("unknown board {board!r}; known boards: {known}").format(
                        board=key, known=", ".join(known)
                    ),
                )
            )
        elif not isinstance(table, dict):
            problems.append(
                (
                    (key,),
                    _("expected a table, got {kind}; write [{board}] then its parts").format(
                        kind=kind_of(table), board=key
                    ),
                )
            )
    table = data.get(board.id)
    if table is None:  # a board running every lesson of another (the Pico W of the Pico) is
        # wired as the school wired that one: its kit is that board's with a wireless chip
        table = next((data[o] for o in known if isinstance(data.get(o), dict)
                      and board.id in boards.running_lessons_of(o)), None)  # fmt: skip
    if isinstance(table, dict):
        board, more = _apply(board, table)
        problems += more
    if problems:
        located = sorted({(lines.line_of(p), dotted(p), m) for p, m in problems})
        raise BoardsError([f"{file}:{line}: {key}: {message}" for line, key, message in located])
    return board


def _apply(board: Board, table: dict) -> tuple[Board, list[tuple[tuple, str]]]:
    where = (board.id,)
    # each part on its own: the kit's tagged unions would not serialise as one
    wiring = {k: getattr(v, "model_dump", lambda v=v: v)() for k, v in board.kit if v is not None}
    for part, value in table.items():
        if value == "none" and part not in ("buzzer", "display", "buttons", "door"):
            wiring.pop(part, None)
        else:
            wiring[part] = value
    try:
        kit = Kit.model_validate(wiring)
    except ValidationError as error:
        problems = []
        for item in root_causes(error.errors()):
            path, message = describe_error(item, wiring, error_path(item, wiring), Kit, where)
            problems.append(((*where, *path), message))
        return board, problems
    changed = board.model_copy(update={"kit": kit})
    problems = []
    for path, message in check_board(changed):
        if path[:1] == ("kit",) and len(path) > 1 and path[1] in table:
            problems.append(((*where, *path[1:]), message))
        else:  # a part of boards.toml clashes with one of this file: say which
            problems.append((where, f"{dotted(path)}: {message}"))
    return changed, problems
