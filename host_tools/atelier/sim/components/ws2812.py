"""WS2812 data sent on a board's pins (`NEOPIXEL_WRITE`, whichever way the program sends it:
the micro:bit's `neopixel`, MicroPython's `machine.bitstream` under `neopixel`, CircuitPython's
`neopixel_write`): the bytes reach whatever is wired to that pin (the Circuit Playground's
ring, a kit strip), in the order they leave the pin (green, red, blue per pixel)."""

from __future__ import annotations

from collections.abc import Callable

from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class WS2812Pins:
    """The pixels wired to each pin; `pin_id` names a pin of boards.toml as the VM does."""

    def __init__(self, pin_id: Callable[[int | str], str] = str):
        self._pin_id = pin_id
        self.wired: dict[str, list[Callable[[bytes], None]]] = {}

    def wire(self, pin: int | str, receive: Callable[[bytes], None]) -> None:
        """Send the bytes written on `pin` (an id of boards.toml) to `receive`."""
        self.wired.setdefault(self._pin_id(pin), []).append(receive)

    @handles(P.NEOPIXEL_WRITE)
    def neopixel_write(self, args):
        pin, data = (args.split() + [""])[:2]
        for receive in self.wired.get(pin, ()):
            receive(bytes.fromhex(data))
