"""The micro:bit's simple sensors, each a reading of the world: light, temperature, sound level,
and the touch pads (`LIGHT_LEVEL`, `TEMPERATURE`, `SOUND_LEVEL`, `PAD_IS_TOUCHED`)."""

from __future__ import annotations

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class WorldSensors:
    def __init__(self, world, read_cost_us: int = 500, touch_cost_us: int = 50):
        self._world = world
        self.read_cost_us = read_cost_us
        self.touch_cost_us = touch_cost_us
        self.light_reads = 0  # display.read_light_level() calls (a kit light = "display" reads it)

    @handles(P.LIGHT_LEVEL)
    def light_level(self, args):
        self.light_reads += 1
        return Delay(self.read_cost_us, lambda: int(self._world.light))

    @handles(P.TEMPERATURE)
    def temperature(self, args):
        return Delay(self.read_cost_us, lambda: int(round(self._world.temperature)))

    @handles(P.SOUND_LEVEL)
    def sound_level(self, args):
        return Delay(self.read_cost_us, lambda: int(self._world.sound_level))

    @handles(P.PAD_IS_TOUCHED)
    def pad_is_touched(self, args):  # is_touched: "logo", "P0"...
        return Delay(self.touch_cost_us, lambda: int(args in self._world.touched))
