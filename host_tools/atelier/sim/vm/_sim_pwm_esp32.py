# PWM of a simulated ESP32 (MicroPython code, runs in the VM), loaded by `machine` for
# its port only: the shims are ROM on the board, heap in the VM.
from _sim_machine import _INPUT_ONLY, _find
from _sim_pwm_base import _PWMBase

# the LEDC's 16 channels (8 per speed mode) and 8 timers (4 per mode): slots, as on the chip
_channels = [None] * 16  # the PWM on each channel
_timers = [None] * 8  # the frequency each timer was set to


def _timer_for(freq, me):
    # a timer already at that frequency, else a free one (ports/esp32/machine_pwm.c find_timer)
    used = set(p._timer for p in _channels if p is not None and p is not me and p._on)
    for i, f in enumerate(_timers):
        if f == freq and i in used:
            return i
    for i in range(8):
        if i not in used:
            _timers[i] = freq
            return i
    raise ValueError("out of PWM timers:8")


class PWM(_PWMBase):
    def __init__(self, dest, freq=None, *, duty=None, duty_u16=None, duty_ns=None):
        self._pin = _find(dest)
        self._on = False
        self._freq = 0
        self._res = 0
        self._raw = 0
        self._kind = None  # the duty the program gave last: "u10", "u16" or "ns"
        self._duty = 0
        self._channel = self._timer = -1
        self.init(freq, duty=duty, duty_u16=duty_u16, duty_ns=duty_ns)

    def init(self, freq=None, *, duty=None, duty_u16=None, duty_ns=None):
        if sum(d is not None for d in (duty, duty_u16, duty_ns)) > 1:
            raise ValueError("only one of parameters 'duty', 'duty_u16' or 'duty_ns' is allowed")
        if self._pin in _INPUT_ONLY:  # the LEDC cannot drive GPIO34-39
            raise ValueError("PWM not supported on Pin(%d)" % self._pin)
        if self not in _channels:
            for p in _channels:  # a pin keeps its channel: PWM(Pin(2)) twice is one channel
                if p is not None and p._pin == self._pin and p._on:
                    p._stop()
            if None not in _channels:
                raise ValueError("out of PWM channels:16")
            self._channel = _channels.index(None)
            _channels[self._channel] = self
        if freq is None:
            freq = self._freq or 5000
        if not 0 < freq <= 40000000:
            raise ValueError("frequency must be from 1Hz to 40MHz")
        self._on = True
        self._set_freq(freq)
        if duty_u16 is not None:
            self.duty_u16(duty_u16)
        elif duty_ns is not None:
            self.duty_ns(duty_ns)
        elif duty is not None:
            self.duty(duty)
        elif self._kind is None:
            self.duty(512)  # 50 %
        self._out()

    def _set_freq(self, freq):
        clk = 80000000 if freq >= 10 else 1000000  # the APB clock, REF_TICK below 10 Hz
        divider = max(1, (clk + freq // 2) // freq)
        ticks = round(clk / max(1.0, clk / divider))
        res = 0
        while ticks > 1:
            ticks >>= 1
            res += 1
        self._res = min(max(res, 1), 16)
        self._timer = _timer_for(freq, self)
        self._freq = freq
        if self._kind == "u16":
            self.duty_u16(self._duty)
        elif self._kind == "u10":
            self.duty(self._duty)
        elif self._kind == "ns":
            self.duty_ns(self._duty)

    def _live(self):
        if not self._on:
            raise RuntimeError("PWM inactive")

    def _active(self):
        return self._on

    def _hz(self):
        return self._freq

    def _stop(self):
        self._on = False
        if self in _channels:
            _channels[_channels.index(self)] = None

    def _u16(self):
        return self._raw << (16 - self._res)

    def _set_u16(self, value, kind):
        self._live()
        if not 0 <= value <= 65535:
            raise ValueError("duty_u16 must be from 0 to 65535")
        self._raw = min(value >> (16 - self._res), (1 << self._res) - 1)
        self._kind = kind
        self._out()

    def freq(self, value=None):
        if value is None:
            self._live()
            return self._freq
        if not 0 < value <= 40000000:
            raise ValueError("frequency must be from 1Hz to 40MHz")
        self._set_freq(value)
        self._out()

    def duty(self, value=None):
        if value is None:
            self._live()
            return self._u16() >> 6
        if not 0 <= value <= 1023:
            raise ValueError("duty must be from 0 to 1023")
        self._set_u16(value << 6, "u10")
        self._duty = value

    def duty_u16(self, value=None):
        if value is None:
            self._live()
            return self._u16()
        self._set_u16(value, "u16")
        self._duty = value

    def _ns_max(self):
        return (65535 * 1000000000 + self._freq * 65535 // 2) // (self._freq * 65535)

    def duty_ns(self, value=None):
        if value is None:
            self._live()
            u16 = self._u16()
            return (u16 * 1000000000 + self._freq * 65535 // 2) // (self._freq * 65535)
        if not 0 <= value <= self._ns_max():
            raise ValueError("duty_ns must be from 0 to %d ns" % self._ns_max())
        u16 = min((value * 65535 * self._freq + 500000000) // 1000000000, 65535)
        self._set_u16(1 if value > 0 and u16 == 0 else u16, "ns")
        self._duty = value

    def __repr__(self):
        out = "PWM(Pin(%d)" % self._pin
        if self._on:
            out += ", freq=%d" % self._freq
            if self._kind == "u10":
                out += ", duty=%d" % self.duty()
            elif self._kind == "ns":
                out += ", duty_ns=%d" % self.duty_ns()
            else:
                out += ", duty_u16=%d" % self.duty_u16()
            pct = 100.0 * self._raw / (1 << self._res)
            out += ", resolution=%d, (duty=%.2f%%, resolution=%.3f%%)" % (
                self._res,
                pct,
                100.0 / (1 << self._res),
            )
            channel, timer = self._channel, self._timer
            out += ", mode=%d, channel=%d, timer=%d" % (channel // 8, channel % 8, timer % 4)
        return out + ")"
