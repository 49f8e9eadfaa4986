"""Analog Grove modules: an output voltage from 0 to the supply, read by the board's ADC at
its own resolution (10 bits on a micro:bit, 12 on the others). Each module says which world
quantity sets it, as a fraction of full scale."""

from __future__ import annotations

from atelier.sim.components.pin_io import pin_io


class AnalogModule:
    def __init__(self, hardware, wiring: dict):
        self.world = hardware.board.world
        self.reads = 0  # how many times the program read it (atelier run shows the ones in use)
        pin_io(hardware).analog(wiring["pin"], self._read)

    def _read(self) -> float:
        self.reads += 1
        return self.fraction()

    def fraction(self) -> float:
        raise NotImplementedError
