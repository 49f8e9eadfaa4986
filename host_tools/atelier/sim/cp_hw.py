"""Host-side hardware of simulated CircuitPython boards (Circuit Playground Bluefruit).

The wiring of the `machine` boards (pins, buttons, reed switch, I2C buses, and the chip models
the registry `atelier.chips` names for boards.toml's sensors), assembled with what CircuitPython
boards do their own way: named pins, a speaker that only sounds while its enable pin is high,
a NeoPixel ring written with `neopixel_write` (`components/neopixels.py`), `keypad` event
queues (`components/keypad.py`), and I2C that checks for pull-ups. Which pins, how many pixels
and where each sits are the board's kit record in boards.toml. The board-wide requests
(the board's id, the CPU's temperature, what is not simulated) are answered here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.boards import NeoPixelRing, Speaker
from atelier.i18n import _
from atelier.sim.components.keypad import Keypad
from atelier.sim.components.neopixels import NeoPixels
from atelier.sim.devices import Delay, SimError
from atelier.sim.hardware import handles
from atelier.sim.machine_hw import MachineHardware
from atelier.sim.vm import _simproto as P

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard


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
        kit = board.type.kit
        enable = self._speaker_enable()
        if enable is not None:
            self.pins.write_listeners.append(
                lambda pin: pin == enable and self.pwm.changed(str(self.pwm.buzzer_pin))
            )
        self.ring: NeoPixels | None = None
        if isinstance(kit.display, NeoPixelRing):
            ring = kit.display
            self.ring = NeoPixels(self.pins.pin_id(ring.pin), ring.count, ring.angles)
            self.ws2812.wire(ring.pin, self.ring.write)
            self.display = self.ring
        self.keypad = Keypad(self.pins, lambda: board.now_us)

    def _speaker_enable(self) -> str | None:
        """The speaker's enable pin, as the VM names it, or None: it has none."""
        buzzer = self.board.type.kit.buzzer
        if not isinstance(buzzer, Speaker) or buzzer.enable is None:
            return None
        return self.pins.pin_id(buzzer.enable)

    def buzzer_enabled(self):
        # the speaker's amplifier is silent unless its enable pin is driven high
        enable = self._speaker_enable()
        if enable is None:
            return None
        return lambda: self.pins.state(enable)["out"] == 1

    def parts(self) -> list:
        return [*super().parts(), self.keypad]  # the ring hears its pin through ws2812

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

    @handles(P.CPU_TEMPERATURE)
    def cpu_temperature(self, args):
        return Delay(30, lambda: f"{self.board.world.temperature:.2f}")
