"""A buzzer or speaker: micro:bit note strings parsed and timed, every tone kept with its start,
and the `music` and speaker requests of the VM it answers (on a micro:bit)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from atelier.sim.devices import Delay, SimError
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard

US = 1_000_000
# micro:bit's music cuts the end of each note (modmusic.c, V1 and V2: ARTICULATION_MS = 10)
ARTICULATION_US = 10_000


# -- sound -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tone:
    """One note the buzzer/speaker played: start and duration in virtual seconds, Hz."""

    start: float
    frequency: int
    duration: float | None  # None: until stopped

    @property
    def end(self) -> float:
        return math.inf if self.duration is None else self.start + self.duration


_NOTE_RE = re.compile(r"^([a-gA-GrR])([#b]?)(-?\d+)?(?::(\d+))?$")
_SEMITONE = {"c": 0, "d": 2, "e": 4, "f": 5, "g": 7, "a": 9, "b": 11}


def note_frequency(name: str, accidental: str, octave: int) -> int:
    """Equal temperament, A4 = 440 Hz, rounded to whole Hz as the board's PWM plays it."""
    semis = _SEMITONE[name] + (1 if accidental == "#" else -1 if accidental == "b" else 0)
    midi = (octave + 1) * 12 + semis
    return int(round(440.0 * 2 ** ((midi - 69) / 12)))


class Buzzer:
    """The speaker / pin-0 buzzer: every tone with its virtual start and duration."""

    def __init__(self, board: SimBoard):
        self._board = board
        self._tones: list[Tone] = []
        self.reset_state()
        self.volume = 255
        self.speaker_on = True

    def reset_state(self) -> None:
        self.octave = 4
        self.duration_ticks = 4
        self.ticks = 4
        self.bpm = 120

    @property
    def tones(self) -> list[Tone]:
        """Tones started so far (a tone still sounding keeps its planned duration)."""
        now = self._board.now_us / US
        return [t for t in self._tones if t.start <= now + 1e-9]

    @property
    def playing(self) -> int | None:
        """Frequency sounding now, or None."""
        now = self._board.now_us / US
        for t in reversed(self._tones):
            if t.start <= now < t.end:
                return t.frequency
        return None

    def stop(self) -> None:
        """Cut whatever is sounding or planned, at the current virtual time."""
        now = self._board.now_us / US
        kept = []
        for t in self._tones:
            if t.start >= now:
                continue  # planned, not started yet
            if t.end > now:
                t = replace(t, duration=now - t.start)
            kept.append(t)
        self._tones = kept

    def tick_us(self) -> int:
        return 60 * US // (self.bpm * self.ticks)

    def plan(self, notes: list[str]) -> list[tuple[int | None, int]]:
        """Parse micro:bit note strings ("c4:4", "r:2", "f#") into (Hz or None, µs)."""
        out = []
        for note in notes:
            m = _NOTE_RE.match(note.strip())
            if not m:
                raise SimError("ValueError", f"invalid note {note!r}")
            name, acc, octv, ticks = m.groups()
            if octv is not None:
                self.octave = int(octv)
            if ticks is not None:
                self.duration_ticks = int(ticks)
            dur = self.duration_ticks * self.tick_us()
            if name.lower() == "r":
                out.append((None, dur))
            else:
                out.append((note_frequency(name.lower(), acc, self.octave), dur))
        return out

    def play_plan(self, plan, loop: bool) -> float:
        """Schedule tones from now; returns the total length in µs (inf if looping). As
        modmusic.c, each note sounds ARTICULATION_US less than its length (at least that
        much), then is silent ARTICULATION_US, so two equal notes are heard as two."""
        self.stop()
        t = self._board.now_us
        repeats = 200 if loop else 1  # a looping melody: plan far enough ahead
        total = 0
        for _ in range(repeats):
            for freq, dur in plan:
                on = max(dur - ARTICULATION_US, ARTICULATION_US)
                if freq is not None:
                    self._tones.append(Tone(t / US, freq, on / US))
                t += on + ARTICULATION_US
            if not total:
                total = t - self._board.now_us
        return math.inf if loop else total

    def pitch(self, freq: int, duration_ms: int) -> None:
        self.stop()
        now = self._board.now_us / US
        if freq > 0:
            dur = None if duration_ms < 0 else duration_ms / 1000
            self._tones.append(Tone(now, int(freq), dur))

    # -- the requests of the micro:bit's `music` and speaker (vm/_sim_music.py) --------------
    @handles(P.MUSIC_PLAY)
    def music_play(self, args):  # play: [notes, wait, loop]
        notes, wait, loop = json.loads(args)
        self.octave, self.duration_ticks = 4, 4  # each play() starts afresh
        plan = self.plan(notes)
        total = self.play_plan(plan, loop)
        return Delay(total) if wait else None

    @handles(P.MUSIC_PITCH)
    def music_pitch(self, args):  # pitch: freq duration_ms wait
        freq, dur, wait = (int(a) for a in args.split())
        self.pitch(freq, dur)
        if wait and dur >= 0:
            return Delay(dur * 1000)
        return None  # no duration: it sounds until stop(), and the call returns at once

    @handles(P.MUSIC_STOP)
    def music_stop(self, args):
        self.stop()

    @handles(P.MUSIC_SET_TEMPO)
    def music_set_tempo(self, args):  # set_tempo ticks bpm (-1 = keep)
        ticks, bpm = (int(a) for a in args.split())
        if ticks > 0:
            self.ticks = ticks
        if bpm > 0:
            self.bpm = bpm

    @handles(P.MUSIC_GET_TEMPO)
    def music_get_tempo(self, args):
        return f"{self.bpm} {self.ticks}"  # modmusic.c: (bpm, ticks)

    @handles(P.MUSIC_RESET)
    def music_reset(self, args):
        self.reset_state()

    @handles(P.SPEAKER_SET_ON)
    def speaker_set_on(self, args):  # speaker on/off
        self.speaker_on = args == "1"

    @handles(P.SPEAKER_IS_ON)
    def speaker_is_on(self, args):
        return int(self.speaker_on)

    @handles(P.SET_VOLUME)
    def set_volume(self, args):
        self.volume = int(args)
