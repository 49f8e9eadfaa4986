"""Host-side hardware of simulated CircuitPython boards (Circuit Playground Bluefruit).

The wiring of the `machine` boards (pins, buttons, reed switch, I2C buses, and the chip models
the registry `atelier.chips` names for boards.toml's sensors), assembled with what CircuitPython
boards do their own way: named pins, a speaker that only sounds while its enable pin is high,
a NeoPixel ring written with `neopixel_write` (`components/neopixels.py`), `keypad` event
queues (`components/keypad.py`), and I2C that checks for pull-ups. Which pins, how many pixels
and where each sits are the board's kit record in boards.toml. The board-wide requests
(the board's id, the CPU's temperature) are answered here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.boards import NeoPixelRing, Speaker
from atelier.sim.components.keypad import Keypad
from atelier.sim.components.neopixels import NeoPixels, Ring
from atelier.sim.components.onboard import Onboard
from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.machine_hw import MachineHardware
from atelier.sim.vm import _simproto as P

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard


def pin_names(gpio) -> dict[str, set[str]]:
    """Every name of each pin, by the VM's id of the pin."""
    out: dict[str, set[str]] = {}
    for name, pin in gpio.pins().items():
        out.setdefault(str(pin), set()).add(str(name))
    return out


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
        "touchio": "_sim_cp_touchio",
        "audiobusio": "_sim_cp_audiobusio",
        "audiocore": "_sim_cp_audiocore",
        "audiopwmio": "_sim_cp_audiopwmio",
        "audiomp3": "_sim_cp_audiomp3",
        "adafruit_pixelbuf": "_sim_cp_pixelbuf",
        "rainbowio": "_sim_cp_rainbowio",
        "rtc": "_sim_cp_rtc",
        "time": "_sim_cp_time",
        "os": "_sim_cp_os",
        "storage": "_sim_cp_storage",
        "sys": "_sim_sys",
    }
    # Built-in modules of the board that Adafruit also publishes in pure Python, the module the
    # built-in was ported from: the simulated board imports that copy (the bundle leaves built-in
    # modules off the board, as on the real one). A shim of the same name goes first.
    BUILTIN_LIBRARIES = {
        "adafruit_bus_device": "adafruit-circuitpython-busdevice",
    }

    def __init__(self, board: SimBoard):
        super().__init__(board)
        self.nvm = bytearray(b"\xff" * 8192)  # microcontroller.nvm: survives resets
        kit = board.type.kit
        enable = self._speaker_enable()
        if enable is not None:
            self.pins.write_listeners.append(
                lambda pin: pin == enable and self.pwm.changed(str(self.pwm.buzzer_pin))
            )
        self.ring: NeoPixels | None = None
        if isinstance(kit.display, NeoPixelRing):
            ring = kit.display
            self.ring = Ring(
                self.pins.pin_id(ring.pin), ring.count, ring.angles, lambda: board.output
            )
            self.ws2812.wire(ring.pin, self.ring.write)
            self.display = self.ring
        self.keypad = Keypad(self.pins, lambda: board.now_us)
        t = board.type
        names = pin_names(t.gpio)
        pads = {self.pins.pin_id(name) for name in t.gpio.touch}
        self.onboard = Onboard(board.world, names, pads)
        # the light sensor and the thermistor: boards.toml's LIGHT and TEMPERATURE pins
        for role, level in (("light", self.onboard.light_level),
                            ("temperature", self.onboard.thermistor_level)):  # fmt: skip
            pin = t.pins.get(role.upper())
            if t.has(role) and pin is not None:
                self.adc.sources[self.pins.pin_id(pin)] = level
        # the slide switch (Adafruit's library: `switch` reads True slid left with a pull-up):
        # slid right it ties its pin to GND, slid left it leaves the pin to its pull
        switch = t.pins.get("SLIDE_SWITCH")
        if t.has("slide_switch") and switch is not None:
            sid = self.pins.pin_id(switch)
            self.pins.wire(switch, lambda: 0 if board.world.slide_switch_right else int(
                self.pins.state(sid)["pull"] == 1))  # fmt: skip

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
        # the ring hears its pin through ws2812 (machine_hw), not as a part of its own
        return [*super().parts(), self.keypad, self.onboard]

    # audiopwmio: a sample playing on the speaker's pin sounds like a PWM tone of its pitch
    @handles(P.SAMPLE_PLAY)
    def audio_play(self, args):
        pin, hz, ms = args.split()
        if int(ms) < 0:
            self.pwm.pwm[pin] = [int(hz), 32768]
            self.pwm.changed(pin)
            return
        self.pwm.pwm[pin] = [0, 0]
        enabled = self.buzzer_enabled()
        if pin == self.pwm.buzzer_pin and (enabled is None or enabled()):
            self.buzzer.pitch(int(hz), int(ms))

    @handles(P.SAMPLE_STOP)
    def audio_stop(self, args):
        pin = args.strip()
        self.pwm.pwm[pin] = [0, 0]
        self.pwm.changed(pin)
        if pin == self.pwm.buzzer_pin and self.buzzer.playing is not None:
            self.buzzer.stop()

    # -- CIRCUITPY and boot.py (main.c, supervisor/shared/filesystem.c, shared-module/storage) --
    # At each hard reset CIRCUITPY is writable by the computer and read-only to Python; boot.py
    # runs (in a VM of its own, before USB starts) and may change that with `storage`; its
    # output, after the board's name and id, is boot_out.txt (at most 512 bytes). A soft
    # reload (supervisor.reload(), Ctrl-D) keeps what boot.py set and does not run it again.
    BOOT_FILES = ("boot.py", "boot.txt")
    BOOT_OUT = "boot_out.txt"
    TRUNCATED = "[truncated due to length]"

    fs: dict | None = None

    def before_start(self, config: dict, hard: bool) -> dict | None:
        """Ready the VM's config; after a reset, the config of boot.py's VM (None: none)."""
        if hard or self.fs is None:
            self.fs = {"usb_writable": True, "concurrent": True, "usb": True}
        config["storage"] = self._storage(boot=False)
        if not hard:
            return None
        boot = next((f for f in self.BOOT_FILES if (self.board.flash / f).is_file()), None)
        if boot is None:
            self._write_boot_out(self._board_line())
            return None
        self._boot_file = boot
        return {**config, "main": boot, "repl": False, "run_main": True,
                "storage": self._storage(boot=True)}  # fmt: skip

    def boot_done(self, config: dict, output: str) -> None:
        """boot.py ended having printed `output`: write boot_out.txt, ready code.py's VM."""
        text = self._board_line() + f"{self._boot_file} output:\n" + output
        self._write_boot_out(text)
        config["storage"] = self._storage(boot=False)

    def _storage(self, boot: bool) -> dict:
        fs = self.fs
        return {**fs, "boot": boot, "read_only": fs["concurrent"] and fs["usb_writable"]}

    def _board_line(self) -> str:
        u = self.board.type.uname
        head = f"Adafruit CircuitPython {u.version}; {u.machine}\n" if u else ""
        board_id = self.board.type.id.replace("-", "_")
        return head + f"Board ID:{board_id}\nUID:{self.board.unique_id.upper()}\n"

    def _write_boot_out(self, text: str) -> None:
        data = text.encode()
        limit = 512 - len(self.TRUNCATED) - 1  # its length with its terminating NUL
        if len(data) > limit:
            data = data[:limit] + self.TRUNCATED.encode() + b"\n"
        path = self.board.flash / self.BOOT_OUT
        if not path.is_file() or path.read_bytes() != data:  # written only when it changes
            path.write_bytes(data)

    @handles(P.NVM_READ)
    def nvm_read(self, args):
        return self.nvm.hex()

    @handles(P.NVM_WRITE)
    def nvm_write(self, args):
        offset, data = args.split()
        data = bytes.fromhex(data)
        self.nvm[int(offset) : int(offset) + len(data)] = data

    @handles(P.STORAGE)
    def storage(self, args):
        usb_writable, concurrent, usb = (a == "1" for a in args.split())
        self.fs = {"usb_writable": usb_writable, "concurrent": concurrent, "usb": usb}

    @handles(P.BOARD_ID)
    def board_id(self, args):
        # board.board_id: CircuitPython's name for the board, its folder under ports/*/boards
        return self.board.type.id.replace("-", "_")

    @handles(P.CPU_TEMPERATURE)
    def cpu_temperature(self, args):
        return Delay(30, lambda: f"{self.board.world.temperature:.2f}")
