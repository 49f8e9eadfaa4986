"""Drawing a simulated board in the terminal: the 5x5 display (or NeoPixel ring), the buzzer,
the Grove modules the program uses (4-digit display, LED strip, servo, relay, and the input
modules' world values), printed text, keys."""

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


# where each of a digit's 7 segments is drawn: (row, column, character), bit 0 = a ... 6 = g
_SEGMENTS = [(0, 1, "_"), (1, 2, "|"), (2, 2, "|"), (2, 1, "_"), (2, 0, "|"), (1, 0, "|"),
             (1, 1, "_")]  # fmt: skip


def render_digits(digits, color: bool = True) -> Text:
    """A TM1637 4-digit display: with colours, its seven-segment digits as 3 rows, lit
    segments red (shaded by its brightness), the colon between the 2nd and 3rd digit; without,
    its 4 characters in brackets, the colon lit or a gap ("[12:34]", "[12 34]")."""
    if not color:
        text = digits.text
        return Text(f"[{text[:2]}{':' if digits.colon else ' '}{text[2:]}]")
    lit_style = f"bold rgb({120 + 19 * digits.brightness},0,0)"
    rows = [Text(), Text(), Text()]
    for i, seg in enumerate(digits.segments):
        cells = [[(" ", None)] * 3 for _row in rows]
        for bit, (r, c, ch) in enumerate(_SEGMENTS):
            cells[r][c] = (ch, lit_style if seg >> bit & 1 else "grey19")
        for row, line in zip(rows, cells, strict=True):
            for ch, style in line:
                row.append(ch, style=style)
        if i == 1:  # the colon
            colon = ("•", lit_style if digits.colon else "grey19")
            for row, ch in zip(rows, (" ", colon[0], colon[0]), strict=True):
                row.append(ch, style=colon[1])
        elif i < 3:
            for row in rows:
                row.append(" ")
    return Text("\n").join(rows)


def _runs(pixels):
    """(first, last, colour) of each run of LEDs showing the same colour."""
    runs: list[list] = []
    for i, rgb in enumerate(pixels):
        if runs and runs[-1][2] == rgb:
            runs[-1][1] = i
        else:
            runs.append([i, i, rgb])
    return runs


def render_strip(strip, color: bool = True) -> Text:
    """An LED strip as coloured blocks, a lit LED bright enough to be seen (a dim one stays
    dimmer than a bright one); without colours, each run of LEDs and its (r, g, b)."""
    t = Text()
    if not color:
        for first, last, rgb in _runs(strip.pixels):
            where = f"{first}" if first == last else f"{first}-{last}"
            t.append(f" {where}: " + (_("off") if not any(rgb) else "({}, {}, {})".format(*rgb)))
        return t
    for rgb in strip.pixels:
        if not any(rgb):
            t.append("··", style="grey35")
        else:
            top = max(rgb)  # shown from 80 (the dimmest lit) to 255, hue kept
            k = (80 + top * 175 / 255) / top
            t.append("██", style="rgb({},{},{})".format(*(min(255, int(v * k)) for v in rgb)))
    return t


