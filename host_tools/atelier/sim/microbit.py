"""Host-side models of the BBC micro:bit V2's hardware, answering the VM's `microbit` shim.

Each `op_*` method serves one request from `vm/_sim_microbit.py` (and music, radio, ...). It
returns the answer, or a `Delay` when the call takes virtual time on the real board (a scroll
with wait=True, a note, calibration). Display animations and melodies are computed here, so
`board.display.image` and `board.buzzer.tones` are exact at any virtual time.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from atelier.sim.devices import Delay, SimError
from atelier.sim.vm import mbdata

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard

US = 1_000_000
FOREVER = None
BLANK = ((0,) * 5,) * 5


def parse_image(text: str) -> tuple[tuple[int, ...], ...]:
    """'09090:99999:...' (or 25 digits) -> 5 rows of 5 brightness values 0-9."""
    digits = text.replace(":", "").replace("\n", "")
    if len(digits) != 25 or not digits.isdigit():
        raise ValueError(f"not a 5x5 image: {text!r}")
    return tuple(tuple(int(d) for d in digits[r * 5 : r * 5 + 5]) for r in range(5))


def image_text(rows) -> str:
    return ":".join("".join(str(v) for v in row) for row in rows)


def glyph(ch: str) -> tuple[tuple[int, ...], ...]:
    """The micro:bit font's 5x5 glyph for `ch` (unknown characters show as '?')."""
    text = mbdata.FONT.get(ch) or mbdata.FONT.get("?")
    return parse_image(text)


def _columns(rows) -> list[tuple[int, ...]]:
    return [tuple(rows[y][x] for y in range(5)) for x in range(5)]


def scroll_columns(text: str, monospace: bool = False) -> list[tuple[int, ...]]:
    """The text as a strip of 5-pixel columns, one blank column between characters."""
    cols: list[tuple[int, ...]] = []
    for ch in text:
        gcols = _columns(glyph(ch))
        if not monospace:
            lit = [i for i, c in enumerate(gcols) if any(c)]
            gcols = gcols[lit[0] : lit[-1] + 1] if lit else gcols[:3]
        cols.extend(gcols)
        cols.append((0,) * 5)
    return cols


def _frame_from_columns(cols) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(cols[x][y] for x in range(5)) for y in range(5))


# -- display -----------------------------------------------------------------------------------
@dataclass
class _Animation:
    start: int  # virtual µs
    frames: list  # [(rows, duration_us)]
    loop: bool
    after: tuple  # what stays once it is over

    def image_at(self, t: int):
        total = sum(d for _, d in self.frames)
        if total <= 0:
            return self.after
        dt = t - self.start
        if dt >= total and not self.loop:
            return self.after
        dt %= total
        for rows, d in self.frames:
            if dt < d:
                return rows
            dt -= d
        return self.after

    def end(self) -> float:
        return math.inf if self.loop else self.start + sum(d for _, d in self.frames)


