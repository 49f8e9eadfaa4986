"""What a simulated board's hardware provides, and how its parts answer the VM's requests.

A board's hardware (`MicrobitHardware`, `MachineHardware`, `CircuitPythonHardware`) is
assembled from parts (`sim/components/`: the display, the buzzer ...). Each request of the
protocol (`sim/vm/_simproto.py`) is answered by one method, marked with the request it handles:

    class Display:
        @handles(P.DISPLAY_CLEAR)
        def display_clear(self, args):
            self.set_static(BLANK)

A handler gets the request's argument text and returns the answer (None for ""), or a `Delay`
when the call takes virtual time on the real board; it raises `SimError` for an exception in
the program. `Hardware.handlers()` gathers the hardware's own handlers and its parts' into one
table, once per board.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from atelier.i18n import _
from atelier.sim.devices import Delay, SimError
from atelier.sim.vm import _simproto as P

if TYPE_CHECKING:
    from atelier.sim.board import SimBoard

# code on the wire -> the request's name, for messages ("not simulated: SPEECH_SAY")
NAMES = {code: name for name, code in vars(P).items() if name.isupper()}


def handles(op: str):
    """Mark a method as the answer to the request `op` (a code of `_simproto`)."""

    def mark(fn):
        fn.handles = op
        return fn

    return mark


_by_class: dict[type, dict[str, str]] = {}


def handler_names(cls: type) -> dict[str, str]:
    """The requests a class's objects answer: code -> method name (a subclass's override of
    the method wins, decorated or not)."""
    names = _by_class.get(cls)
    if names is None:
        names = {}
        for klass in reversed(cls.__mro__):
            for name, fn in vars(klass).items():
                op = getattr(fn, "handles", None)
                if isinstance(op, str):
                    names[op] = name
        _by_class[cls] = names
    return names


def handlers_of(part) -> dict[str, Callable[[str], object]]:
    """The requests `part` answers: code -> bound method."""
    return {op: getattr(part, name) for op, name in handler_names(type(part)).items()}


class Hardware:
    """The simulated hardware of one board. A subclass provides:

    - `SHIMS`: the board's own modules -> the VM shims that stand in for them;
    - `SEND_COST_US`: virtual time a one-way request (display update, pin write) costs;
    - `ACCESS_COST_US`: the least virtual time an answered request costs;
    - `parts()`: the devices whose handlers join the board's (the display, the buzzer ...);
    - handlers for its own requests (`@handles`), and may override `on_reset` (what a reset
      does to the hardware) and `take_irqs` (pins whose interrupt fired since last asked).

    Every board answers the clock's requests and the unique id, here.
    """

    SHIMS: dict[str, str] = {}
    SEND_COST_US = 20
    TIME_COST_US = 20  # reading the clock
    # the least virtual time any answered request takes: a loop polling the hardware without
    # sleeping (`while True: radio.receive_bytes()`) still moves the clock on, as on the board
    ACCESS_COST_US = 20

    def __init__(self, board: SimBoard):
        self.board = board

    def parts(self) -> list:
        return []

    def handlers(self) -> dict[str, Callable[[str], object]]:
        """Every request this board answers: code -> handler. Built once, by the board."""
        table = handlers_of(self)
        # the Grove modules' models and the pulse timer join (components/accessories.py)
        for part in [*self.parts(), *getattr(self, "accessory_parts", ())]:
            for op, fn in handlers_of(part).items():
                if op in table:
                    raise TypeError(f"two handlers for {NAMES[op]}: {table[op]} and {fn}")
                table[op] = fn
        return table

    def on_reset(self) -> None:
        """What a reset (machine.reset(), Ctrl-D) does to the hardware."""

    take_irqs: Callable[[], list[str]] | None = None  # pins whose interrupt fired, if any

    @handles(P.FLUSH)
    def flush(self, args):  # the VM flushes one-way requests: their time is charged now
        return None

    asleep_until: int | None = None  # while the board sleeps: when it wakes (µs)

    @handles(P.SLEEP)
    def sleep(self, args):
        # the answer: "" once slept, or the µs left when something ended the sleep early (a
        # scheduled callback to run: ESP-NOW's irq); the VM then sleeps the rest
        us = max(0, int(args))
        end = self.asleep_until = self.board.now_us + us

        def left():
            self.asleep_until = None
            return str(end - self.board.now_us) if self.board.now_us < end else ""

        return Delay(us, left)

    @handles(P.TIME_US)
    def time_us(self, args):
        return Delay(self.TIME_COST_US, lambda: self.board.now_us)

    @handles(P.UNIQUE_ID)
    def unique_id(self, args):
        return self.board.unique_id

    @handles(P.NOT_SIMULATED)
    def not_simulated(self, args):
        # a module or part the real board has and the simulator does not: say so in one line
        raise SimError(
            "NotImplementedError",
            _("{feature} is not simulated; try this part on the real board").format(
                feature=args.strip()
            ),
        )
