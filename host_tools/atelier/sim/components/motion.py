"""The micro:bit's accelerometer as the program sees it: the world's acceleration in the board's
frame, and the gestures CODAL computes from it (`ACCEL_VALUES`, `GESTURE_*`)."""

from __future__ import annotations

import json

from atelier.sim.components.buttons import GESTURES, gesture_of
from atelier.sim.devices import Delay, SimError
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class Motion:
    def __init__(self, world, read_cost_us: int = 500):
        self._world = world
        self.read_cost_us = read_cost_us
        self.gesture_now = ""
        self.gesture_log: list[str] = []  # for get_gestures()
        self.gesture_seen: set[str] = set()  # for was_gesture(name), one flag a gesture
        world.on_change(self.world_changed)
        self.world_changed()

    def world_changed(self) -> None:
        g = gesture_of(self._world.acceleration_mg(), self._world.gesture)
        if g != self.gesture_now:
            self.gesture_now = g
            if g:
                self.gesture_log.append(g)
                del self.gesture_log[:-32]
                self.gesture_seen.add(g)

    @handles(P.ACCEL_VALUES)
    def accel_values(self, args):
        def answer():
            return " ".join(str(int(round(v))) for v in self._world.acceleration_mg())

        return Delay(self.read_cost_us, answer)

    @handles(P.GESTURE_CURRENT)
    def gesture_current(self, args):
        return Delay(self.read_cost_us, lambda: self.gesture_now)

    @handles(P.GESTURE_WAS)
    def gesture_was(self, args):
        if args not in GESTURES:
            raise SimError("ValueError", "invalid gesture")

        def answer():
            hit = args in self.gesture_seen
            self.gesture_seen.discard(args)
            return int(hit)

        return Delay(self.read_cost_us, answer)

    @handles(P.GESTURE_IS)
    def gesture_is(self, args):
        if args not in GESTURES:
            raise SimError("ValueError", "invalid gesture")
        return Delay(self.read_cost_us, lambda: int(self.gesture_now == args))

    @handles(P.GESTURE_HISTORY)
    def gesture_history(self, args):
        def answer():
            log, self.gesture_log = self.gesture_log, []
            return json.dumps(log)

        return Delay(self.read_cost_us, answer)
