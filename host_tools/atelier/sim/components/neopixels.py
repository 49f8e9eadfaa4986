"""A ring (or strip) of NeoPixels on one pin, written with `neopixel_write` (`NEOPIXEL_WRITE`):
a colour per pixel, and, for a ring, which way an arrow on it points."""

from __future__ import annotations

import math

from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class NeoPixels:
    """The pixels on `pin`; `angles` places each on a clock face (degrees clockwise from 12)."""

    def __init__(self, pin: str | None, count: int, angles=()):
        self.pin = pin
        self.angles = tuple(angles)
        self.colors: list[tuple[int, int, int]] = [(0, 0, 0)] * count

    def write(self, data: bytes) -> None:
        # NeoPixels take green, red, blue
        px = [(data[i + 1], data[i], data[i + 2]) for i in range(0, len(data) - 2, 3)]
        self.colors = (px + self.colors[len(px) :])[: len(self.colors)]

    def lit(self) -> list[int]:
        return [i for i, c in enumerate(self.colors) if any(c)]

    def direction(self) -> float | None:
        """Mean angle of the lit pixels (clockwise from 12 o'clock), or None."""
        lit = self.lit()
        if not lit:
            return None
        x = sum(math.sin(math.radians(self.angles[i])) for i in lit)
        y = sum(math.cos(math.radians(self.angles[i])) for i in lit)
        return math.degrees(math.atan2(x, y)) % 360

    @handles(P.NEOPIXEL_WRITE)
    def neopixel_write(self, args):
        pin, data = (args.split() + [""])[:2]
        if pin == self.pin:
            self.write(bytes.fromhex(data))


# the kit's arrows, in the order of display.arrow(): ARROW_N is 0°, ARROW_NE 45°, ...
ARROWS = ("ARROW_N", "ARROW_NE", "ARROW_E", "ARROW_SE", "ARROW_S", "ARROW_SW", "ARROW_W",
          "ARROW_NW")  # fmt: skip
NOTE = "[display] "


class Ring(NeoPixels):
    """The kit's display on a ring of NeoPixels: an arrow lights the pixel nearest its
    direction (both when two are as near); what a ring cannot show, the kit writes on the
    serial console as "[display] ..." (`console` gives everything the board printed)."""

    def __init__(self, pin, count, angles, console=lambda: ""):
        super().__init__(pin, count, angles)
        self._console = console

    def arrow_pixels(self, direction: float) -> list[int]:
        """The pixels an arrow towards `direction` (degrees clockwise from 12) lights."""

        def away(a):
            return abs((direction - a + 180) % 360 - 180)

        best = min(map(away, self.angles))
        return [i for i, a in enumerate(self.angles) if away(a) <= best + 0.5]

    def arrow(self) -> str | None:
        """The arrow the ring shows now ("ARROW_N", ...), or None."""
        lit = self.lit()
        for i, name in enumerate(ARROWS):
            if lit and lit == self.arrow_pixels(45 * i):
                return name
        return None

    @property
    def note(self) -> str | None:
        """The last picture or text the kit wrote on the console instead of the ring."""
        lines = [ln for ln in self._console().splitlines() if ln.startswith(NOTE)]
        return lines[-1][len(NOTE) :] if lines else None

    @property
    def text(self) -> str:
        arrow = self.arrow()
        if arrow:
            return arrow
        lit = self.lit()
        return f"pixels {lit} lit" if lit else f"dark; console: {self.note}"

    def shows_text(self, text) -> bool:
        """The ring is dark and the console's last note is `text` (a number, a word)."""
        return not self.lit() and self.note == str(text)

    def shows(self, image_name_or_text: str) -> bool:
        """An arrow: the ring lights it; anything else: the ring is dark and the console's
        last note is it (a picture by its name, e.g. "SQUARE", or the text shown)."""
        if image_name_or_text in ARROWS:
            return self.arrow() == image_name_or_text
        return not self.lit() and self.note == image_name_or_text
