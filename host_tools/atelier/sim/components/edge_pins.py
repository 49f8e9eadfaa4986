"""The micro:bit's edge connector pins (`EDGE_PIN_READ/WRITE`): a read gives the world's level
on the pin, digital or analog (0-1023); what the program writes is kept per pin."""

from __future__ import annotations

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class EdgePins:
    def __init__(self, world, cost_us: int = 50):
        self._world = world
        self.cost_us = cost_us
        self.pin_out: dict[int, tuple[str, int]] = {}

    @handles(P.EDGE_PIN_READ)
    def edge_pin_read(self, args):  # read: "d 0" digital or "a 0" analog
        kind, pin = args.split()
        pin = int(pin)

        def answer():
            level = int(self._world.pins.get(pin, 0))
            if kind == "d":
                return 1 if level else 0
            return max(0, min(1023, level))

        return Delay(self.cost_us, answer)

    @handles(P.EDGE_PIN_WRITE)
    def edge_pin_write(self, args):  # write: "d 0 1" / "a 0 512"
        kind, pin, value = args.split()
        self.pin_out[int(pin)] = (kind, int(value))
