"""A relay module (or an LED) on a digital pin: on while the program drives the pin high."""

from __future__ import annotations

from atelier.i18n import _
from atelier.sim.components.pin_io import pin_io


class Relay:
    def __init__(self, hardware, wiring: dict):
        self.io = pin_io(hardware)
        self.pin = self.io.pin_id(wiring["pin"])
        self.switches = 0  # how many times it clicked
        self._was = False
        self.io.on_write(self._written)

    def _written(self, pin: str, level: int) -> None:
        if pin == self.pin and bool(level) != self._was:
            self._was = bool(level)
            self.switches += 1

    @property
    def on(self) -> bool:
        return self.io.written(self.pin) == 1

    def summary(self) -> str:
        """On or off, for `atelier run` ("" if the program never switched it)."""
        if not self.switches:
            return ""
        return _("relay on") if self.on else _("relay off")
