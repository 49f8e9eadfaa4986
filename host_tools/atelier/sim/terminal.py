"""Drawing a simulated board in the terminal: the 5x5 display (or NeoPixel ring), the buzzer,
printed text, keys."""

from __future__ import annotations

import math
import os
import select
import sys
import time

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.text import Text

from atelier.i18n import _, ngettext

# LED brightness 0-9 as shades of red
_SHADES = ["grey15"] + [f"rgb({60 + 21 * i},0,0)" for i in range(1, 10)]


def render_display(rows, color: bool = True) -> Text:
    """The LEDs as blocks shaded by brightness (or, without colours, digits 1-9 and dots)."""
    t = Text()
    for row in rows:
        for v in row:
            v = max(0, min(9, v))
            if color:
                t.append("██", style=_SHADES[v])
            else:
                t.append(f"{v}{v}" if v else "··")
            t.append(" ")
        t.append("\n")
    return t


def render_ring(ring, color: bool = True) -> Text:
    """A ring of NeoPixels as a clock face: each pixel at its angle, lit ones in their colour
    (brightened to be seen), or, without colours, "@" for lit and "o" for dark."""
    rows, cols = 7, 13

    def step(v: float) -> int:  # rounded away from the centre, so the face is symmetric
        return int(math.copysign(math.floor(abs(v) + 0.5 + 1e-9), v))

    where = {}
    for i, a in enumerate(ring.angles):
        r = rows // 2 - step(math.cos(math.radians(a)) * (rows // 2))
        c = cols // 2 + step(math.sin(math.radians(a)) * (cols // 2))
        where[(r, c)] = i
    t = Text()
    for r in range(rows):
        for c in range(cols):
            i = where.get((r, c))
            if i is None:
                t.append(" ")
                continue
            rgb = ring.colors[i]
            if not any(rgb):
                t.append("○" if color else "o", style="grey35" if color else None)
            elif color:
                k = 255 / max(rgb)
                t.append("●", style="rgb({},{},{})".format(*(int(v * k) for v in rgb)))
            else:
                t.append("@")
        t.append("\n")
    return t


def render_board_display(display, color: bool = True) -> Text:
    """What the board's display shows: a 5x5 picture, or a ring of NeoPixels."""
    if hasattr(display, "colors"):
        return render_ring(display, color)
    return render_display(display.image, color)


class Quit(Exception):
    """The user pressed q."""


_WINDOWS = os.name == "nt"


def _typed() -> str:
    """The keys typed since the last call (arrows as ANSI codes), without waiting."""
    if _WINDOWS:
        import msvcrt

        out = ""
        while msvcrt.kbhit():
            ch = msvcrt.getwch()
            if ch in ("\x00", "\xe0"):  # a special key: its scan code follows
                out += {"M": "\x1b[C", "K": "\x1b[D"}.get(msvcrt.getwch(), "")
            else:
                out += ch
        return out
    fd = sys.stdin.fileno()
    if not select.select([fd], [], [], 0)[0]:
        return ""
    return os.read(fd, 16).decode(errors="ignore")


class LiveView:
    """Shows one simulated board while it runs; in a terminal, keys act on it."""

    def __init__(self, console: Console, live: bool, keys: bool = False):
        self.console = console
        self.interactive = live  # draw the board as it runs
        self.keys = keys and live  # and read keys from the terminal
        self.lines: list[str] = []
        self.board = None
        self.quit = False
        self._live: Live | None = None
        self._last = 0.0
        self._old_tty = None
        self._partial = ""
        self._color = console.color_system is not None

    def attach(self, board) -> None:
        self.board = board
        if self.interactive:
            board.sim.on_tick = self._tick

    # -- output ------------------------------------------------------------------------------
    def printed(self, text: str) -> None:
        text = self._partial + text
        *done, self._partial = text.split("\n")
        for line in done:
            if self._live is None:
                t = f"{self.board.time:7.2f} s | " if self.board else ""
                # what the pupil printed is text, never markup: "[a/b]" stays "[a/b]"
                self.console.print(Text(t, style="dim") + Text(line), highlight=False)
            else:
                self.lines.append(line)
                del self.lines[:-8]

    # -- live drawing ------------------------------------------------------------------------
    def _panel(self):
        b = self.board
        f = b.buzzer.playing
        sound = f"♪ {f} Hz" if f else "♪ -"
        w = b.world
        magnet = _("yes") if w.magnet_near else _("no")
        info = Text(
            f"t = {b.time:7.2f} s   {sound}\n"
            + _("heading {heading:.0f}°   magnet {magnet}").format(
                heading=w.heading, magnet=magnet
            )
        )
        keys = Text(_("a/b: buttons · ←/→: turn · m: magnet · q: quit"), style="dim")
        out = Text("\n".join(self.lines[-8:]))
        return Panel(
            Group(render_board_display(b.display, self._color), info, keys, out),
            title=f"{b.type.name}",
            expand=False,
        )

    def __enter__(self):
        if self.keys and not _WINDOWS:  # Windows: msvcrt reads keys as they come
            import termios
            import tty

            self._old_tty = termios.tcgetattr(sys.stdin.fileno())
            tty.setcbreak(sys.stdin.fileno())
        if self.interactive:
            self._live = Live(
                self._panel(), console=self.console, auto_refresh=False, transient=False
            )
            self._live.__enter__()
        return self

    def __exit__(self, *exc):
        if self._live is not None:
            self._live.update(self._panel(), refresh=True)
            self._live.__exit__(None, None, None)
            self._live = None
        if self._old_tty is not None:
            import termios

            termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, self._old_tty)
        return exc[0] is Quit

    def _tick(self) -> None:
        now = time.monotonic()
        if now - self._last < 0.05:
            return
        self._last = now
        if self.keys:
            self._keys()
        if self._live is not None:
            self._live.update(self._panel(), refresh=True)

    def _keys(self) -> None:
        while data := _typed():
            b = self.board
            turns = data.count("\x1b[C") - data.count("\x1b[D")
            if turns:
                b.world.heading = (b.world.heading + 15 * turns) % 360
            data = data.replace("\x1b[C", "").replace("\x1b[D", "")
            for ch in data.lower():
                if ch in "ab":
                    b.press(ch)
                elif ch == "m":
                    b.world.magnet_near = not b.world.magnet_near
                elif ch == "q":
                    self.quit = True
                    raise Quit()

    def summary(self) -> None:
        if self._partial:
            self.printed("\n")
        if self.interactive:
            return
        b = self.board
        if b is None:
            return
        self.console.print(render_board_display(b.display, self._color), end="")
        tones = b.buzzer.tones
        n = len(tones)
        summary = ngettext(
            "t = {time:.2f} virtual seconds, {count} note",
            "t = {time:.2f} virtual seconds, {count} notes",
            n,
        )
        self.console.print(summary.format(time=b.time, count=n), markup=False, highlight=False)
        for t in tones[-5:]:
            dur = "∞" if t.duration is None else f"{t.duration * 1000:.0f} ms"
            self.console.print(f"  ♪ {t.start:7.2f} s  {t.frequency} Hz  {dur}")
        for model in getattr(b.hardware, "accessories", {}).values():  # the Grove modules used
            said = getattr(model, "summary", lambda: "")()
            if said:
                self.console.print(f"  {said}", markup=False, highlight=False)
