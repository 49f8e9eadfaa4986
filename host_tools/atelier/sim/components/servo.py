"""A 180° hobby servo (SG90) on a PWM pin: it turns to the angle its pulse width says, 0.5 ms
= 0° to 2.5 ms = 180°, every 20 ms (50 Hz); pulses outside that, or no pulses, leave it where
it was. `angle` is None until it got a first pulse."""

from __future__ import annotations

from atelier.i18n import _
from atelier.sim.components.pin_io import pin_io

MIN_US, MAX_US = 500.0, 2500.0
PERIOD_US = (10_000.0, 30_000.0)  # frame rates a hobby servo follows (33-100 Hz)


class Servo:
    def __init__(self, hardware, wiring: dict):
        self.io = pin_io(hardware)
        self.pin = self.io.pin_id(wiring["pin"])
        self._angle: float | None = None

    @property
    def angle(self) -> float | None:
        pwm = self.io.pwm(self.pin)
        if pwm is not None:
            period, high = pwm
            if PERIOD_US[0] <= period <= PERIOD_US[1] and MIN_US - 50 <= high <= MAX_US + 50:
                high = min(MAX_US, max(MIN_US, high))
                self._angle = round((high - MIN_US) * 180 / (MAX_US - MIN_US), 1)
        return self._angle

    def summary(self) -> str:
        """Where it stands, for `atelier run` ("" until it got a pulse)."""
        angle = self.angle
        return "" if angle is None else _("servo at {angle}°").format(angle=f"{angle:g}")
