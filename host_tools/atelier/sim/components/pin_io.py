"""What a Grove module's model needs of a board's pins, the same on every board::

    io = pin_io(hardware)
    io.drive(pin, lambda: 1)          # the module sets the level the program reads on `pin`
    io.analog(pin, lambda: 0.25)      # ... or the voltage its ADC reads (fraction of full scale)
    io.signal(pin, ranger)            # ... or a waveform in time: `time_pulse_us` times it
    io.written(pin), io.pwm(pin)      # what the program drives: a level, (period, high) in µs
    io.on_write(fn)                   # fn(pin_id, level) on each digital write

`MachinePinIO` sits on the `machine` and CircuitPython boards' parts (`pins.py`, `adc.py`,
`pwm.py`), `EdgePinIO` on the micro:bit's edge connector (`edge_pins.py`). `time_pulse` is
`machine.time_pulse_us` (extmod/machine_pulse.c) on a waveform, in virtual time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class Signal(Protocol):
    """A level that changes in (virtual) time: a module's output the program times."""

    def level_at(self, t_us: int) -> int: ...

    def edge_after(self, t_us: int) -> int | None: ...  # next change after t_us, None: never


def time_pulse(signal: Signal | None, level_now: int, now: int, level: int, timeout: int):
    """(answer, µs it takes) of time_pulse_us(pin, level, timeout) started at `now`: waits for
    the pin to reach `level` (-2 if it does not within `timeout`), then times how long it stays
    there (-1 if longer than `timeout`)."""
    at = (lambda t: signal.level_at(t)) if signal is not None else (lambda t: level_now)
    after = (lambda t: signal.edge_after(t)) if signal is not None else (lambda t: None)
    t = now
    if at(t) != level:
        edge = after(t)
        if edge is None or edge - now >= timeout:
            return -2, timeout
        t = edge
    edge = after(t)
    if edge is None or edge - t >= timeout:
        return -1, t - now + timeout
    return edge - t, edge - now


class MachinePinIO:
    """Pins, ADC and PWM of a `machine` or CircuitPython board (ids as the VM names them)."""

    def __init__(self, hardware):
        from atelier.backends import runs_circuitpython

        self.hw = hardware
        self.board = hardware.board
        self.pins = hardware.pins
        # RP2040 and ESP32 convert on 12 bits (rp2 and esp32 machine_adc.c); CircuitPython
        # oversamples the nRF52840's to 14 (nordic common-hal/analogio/AnalogIn.c)
        self.adc_bits = 14 if runs_circuitpython(hardware.board.type) else 12

    def now_us(self) -> int:
        return self.board.now_us

    def pin_id(self, pin) -> str:
        return self.pins.pin_id(pin)

    def drive(self, pin, level: Callable[[], int]) -> None:
        self.pins.wire(pin, level)

    def analog(self, pin, fraction: Callable[[], float]) -> None:
        bits = self.adc_bits

        def u16() -> int:
            # the port's read_u16 / AnalogIn.value stretch the counts to 16 bits this way
            counts = round(max(0.0, min(1.0, fraction())) * ((1 << bits) - 1))
            return (counts << (16 - bits)) | (counts >> (2 * bits - 16))

        self.hw.adc.wired[self.pin_id(pin)] = u16

    def signal(self, pin, signal: Signal) -> None:
        self.pins.signals[self.pin_id(pin)] = signal

    def written(self, pin) -> int | None:
        state = self.pins.pins.get(self.pin_id(pin))
        return None if state is None or state["mode"] != 1 else state["out"]

    def pwm(self, pin) -> tuple[float, float] | None:
        freq, duty = self.hw.pwm.pwm.get(self.pin_id(pin), [0, 0])
        if not freq:
            return None
        period = 1_000_000 / freq
        return period, period * duty / 65535

    def on_write(self, fn: Callable[[str, int], None]) -> None:
        self.pins.write_listeners.append(lambda name: fn(name, self.pins.state(name)["out"]))

    def waveform(self, name: str) -> tuple[Signal | None, int]:
        """What drives pin `name` over time (None: nothing that changes), and its level now."""
        state = self.pins.state(name)
        driven = state["mode"] == 1  # the program drives it: it reads what it writes
        return (None if driven else self.pins.signals.get(name)), self.pins.level(name)


class EdgePinIO:
    """The micro:bit's edge connector pins (numbers), read_analog on 10 bits."""

    ADC_BITS = 10

    def __init__(self, hardware):
        self.board = hardware.board
        self.edge = hardware.edge_pins

    def now_us(self) -> int:
        return self.board.now_us

    def pin_id(self, pin) -> str:
        return str(pin)

    def drive(self, pin, level: Callable[[], int]) -> None:
        self.edge.wired[int(pin)] = level

    def analog(self, pin, fraction: Callable[[], float]) -> None:
        top = (1 << self.ADC_BITS) - 1
        self.edge.analog_wired[int(pin)] = lambda: round(max(0.0, min(1.0, fraction())) * top)

    def signal(self, pin, signal: Signal) -> None:
        self.edge.signals[int(pin)] = signal

    def written(self, pin) -> int | None:
        kind, value = self.edge.pin_out.get(int(pin), ("", None))
        return value if kind == "d" else None

    def pwm(self, pin) -> tuple[float, float] | None:
        kind, value = self.edge.pin_out.get(int(pin), ("", None))
        if kind != "a":
            return None
        period = self.edge.period_us.get(int(pin), 20000)
        return period, period * value / 1023

    def on_write(self, fn: Callable[[str, int], None]) -> None:
        self.edge.write_listeners.append(fn)

    def waveform(self, name: str) -> tuple[Signal | None, int]:
        # time_pulse_us reads the pin as an input: the kit calls read_digital() first
        return self.edge.signals.get(int(name)), self.edge.digital(int(name))


class PulseTimer:
    """Answers `PULSE_TIME` (machine.time_pulse_us) on any board, modules wired or not."""

    def __init__(self, io: MachinePinIO | EdgePinIO):
        self.io = io

    @handles(P.PULSE_TIME)
    def pulse_time(self, args):
        name, level, timeout = args.split()
        signal, now_level = self.io.waveform(name)
        value, us = time_pulse(signal, now_level, self.io.now_us(), int(level), int(timeout))
        return Delay(us, value)


def pin_io(hardware) -> MachinePinIO | EdgePinIO:
    """The pins of `hardware`, whatever the board."""
    return EdgePinIO(hardware) if hasattr(hardware, "edge_pins") else MachinePinIO(hardware)
