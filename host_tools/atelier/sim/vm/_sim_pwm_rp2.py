# PWM of a simulated Pico (MicroPython code, runs in the VM), loaded by `machine` for
# its port only: the shims are ROM on the board, heap in the VM.
from _sim_machine import _find
from _sim_pwm_base import _PWMBase

_SYS_HZ = 125000000  # rp2's system clock: slices divide it


class PWM(_PWMBase):
    def __init__(self, dest, *, freq=None, duty_u16=None, duty_ns=None, invert=None):
        self._pin = _find(dest)
        self._slice, self._channel = (self._pin >> 1) & 7, self._pin & 1
        self._invert = 0
        self._top = self._div16 = 0
        self._cc = 0
        self._kind = None  # which duty the program gave: "u16", "ns" or None
        self._duty = 0
        self.init(freq=freq, duty_u16=duty_u16, duty_ns=duty_ns, invert=invert)

    def init(self, freq=None, *, duty_u16=None, duty_ns=None, invert=None):
        if invert is not None:
            self._invert = 1 if invert else 0
        if freq is not None:
            self.freq(freq)
        if duty_u16 is not None:
            self.duty_u16(duty_u16)
        if duty_ns is not None:
            self.duty_ns(duty_ns)

    def __repr__(self):
        return "<PWM slice=%d channel=%d invert=%d>" % (self._slice, self._channel, self._invert)

    def _active(self):
        return self._top and self._kind is not None

    def _hz(self):
        return self.freq()

    def _stop(self):
        self._kind = None

    def _u16(self):
        return (self._cc * 65535 + (self._top + 1) // 2) // (self._top + 1) if self._top else 0

    def freq(self, value=None):
        if value is None:
            if not self._top:
                return 0
            d = self._div16 * (self._top + 1)
            return (_SYS_HZ * 16 + d // 2) // d
        value = int(value)
        if value <= 0:
            raise ValueError("freq too small")
        if (_SYS_HZ + value // 2) // value < 65534:
            div16 = 16
            top = (_SYS_HZ + value // 2) // value - 1
        else:
            div16 = (_SYS_HZ * 16 + 65534 * value - 1) // (65534 * value)
            top = (_SYS_HZ * 16 + div16 * value // 2) // (div16 * value) - 1
        if div16 < 16:
            raise ValueError("freq too large")
        if div16 >= 256 * 16:
            raise ValueError("freq too small")
        self._div16, self._top = div16, top
        if self._kind == "u16":  # the duty stays what the program asked for
            self.duty_u16(self._duty)
        elif self._kind == "ns":
            self.duty_ns(self._duty)
        self._out()

    def duty_u16(self, value=None):
        if value is None:
            return self._u16() if self._active() else 0
        value = min(int(value), 65535)
        self._cc = (value * (self._top + 1) + 65535 // 2) // 65535
        self._kind, self._duty = "u16", value
        self._out()

    def duty_ns(self, value=None):
        slice_hz = (_SYS_HZ * 16 + self._div16 // 2) // self._div16 if self._div16 else 0
        if value is None:
            if not self._active():
                return 0
            return (self._cc * 1000000000 + slice_hz // 2) // slice_hz
        self._cc = min((int(value) * slice_hz + 500000000) // 1000000000, self._top + 1)
        self._kind, self._duty = "ns", int(value)
        self._out()
