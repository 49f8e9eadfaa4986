"""CircuitPython's `keypad` (buttons without pin interrupts): an event queue per `Keys` object,
fed by the level changes of its pins, answering the `KEYS_*` requests."""

from __future__ import annotations

from collections.abc import Callable

from atelier.sim.components.pins import Pins
from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class Keypad:
    def __init__(self, pins: Pins, now_us: Callable[[], int]):
        self._pins = pins
        self._now_us = now_us
        self.keys: dict[str, dict] = {}
        pins.level_listeners.append(self.scan)

    @handles(P.KEYS_OPEN)
    def keys_open(self, args):
        when, pull, *pins = args.split()
        kid = str(len(self.keys))
        for p in pins:
            self._pins.state(p)["pull"] = (2 if when == "1" else 1) if pull == "1" else 0
        self.keys[kid] = {
            "pins": pins,
            "when": int(when),
            "queue": [],
            "state": [self._pins.level(p) for p in pins],
        }
        return kid

    def scan(self) -> None:
        for k in self.keys.values():
            for i, p in enumerate(k["pins"]):
                new = self._pins.level(p)
                if new != k["state"][i]:
                    k["state"][i] = new
                    k["queue"].append((i, int(new == k["when"]), self._now_us() // 1000))
                    del k["queue"][:-64]

    @handles(P.KEYS_EVENT)
    def keys_event(self, args):
        q = self.keys[args.strip()]["queue"]
        return Delay(20, lambda: " ".join(map(str, q.pop(0))) if q else "")

    @handles(P.KEYS_PENDING)
    def keys_pending(self, args):
        return len(self.keys[args.strip()]["queue"])
