"""Where keys are in a TOML file: every dotted key path of a document mapped to its line.

``tomllib`` gives values but no positions, and an error that names a line is what makes
boards.toml and lesson.toml editable by people who are not programmers::

    lines = TomlLines(text)
    lines.line_of(("boards", "pico", "sensors", 2, "bus"))  # its line, else its table's
    key_lines(text)  # {path: line} for every key

Used by ``atelier.boards`` and ``atelier.lessons``; it only ever needs to be right on text
``tomllib`` accepted, but never hangs on any other.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence

__all__ = ["KeyPath", "TomlLines", "key_lines"]

KeyPath = tuple[str | int, ...]


class TomlLines:
    """Map every dotted key path of a (valid) TOML document to the line that defines it.

    Paths are tuples like ``("boards", "pico", "sensors", 2, "bus")``: table headers, array of
    tables elements (by index), ``key = value`` (dotted keys too), inline tables and array
    elements are all recorded.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.lines: dict[KeyPath, int] = {}
        self._aot: dict[KeyPath, int] = {}  # array of tables -> elements seen so far
        self._document()

    def line_of(self, path: KeyPath) -> int:
        """Line of ``path``, else of its nearest enclosing table (a missing key's table)."""
        for end in range(len(path), 0, -1):
            line = self.lines.get(path[:end])
            if line is not None:
                return line
        return 1

    # -- low level
    def _peek(self, offset: int = 0) -> str:
        i = self.pos + offset
        return self.text[i] if i < len(self.text) else ""

    def _advance(self, n: int = 1) -> None:
        end = min(self.pos + n, len(self.text))
        self.line += self.text.count("\n", self.pos, end)
        self.pos = end

    def _more(self) -> bool:
        return self.pos < len(self.text)

    def _skip(self, newlines: bool) -> None:
        while True:
            c = self._peek()
            if c in (" ", "\t") or (newlines and c in ("\n", "\r")):
                self._advance()
            elif c == "#":
                end = self.text.find("\n", self.pos)
                self._advance((len(self.text) if end < 0 else end) - self.pos)
            else:
                return

    def _string(self) -> str:
        """Skip a string of any of the four kinds; return its raw source."""
        start = self.pos
        quote = self._peek()
        if self.text.startswith(quote * 3, self.pos):
            self._advance(3)
            while self._more() and not self.text.startswith(quote * 3, self.pos):
                self._advance(2 if quote == '"' and self._peek() == "\\" else 1)
            self._advance(3)
            while self._peek() == quote:  # up to two quotes may end the content
                self._advance()
        else:
            self._advance()
            while self._more() and self._peek() != quote:
                self._advance(2 if quote == '"' and self._peek() == "\\" else 1)
            self._advance()
        return self.text[start : self.pos]

    def _key(self) -> list[str]:
        parts = []
        while True:
            self._skip(False)
            if self._peek() in ('"', "'"):
                # Let tomllib decode escapes in quoted keys rather than re-implement them.
                raw = self._string()
                try:
                    parts.append(next(iter(tomllib.loads(f"{raw} = 0"))))
                except (tomllib.TOMLDecodeError, StopIteration):
                    parts.append(raw[1:-1])
            else:
                start = self.pos
                while self._peek().isalnum() or self._peek() in ("_", "-"):
                    self._advance()
                parts.append(self.text[start : self.pos])
            self._skip(False)
            if self._peek() != ".":
                return parts
            self._advance()

    # -- structure
    def _resolve(self, keys: Sequence[str]) -> KeyPath:
        # A header below an array of tables refers to that array's latest element.
        out: list[str | int] = []
        for key in keys:
            out.append(key)
            count = self._aot.get(tuple(out))
            if count:
                out.append(count - 1)
        return tuple(out)

    def _define(self, path: KeyPath, line: int) -> None:
        for end in range(1, len(path)):  # implicit parent tables
            self.lines.setdefault(path[:end], line)
        self.lines[path] = line

    def _document(self) -> None:
        prefix: KeyPath = ()
        while True:
            self._skip(True)
            if not self._more():
                return
            start, line = self.pos, self.line
            if self._peek() == "[" and self._peek(1) == "[":
                self._advance(2)
                keys = self._key()
                self._advance(2)
                array = (*self._resolve(keys[:-1]), keys[-1])
                index = self._aot.get(array, 0)
                self._aot[array] = index + 1
                self.lines.setdefault(array, line)
                prefix = (*array, index)
                self._define(prefix, line)
            elif self._peek() == "[":
                self._advance()
                keys = self._key()
                self._advance()
                prefix = self._resolve(keys)
                self._define(prefix, line)
            else:
                self._pair(prefix, line)
            if self.pos == start:  # only on text tomllib rejected: never loop forever
                self._advance()

    def _pair(self, prefix: KeyPath, line: int) -> None:
        """`key = value` under `prefix`: record the key's line, then walk the value."""
        path = (*prefix, *self._key())
        self._define(path, line)
        self._skip(False)
        self._advance()  # "="
        self._skip(False)
        self._value(path)

    def _value(self, path: KeyPath) -> None:
        c = self._peek()
        if c == "{":
            self._advance()
            while True:
                self._skip(True)
                if self._peek() in ("}", ""):
                    self._advance()
                    return
                start, line = self.pos, self.line
                self._pair(path, line)
                self._skip(True)
                if self._peek() == "," or self.pos == start:  # never stall on bad input
                    self._advance()
        elif c == "[":
            self._advance()
            index = 0
            while True:
                self._skip(True)
                if self._peek() in ("]", ""):
                    self._advance()
                    return
                start = self.pos
                self._define((*path, index), self.line)
                self._value((*path, index))
                index += 1
                self._skip(True)
                if self._peek() == "," or self.pos == start:  # never stall on bad input
                    self._advance()
        elif c in ('"', "'"):
            self._string()
        else:  # number, boolean, date: runs up to a delimiter
            while self._peek() not in (",", "]", "}", "#", "\n", "\r", ""):
                self._advance()


def key_lines(text: str) -> dict[KeyPath, int]:
    """Every key path of TOML ``text`` with the line that defines it (see ``TomlLines``)."""
    return dict(TomlLines(text).lines)
