"""A PIR motion sensor: its output pin is high while it sees someone move (`world.presence`)."""

from __future__ import annotations

from atelier.sim.components.pin_io import pin_io


class Pir:
    def __init__(self, hardware, wiring: dict):
        self.world = hardware.board.world
        self.reads = 0  # how many times the program read it (atelier run shows the ones in use)
        pin_io(hardware).drive(wiring["pin"], self._level)

    def _level(self) -> int:
        self.reads += 1
        return 1 if self.world.presence else 0
