"""Analog light sensor module: brighter light, higher voltage. The room's light is the world's
`light` (0-255, what the micro:bit's display reads too)."""

from __future__ import annotations

from atelier.sim.components.analog_module import AnalogModule


class LightSensor(AnalogModule):
    def fraction(self) -> float:
        return self.world.light / 255
