"""Potentiometer (Grove rotary angle sensor): a voltage divider, its wiper at `world.knob` %."""

from __future__ import annotations

from atelier.sim.components.analog_module import AnalogModule


class Knob(AnalogModule):
    def fraction(self) -> float:
        return self.world.knob / 100
