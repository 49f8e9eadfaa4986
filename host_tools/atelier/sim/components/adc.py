"""Analog inputs of a `machine` or CircuitPython board: `ADC_READ` reads the world's level on
the pin (0-65535; a pin the world leaves alone reads 0), or what a sensor on the board gives
there (`sources`: pin -> its reading), or what a wired analog module gives
(`pin_io.MachinePinIO.analog`)."""

from __future__ import annotations

from collections.abc import Callable

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class Adc:
    def __init__(self, world, read_cost_us: int = 30):
        self._world = world
        self.read_cost_us = read_cost_us
        self.wired: dict = {}  # pin -> () -> 0-65535, a module's output
        self.sources: dict[str, Callable[[], int]] = {}

    @handles(P.ADC_READ)
    def adc_read(self, args):
        name = args.strip()

        def answer():
            in_world = name.isdigit() and int(name) in self._world.pins  # the scenario's wins
            if name in self.sources and not in_world:
                return self.sources[name]()
            if name in self.wired and not in_world:
                return self.wired[name]()
            v = self._world.pins.get(int(name), 0) if name.isdigit() else 0
            return max(0, min(65535, int(v)))

        return Delay(self.read_cost_us, answer)
