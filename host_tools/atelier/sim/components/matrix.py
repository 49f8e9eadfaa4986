"""The micro:bit's 5×5 LED matrix: images, the font, show/scroll animations at any virtual time."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from atelier.sim.vm import mbdata

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard

US = 1_000_000
FOREVER = None
BLANK = ((0,) * 5,) * 5


def parse_image(text: str) -> tuple[tuple[int, ...], ...]:
    """'09090:99999:...' (or 25 digits) -> 5 rows of 5 brightness values 0-9."""
    digits = text.replace(":", "").replace("\n", "")
    if len(digits) != 25 or not digits.isdigit():
        raise ValueError(f"not a 5x5 image: {text!r}")
    return tuple(tuple(int(d) for d in digits[r * 5 : r * 5 + 5]) for r in range(5))


def image_text(rows) -> str:
    return ":".join("".join(str(v) for v in row) for row in rows)


def glyph(ch: str) -> tuple[tuple[int, ...], ...]:
    """The micro:bit font's 5x5 glyph for `ch` (unknown characters show as '?')."""
    text = mbdata.FONT.get(ch) or mbdata.FONT.get("?")
    return parse_image(text)


def _columns(rows) -> list[tuple[int, ...]]:
    return [tuple(rows[y][x] for y in range(5)) for x in range(5)]


def scroll_columns(text: str, monospace: bool = False) -> list[tuple[int, ...]]:
    """The text as a strip of 5-pixel columns, one blank column between characters."""
    cols: list[tuple[int, ...]] = []
    for ch in text:
        gcols = _columns(glyph(ch))
        if not monospace:
            lit = [i for i, c in enumerate(gcols) if any(c)]
            gcols = gcols[lit[0] : lit[-1] + 1] if lit else gcols[:3]
        cols.extend(gcols)
        cols.append((0,) * 5)
    return cols


def frame_from_columns(cols) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(cols[x][y] for x in range(5)) for y in range(5))


# -- display -----------------------------------------------------------------------------------
@dataclass
class _Animation:
    start: int  # virtual µs
    frames: list  # [(rows, duration_us)]
    loop: bool
    after: tuple  # what stays once it is over

    def image_at(self, t: int):
        total = sum(d for _, d in self.frames)
        if total <= 0:
            return self.after
        dt = t - self.start
        if dt >= total and not self.loop:
            return self.after
        dt %= total
        for rows, d in self.frames:
            if dt < d:
                return rows
            dt -= d
        return self.after

    def end(self) -> float:
        return math.inf if self.loop else self.start + sum(d for _, d in self.frames)


class Display:
    """The 5x5 LED matrix: what it shows at any virtual time."""

    def __init__(self, board: SimBoard):
        self._board = board
        self._static = BLANK
        self._anim: _Animation | None = None
        self.on = True
        self.history: list[tuple[float, str]] = []  # (virtual s, image text) as shown

    @property
    def image(self) -> list[list[int]]:
        """Current 5x5 brightness rows (0-9)."""
        return [list(r) for r in self._rows_at(self._board.now_us)]

    @property
    def text(self) -> str:
        """Current image in the micro:bit Image string format, e.g. '09090:...'."""
        return image_text(self._rows_at(self._board.now_us))

    def shows(self, image_name_or_text: str) -> bool:
        """True if the display now shows that built-in image (e.g. 'ARROW_N') or image text."""
        text = mbdata.IMAGES.get(image_name_or_text, image_name_or_text)
        return self.text == image_text(parse_image(text))

    def _rows_at(self, t: int):
        if not self.on:
            return BLANK
        if self._anim is not None:
            return self._anim.image_at(t)
        return self._static

    def _freeze(self) -> None:
        """Stop any animation, keeping what it shows now."""
        if self._anim is not None:
            self._static = self._anim.image_at(self._board.now_us)
            self._anim = None

    def set_static(self, rows) -> None:
        self._anim = None
        self._static = rows
        self._log(rows)

    def animate(self, frames, loop: bool, after) -> _Animation:
        self._anim = _Animation(self._board.now_us, frames, loop, after)
        t = self._board.now_us
        for rows, d in frames[:200]:
            self._log(rows, t)
            t += d
        return self._anim

    def _log(self, rows, t_us: int | None = None) -> None:
        t = self._board.now_us if t_us is None else t_us
        # an animation cut short must not leave its planned frames in the history
        while self.history and self.history[-1][0] > t / US:
            self.history.pop()
        self.history.append((t / US, image_text(rows)))
        del self.history[:-1000]

    def set_pixel(self, x: int, y: int, v: int) -> None:
        self._freeze()
        rows = [list(r) for r in self._static]
        rows[y][x] = v
        self.set_static(tuple(tuple(r) for r in rows))

    def get_pixel(self, x: int, y: int) -> int:
        return self._rows_at(self._board.now_us)[y][x]
