"""The micro:bit's edge connector pins (`EDGE_PIN_READ/WRITE`): a read gives the level a wired
module sets (`pin_io.EdgePinIO`, or a module that drives the pin itself, such as a TM1637's
acknowledge), else the world's, digital or analog (0-1023); what the program writes is kept per
pin, with each pin's PWM period (`EDGE_PIN_PERIOD`), and modules wired to the pins hear each
change (a relay, a TM1637's clock and data lines)."""

from __future__ import annotations

from collections.abc import Callable

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class EdgePins:
    def __init__(self, world, cost_us: int = 50):
        self._world = world
        self.cost_us = cost_us
        self.pin_out: dict[int, tuple[str, int]] = {}
        self.wired: dict[int, Callable[[], int]] = {}  # what drives a pin from outside (digital)
        self.analog_wired: dict[int, Callable[[], int]] = {}  # ... or analog, 0-1023
        self.signals: dict = {}  # pin -> a waveform that time_pulse_us times
        self.write_listeners: list[Callable[[str, int], None]] = []  # (pin, level) written
        self.period_us: dict[int, int] = {}  # PWM period per pin (default 20 ms)
        # pins the program reads digitally: inputs, so it drives them no more
        self.released: set[int] = set()
        self.listeners: list[Callable[[int], None]] = []  # told when the program's drive changes

    def digital(self, pin: int) -> int:
        if pin in self._world.pins:  # a level the scenario sets on the pin wins over a module
            return 1 if self._world.pins[pin] else 0
        wired = self.wired.get(pin)
        if wired is not None:
            return 1 if wired() else 0
        analog = self.analog_wired.get(pin)
        if analog is not None:
            return 1 if analog() >= 512 else 0
        return 1 if self._world.pins.get(pin, 0) else 0

    def driven(self, pin: int) -> int | None:
        """The level the program drives `pin` to, or None: it does not drive it (an input)."""
        kind, value = self.pin_out.get(pin, ("", 0))
        if pin in self.released or kind != "d":
            return None
        return value

    @handles(P.EDGE_PIN_READ)
    def edge_pin_read(self, args):  # read: "d 0" digital or "a 0" analog
        kind, pin = args.split()
        pin = int(pin)
        if kind == "d" and pin not in self.released:
            self.released.add(pin)  # read_digital makes the pin an input
            for fn in self.listeners:
                fn(pin)

        def answer():
            if kind == "d":
                return self.digital(pin)
            analog = self.analog_wired.get(pin)
            if analog is not None and pin not in self._world.pins:
                return analog()
            if pin in self.wired and pin not in self._world.pins:
                return 1023 * self.digital(pin)
            return max(0, min(1023, int(self._world.pins.get(pin, 0))))

        return Delay(self.cost_us, answer)

    @handles(P.EDGE_PIN_WRITE)
    def edge_pin_write(self, args):  # write: "d 0 1" / "a 0 512"
        kind, pin, value = args.split()
        self.pin_out[int(pin)] = (kind, int(value))
        self.released.discard(int(pin))
        if kind == "d":
            for fn in self.write_listeners:
                fn(pin, int(value))
        for fn in self.listeners:
            fn(int(pin))

    @handles(P.EDGE_PIN_PERIOD)
    def edge_pin_period(self, args):  # set_analog_period_microseconds: "16 20000"
        pin, period = args.split()
        self.period_us[int(pin)] = int(period)
