"""Reading boards.toml: ``load_boards()`` and the ``Boards`` it gives, or one ``BoardsError``
with a line per problem, ``FILE:LINE: key.path: what is wrong; what to do``::

    boards = load_boards()  # the shipped boards.toml
    boards.get("microbit-v2"), boards.ids(), "pico" in boards

Each table is validated by the ``Board`` model, then by the cross-field ``rules``; where each
problem is comes from ``atelier.tomlines``, how it is worded from ``wording``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from atelier.boards.models import Board, BoardsError
from atelier.boards.rules import Problem, check_board
from atelier.boards.wording import (
    describe_error,
    dotted,
    error_path,
    kind_of,
    root_causes,
    toml_value,
)
from atelier.i18n import _
from atelier.tomlines import KeyPath, TomlLines

_BOARD_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class Boards:
    """The board types of one boards.toml, by id. Iterating gives Board objects, sorted by id."""

    def __init__(self, path: Path, boards: Mapping[str, Board]) -> None:
        self.path = path
        self._boards = dict(boards)

    def get(self, board_id: str) -> Board:
        """The board ``board_id``; an unknown id raises BoardsError naming the known ones."""
        try:
            return self._boards[board_id]
        except KeyError:
            known = ", ".join(self.ids())
            raise BoardsError(
                _("unknown board {board!r}; known boards: {known}").format(
                    board=board_id, known=known
                )
            ) from None

    def ids(self) -> list[str]:
        return sorted(self._boards)

    def running_lessons_of(self, board_id: str) -> list[str]:
        """The other boards that run every lesson of ``board_id``: the same runtime, backend and
        kit wiring (kit parts, buses, sensors), and every module and capability it has (the Pico
        W for the Pico: its wireless chip only adds). A lesson claims them too (author check)."""
        b = self.get(board_id)
        return [o.id for o in self if o.id != b.id
                and (o.runtime, o.backend, o.platform, o.mpy_format, o.main_file)
                == (b.runtime, b.backend, b.platform, b.mpy_format, b.main_file)
                and (o.kit, o.buses, o.sensors) == (b.kit, b.buses, b.sensors)
                and set(b.modules.available) <= set(o.modules.available)
                and b.capabilities <= o.capabilities]  # fmt: skip

    def __getitem__(self, board_id: str) -> Board:
        return self.get(board_id)

    def __iter__(self) -> Iterator[Board]:
        return (self._boards[board_id] for board_id in self.ids())

    def __len__(self) -> int:
        return len(self._boards)

    def __contains__(self, board_id: object) -> bool:
        return board_id in self._boards

    def __repr__(self) -> str:
        return f"Boards({str(self.path)!r}, ids={self.ids()})"


def default_boards_path() -> Path:
    """The boards.toml shipped with atelier (source checkout first, then the wheel's copy)."""
    atelier = Path(__file__).resolve().parents[1]  # host_tools/atelier, or atelier in a wheel
    checkout = atelier.parents[1] / "boards.toml"
    if checkout.is_file():
        return checkout
    return atelier / "_data" / "boards.toml"


def _syntax_error(file: str, text: str, error: tomllib.TOMLDecodeError) -> BoardsError:
    # tomllib's own words stay (Python's English); where they are and what to do are ours
    message = str(error)
    line = getattr(error, "lineno", None)  # Python >= 3.14
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match:
        line = line or int(match.group(1))
        text_ = _("{file}:{line}: invalid TOML: {message} (column {column}); fix the syntax there")
        column = match.group(2)
        message = message[: match.start()]
    elif message.endswith("(at end of document)"):
        line = line or text.count("\n") + 1
        text_ = _(
            "{file}:{line}: invalid TOML: {message} at the end of the file; fix the syntax there"
        )
        column = ""
        message = message.removesuffix(" (at end of document)")
    else:
        text_ = _("{file}:{line}: invalid TOML: {message}; fix the syntax there")
        column = ""
    return BoardsError(text_.format(file=file, line=line or 1, message=message, column=column))


# The validated boards of the last file read, while its bytes are the same: a simulation starts
# in ~25 ms, and validating boards.toml again each time would cost a fifth of it. Boards and
# their models are frozen, so one object can serve every caller.
_CACHE: dict[tuple[str, bytes], Boards] = {}


def load_boards(path: str | Path | None = None) -> Boards:
    """Read and validate boards.toml (default: the shipped one). Raises BoardsError."""
    import hashlib

    path = Path(path) if path is not None else default_boards_path()
    try:
        key = (str(path.resolve()), hashlib.sha1(path.read_bytes()).digest())
    except OSError:
        return _load(path)  # says why it cannot be read
    if key not in _CACHE:
        boards = _load(path)
        _CACHE.clear()  # one file at a time is all a command uses
        _CACHE[key] = boards
    return _CACHE[key]


def _load(path: Path) -> Boards:
    file = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        reason = error.strerror or str(error)
        raise BoardsError(
            _("{file}: cannot read boards file: {reason}; check the path").format(
                file=file, reason=reason
            )
        ) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise BoardsError(
            _("{file}:{line}: not UTF-8 text; save the file as UTF-8").format(file=file, line=line)
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(file, text, error) from None

    boards, problems = _validate(data)
    if problems:
        lines = TomlLines(text)
        located = sorted({(lines.line_of(p), dotted(p), m) for p, m in problems})
        raise BoardsError([f"{file}:{line}: {key}: {message}" for line, key, message in located])
    return Boards(path=path, boards=boards)


def _validate(data: dict[str, Any]) -> tuple[dict[str, Board], list[Problem]]:
    """Boards of a parsed boards.toml, and problems with their paths from the document root."""
    boards: dict[str, Board] = {}
    problems: list[Problem] = []

    def add(path: KeyPath, message: str) -> None:
        problems.append((path, message))

    for key in data:
        if key != "boards":
            add((key,), _("unknown key; known keys: {known}").format(known="boards"))
    tables = data.get("boards")
    if not isinstance(tables, dict) or not tables:
        add(("boards",), _("no boards defined; add a [boards.<id>] table per board type"))
        tables = {}

    for board_id, table in tables.items():
        where: KeyPath = ("boards", board_id)
        if not _BOARD_ID.match(board_id):
            add(
                where,
                _(
                    'board id {board} must be lower case letters, digits and "-"; rename the '
                    "table, e.g. [boards.my-board]"
                ).format(board=toml_value(board_id)),
            )
        elif not isinstance(table, dict):
            add(
                where,
                _(
                    "expected a table, got {kind}; write [boards.{board}] followed by its keys"
                ).format(kind=kind_of(table), board=board_id),
            )
        elif "id" in table:
            add(
                (*where, "id"),
                _(
                    "unknown key; the id is the table name [boards.{board}], remove this key"
                ).format(board=board_id),
            )
        else:
            try:
                board = Board.model_validate({**table, "id": board_id})
            except ValidationError as error:
                for item in root_causes(error.errors()):
                    path, message = describe_error(
                        item, table, error_path(item, table), Board, where
                    )
                    add((*where, *path), message)
                continue
            for path, message in check_board(board):
                add((*where, *path), message)
            boards[board_id] = board
    return boards, problems
