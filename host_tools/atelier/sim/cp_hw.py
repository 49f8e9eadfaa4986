"""Host-side hardware of simulated CircuitPython boards (Circuit Playground Bluefruit).

Shares the wiring logic of the `machine` boards (pins, buttons, reed switch, I2C buses, and
the chip models the registry `atelier.chips` names for boards.toml's sensors) and adds what
CircuitPython boards do their own way: named pins, a speaker that only sounds when
SPEAKER_ENABLE is high, a NeoPixel ring written with `neopixel_write`, `keypad` event queues,
and I2C that checks for pull-ups.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from atelier.i18n import _
from atelier.sim.devices import Delay, SimError
from atelier.sim.hardware import handles
from atelier.sim.machine_hw import MachineHardware
from atelier.sim.vm import _simproto as P

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard

# Circuit Playground's ring as a clock face, the USB socket at 12: pixel -> angle (degrees)
RING_ANGLES = (330, 300, 270, 240, 210, 150, 120, 90, 60, 30)


class RingView:
    """The NeoPixel ring: a colour per pixel, and which way an arrow on it points."""

    def __init__(self, count: int = 10):
        self.colors: list[tuple[int, int, int]] = [(0, 0, 0)] * count

    def write(self, data: bytes) -> None:
        # NeoPixels take green, red, blue
        px = [(data[i + 1], data[i], data[i + 2]) for i in range(0, len(data) - 2, 3)]
        self.colors = (px + self.colors[len(px) :])[: len(self.colors)]

    def lit(self) -> list[int]:
        return [i for i, c in enumerate(self.colors) if any(c)]

    def direction(self) -> float | None:
        """Mean angle of the lit pixels (clockwise from the USB socket), or None."""
        lit = self.lit()
        if not lit:
            return None
        x = sum(math.sin(math.radians(RING_ANGLES[i])) for i in lit)
        y = sum(math.cos(math.radians(RING_ANGLES[i])) for i in lit)
        return math.degrees(math.atan2(x, y)) % 360


class CircuitPythonHardware(MachineHardware):
    SHIMS = {
        "board": "_sim_cp_board",
        "busio": "_sim_cp_busio",
        "digitalio": "_sim_cp_digitalio",
        "pwmio": "_sim_cp_pwmio",
        "analogio": "_sim_cp_analogio",
        "microcontroller": "_sim_cp_microcontroller",
        "neopixel_write": "_sim_cp_neopixel_write",
        "supervisor": "_sim_cp_supervisor",
        "keypad": "_sim_cp_keypad",
        "time": "_sim_cp_time",
        "os": "_sim_os",
        "sys": "_sim_sys",
    }

    def __init__(self, board: SimBoard):
        super().__init__(board)
        if board.type.kit.buzzer == "speaker":
            self._buzzer_pin = self.pin_id("SPEAKER")
        self._speaker_enable = self.pin_id("SPEAKER_ENABLE")
        self._neopixel = self.pin_id("NEOPIXEL")
        self.ring = RingView()
        if board.type.kit.display == "neopixel_ring":
            self.display = self.ring
        self._keys: dict[str, dict] = {}
        self._level_listeners.append(self._scan_keys)

    @handles(P.BOARD_ID)
    def board_id(self, args):
        # board.board_id: CircuitPython's name for the board, its folder under ports/*/boards
        return self.board.type.id.replace("-", "_")

    @handles(P.NOT_SIMULATED)
    def not_simulated(self, args):
        raise SimError(
            "NotImplementedError",
            _("{feature} is not simulated; try this part on the real board").format(
                feature=args.strip()
            ),
        )

    # -- speaker: silent unless SPEAKER_ENABLE is driven high ---------------------------------
    def _pwm_changed(self, pin: str) -> None:
        if pin == self._buzzer_pin and self._pin(self._speaker_enable)["out"] != 1:
            if self.buzzer.playing is not None:
                self.buzzer.stop()
            return
        super()._pwm_changed(pin)

    def pin_set_level(self, args):  # answers PIN_SET_LEVEL in MachineHardware's stead
        super().pin_set_level(args)
        if args.split()[0] == self._speaker_enable:
            self._pwm_changed(str(self._buzzer_pin))

    # -- NeoPixels -----------------------------------------------------------------------------
    @handles(P.NEOPIXEL_WRITE)
    def neopixel_write(self, args):
        pin, data = (args.split() + [""])[:2]
        if pin == self._neopixel:
            self.ring.write(bytes.fromhex(data))

    # -- keypad: an event queue per Keys object, fed by pin edges -------------------------------
    @handles(P.KEYS_OPEN)
    def keys_open(self, args):
        when, pull, *pins = args.split()
        kid = str(len(self._keys))
        for p in pins:
            self._pin(p)["pull"] = (2 if when == "1" else 1) if pull == "1" else 0
        self._keys[kid] = {
            "pins": pins,
            "when": int(when),
            "queue": [],
            "state": [self.level(p) for p in pins],
        }
        return kid

    def _scan_keys(self) -> None:
        for k in self._keys.values():
            for i, p in enumerate(k["pins"]):
                new = self.level(p)
                if new != k["state"][i]:
                    k["state"][i] = new
                    k["queue"].append((i, int(new == k["when"]), self.board.now_us // 1000))
                    del k["queue"][:-64]

    @handles(P.KEYS_EVENT)
    def keys_event(self, args):
        q = self._keys[args.strip()]["queue"]
        return Delay(20, lambda: " ".join(map(str, q.pop(0))) if q else "")

    @handles(P.KEYS_PENDING)
    def keys_pending(self, args):
        return len(self._keys[args.strip()]["queue"])

    # -- misc ----------------------------------------------------------------------------------
    @handles(P.CPU_TEMPERATURE)
    def cpu_temperature(self, args):
        return Delay(30, lambda: f"{self.board.world.temperature:.2f}")
