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