def render_modules(board, color: bool = True) -> list[Text]:
    """One line per Grove output module the program used: what the pupil sees of it."""
    out = []
    for part, model in getattr(board.hardware, "accessories", {}).items():
        if part == "digits" and model.frames:
            label = _("4-digit display") + " "
            drawn = render_digits(model, color).split("\n")
            pads = [" " * len(label)] * len(drawn)
            pads[len(drawn) // 2] = label  # beside the middle row
            out += [Text(pad) + row for pad, row in zip(pads, drawn, strict=True)]
        elif part == "strip" and model.writes:
            out.append(Text(_("LED strip") + " ") + render_strip(model, color))
        elif hasattr(model, "summary") and (said := model.summary()):
            out.append(Text(said))
    return out


# -- the world's values a pupil changes with keys --------------------------------------------
NO_ECHO_FROM_CM = 400  # farther than any kit ranger reaches: nothing echoes
FIRST_CM = 100  # where someone appears when nothing was in front

# kit part: World field, its full scale, (key to lower, key to raise), step in % (cm)
INPUTS = {
    "distance": ("distance_cm", None, "dD", 5),
    "presence": ("presence", None, "p", None),
    "light": ("light", 255.0, "lL", 10),  # World.light is 0-255, as the display reads it
    "soil": ("soil_moisture", 100.0, "sS", 10),
    "knob": ("knob", 100.0, "kK", 10),
    "humidity": ("humidity", 100.0, "hH", 5),
}


def _step(world, part: str, up: bool) -> None:
    field, full, _keys, step = INPUTS[part]
    if part == "distance":
        cm = world.distance_cm
        if cm is None:  # nothing in front: the lower key brings someone in
            world.distance_cm = None if up else float(FIRST_CM)
        else:
            cm = max(5.0, cm + (step if up else -step))
            world.distance_cm = None if cm > NO_ECHO_FROM_CM else cm
        return
    steps = round(getattr(world, field) * 100 / full / step) + (1 if up else -1)  # 0, 10, 20 %
    value = max(0.0, min(100.0, steps * step)) * full / 100
    setattr(world, field, round(value) if field == "light" else round(value, 1))  # light: 0-255


def press_keys(board, typed: str) -> bool:
    """Act on `board` as the keys `typed` say (arrows as ANSI codes); True when q was pressed.
    a / b press the buttons, left / right arrows turn the board 15°, up / down arrows raise /
    lower its top edge 10° and < / > raise / lower its right edge 10°, x shakes it, m puts the
    magnet near or away, p: someone moves or not (PIR), d / D: the distance -/+ 5 cm (past
    400 cm nothing echoes; from nothing, d brings someone at 100 cm), l / L, s / S, k / K: the
    light, the soil's moisture, the knob -/+ 10 %, h / H: the humidity -/+ 5 %."""
    w = board.world
    turns = typed.count("\x1b[C") - typed.count("\x1b[D")
    if turns:
        w.heading = (w.heading + 15 * turns) % 360
    tilts = typed.count("\x1b[A") - typed.count("\x1b[B")  # up: the top edge rises
    if tilts:
        w.pitch = max(-90.0, min(90.0, w.pitch + 10 * tilts))
    typed = typed.replace("\x1b[C", "").replace("\x1b[D", "").replace("\x1b[A", "")
    for ch in typed.replace("\x1b[B", ""):
        low = ch.lower()
        if low in "ab":
            board.press(low)
        elif ch in "<>":
            w.roll = max(-90.0, min(90.0, w.roll + (10 if ch == ">" else -10)))
        elif low == "x":
            board.shake()
        elif low == "m":
            w.magnet_near = not w.magnet_near
        elif low == "p":
            w.presence = not w.presence
        elif low == "q":
            return True
        for part, (_field, _full, keys, step) in INPUTS.items():
            if step is not None and ch in keys:
                _step(w, part, up=ch == keys[1])
    return False


def _inputs_used(board) -> list[str]:
    """The kit parts among INPUTS the program has read so far."""
    hw = board.hardware
    used = [
        part
        for part, model in getattr(hw, "accessories", {}).items()
        if getattr(model, "reads", 0) or getattr(model, "pings", 0)
    ]
    try:
        if getattr(hw.chips.get("humidity"), "measurements", 0):
            used.append("humidity")
    except AttributeError:  # a board without I2C chips
        pass
    return [part for part in INPUTS if part in used]


def render_inputs(board) -> tuple[Text, Text]:
    """The world values the program reads (distance, presence, ...), and the keys that change
    them."""
    w = board.world
    values, keys = [], []
    for part in _inputs_used(board):
        if part == "distance":
            d = w.distance_cm
            values.append(_("distance: nothing") if d is None else
                          _("distance {cm:g} cm").format(cm=d))  # fmt: skip
            keys.append(_("d/D: nearer/farther"))
        elif part == "presence":
            values.append(_("presence {yes}").format(yes=_("yes") if w.presence else _("no")))
            keys.append(_("p: someone moves"))
        else:
            field, full, keys_, _step_ = INPUTS[part]
            label = {"light": _("light"), "soil": _("soil"), "knob": _("knob"),
                     "humidity": _("humidity")}[part]  # fmt: skip
            values.append(f"{label} {getattr(w, field) * 100 / full:.0f} %")
            keys.append(f"{keys_[0]}/{keys_[1]}: {label} -/+")
    return Text("   ".join(values)), Text(" · ".join(keys), style="dim")


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


def _keys_line() -> Text:
    return Text(_("a/b: buttons · ←/→: turn · ↑/↓ </>: tilt · x: shake · m: magnet · q: quit"),
                style="dim")  # fmt: skip


class _Screen:
    """What a view drawn in the terminal shares (LiveView, BoardsView): the keys read as they
    are typed (cbreak), a rich Live redrawn at most every 50 ms of real time, both given back
    as they were on the way out. A view gives `_render()` and `_press(typed)` (True: quit)."""

    def _shared(self, live) -> None:  # BoardsView: its boards' views print into its Live
        pass

    def __enter__(self):
        if self.keys and not _WINDOWS:  # Windows: msvcrt reads keys as they come
            import termios
            import tty

            self._old_tty = termios.tcgetattr(sys.stdin.fileno())
            tty.setcbreak(sys.stdin.fileno())
        if self.interactive:
            self._live = Live(
                self._render(), console=self.console, auto_refresh=False, transient=False
            )
            self._live.__enter__()
            self._shared(self._live)
        return self

    def __exit__(self, *exc):
        if self._live is not None:
            self._live.update(self._render(), refresh=True)
            self._live.__exit__(None, None, None)
            self._live = None
            self._shared(None)
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
            while data := _typed():
                if self._press(data):
                    self.quit = True
                    raise Quit()
        if self._live is not None:
            self._live.update(self._render(), refresh=True)


class LiveView(_Screen):
    """Shows one simulated board while it runs; in a terminal, keys act on it."""

    def __init__(self, console: Console, live: bool, keys: bool = False, number: int = 0):
        self.console = console
        self.number = number  # one of several boards (BoardsView): its lines say "[2]"
        self.interactive = live  # draw the board as it runs
        self.keys = keys and live  # and read keys from the terminal
        self.lines: list[str] = []
        self.board = None
        self.quit = False
        self.ended = False  # the run is over (its summary follows)
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
                t = f"[{self.number}] {t}" if self.number else t
                # what the pupil printed is text, never markup: "[a/b]" stays "[a/b]"
                self.console.print(Text(t, style="dim") + Text(line), highlight=False)
            else:
                self.lines.append(line)
                del self.lines[:-8]

    def note(self, text: str) -> None:
        """A line of the simulator's own (not the program's), among the board's output."""
        if self._live is None:
            self.console.print(Text(text, style="dim"), highlight=False, soft_wrap=True)
        else:
            self.lines.append(text)
            del self.lines[:-8]

    # -- live drawing ------------------------------------------------------------------------
    def _panel(self, title: str | None = None, keys_line: bool = True):
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
        keys = _keys_line() if keys_line else Text("")
        values, more_keys = render_inputs(b)
        parts = [render_board_display(b.display, self._color), info]
        parts += render_modules(b, self._color)
        parts += [t for t in (values, keys, more_keys) if t.plain]
        parts.append(Text("\n".join(self.lines[-8:])))
        return Panel(
            Group(*parts),
            title=title or f"{b.type.name}",
            expand=False,
        )

    def _render(self):
        return self._panel()

    def _press(self, typed: str) -> bool:
        return press_keys(self.board, typed)

    def summary(self) -> None:
        if self._partial:
            self.printed("\n")
        if self.interactive:
            return
        b = self.board
        if b is None:
            return
        if self.number:
            self.console.print(f"[{self.number}] {b.type.name}", markup=False, highlight=False)
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
        for line in render_modules(b, self._color):  # the Grove modules the program used
            self.console.print(Text("  ") + line, highlight=False)


class BoardsView(_Screen):
    """Shows several simulated boards of one world side by side (`atelier run --boards N`); in a
    terminal, keys act on one board at a time: 1 ... N choose it, then the keys as for one."""

    def __init__(self, console: Console, count: int, live: bool, keys: bool = False):
        self.console = console
        self.interactive = live
        self.keys = keys and live
        self.views = [LiveView(console, live=live, number=i + 1) for i in range(count)]
        self.chosen = 0  # the board the keys go to
        self.quit = False
        self._ended = False
        self._live: Live | None = None
        self._last = 0.0
        self._old_tty = None
        self._color = console.color_system is not None

    @property
    def board(self):
        return self.views[self.chosen].board

    @property
    def ended(self) -> bool:
        return self._ended

    @ended.setter
    def ended(self, value: bool) -> None:
        self._ended = value
        for v in self.views:
            v.ended = value

    def attach(self, boards) -> None:
        for view, board in zip(self.views, boards, strict=True):
            view.board = board
        if self.interactive:
            boards[0].sim.on_tick = self._tick  # one world, one clock: one tick draws them all

    def note(self, text: str) -> None:
        self.views[self.chosen].note(text)

    def press(self, typed: str) -> bool:
        """Act on the chosen board as the keys `typed` say, a digit 1 ... N choosing the board
        the keys after it go to; True when q was pressed."""
        part = ""
        for ch in typed + "\0":
            if ch == "\0" or ("1" <= ch <= "9" and int(ch) <= len(self.views)):
                if part and press_keys(self.board, part):
                    return True
                part = ""
                if ch != "\0":
                    self.chosen = int(ch) - 1
            else:
                part += ch
        return False

    def _render(self):
        from rich.columns import Columns

        panels = []
        for i, v in enumerate(self.views):
            name = f"{i + 1} · {v.board.type.name}"
            title = f"▶ {name} ◀ " + _("(keys)") if i == self.chosen else name
            panels.append(v._panel(title, keys_line=False))  # narrow: side by side
        hint = Text(_("1 … {count}: choose the board the keys act on").format(
            count=len(self.views)), style="dim")  # fmt: skip
        return Group(Columns(panels), _keys_line(), hint)

    _press = press

    def _shared(self, live) -> None:
        for v in self.views:
            v._live = live  # their lines go into their panels, not the terminal

    def summary(self) -> None:
        for v in self.views:
            v.summary()
