"""The micro:bit's `speech`: what was said, each sentence taking its time (`SPEECH_SAY`), and
English turned into phonemes by the board's own reciter rules (`SPEECH_TRANSLATE`)."""

from __future__ import annotations

import json

from atelier.sim.devices import Delay, SimError
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

    @handles(P.SPEECH_TRANSLATE)
    def speech_translate(self, args):
        from atelier.sim.components.reciter import translate

        try:
            return translate(json.loads(args))
        except ValueError:
            raise SimError("ValueError", "could not parse input") from None
