"""The micro:bit's 5×5 LED matrix: images, the font, show/scroll animations at any virtual time,
and the `display` requests of the VM it answers."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P
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

    def shows_text(self, text) -> bool:
        """True if the display shows `text` (a number, a word) as display.show() leaves it:
        one character stays on; a longer text showed its characters one after the other
        and its last one stays."""
        t = str(text)
        if not t or self.text != image_text(glyph(t[-1])):
            return False
        shown = [img for _, img in self.history][-len(t) :]
        return shown == [image_text(glyph(c)) for c in t]

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

    # -- the requests of the micro:bit's `display` (vm/_sim_microbit.py) ---------------------
    @handles(P.DISPLAY_SHOW_IMAGE)
    def display_show_image(self, args):  # show a static image: 25 digits
        self.set_static(parse_image(args))

    @handles(P.DISPLAY_SHOW)
    def display_show(self, args):  # show a sequence: [frames, delay_ms, wait, loop, clear]
        frames, delay, wait, loop, clear = json.loads(args)
        d = max(0, int(delay)) * 1000
        rows = [glyph(f[1]) if f[0] == "c" else parse_image(f[1]) for f in frames]
        if len(rows) == 1 and not clear and not loop:
            self.set_static(rows[0])
            return None
        after = BLANK if clear else (rows[-1] if rows else self._static)
        anim = self.animate([(r, d) for r in rows], loop, after)
        return Delay(anim.end() - self._board.now_us) if wait else None

    @handles(P.DISPLAY_SCROLL)
    def display_scroll(self, args):  # scroll: [text, delay_ms, wait, loop, monospace]
        text, delay, wait, loop, mono = json.loads(args)
        cols = scroll_columns(text, mono)
        pad = [(0,) * 5] * 5
        strip = pad + cols + pad
        d = max(0, int(delay)) * 1000
        frames = [(frame_from_columns(strip[i : i + 5]), d) for i in range(1, len(cols) + 6)]
        anim = self.animate(frames, loop, BLANK)
        return Delay(anim.end() - self._board.now_us) if wait else None

    @handles(P.DISPLAY_CLEAR)
    def display_clear(self, args):
        self.set_static(BLANK)

    @handles(P.DISPLAY_SET_PIXEL)
    def display_set_pixel(self, args):
        x, y, v = (int(a) for a in args.split())
        self.set_pixel(x, y, v)

    @handles(P.DISPLAY_GET_PIXEL)
    def display_get_pixel(self, args):
        x, y = (int(a) for a in args.split())
        return self.get_pixel(x, y)

    @handles(P.DISPLAY_READ)
    def display_read(self, args):  # the whole current image as 25 digits
        return image_text(self._rows_at(self._board.now_us)).replace(":", "")

    @handles(P.DISPLAY_SET_ON)
    def display_set_on(self, args):
        self.on = args == "1"

    @handles(P.DISPLAY_IS_ON)
    def display_is_on(self, args):
        return int(self.on)
