"""Host-side hardware of simulated MicroPython `machine` boards (Raspberry Pi Pico, ESP32).

Everything comes from boards.toml: the I2C buses and the chips on them (register-level models
from `atelier.sim.chips`, the one the chip registry `atelier.chips` names for each chip and
role), the kit's wiring (buttons and a reed switch on pins, a piezo on a PWM pin, an SSD1306
screen). The VM's `machine` shim (`vm/_sim_machine.py`) asks here: each `@handles` method
answers one request of `vm/_simproto.py`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atelier.sim.chips import model_class
from atelier.sim.components.buttons import Button
from atelier.sim.components.buzzer import Buzzer
from atelier.sim.components.matrix import BLANK, image_text, parse_image
from atelier.sim.devices import Delay, SimError
from atelier.sim.hardware import Hardware, handles
from atelier.sim.i2c import I2CBus
from atelier.sim.vm import _simproto as P
from atelier.sim.vm import mbdata

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard

US = 1_000_000


def chip_model(chip: str, role: str, address: int):
    """The register-level model for a chip of boards.toml, or None if we have none."""
    cls = model_class(chip, role)
    return cls(address=address) if cls else None


def grid_layout(width: int, height: int) -> tuple[int, int, int]:
    """Where the kit draws a 5x5 picture on a screen: (cell size, x0, y0). The kit's
    firmware uses the same formula."""
    cell = (min(width, height) - 4) // 5
    return cell, (width - 5 * cell) // 2, (height - 5 * cell) // 2


class OledView:
    """The board's SSD1306 seen as the kit's 5x5 picture (like micro:bit's display)."""

    def __init__(self, model):
        self.model = model

    @property
    def pixels(self) -> list[list[int]]:
        return self.model.pixels()

    @property
    def image(self) -> list[list[int]]:
        cell, x0, y0 = grid_layout(self.model.width, self.model.height)
        return [
            [
                9 * self.model.pixel(x0 + c * cell + cell // 2, y0 + r * cell + cell // 2)
                for c in range(5)
            ]
            for r in range(5)
        ]

    @property
    def text(self) -> str:
        return image_text(self.image)

    def shows(self, image_name_or_text: str) -> bool:
        """True if the screen shows that built-in image (lit/unlit: the OLED has no levels)."""
        text = mbdata.IMAGES.get(image_name_or_text, image_name_or_text)
        want = [[9 if v else 0 for v in row] for row in parse_image(text)]
        return self.image == want

    def lit(self) -> int:
        return sum(map(sum, self.model.pixels()))


class _NoDisplay:
    image = [list(r) for r in BLANK]
    text = image_text(BLANK)

    def shows(self, name: str) -> bool:
        return False


class MachineHardware(Hardware):
    """A Pico / ESP32 with the kit's modules, as boards.toml wires them."""

    SHIMS = {
        "machine": "_sim_machine",
        "time": "_simtime",
        "utime": "_simtime",
        "os": "_sim_os",
        "uos": "_sim_os",
        "sys": "_sim_sys",
        "usys": "_sim_sys",
    }

    SEND_COST_US = 20  # a one-way request (display update, pin write) on the real board
    COST = {"pin": 20, "adc": 30}

    def __init__(self, board: SimBoard):
        super().__init__(board)
        t = board.type
        # the VM names a pin by its number (or, without one, the name its runtime prints):
        # boards.toml's wiring is read the same way, so "GP15", 15 and "GPIO15" are one pin
        self._pin_of = t.gpio.pins()
        self.buses: dict[str, I2CBus] = {}
        self._bus_pins: dict[tuple, str] = {}
        for bus in t.buses:
            b = I2CBus(bus.name, board.world, lambda: board.now_us)
            self.buses[bus.name] = b
            self._bus_pins[(self.pin_id(bus.scl), self.pin_id(bus.sda))] = bus.name
        self._freq: dict[str, int] = {b.name: b.freq for b in t.buses}
        self.chips = {}
        seen_roles = set()
        for s in t.sensors:
            if s.role in seen_roles:
                continue  # an alternative of a chip already fitted
            model = chip_model(s.chip, s.role, s.address)
            if model is not None:
                self.buses[s.bus].attach(model)
                self.chips[s.role] = model
                seen_roles.add(s.role)
        kit = t.kit
        self.display = _NoDisplay()
        disp = kit.display
        if getattr(disp, "kind", None) == "ssd1306":
            model = model_class("SSD1306", "display")(disp.address, disp.width, disp.height)
            self.buses[disp.bus].attach(model)
            self.display = OledView(model)
        self.buzzer = Buzzer(board)
        pin = getattr(kit.buzzer, "pin", None)
        self._buzzer_pin = None if pin is None else self.pin_id(pin)
        self._pwm: dict[str, list[int]] = {}
        self.buttons = {}
        self._button_pins = {}
        if kit.buttons is not None:
            for name in ("a", "b"):
                pin = getattr(kit.buttons, name)
                self.buttons[name.upper()] = Button(name.upper())
                self._button_pins[self.pin_id(pin)] = (
                    self.buttons[name.upper()],
                    kit.buttons.active_low,
                )
        door = kit.door
        self._door_pin = self.pin_id(door.pin) if getattr(door, "kind", "") == "reed" else None
        self.pins: dict[str, dict] = {}
        self.pin_out: dict[str, int] = {}
        # pin interrupts: trigger per pin, last level seen, edges waiting to reach the VM
        self._irq_trigger: dict[str, int] = {}
        self._irq_level: dict[str, int] = {}
        self._irq_pending: list[str] = []
        self._level_listeners: list = []  # e.g. CircuitPython's keypad scanner
        board.world.on_change(self._levels_changed)
        for b, _ in self._button_pins.values():
            b.on_change = self._levels_changed

    def fit(self, role: str, model) -> None:
        """Put `model` in place of the board's chip for `role` (e.g. a BMP280 with another
        calibration, or the other magnetometer of boards.toml), before the program reads it."""
        old = self.chips.get(role)
        bus_name = next((s.bus for s in self.board.type.sensors if s.role == role), None)
        if bus_name is None:
            raise ValueError(f"{self.board.type.id} has no {role} in boards.toml")
        if old is not None:
            self.buses[bus_name].detach(old.address)
        self.buses[bus_name].attach(model)
        self.chips[role] = model

    def on_reset(self) -> None:
        self.buzzer.stop()
        self._pwm.clear()
        self.pins.clear()
        self._irq_trigger.clear()

    # -- pins --------------------------------------------------------------------------------
    def pin_id(self, pin: int | str) -> str:
        """How the VM names `pin` (a number or a name of boards.toml): its pin's number, or
        the name its runtime prints."""
        return str(self._pin_of.get(pin, pin))

    def _pin(self, name: str) -> dict:
        return self.pins.setdefault(name, {"mode": 0, "pull": 0, "out": 0})

    @handles(P.PIN_MODE)
    def pin_mode(self, args):
        name, mode = args.split()
        self._pin(name)["mode"] = int(mode)

    @handles(P.PIN_PULL)
    def pin_pull(self, args):
        name, pull = args.split()
        if name.isdigit() and int(name) in self.board.type.gpio.no_pull:
            pull = "0"  # no pull resistor on this pin: the chip takes the setting, nothing pulls
        self._pin(name)["pull"] = int(pull)

    @handles(P.PIN_SET_LEVEL)
    def pin_set_level(self, args):
        name, v = args.split()
        self._pin(name)["out"] = int(v)
        self.pin_out[name] = int(v)

    def level(self, name: str) -> int:
        """What reading the pin gives now: wiring first, then the world, then the pull."""
        p = self._pin(name)
        if p["mode"] == 1 or (p["mode"] == 2 and not p["out"]):  # driven (open drain: low)
            return p["out"]
        if name in self._button_pins:
            button, active_low = self._button_pins[name]
            return int(button.down) ^ int(active_low)
        if name == self._door_pin:
            # the reed switch closes (to GND) when the magnet on the door is near
            return 0 if self.board.world.magnet_near else 1
        if name.isdigit() and int(name) in self.board.world.pins:
            return 1 if self.board.world.pins[int(name)] else 0
        return 1 if p["pull"] == 1 else 0

    # -- pin interrupts (the kit counts button presses with them) ----------------------------
    @handles(P.PIN_IRQ)
    def pin_irq(self, args):
        name, trigger = args.split()
        if int(trigger):
            self._irq_trigger[name] = int(trigger)
            self._irq_level[name] = self.level(name)
        else:
            self._irq_trigger.pop(name, None)

    def _levels_changed(self) -> None:
        for fn in self._level_listeners:
            fn()
        for name, trigger in self._irq_trigger.items():
            new, old = self.level(name), self._irq_level.get(name)
            self._irq_level[name] = new
            rising, falling = old == 0 and new == 1, old == 1 and new == 0
            if (rising and trigger & 4) or (falling and trigger & 8):
                self._irq_pending.append(name)

    def take_irqs(self) -> list[str]:
        pending, self._irq_pending = self._irq_pending, []
        return pending

    @handles(P.PIN_GET_LEVEL)
    def pin_get_level(self, args):
        name = args.strip()
        return Delay(self.COST["pin"], lambda: self.level(name))

    # -- I2C ---------------------------------------------------------------------------------
    @handles(P.I2C_OPEN)
    def i2c_open(self, args):
        _id, scl, sda, freq, *flavour = args.split()
        name = self._bus_pins.get((scl, sda))
        if name is None and flavour == ["cp"]:
            # CircuitPython checks the bus's pull-up resistors before anything else
            raise SimError("RuntimeError", "No pull up found on SDA or SCL; check your wiring")
        if name is None:
            # pins with nothing wired to them: a bus where every address NAKs
            name = f"unwired-{scl}-{sda}"
            self.buses.setdefault(name, I2CBus(name, self.board.world, lambda: self.board.now_us))
        self._freq[name] = int(freq)
        return name

    def _io(self, bus: str, nbytes: int, fn):
        return Delay(I2CBus.transfer_time_us(nbytes, self._freq.get(bus, 400000)), fn)

    @handles(P.I2C_SCAN)
    def i2c_scan(self, args):
        return " ".join(str(a) for a in self.buses[args.strip()].scan())

    @handles(P.I2C_WRITE)
    def i2c_write(self, args):
        bus, addr, data = (args.split() + [""])[:3]
        raw = bytes.fromhex(data)
        self._check(bus, int(addr))
        return self._io(bus, len(raw), lambda: self.buses[bus].writeto(int(addr), raw) or "")

    @handles(P.I2C_READ)
    def i2c_read(self, args):
        bus, addr, n = args.split()
        self._check(bus, int(addr))
        return self._io(bus, int(n), lambda: self.buses[bus].readfrom(int(addr), int(n)).hex())

    @handles(P.I2C_WRITE_READ)
    def i2c_write_read(self, args):
        bus, addr, data, n = args.split()
        raw = bytes.fromhex(data)
        self._check(bus, int(addr))

        def answer():
            return self.buses[bus].writeto_then_readfrom(int(addr), raw, int(n)).hex()

        return self._io(bus, len(raw) + int(n), answer)

    def _check(self, bus: str, addr: int) -> None:
        if addr not in self.buses[bus].devices:
            raise SimError("OSError", "19")  # ENODEV, at once: nothing acknowledged

    # -- PWM (the kit's buzzer) --------------------------------------------------------------
    def _pwm_changed(self, pin: str) -> None:
        if pin != self._buzzer_pin:
            return
        freq, duty = self._pwm.get(pin, [0, 0])
        sounding = self.buzzer.playing
        if duty > 0 and freq > 0:
            if sounding != freq:
                self.buzzer.pitch(freq, -1)
        elif sounding is not None:
            self.buzzer.stop()

    @handles(P.PWM_FREQ)
    def pwm_freq(self, args):
        pin, freq = args.split()
        self._pwm.setdefault(pin, [0, 0])[0] = int(freq)
        self._pwm_changed(pin)

    @handles(P.PWM_DUTY)
    def pwm_duty(self, args):
        pin, duty = args.split()
        self._pwm.setdefault(pin, [0, 0])[1] = int(duty)
        self._pwm_changed(pin)

    @handles(P.PWM_STOP)
    def pwm_stop(self, args):
        pin = args.strip()
        self._pwm[pin] = [0, 0]
        self._pwm_changed(pin)

    # -- ADC, misc ---------------------------------------------------------------------------
    @handles(P.ADC_READ)
    def adc_read(self, args):
        name = args.strip()

        def answer():
            v = self.board.world.pins.get(int(name), 0) if name.isdigit() else 0
            return max(0, min(65535, int(v)))

        return Delay(self.COST["adc"], answer)
