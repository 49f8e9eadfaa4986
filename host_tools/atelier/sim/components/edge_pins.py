"""The micro:bit's edge connector pins (`EDGE_PIN_READ/WRITE`): a read gives the world's level
on the pin, digital or analog (0-1023), or what a module wired to it drives; what the program
writes is kept per pin, and modules wired to the pins hear each change (a TM1637's clock and
data lines)."""

from __future__ import annotations

from collections.abc import Callable

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class EdgePins:
    def __init__(self, world, cost_us: int = 50):
        self._world = world
        self.cost_us = cost_us
        self.pin_out: dict[int, tuple[str, int]] = {}
        # pins the program reads digitally: inputs, so it drives them no more
        self.released: set[int] = set()
        self.wired: dict[int, Callable[[], int]] = {}  # what drives a pin from outside
        self.listeners: list[Callable[[int], None]] = []  # told when the program's drive changes

    def driven(self, pin: int) -> int | None:
        """The level the program drives `pin` to, or None: it does not drive it (an input)."""
        kind, value = self.pin_out.get(pin, ("", 0))
        if pin in self.released or kind != "d":
            return None
        return value

    @handles(P.EDGE_PIN_READ)
    def edge_pin_read(self, args):  # read: "d 0" digital or "a 0" analog
        kind, pin = args.split()
        pin = int(pin)
        if kind == "d" and pin not in self.released:
            self.released.add(pin)  # read_digital makes the pin an input
            for fn in self.listeners:
                fn(pin)

        def answer():
            wired = self.wired.get(pin)
            level = wired() if wired is not None else int(self._world.pins.get(pin, 0))
            if kind == "d":
                return 1 if level else 0
            return max(0, min(1023, level))

        return Delay(self.cost_us, answer)

    @handles(P.EDGE_PIN_WRITE)
    def edge_pin_write(self, args):  # write: "d 0 1" / "a 0 512"
        kind, pin, value = args.split()
        pin = int(pin)
        self.pin_out[pin] = (kind, int(value))
        self.released.discard(pin)
        for fn in self.listeners:
            fn(pin)
