"""Push buttons (answering the micro:bit's button requests), and the gestures an accelerometer
reports (as CODAL computes them)."""

from __future__ import annotations

import math

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


# -- buttons, motion, compass ------------------------------------------------------------------
class Button:
    def __init__(self, name: str):
        self.name = name
        self.down = False
        self.presses = 0
        self.was = False

    on_change = None  # called after the button goes down or up (pin interrupts)

    def set(self, down: bool) -> None:
        changed = down != self.down
        if down and not self.down:
            self.presses += 1
            self.was = True
        self.down = down
        if changed and self.on_change is not None:
            self.on_change()


class Buttons(dict):
    """A board's push buttons by name ("A", "B"), answering the VM's button requests (micro:bit);
    reading one takes `read_cost_us` of virtual time."""

    def __init__(self, names, read_cost_us: int = 100):
        super().__init__((n, Button(n)) for n in names)
        self.read_cost_us = read_cost_us

    @handles(P.BUTTON_IS_PRESSED)
    def button_is_pressed(self, args):
        b = self[args]
        return Delay(self.read_cost_us, lambda: int(b.down))

    @handles(P.BUTTON_WAS_PRESSED)
    def button_was_pressed(self, args):
        b = self[args]

        def answer():
            was, b.was = b.was, False
            return int(was)

        return Delay(self.read_cost_us, answer)

    @handles(P.BUTTON_PRESSES)
    def button_presses(self, args):
        b = self[args]

        def answer():
            n, b.presses = b.presses, 0
            return n

        return Delay(self.read_cost_us, answer)


GESTURES = (
    "up",
    "down",
    "left",
    "right",
    "face up",
    "face down",
    "freefall",
    "2g",
    "3g",
    "6g",
    "8g",
    "shake",
)


def gesture_of(acc, forced: str | None) -> str:
    """The gesture CODAL reports for a steady acceleration (tilt tolerance 200 mg from 1 g)."""
    if forced:
        return forced
    x, y, z = acc
    g = math.sqrt(x * x + y * y + z * z)
    if g < 400:
        return "freefall"
    for limit, name in ((8192, "8g"), (6144, "6g"), (3072, "3g"), (2048, "2g")):
        if g > limit:
            return name
    if x < -800:
        return "left"
    if x > 800:
        return "right"
    if y < -800:
        return "up"
    if y > 800:
        return "down"
    if z < -800:
        return "face up"
    if z > 800:
        return "face down"
    return ""
