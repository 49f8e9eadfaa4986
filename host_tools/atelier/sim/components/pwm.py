"""PWM outputs of a `machine` or CircuitPython board, answering the `PWM_*` requests: frequency
and duty per pin, and a buzzer (or speaker) on one of them that sounds the pin's frequency
while its duty is not zero (and, for a speaker with an enable pin, while that pin is high)."""

from __future__ import annotations

from collections.abc import Callable

from atelier.sim.components.buzzer import Buzzer
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class Pwm:
    def __init__(self, buzzer: Buzzer, buzzer_pin: str | None, enabled: Callable[[], bool] | None):
        self.buzzer = buzzer
        self.buzzer_pin = buzzer_pin
        self._enabled = enabled  # None: the buzzer has no enable pin
        self.pwm: dict[str, list[int]] = {}  # pin -> [Hz, duty_u16]

    def reset(self) -> None:
        self.buzzer.stop()
        self.pwm.clear()

    def changed(self, pin: str) -> None:
        """The pin's PWM (or the speaker's enable pin) changed: start or stop the sound."""
        if pin != self.buzzer_pin:
            return
        if self._enabled is not None and not self._enabled():
            if self.buzzer.playing is not None:
                self.buzzer.stop()
            return
        freq, duty = self.pwm.get(pin, [0, 0])
        sounding = self.buzzer.playing
        if duty > 0 and freq > 0:
            if sounding != freq:
                self.buzzer.pitch(freq, -1)
        elif sounding is not None:
            self.buzzer.stop()

    @handles(P.PWM_FREQ)
    def pwm_freq(self, args):
        pin, freq = args.split()
        self.pwm.setdefault(pin, [0, 0])[0] = int(freq)
        self.changed(pin)

    @handles(P.PWM_DUTY)
    def pwm_duty(self, args):
        pin, duty = args.split()
        self.pwm.setdefault(pin, [0, 0])[1] = int(duty)
        self.changed(pin)

    @handles(P.PWM_STOP)
    def pwm_stop(self, args):
        pin = args.strip()
        self.pwm[pin] = [0, 0]
        self.changed(pin)
