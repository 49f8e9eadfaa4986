"""Small types shared by the simulator's device models."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Delay:
    """An answer that the board gives only after `us` virtual microseconds.

    `value` may be a callable, evaluated when the time has passed (a sensor read at that time).
    """

    us: float
    value: object = ""

    def resolve(self) -> object:
        return self.value() if isinstance(self.value, Callable) else self.value


class SimError(Exception):
    """Raise in the VM as `exc_name(message)` (e.g. OSError ENODEV for a missing I2C device)."""

    def __init__(self, exc_name: str, message: str):
        super().__init__(message)
        self.exc_name = exc_name
        self.message = message
