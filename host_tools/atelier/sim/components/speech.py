"""The micro:bit's `speech`: what was said, each sentence taking its time (`SPEECH_SAY`)."""

from __future__ import annotations

import json

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

US_PER_CHARACTER = 80_000


class Speech:
    def __init__(self):
        self.spoken: list[str] = []

    @handles(P.SPEECH_SAY)
    def speech_say(self, args):
        text = json.loads(args)
        self.spoken.append(text)
        return Delay(len(text) * US_PER_CHARACTER)
