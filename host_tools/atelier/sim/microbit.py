"""Host-side model of the BBC micro:bit V2's hardware, assembled from its parts.

The parts (`components/`) answer the requests of the VM's `microbit` shim and its neighbours
(`vm/_sim_microbit.py`, radio, speech, ...): the display (`matrix.py`), the buzzer, the
buttons, the accelerometer and gestures (`motion.py`), the compass, the simple sensors
(`sensors.py`), the edge pins, the radio, speech and the data log. Only the board-wide requests
(running time, panic) are answered here. Display animations and melodies are computed by
their parts, so `board.display.image` and `board.buzzer.tones` are exact at any virtual time.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from atelier.sim.components.accessories import attach as attach_accessories
from atelier.sim.components.buttons import GESTURES, Button, Buttons, gesture_of
from atelier.sim.components.buzzer import Buzzer, Tone, note_frequency
from atelier.sim.components.compass import Compass
from atelier.sim.components.datalog import DataLog
from atelier.sim.components.deep_sleep import DeepSleep
from atelier.sim.components.edge_pins import EdgePins
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
from atelier.sim.components.microbit_i2c import MicrobitI2C
from atelier.sim.components.motion import Motion
from atelier.sim.components.radio import Radio
from atelier.sim.components.sensors import WorldSensors
from atelier.sim.components.sound import Microphone, SoundExpressions
from atelier.sim.components.speech import Speech
from atelier.sim.components.usb_uart import UsbUart
from atelier.sim.components.ws2812 import WS2812Pins
from atelier.sim.devices import Delay
from atelier.sim.hardware import Hardware, handles
from atelier.sim.vm import _simproto as P
from atelier.sim.vm import mbdata

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard

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
    ACCESS_COST_US = 50  # the least an answered request costs (radio.receive(), pin reads)
    COST = {"button": 100, "sensor": 500, "time": 20, "pin": 50}

    def __init__(self, board: SimBoard):
        super().__init__(board)
        world, cost = board.world, self.COST
        self.display = Display(board)
        self.buzzer = Buzzer(board)
        self.buttons = Buttons("AB", read_cost_us=cost["button"])
        self.motion = Motion(world, read_cost_us=cost["sensor"])
        self.compass = Compass(world, read_cost_us=cost["sensor"])
        self.sensors = WorldSensors(world, read_cost_us=cost["sensor"], touch_cost_us=cost["pin"])
        self.edge_pins = EdgePins(world, cost_us=cost["pin"])
        # microbit.i2c on the edge connector, NeoPixels on the edge pins
        v1 = board.type.firmware_version.startswith("1.")
        self.i2c = MicrobitI2C(board.type, world, lambda: board.now_us, v1=v1)
        self.ws2812 = WS2812Pins()
        self.radio = Radio(board)
        self.speech = Speech()
        self.uart = UsbUart(board)  # microbit.uart: the USB serial line
        self.log = DataLog(board)
        self.sound = SoundExpressions(board)  # audio.play(Sound.HAPPY), SoundEffect
        self.microphone = Microphone(board)
        self.deep_sleep = DeepSleep(board, self.buttons)
        self._timer_due: int | None = None  # when the VM's next run_every callback is due
        self._asleep = False
        attach_accessories(self)  # Grove modules of the kit's wiring (components/accessories.py)

    def parts(self) -> list:
        return [self.display, self.buzzer, self.buttons, self.motion, self.compass,
                self.sensors, self.edge_pins, self.radio, self.speech, self.log,
                self.sound, self.microphone, self.deep_sleep,
                self.i2c, self.ws2812, self.uart]  # fmt: skip

    def on_reset(self) -> None:
        """What a reset does to the hardware: display off, sound off, radio off."""
        self.display.set_static(BLANK)
        self.buzzer.stop()
        self.buzzer.reset_state()
        self.radio.reset()
        self.sound.reset()
        self.microphone.reset()
        self._timer_due = None

    # what tests and the simulation (radio between boards) reach
    @property
    def pin_out(self) -> dict:
        return self.edge_pins.pin_out

    @property
    def chips(self) -> dict:
        return self.i2c.chips

    def fit(self, role: str, model) -> None:
        """Put `model` in place of the board's chip for `role` (see `I2CBuses.fit`)."""
        self.i2c.fit(role, model)

    def radios(self) -> list:
        """The radios other boards' messages reach (sim/air.py)."""
        return [self.radio]

    @property
    def spoken(self) -> list[str]:
        return self.speech.spoken

    @property
    def data_log(self) -> list[dict]:
        return self.log.rows

    # -- run_every between two calls -----------------------------------------------------------
    # The board runs a due run_every callback between two bytecodes, even in a loop that never
    # sleeps: the VM says when the next is due, and the answer of the first request after that
    # time tells it ("T", like a pin interrupt). A sleep's answer does not: sleep runs them.
    @handles(P.TIMER_DUE)
    def timer_due(self, args):
        us = int(args)
        self._timer_due = None if us < 0 else us

    @handles(P.SLEEP)
    def sleep(self, args):
        self._asleep = True
        return super().sleep(args)

    def take_irqs(self) -> list[str]:
        asleep, self._asleep = self._asleep, False
        due = self._timer_due
        if asleep or due is None or self.board.now_us < due:
            return []
        self._timer_due = None
        return ["T"]

    # -- system ------------------------------------------------------------------------------
    @handles(P.RUNNING_TIME)
    def running_time(self, args):  # running_time in ms
        return Delay(self.COST["time"], lambda: self.board.now_us // 1000)

    @handles(P.PANIC)
    def panic(self, args):  # panic(n): the sad face and the code, forever
        self.display.set_static(parse_image(mbdata.IMAGES["SAD"]))
        self.board.panic_code = int(args)
        return Delay(math.inf)
