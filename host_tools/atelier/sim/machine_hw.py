"""Host-side hardware of simulated MicroPython `machine` boards (Raspberry Pi Pico and Pico W,
ESP32), assembled from boards.toml's wiring.

The parts (`sim/components/`) answer the VM's `machine` shim (`vm/_sim_machine.py`): the pins
(`pins.py`: the kit's buttons and reed switch wired to them, pin interrupts), the I2C buses
with the chips the registry `atelier.chips` names for boards.toml's sensors (`i2c_bus.py`),
PWM driving the kit's piezo (`pwm.py`, `buzzer.py`), the ADC (`adc.py`), and the SSD1306 seen
as the kit's 5x5 picture (`oled.py`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.i18n import _
from atelier.sim.chips import model_class
from atelier.sim.components.accessories import attach as attach_accessories
from atelier.sim.components.adc import Adc
from atelier.sim.components.buttons import Button
from atelier.sim.components.buzzer import Buzzer
from atelier.sim.components.cyw43 import Cyw43Wifi
from atelier.sim.components.espnow import EspNow
from atelier.sim.components.i2c_bus import I2CBuses, chip_model
from atelier.sim.components.oled import NoDisplay, OledView, grid_layout
from atelier.sim.components.pins import Pins
from atelier.sim.components.pwm import Pwm
from atelier.sim.components.wifi import Wifi
from atelier.sim.components.ws2812 import WS2812Pins
from atelier.sim.devices import Delay, SimError
from atelier.sim.hardware import Hardware, handles
from atelier.sim.vm import _simproto as P

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard

__all__ = ["MachineHardware", "OledView", "chip_model", "grid_layout"]


class MachineHardware(Hardware):
    """A Pico / ESP32 with the kit's modules, as boards.toml wires them."""

    SHIMS = {
        "machine": "_sim_machine",
        "neopixel": "_sim_mp_neopixel",
        "time": "_sim_mptime",
        "utime": "_sim_mptime",
        "os": "_sim_os",
        "uos": "_sim_os",
        "sys": "_sim_sys",
        "usys": "_sim_sys",
        "_thread": "_sim_thread",
        "_asyncio": "_sim_asyncio",
        "rp2": "_sim_rp2",
        "onewire": "_sim_onewire",
        "ds18x20": "_sim_ds18x20",
        "dht": "_sim_dht",
        # the ESP32's own modules, and its radios (not simulated: one line when used)
        "esp": "_sim_esp",
        "esp32": "_sim_esp32",
        "network": "_sim_network",
        "bluetooth": "_sim_bluetooth",
        "espnow": "_sim_espnow",
        "aioespnow": "_sim_aioespnow",  # frozen on the ESP32 (micropython-lib's)
        "ntptime": "_sim_ntptime",
        "webrepl": "_sim_webrepl",
        "select": "_sim_select",
        "uselect": "_sim_select",
        "errno": "_sim_errno",  # the ESP32's numbers are newlib's
        "uerrno": "_sim_errno",
        "socket": "_sim_socket",  # the ESP32's lwIP sockets over the VM's real ones
        "usocket": "_sim_socket",
    }

    SEND_COST_US = 20  # a one-way request (display update, pin write) on the real board
    COST = {"pin": 20, "adc": 30}

    def __init__(self, board: SimBoard):
        super().__init__(board)
        t, world, kit = board.type, board.world, board.type.kit
        # the VM names a pin by its number (or, without one, the name its runtime prints):
        # boards.toml's wiring is read the same way, so "GP15", 15 and "GPIO15" are one pin
        self.pins = Pins(world, t.gpio.pins(), t.gpio.no_pull, read_cost_us=self.COST["pin"])
        self.take_irqs = self._take_irqs
        self.i2c = I2CBuses(t, world, lambda: board.now_us, self.pins.pin_id)
        self.display = NoDisplay()
        disp = kit.display
        if getattr(disp, "kind", None) == "ssd1306":
            model = model_class("SSD1306", "display")(disp.address, disp.width, disp.height)
            self.i2c.buses[disp.bus].attach(model)
            self.display = OledView(model)
        self.buzzer = Buzzer(board)
        self.pwm = Pwm(self.buzzer, self.buzzer_pin(), self.buzzer_enabled())
        self.adc = Adc(world, read_cost_us=self.COST["adc"])
        self.ws2812 = WS2812Pins(self.pins.pin_id)  # NeoPixels: CircuitPython's ring, strips
        self.buttons: dict[str, Button] = {}
        if kit.buttons is not None:
            for name in ("a", "b"):
                button = self.buttons[name.upper()] = Button(name.upper())
                button.on_change = self.pins.levels_changed
                self._wire_button(getattr(kit.buttons, name), button, kit.buttons.active_low)
        door = kit.door
        if getattr(door, "kind", "") == "reed":
            # the reed switch closes (to GND) when the magnet on the door is near
            self.pins.wire(door.pin, lambda: 0 if world.magnet_near else 1)
        # the ESP32's Wi-Fi radio, as ESP-NOW uses it (the Pico has none)
        self.espnow = EspNow(board) if t.platform == "esp32" else None
        # the ESP32's station, or the Pico W's CYW43 (the Pico has no `network` to reach it)
        if t.platform == "rp2":
            self.wifi = Cyw43Wifi(board)
            self.SHIMS = {**self.SHIMS, "network": "_sim_cyw43"}
        else:
            self.wifi = Wifi(board)
        attach_accessories(self)  # Grove modules of the kit's wiring (components/accessories.py)

    def _take_irqs(self) -> list[str]:
        # pins whose interrupt fired, then "~n": n calls due of ESP-NOW's receive callback
        fired = self.pins.take_irqs()
        n = self.espnow.take_callbacks() if self.espnow else 0
        return [*fired, f"~{n}"] if n else fired

    def radios(self) -> list:
        """The radios other boards' messages reach (sim/air.py)."""
        return [self.espnow] if self.espnow else []

    def _wire_button(self, pin, button: Button, active_low: bool) -> None:
        self.pins.wire(pin, lambda: int(button.down) ^ int(active_low))

    def buzzer_pin(self) -> str | None:
        """The pin the kit's buzzer is on, as the VM names it."""
        pin = getattr(self.board.type.kit.buzzer, "pin", None)
        return None if pin is None else self.pins.pin_id(pin)

    def buzzer_enabled(self):
        """What says the buzzer may sound (a speaker's enable pin), or None: always."""
        return None

    def parts(self) -> list:
        return [self.pins, self.i2c, self.pwm, self.adc, self.ws2812, self.wifi, *self.radios()]

    @handles(P.NOT_SIMULATED)
    def not_simulated(self, args):  # what the VM cannot model (rp2's PIO): one clear line
        raise SimError(
            "NotImplementedError",
            _("{feature} is not simulated; try this part on the real board").format(
                feature=args.strip()
            ),
        )

    @handles(P.FROZEN_MISSING)
    def frozen_missing(self, args):  # the board has it; this computer has not its package
        from atelier.libraries import frozen_missing

        module = args.strip()
        t = self.board.type
        raise frozen_missing(module, t.modules.frozen[module], t)

    @handles(P.CPU_TEMPERATURE)
    def cpu_temperature(self, args):  # the chip's own sensor (rp2's ADC(4)) reads the world's
        return Delay(30, lambda: f"{self.board.world.temperature:.2f}")

    # what tests and the board's test API reach
    @property
    def buses(self):
        return self.i2c.buses

    @property
    def chips(self):
        return self.i2c.chips

    @property
    def pin_out(self):
        return self.pins.pin_out

    def fit(self, role: str, model) -> None:
        """Put `model` in place of the board's chip for `role` (see `I2CBuses.fit`)."""
        self.i2c.fit(role, model)

    def pin_id(self, pin: int | str) -> str:
        return self.pins.pin_id(pin)

    def on_reset(self) -> None:
        self.wifi.reset()
        self.pwm.reset()
        self.pins.reset()
        self.asleep_until = None  # a reset ends a sleep
        if self.espnow:
            self.espnow.reset()
