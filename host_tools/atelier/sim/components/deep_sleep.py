"""The micro:bit V2's deep sleep (`power.deep_sleep`, `DEEP_SLEEP`): the board sleeps until its
time is up or one of its wake-up sources acts: a button pressed, a pin driven high or touched."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard


class DeepSleep:
    def __init__(self, board: SimBoard, buttons):
        self._board = board
        self._buttons = buttons
        self._sources: list[str] = []
        self._woken = False
        board.world.on_change(self._check)
        for button in buttons.values():
            button.on_change = self._check

    def _active(self, source: str) -> bool:
        if source in self._buttons:
            return self._buttons[source].down
        world = self._board.world
        if source.startswith("P") and world.pins.get(int(source[1:]), 0):
            return True
        return source in world.touched

    def _check(self) -> None:
        if self._sources and any(self._active(s) for s in self._sources):
            self._sources = []
            self._woken = True
            self._board.wake_us = min(self._board.wake_us, self._board.now_us)

    @handles(P.DEEP_SLEEP)
    def deep_sleep(self, args):
        us, sources = args.split()
        self._sources = [] if sources == "-" else sources.split(",")
        self._woken = False
        us = int(us)
        if any(self._active(s) for s in self._sources):  # already pressed: no sleep at all
            self._sources = []
            return "woken"

        def answer():
            self._sources = []
            return "woken" if self._woken else "time"

        return Delay(math.inf if us < 0 else us, answer)