class Display:
    """The 5x5 LED matrix: what it shows at any virtual time."""

    def __init__(self, board: SimBoard):
        self._board = board
        self._static = BLANK
        self._anim: _Animation | None = None
        self.on = True
        self.history: list[tuple[float, str]] = []  # (virtual s, image text) as shown

    @property
    def image(self) -> list[list[int]]:
        """Current 5x5 brightness rows (0-9)."""
        return [list(r) for r in self._rows_at(self._board.now_us)]

    @property
    def text(self) -> str:
        """Current image in the micro:bit Image string format, e.g. '09090:...'."""
        return image_text(self._rows_at(self._board.now_us))

    def shows(self, image_name_or_text: str) -> bool:
        """True if the display now shows that built-in image (e.g. 'ARROW_N') or image text."""
        text = mbdata.IMAGES.get(image_name_or_text, image_name_or_text)
        return self.text == image_text(parse_image(text))

    def _rows_at(self, t: int):
        if not self.on:
            return BLANK
        if self._anim is not None:
            return self._anim.image_at(t)
        return self._static

    def _freeze(self) -> None:
        """Stop any animation, keeping what it shows now."""
        if self._anim is not None:
            self._static = self._anim.image_at(self._board.now_us)
            self._anim = None

    def set_static(self, rows) -> None:
        self._anim = None
        self._static = rows
        self._log(rows)

    def animate(self, frames, loop: bool, after) -> _Animation:
        self._anim = _Animation(self._board.now_us, frames, loop, after)
        t = self._board.now_us
        for rows, d in frames[:200]:
            self._log(rows, t)
            t += d
        return self._anim

    def _log(self, rows, t_us: int | None = None) -> None:
        t = self._board.now_us if t_us is None else t_us
        # an animation cut short must not leave its planned frames in the history
        while self.history and self.history[-1][0] > t / US:
            self.history.pop()
        self.history.append((t / US, image_text(rows)))
        del self.history[:-1000]

    def set_pixel(self, x: int, y: int, v: int) -> None:
        self._freeze()
        rows = [list(r) for r in self._static]
        rows[y][x] = v
        self.set_static(tuple(tuple(r) for r in rows))

    def get_pixel(self, x: int, y: int) -> int:
        return self._rows_at(self._board.now_us)[y][x]


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
        """Schedule tones from now; returns the total length in µs (inf if looping)."""
        self.stop()
        t = self._board.now_us
        repeats = 200 if loop else 1  # a looping melody: plan far enough ahead
        for _ in range(repeats):
            for freq, dur in plan:
                if freq is not None and dur > 0:
                    self._tones.append(Tone(t / US, freq, dur / US))
                t += dur
        total = sum(d for _, d in plan)
        return math.inf if loop else total

    def pitch(self, freq: int, duration_ms: int) -> None:
        self.stop()
        now = self._board.now_us / US
        if freq > 0:
            dur = None if duration_ms < 0 else duration_ms / 1000
            self._tones.append(Tone(now, int(freq), dur))


# -- buttons, motion, compass ------------------------------------------------------------------
class Button:
    def __init__(self, name: str):
        self.name = name
        self.down = False
        self.presses = 0
        self.was = False

    on_change = None  # called after the button goes down or up (pin interrupts)

    def set(self, down: bool) -> None:
        changed = down != self.down
        if down and not self.down:
            self.presses += 1
            self.was = True
        self.down = down
        if changed and self.on_change is not None:
            self.on_change()


GESTURES = (
    "up",
    "down",
    "left",
    "right",
    "face up",
    "face down",
    "freefall",
    "2g",
    "3g",
    "6g",
    "8g",
    "shake",
)


def gesture_of(acc, forced: str | None) -> str:
    """The gesture CODAL reports for a steady acceleration (tilt tolerance 200 mg from 1 g)."""
    if forced:
        return forced
    x, y, z = acc
    g = math.sqrt(x * x + y * y + z * z)
    if g < 400:
        return "freefall"
    for limit, name in ((8192, "8g"), (6144, "6g"), (3072, "3g"), (2048, "2g")):
        if g > limit:
            return name
    if x < -800:
        return "left"
    if x > 800:
        return "right"
    if y < -800:
        return "up"
    if y > 800:
        return "down"
    if z < -800:
        return "face up"
    if z > 800:
        return "face down"
    return ""


