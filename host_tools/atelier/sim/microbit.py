"""Host-side models of the BBC micro:bit V2's hardware, answering the VM's `microbit` shim.

Each `@handles` method answers one request of `vm/_simproto.py` from `vm/_sim_microbit.py` (and
radio, speech, ...); the display and the buzzer answer theirs (`components/`). A handler
returns the answer, or a `Delay` when the call takes virtual time on the real board (a scroll
with wait=True, a note, calibration). Display animations and melodies are computed here, so
`board.display.image` and `board.buzzer.tones` are exact at any virtual time.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

from atelier.sim.devices import Delay, SimError
from atelier.sim.hardware import Hardware, handles
from atelier.sim.vm import _simproto as P
from atelier.sim.vm import mbdata

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard

from atelier.sim.components.buttons import GESTURES, Button, Buttons, gesture_of
from atelier.sim.components.buzzer import Buzzer, Tone, note_frequency
from atelier.sim.components.matrix import (
    BLANK,
    FOREVER,
    US,
    Display,
    glyph,
    image_text,
    parse_image,
    scroll_columns,
)

__all__ = ["BLANK", "FOREVER", "GESTURES", "US", "Button", "Buzzer", "Display", "MicrobitHardware",
           "Tone", "gesture_of", "glyph", "image_text", "note_frequency", "parse_image",
           "scroll_columns"]  # fmt: skip


# -- the board's hardware as one object ------------------------------------------------------
class MicrobitHardware(Hardware):
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
        super().__init__(board)
        self.display = Display(board)
        self.buzzer = Buzzer(board)
        self.buttons = Buttons("AB", read_cost_us=self.COST["button"])
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

    def parts(self) -> list:
        return [self.display, self.buzzer, self.buttons]

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

    @handles(P.LIGHT_LEVEL)
    def light_level(self, args):
        return Delay(self.COST["sensor"], lambda: int(self.board.world.light))

    # -- touch -------------------------------------------------------------------------------
    @handles(P.PAD_IS_TOUCHED)
    def pad_is_touched(self, args):  # is_touched: "logo", "P0"...
        return Delay(self.COST["pin"], lambda: int(args in self.board.world.touched))

    # -- accelerometer -----------------------------------------------------------------------
    @handles(P.ACCEL_VALUES)
    def accel_values(self, args):
        def answer():
            return " ".join(str(int(round(v))) for v in self.board.world.acceleration_mg())

        return Delay(self.COST["sensor"], answer)

    @handles(P.GESTURE_CURRENT)
    def gesture_current(self, args):
        return Delay(self.COST["sensor"], lambda: self.gesture_now)

    @handles(P.GESTURE_WAS)
    def gesture_was(self, args):
        if args not in GESTURES:
            raise SimError("ValueError", "invalid gesture")

        def answer():
            hit = args in self.gesture_seen
            self.gesture_seen.discard(args)
            return int(hit)

        return Delay(self.COST["sensor"], answer)

    @handles(P.GESTURE_IS)
    def gesture_is(self, args):
        if args not in GESTURES:
            raise SimError("ValueError", "invalid gesture")
        return Delay(self.COST["sensor"], lambda: int(self.gesture_now == args))

    @handles(P.GESTURE_HISTORY)
    def gesture_history(self, args):
        def answer():
            log, self.gesture_log = self.gesture_log, []
            return json.dumps(log)

        return Delay(self.COST["sensor"], answer)

    # -- compass -----------------------------------------------------------------------------
    @handles(P.COMPASS_HEADING)
    def compass_heading(self, args):
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

    @handles(P.COMPASS_VALUES)
    def compass_values(self, args):
        def answer():
            return " ".join(str(int(round(v))) for v in self.board.world.field_nt())

        return Delay(self.COST["sensor"], answer)

    @handles(P.COMPASS_STRENGTH)
    def compass_strength(self, args):
        return Delay(self.COST["sensor"], lambda: int(round(self.board.world.field_strength_nt())))

    @handles(P.COMPASS_CALIBRATE)
    def compass_calibrate(self, args):  # calibrate: the tilt game takes a few seconds on the board
        self._calibrate()
        return Delay(2 * US)

    @handles(P.COMPASS_IS_CALIBRATED)
    def compass_is_calibrated(self, args):
        return int(self.calibrated)

    @handles(P.COMPASS_CLEAR_CALIBRATION)
    def compass_clear_calibration(self, args):
        self.calibrated = False

    # -- other sensors -----------------------------------------------------------------------
    @handles(P.TEMPERATURE)
    def temperature(self, args):
        return Delay(self.COST["sensor"], lambda: int(round(self.board.world.temperature)))

    @handles(P.SOUND_LEVEL)
    def sound_level(self, args):
        return Delay(self.COST["sensor"], lambda: int(self.board.world.sound_level))

    # -- pins --------------------------------------------------------------------------------
    @handles(P.EDGE_PIN_READ)
    def edge_pin_read(self, args):  # read: "d 0" digital or "a 0" analog
        kind, pin = args.split()
        pin = int(pin)

        def answer():
            level = int(self.board.world.pins.get(pin, 0))
            if kind == "d":
                return 1 if level else 0
            return max(0, min(1023, level))

        return Delay(self.COST["pin"], answer)

    @handles(P.EDGE_PIN_WRITE)
    def edge_pin_write(self, args):  # write: "d 0 1" / "a 0 512"
        kind, pin, value = args.split()
        self.pin_out[int(pin)] = (kind, int(value))

    # -- speech, log -------------------------------------------------------------------------
    @handles(P.SPEECH_SAY)
    def speech_say(self, args):
        text = json.loads(args)
        self.spoken.append(text)
        return Delay(len(text) * 80_000)

    @handles(P.LOG_ROW)
    def log_row(self, args):
        self.data_log.append({"t": self.board.now_us / US, **json.loads(args)})

    # -- radio -------------------------------------------------------------------------------
    @handles(P.RADIO_SET_ON)
    def radio_set_on(self, args):
        self.radio_on = args == "1"
        if not self.radio_on:
            self.radio_inbox.clear()

    @handles(P.RADIO_CONFIG)
    def radio_config(self, args):
        self.radio_cfg.update(json.loads(args))

    @handles(P.RADIO_SEND)
    def radio_send(self, args):  # send bytes (hex)
        if not self.radio_on:
            raise SimError("ValueError", "radio is not enabled")
        data = bytes.fromhex(args)[: self.radio_cfg["length"]]
        self.board.sim.broadcast(self.board, data)

    def receive_radio(self, sender_cfg: dict, data: bytes) -> None:
        cfg = self.radio_cfg
        same = all(cfg[k] == sender_cfg[k] for k in ("group", "channel", "address"))
        if self.radio_on and same and len(self.radio_inbox) < cfg["queue"]:
            self.radio_inbox.append((data, -50, self.board.now_us))

    @handles(P.RADIO_RECEIVE)
    def radio_receive(self, args):
        if not self.radio_on:
            raise SimError("ValueError", "radio is not enabled")
        if not self.radio_inbox:
            return ""
        data, rssi, t = self.radio_inbox.pop(0)
        return f"{data.hex()} {rssi} {t}"

    # -- system ------------------------------------------------------------------------------
    @handles(P.RUNNING_TIME)
    def running_time(self, args):  # running_time in ms
        return Delay(self.COST["time"], lambda: self.board.now_us // 1000)

    @handles(P.PANIC)
    def panic(self, args):  # panic(n): the sad face and the code, forever
        self.display.set_static(parse_image(mbdata.IMAGES["SAD"]))
        self.board.panic_code = int(args)
        return Delay(math.inf)
