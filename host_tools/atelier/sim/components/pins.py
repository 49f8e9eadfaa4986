"""Digital pins of a `machine` or CircuitPython board: mode, pull and level of each pin, what
is wired to it (a button, a reed switch, the world's pin levels), and pin interrupts.

The VM names a pin by its number (or, without one, the name its runtime prints); boards.toml's
wiring is read the same way (`pin_id`), so "GP15", 15 and "GPIO15" are one pin.
"""

from __future__ import annotations

from collections.abc import Callable

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class Pins:
    """Every digital pin of one board, answering the `PIN_*` requests."""

    def __init__(self, world, pin_of: dict, no_pull=(), read_cost_us: int = 20):
        self._world = world
        self._pin_of = pin_of  # any id of boards.toml -> the id the VM uses
        self._no_pull = set(no_pull)
        self.read_cost_us = read_cost_us
        self.pins: dict[str, dict] = {}
        self.pin_out: dict[str, int] = {}  # the last level the program wrote, per pin
        # what drives an input pin from outside: pin -> () -> level (a button, a reed switch)
        self.wired: dict[str, Callable[[], int]] = {}
        self.signals: dict = {}  # pin -> a module's waveform time_pulse_us times (pin_io.py)
        # pin interrupts: trigger per pin, last level seen, edges waiting to reach the VM
        self._irq_trigger: dict[str, int] = {}
        self._irq_level: dict[str, int] = {}
        self._irq_pending: list[str] = []
        self.level_listeners: list[Callable[[], None]] = []  # e.g. CircuitPython's keypad
        self.write_listeners: list[Callable[[str], None]] = []  # e.g. a speaker's enable pin
        world.on_change(self.levels_changed)

    def pin_id(self, pin: int | str) -> str:
        """How the VM names `pin` (a number or a name of boards.toml): its pin's number, or
        the name its runtime prints."""
        return str(self._pin_of.get(pin, pin))

    def state(self, name: str) -> dict:
        return self.pins.setdefault(name, {"mode": 0, "pull": 0, "out": 0})

    def wire(self, pin: int | str, level: Callable[[], int]) -> None:
        """Connect something that sets the level of input `pin` (of boards.toml)."""
        self.wired[self.pin_id(pin)] = level

    def reset(self) -> None:
        self.pins.clear()
        self._irq_trigger.clear()

    def level(self, name: str) -> int:
        """What reading the pin gives now: wiring first, then the world, then the pull."""
        p = self.state(name)
        if p["mode"] == 1 or (p["mode"] == 2 and not p["out"]):  # driven (open drain: low)
            return p["out"]
        wired = self.wired.get(name)
        if wired is not None:
            return wired()
        if name.isdigit() and int(name) in self._world.pins:
            return 1 if self._world.pins[int(name)] else 0
        return 1 if p["pull"] == 1 else 0

    def driven(self, name: str) -> int | None:
        """The level the program drives pin `name` to, or None: released (an input, or an
        open drain left high)."""
        p = self.state(name)
        if p["mode"] == 1 or (p["mode"] == 2 and not p["out"]):
            return p["out"]
        return None

    @handles(P.PIN_MODE)
    def pin_mode(self, args):
        name, mode = args.split()
        self.state(name)["mode"] = int(mode)
        for fn in self.write_listeners:  # an output released, or driven again
            fn(name)

    @handles(P.PIN_PULL)
    def pin_pull(self, args):
        name, pull = args.split()
        if name.isdigit() and int(name) in self._no_pull:
            pull = "0"  # no pull resistor on this pin: the chip takes the setting, nothing pulls
        self.state(name)["pull"] = int(pull)

    @handles(P.PIN_SET_LEVEL)
    def pin_set_level(self, args):
        name, v = args.split()
        self.state(name)["out"] = int(v)
        self.pin_out[name] = int(v)
        for fn in self.write_listeners:
            fn(name)

    @handles(P.PIN_GET_LEVEL)
    def pin_get_level(self, args):
        name = args.strip()
        return Delay(self.read_cost_us, lambda: self.level(name))

    # -- pin interrupts (the kit counts button presses with them) ----------------------------
    @handles(P.PIN_IRQ)
    def pin_irq(self, args):
        name, trigger = args.split()
        if int(trigger):
            self._irq_trigger[name] = int(trigger)
            self._irq_level[name] = self.level(name)
        else:
            self._irq_trigger.pop(name, None)

    def levels_changed(self) -> None:
        """Something outside changed (the world, a button): fire the interrupts it causes."""
        for fn in self.level_listeners:
            fn()
        for name, trigger in self._irq_trigger.items():
            new, old = self.level(name), self._irq_level.get(name)
            self._irq_level[name] = new
            rising, falling = old == 0 and new == 1, old == 1 and new == 0
            if (rising and trigger & 4) or (falling and trigger & 8):
                self._irq_pending.append(name)

    def take_irqs(self) -> list[str]:
        """Pins whose interrupt fired since last asked."""
        pending, self._irq_pending = self._irq_pending, []
        return pending
