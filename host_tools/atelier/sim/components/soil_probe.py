"""Soil moisture probe (Grove's resistive one): wetter soil, higher voltage
(`world.soil_moisture`, %)."""

from __future__ import annotations

from atelier.sim.components.analog_module import AnalogModule


class SoilProbe(AnalogModule):
    def fraction(self) -> float:
        return self.world.soil_moisture / 100
