"""Light sensors: the analog module (brighter light, higher voltage) and a micro:bit's display.
The room's light is the world's `light` (0-255, what the micro:bit's display reads)."""

from __future__ import annotations

from atelier.sim.components.analog_module import AnalogModule


class LightSensor(AnalogModule):
    def fraction(self) -> float:
        return self.world.light / 255


class DisplayLight:
    """light = "display" on a micro:bit: no module, the kit reads display.read_light_level(),
    which the board's sensors answer from the world's `light`. `reads` counts those readings
    (atelier run shows the light among the inputs once the program reads it)."""

    def __init__(self, hardware, wiring: str):
        self.world = hardware.board.world
        self._sensors = hardware.sensors

    @property
    def reads(self) -> int:
        return self._sensors.light_reads

    def fraction(self) -> float:
        return self.world.light / 255