# -- the board's hardware as one object ------------------------------------------------------
class MicrobitHardware:
    """All micro:bit V2 peripherals of one simulated board, and the VM requests they serve."""

    SHIMS = {
        "microbit": "_sim_microbit",
        "music": "_sim_music",
        "time": "_simtime",
        "utime": "_simtime",
        "os": "_sim_mbos",
        "uos": "_sim_mbos",
        "machine": "_sim_mbmachine",
        "radio": "_sim_radio",
        "speech": "_sim_speech",
        "audio": "_sim_audio",
        "power": "_sim_power",
        "log": "_sim_log",
        "neopixel": "_sim_neopixel",
        "sys": "_sim_sys",
        "usys": "_sim_sys",
    }

    # Virtual time each kind of hardware access costs (µs): keeps busy-polling loops moving.
    SEND_COST_US = 50  # a one-way request (display update, pin write) on the real board
    COST = {"button": 100, "sensor": 500, "time": 20, "pin": 50}

    def __init__(self, board: SimBoard):
        self.board = board
        self.display = Display(board)
        self.buzzer = Buzzer(board)
        self.buttons = {"A": Button("A"), "B": Button("B")}
        self.calibrated = True  # as if the pupil calibrated it already
        self.cal_offset = (0.0, 0.0, 0.0)
        self.gesture_now = ""
        self.gesture_log: list[str] = []  # for get_gestures()
        self.gesture_seen: set[str] = set()  # for was_gesture(name), one flag a gesture
        self.pin_out: dict[int, tuple[str, int]] = {}
        self.spoken: list[str] = []
        self.data_log: list[dict] = []
        self.radio_on = False
        self.radio_cfg = {
            "group": 0,
            "channel": 7,
            "length": 32,
            "queue": 3,
            "address": 0x75626974,
        }
        self.radio_inbox: list[tuple[bytes, int, int]] = []
        board.world.on_change(self._world_changed)
        self._world_changed()

    def on_reset(self) -> None:
        """What a reset does to the hardware: display off, sound off, radio off."""
        self.display.set_static(BLANK)
        self.buzzer.stop()
        self.buzzer.reset_state()
        self.radio_on = False
        self.radio_inbox.clear()

    # world -> gestures
    def _world_changed(self) -> None:
        g = gesture_of(self.board.world.acceleration_mg(), self.board.world.gesture)
        if g != self.gesture_now:
            self.gesture_now = g
            if g:
                self.gesture_log.append(g)
                del self.gesture_log[:-32]
                self.gesture_seen.add(g)

    # -- time --------------------------------------------------------------------------------
    def op_ui(self, args):  # machine.unique_id()
        return self.board.unique_id

    def op_fl(self, args):  # the VM flushes one-way requests: their time is charged now
        return None

    def op_sl(self, args):
        return Delay(max(0, int(args)))

    def op_tm(self, args):
        return Delay(self.COST["time"], lambda: self.board.now_us)

    # -- display -----------------------------------------------------------------------------
    def op_di(self, args):  # show a static image: 25 digits
        self.display.set_static(parse_image(args))

    def op_ds(self, args):  # show a sequence: [frames, delay_ms, wait, loop, clear]
        frames, delay, wait, loop, clear = json.loads(args)
        d = max(0, int(delay)) * 1000
        rows = [glyph(f[1]) if f[0] == "c" else parse_image(f[1]) for f in frames]
        if len(rows) == 1 and not clear and not loop:
            self.display.set_static(rows[0])
            return None
        after = BLANK if clear else (rows[-1] if rows else self.display._static)
        anim = self.display.animate([(r, d) for r in rows], loop, after)
        return Delay(anim.end() - self.board.now_us) if wait else None

    def op_dS(self, args):  # scroll: [text, delay_ms, wait, loop, monospace]
        text, delay, wait, loop, mono = json.loads(args)
        cols = scroll_columns(text, mono)
        pad = [(0,) * 5] * 5
        strip = pad + cols + pad
        d = max(0, int(delay)) * 1000
        frames = [(_frame_from_columns(strip[i : i + 5]), d) for i in range(1, len(cols) + 6)]
        anim = self.display.animate(frames, loop, BLANK)
        return Delay(anim.end() - self.board.now_us) if wait else None

    def op_dc(self, args):
        self.display.set_static(BLANK)

    def op_dp(self, args):
        x, y, v = (int(a) for a in args.split())
        self.display.set_pixel(x, y, v)

    def op_dg(self, args):
        x, y = (int(a) for a in args.split())
        return self.display.get_pixel(x, y)

    def op_dr(self, args):  # the whole current image as 25 digits
        return image_text(self.display._rows_at(self.board.now_us)).replace(":", "")

    def op_do(self, args):
        self.display.on = args == "1"

    def op_dO(self, args):
        return int(self.display.on)

    def op_dl(self, args):
        return Delay(self.COST["sensor"], lambda: int(self.board.world.light))

    # -- buttons and touch -------------------------------------------------------------------
    def op_bp(self, args):
        b = self.buttons[args]
        return Delay(self.COST["button"], lambda: int(b.down))

    def op_bw(self, args):
        b = self.buttons[args]

        def answer():
            was, b.was = b.was, False
            return int(was)

        return Delay(self.COST["button"], answer)

    def op_bc(self, args):
        b = self.buttons[args]

        def answer():
            n, b.presses = b.presses, 0
            return n

        return Delay(self.COST["button"], answer)

    def op_tt(self, args):  # is_touched: "logo", "P0"...
        return Delay(self.COST["pin"], lambda: int(args in self.board.world.touched))

    # -- accelerometer -----------------------------------------------------------------------
    def op_av(self, args):
        def answer():
            return " ".join(str(int(round(v))) for v in self.board.world.acceleration_mg())

        return Delay(self.COST["sensor"], answer)

    def op_ag(self, args):
        return Delay(self.COST["sensor"], lambda: self.gesture_now)

    def op_aw(self, args):
        if args not in GESTURES:
            raise SimError("ValueError", "invalid gesture")

        def answer():
            hit = args in self.gesture_seen
            self.gesture_seen.discard(args)
            return int(hit)

        return Delay(self.COST["sensor"], answer)

    def op_ai(self, args):
        if args not in GESTURES:
            raise SimError("ValueError", "invalid gesture")
        return Delay(self.COST["sensor"], lambda: int(self.gesture_now == args))

    def op_ah(self, args):
        def answer():
            log, self.gesture_log = self.gesture_log, []
            return json.dumps(log)

        return Delay(self.COST["sensor"], answer)

    # -- compass -----------------------------------------------------------------------------
    def op_ch(self, args):
        # heading() on an uncalibrated micro:bit starts the calibration game first
        cost = self.COST["sensor"] + (0 if self.calibrated else 2 * US)
        if not self.calibrated:
            self._calibrate()
        return Delay(cost, self._heading)

    def _calibrate(self) -> None:
        # the tilt game samples the whole sphere: it finds the board's own hard iron
        self.calibrated = True
        self.cal_offset = tuple(self.board.world.hard_iron)

    def _heading(self) -> int:
        """Tilt-compensated heading from the field, as the firmware computes it: right when
        the field is Earth's, wrong near a magnet or with uncalibrated hard iron."""
        w = self.board.world
        if (
            w.magnetic_field is None
            and not w.magnet_near
            and tuple(w.hard_iron) == tuple(self.cal_offset)
        ):
            return w.compass_heading()  # exact to the degree, as in the world
        m = [a - b for a, b in zip(w.field_nt(), self.cal_offset, strict=True)]
        d = w.acceleration_mg()
        east = (d[1] * m[2] - d[2] * m[1], d[2] * m[0] - d[0] * m[2], d[0] * m[1] - d[1] * m[0])
        north = (east[1] * d[2] - east[2] * d[1], east[2] * d[0] - east[0] * d[2],
                 east[0] * d[1] - east[1] * d[0])  # fmt: skip
        ne = math.sqrt(sum(v * v for v in east)) or 1.0
        nn = math.sqrt(sum(v * v for v in north)) or 1.0
        return int(round(math.degrees(math.atan2(east[1] / ne, north[1] / nn)))) % 360

    def op_cv(self, args):
        def answer():
            return " ".join(str(int(round(v))) for v in self.board.world.field_nt())

        return Delay(self.COST["sensor"], answer)

    def op_cs(self, args):
        return Delay(self.COST["sensor"], lambda: int(round(self.board.world.field_strength_nt())))

    def op_cc(self, args):  # calibrate: the tilt game takes a few seconds on the board
        self._calibrate()
        return Delay(2 * US)

    def op_ci(self, args):
        return int(self.calibrated)

    def op_cx(self, args):
        self.calibrated = False

    # -- other sensors -----------------------------------------------------------------------
    def op_te(self, args):
        return Delay(self.COST["sensor"], lambda: int(round(self.board.world.temperature)))

    def op_ml(self, args):
        return Delay(self.COST["sensor"], lambda: int(self.board.world.sound_level))

    # -- pins --------------------------------------------------------------------------------
    def op_pr(self, args):  # read: "d 0" digital or "a 0" analog
        kind, pin = args.split()
        pin = int(pin)

        def answer():
            level = int(self.board.world.pins.get(pin, 0))
            if kind == "d":
                return 1 if level else 0
            return max(0, min(1023, level))

        return Delay(self.COST["pin"], answer)

    def op_pw(self, args):  # write: "d 0 1" / "a 0 512"
        kind, pin, value = args.split()
        self.pin_out[int(pin)] = (kind, int(value))

    # -- music -------------------------------------------------------------------------------
    def op_mp(self, args):  # play: [notes, wait, loop]
        notes, wait, loop = json.loads(args)
        self.buzzer.octave, self.buzzer.duration_ticks = 4, 4  # each play() starts afresh
        plan = self.buzzer.plan(notes)
        total = self.buzzer.play_plan(plan, loop)
        return Delay(total) if wait else None

    def op_mt(self, args):  # pitch: freq duration_ms wait
        freq, dur, wait = (int(a) for a in args.split())
        self.buzzer.pitch(freq, dur)
        if wait and dur >= 0:
            return Delay(dur * 1000)
        return None  # no duration: it sounds until stop(), and the call returns at once

    def op_ms(self, args):
        self.buzzer.stop()

    def op_mT(self, args):  # set_tempo ticks bpm (-1 = keep)
        ticks, bpm = (int(a) for a in args.split())
        if ticks > 0:
            self.buzzer.ticks = ticks
        if bpm > 0:
            self.buzzer.bpm = bpm

    def op_mg(self, args):
        return f"{self.buzzer.bpm} {self.buzzer.ticks}"  # modmusic.c: (bpm, ticks)

    def op_mr(self, args):
        self.buzzer.reset_state()

    def op_sp(self, args):  # speaker on/off
        self.buzzer.speaker_on = args == "1"

    def op_sP(self, args):
        return int(self.buzzer.speaker_on)

    def op_sv(self, args):
        self.buzzer.volume = int(args)

    # -- speech, log -------------------------------------------------------------------------
    def op_sa(self, args):
        text = json.loads(args)
        self.spoken.append(text)
        return Delay(len(text) * 80_000)

    def op_lg(self, args):
        self.data_log.append({"t": self.board.now_us / US, **json.loads(args)})

    # -- radio -------------------------------------------------------------------------------
    def op_ro(self, args):
        self.radio_on = args == "1"
        if not self.radio_on:
            self.radio_inbox.clear()

    def op_rc(self, args):
        self.radio_cfg.update(json.loads(args))

    def op_rs(self, args):  # send bytes (hex)
        if not self.radio_on:
            raise SimError("ValueError", "radio is not enabled")
        data = bytes.fromhex(args)[: self.radio_cfg["length"]]
        self.board.sim.broadcast(self.board, data)

    def receive_radio(self, sender_cfg: dict, data: bytes) -> None:
        cfg = self.radio_cfg
        same = all(cfg[k] == sender_cfg[k] for k in ("group", "channel", "address"))
        if self.radio_on and same and len(self.radio_inbox) < cfg["queue"]:
            self.radio_inbox.append((data, -50, self.board.now_us))

    def op_rr(self, args):
        if not self.radio_on:
            raise SimError("ValueError", "radio is not enabled")
        if not self.radio_inbox:
            return ""
        data, rssi, t = self.radio_inbox.pop(0)
        return f"{data.hex()} {rssi} {t}"

    # -- system ------------------------------------------------------------------------------
    def op_rt(self, args):  # running_time in ms
        return Delay(self.COST["time"], lambda: self.board.now_us // 1000)

    def op_pa(self, args):  # panic(n): the sad face and the code, forever
        self.display.set_static(parse_image(mbdata.IMAGES["SAD"]))
        self.board.panic_code = int(args)
        return Delay(math.inf)
