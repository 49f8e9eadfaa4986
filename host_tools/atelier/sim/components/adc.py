"""Analog inputs of a `machine` or CircuitPython board: `ADC_READ` reads the world's level on
the pin (0-65535; a pin the world leaves alone reads 0), or what a sensor on the board gives
there (`sources`: pin -> its reading)."""

from __future__ import annotations

from collections.abc import Callable

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class Adc:
    def __init__(self, world, read_cost_us: int = 30):
        self._world = world
        self.read_cost_us = read_cost_us
        self.sources: dict[str, Callable[[], int]] = {}

    @handles(P.ADC_READ)
    def adc_read(self, args):
        name = args.strip()

        def answer():
            if name in self.sources:
                return self.sources[name]()
            v = self._world.pins.get(int(name), 0) if name.isdigit() else 0
            return max(0, min(65535, int(v)))

        return Delay(self.read_cost_us, answer)
