"""The micro:bit V2's sound expressions and microphone events (`AUDIO_*`, `MIC_*`).

Sound expressions (`audio.play(Sound.HAPPY)`, `audio.SoundEffect`) play on the speaker for
their duration: the built-in sounds last what CODAL's expressions add up to
(codal-microbit-v2 source/SoundExpressions.cpp, the duration field of each effect). The
microphone's level detector turns `world.sound_level` (0-255) into LOUD and QUIET events as
CODAL's LevelDetectorSPL does: LOUD once the level goes above the high threshold, QUIET once it
goes below the low one (85 dB and 65 dB, in the 8-bit scale of 52-100 dB that MicroPython sets).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard

US = 1_000_000
DB_AT_0, DB_AT_255 = 52.0, 100.0  # the 8-bit scale of sound_level() (MicroPython's codal.json)


def level_of_db(db: float) -> float:
    return (db - DB_AT_0) * 255 / (DB_AT_255 - DB_AT_0)


HIGH_DEFAULT = level_of_db(85.0)  # LOUD above this (CODAL MicroBitAudio's level detector)
LOW_DEFAULT = level_of_db(65.0)  # QUIET below this
HISTORY = 8  # events kept for get_events() (microbit_microphone.c)
SETTLE_US = 20_000  # the detector ignores its first buffers while the microphone settles


@dataclass(frozen=True)
class Played:
    """A sound expression the speaker played: what, when, for how long (virtual seconds)."""

    start: float
    name: str
    duration: float


class SoundExpressions:
    def __init__(self, board: SimBoard):
        self._board = board
        self.played: list[Played] = []
        self._end_us = 0

    def reset(self) -> None:
        self._end_us = 0

    @handles(P.AUDIO_PLAY)
    def audio_play(self, args):
        self._cut()  # a new sound expression stops the one playing (microbithal_audio.cpp)
        parts, _, wait = args.rpartition(" ")
        now = self._board.now_us
        t = now
        for name, ms in json.loads(parts):
            self.played.append(Played(t / US, name, ms / 1000))
            t += int(ms) * 1000
        self._end_us = t
        return Delay(t - now) if wait == "1" else None

    @handles(P.AUDIO_IS_PLAYING)
    def audio_is_playing(self, args):
        return "1" if self._board.now_us < self._end_us else "0"

    @handles(P.AUDIO_STOP)
    def audio_stop(self, args):
        self._cut()

    def _cut(self) -> None:
        """Stop now: what had not started is dropped, what was playing ends now."""
        now = self._board.now_us / US
        kept = [p for p in self.played if p.start < now]
        if kept and kept[-1].start + kept[-1].duration > now:
            last = kept[-1]
            kept[-1] = Played(last.start, last.name, now - last.start)
        self.played = kept
        self._end_us = min(self._end_us, self._board.now_us)


class Microphone:
    """The level detector: events from `world.sound_level` once the microphone is in use."""

    def __init__(self, board: SimBoard):
        self._board = board
        self._world = board.world
        self.reset()
        self._world.on_change(self._detect)

    def reset(self) -> None:
        self.started_us: int | None = None
        self.high, self.low = HIGH_DEFAULT, LOW_DEFAULT
        self.current = "quiet"
        self.passed: str | None = None  # the threshold the level last went past
        self.active: set[str] = set()
        self.history: list[str] = []

    def _start(self) -> None:
        if self.started_us is None:
            self.started_us = self._board.now_us

    def _detect(self) -> None:
        if self.started_us is None or self._board.now_us < self.started_us + SETTLE_US:
            return
        level = float(self._world.sound_level)
        if self.passed != "loud" and level > self.high:
            self._event("loud")
        elif self.passed != "quiet" and level < self.low:
            self._event("quiet")

    def _event(self, name: str) -> None:
        self.passed = self.current = name
        self.active.add(name)
        if len(self.history) < HISTORY:
            self.history.append(name)

    def _ask(self, answer):
        self._start()
        return Delay(0, lambda: (self._detect(), answer())[1])

    @handles(P.MIC_CURRENT)
    def mic_current(self, args):
        return self._ask(lambda: self.current)

    @handles(P.MIC_WAS_EVENT)
    def mic_was_event(self, args):
        def answer():
            was = args in self.active
            self.active.discard(args)
            self.history.clear()
            return "1" if was else "0"

        return self._ask(answer)

    @handles(P.MIC_EVENTS)
    def mic_events(self, args):
        def answer():
            events, self.history = self.history, []
            return json.dumps(events)

        return self._ask(answer)

    @handles(P.MIC_SET_THRESHOLD)
    def mic_set_threshold(self, args):
        self._start()
        name, value = args.split()
        value = float(value)
        if name == "loud" and value != self.high:
            self.high = value
            self.passed = None if self.passed == "loud" else self.passed
            self.low = min(self.low, self.high - 1)
        elif name == "quiet" and value != self.low:
            self.low = value
            self.passed = None if self.passed == "quiet" else self.passed
            self.high = max(self.high, self.low + 1)
