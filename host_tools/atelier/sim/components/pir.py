"""A PIR motion sensor: its output pin is high while it sees someone move (`world.presence`)."""

from __future__ import annotations

from atelier.sim.components.pin_io import pin_io


class Pir:
    def __init__(self, hardware, wiring: dict):
        world = hardware.board.world
        pin_io(hardware).drive(wiring["pin"], lambda: 1 if world.presence else 0)
