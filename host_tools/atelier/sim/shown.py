"""What a simulated board's display showed over a stretch of virtual time, and whether a text
(a number) went across it, on every kind of display the kit drives: the micro:bit's 5x5
matrix, a Pico's or an ESP32's OLED screen, a Circuit Playground's ring (which writes numbers
and text on the serial console as "[display] ...").

A lesson test that checks a number on the display watches the board while it runs, then asks
whether the text was shown the way the kit shows it on that board:

    seen = watch(board, 3)          # runs the board 3 s, keeping what its display showed
    assert scrolled(board, seen, "18")

The reference is the kit itself: a fresh board of the same type runs `display.scroll("18")`
(or `display.show`) and what its display shows, frame by frame, must appear in `seen`, in
order and uninterrupted.
"""

from __future__ import annotations

import tempfile
from functools import lru_cache
from pathlib import Path

from atelier.sim.components.neopixels import Ring
from atelier.sim.components.oled import OledView

NOTE = "[display] "


def watch(board, seconds: float) -> list:
    """Run `board` for `seconds` of virtual time; the distinct frames its display showed, in
    order (matrix: image texts; screen: its memory; ring: the console's display notes)."""
    d = board.display
    start = board.time
    if isinstance(d, Ring):
        before = len(board.output)
        board.run(seconds)
        new = board.output[before:].splitlines()
        return [ln[len(NOTE) :] for ln in new if ln.startswith(NOTE)]
    if isinstance(d, OledView):  # each frame the screen receives, as it receives it
        model, frames = d.model, [_screen(d.model)]
        write = model.write

        def written(data):
            write(data)
            _add(frames, _screen(model))

        model.write = written
        try:
            board.run(seconds)
        finally:
            del model.write
        return frames
    history = getattr(d, "history", None)
    if history is None:  # no display at all: nothing to see
        board.run(seconds)
        return []
    shown_at_start = [text for t, text in history if t <= start]
    board.run(seconds)
    frames = shown_at_start[-1:]
    for t, text in history:
        if start <= t <= board.time:
            _add(frames, text)
    return frames


def _screen(model) -> tuple:
    # the screen's memory as it shows it (nothing while it is off)
    return tuple(bytes(page) for page in model.ram) if model.on else ()


def _add(frames: list, frame) -> None:
    if not frames or frames[-1] != frame:
        frames.append(frame)


def scrolled(board, seen: list, text, how: str = "any") -> bool:
    """Whether `seen` (from watch) holds `text` shown as the kit shows it on this board type
    with display.scroll (`how="scroll"`), display.show (`how="show"`), or either. One
    character shown on the matrix is one frame, which a longer text scrolling across also
    shows: ask about texts of two characters or more."""
    return find(board, seen, text, how) >= 0


def find(board, seen: list, text, how: str = "any", start: int = 0) -> int:
    """Where in `seen` (from `start` on) `text` begins to be shown (see scrolled), or -1."""
    found = []
    for way in ("scroll", "show") if how == "any" else (how,):
        ref = reference(board.type.id, str(text), way)
        n = len(ref)
        found += [i for i in range(start, len(seen) - n + 1) if n and seen[i : i + n] == ref][:1]
    return min(found, default=-1)


@lru_cache(maxsize=256)
def reference(board_id: str, text: str, how: str = "scroll") -> list:
    """The frames a fresh `board_id` shows for display.scroll(text) (or display.show), without
    the blank frames before and after."""
    from atelier.sim import simulate

    with tempfile.TemporaryDirectory(prefix="atelier-shown-") as tmp:
        program = Path(tmp) / "main.py"
        program.write_text(
            f"from kit import display, sleep_ms\ndisplay.{how}({text!r})\nsleep_ms(60000)\n",
            encoding="utf-8",
        )
        with simulate(program, board=board_id) as ref:
            seen = watch(ref, 2.0 + 1.5 * len(text))
    if isinstance(ref.display, Ring):  # the kit's first note says what the ring shows
        return seen[-1:]
    while seen and _blank(seen[0]):
        seen.pop(0)
    while seen and _blank(seen[-1]):
        seen.pop()
    return seen


def _blank(frame) -> bool:
    if isinstance(frame, tuple):  # a screen's memory
        return not any(map(any, frame))
    return len(frame) == 29 and frame[5] == ":" and not frame.strip("0:")  # a dark matrix
