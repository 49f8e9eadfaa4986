# `machine` of a simulated MicroPython board (Pico, ESP32), MicroPython code run in the VM.
# Pins, buses and PWM are served by the host (atelier/sim/machine_hw.py), which knows what is
# wired where from boards.toml: an I2C device that is not wired NAKs with ENODEV, like on the
# real board.
import _simhost
import _simtime

_call = _simhost.call
_send = _simhost.send


_irqs = {}  # pin id -> (handler, Pin)


def _run_irqs(pins):
    for p in pins:
        h = _irqs.get(p)
        if h is not None:
            h[0](h[1])


_simhost.irq_hook = _run_irqs


def _pin_id(pin):
    if isinstance(pin, Pin):
        return pin._id
    return pin


class Pin:
    IN = 0
    OUT = 1
    OPEN_DRAIN = 2
    ALT = 3
    PULL_UP = 1
    PULL_DOWN = 2
    IRQ_RISING = 4
    IRQ_FALLING = 8

    def __init__(self, id, mode=-1, pull=-1, *, value=None):
        self._id = id
        _call("pn %s" % id)  # raises ValueError for a pin the board does not have
        self.init(mode, pull, value=value)

    def init(self, mode=-1, pull=-1, *, value=None):
        if mode != -1:
            self._mode = mode
        if pull != -1:
            _send("pp %s %s" % (self._id, pull if pull is not None else 0))
        if value is not None:
            self.value(value)
        if mode != -1:
            _send("pm %s %d" % (self._id, mode))

    def value(self, v=None):
        if v is None:
            return int(_call("pv %s" % self._id))
        _send("pw %s %d" % (self._id, 1 if v else 0))

    def __call__(self, v=None):
        return self.value(v)

    def on(self):
        self.value(1)

    def off(self):
        self.value(0)

    def high(self):
        self.value(1)

    def low(self):
        self.value(0)

    def toggle(self):
        self.value(0 if self.value() else 1)

    def irq(self, handler=None, trigger=12, hard=False):
        if handler is None:
            _irqs.pop(str(self._id), None)
            _send("pq %s 0" % self._id)
        else:
            _irqs[str(self._id)] = (handler, self)
            _send("pq %s %d" % (self._id, trigger))

    def __repr__(self):
        return "Pin(%s)" % self._id


class Signal:
    def __init__(self, pin, *args, invert=False):
        self._pin = pin if isinstance(pin, Pin) else Pin(pin, *args)
        self._inv = invert

    def value(self, v=None):
        if v is None:
            return self._pin.value() ^ self._inv
        self._pin.value((1 if v else 0) ^ self._inv)

    def on(self):
        self.value(1)

    def off(self):
        self.value(0)


def _hex(b):
    return "".join("%02x" % x for x in b)


def _unhex(s):
    return bytes(int(s[i : i + 2], 16) for i in range(0, len(s), 2))


class I2C:
    def __init__(self, id=-1, *, scl=None, sda=None, freq=400000, timeout=50000):
        self._bus = _call("ic %s %s %s %d" % (id, _pin_id(scl), _pin_id(sda), freq))

    def init(self, *args, **kw):
        pass

    def scan(self):
        r = _call("is " + self._bus)
        return [int(a) for a in r.split()] if r else []

    def writeto(self, addr, buf, stop=True):
        _call("iw %s %d %s" % (self._bus, addr, _hex(buf)))
        return len(buf)

    def writevto(self, addr, vector, stop=True):
        data = b"".join(bytes(v) for v in vector)
        return self.writeto(addr, data, stop)

    def readfrom(self, addr, nbytes, stop=True):
        return _unhex(_call("ir %s %d %d" % (self._bus, addr, nbytes)))

    def readfrom_into(self, addr, buf, stop=True):
        buf[:] = self.readfrom(addr, len(buf), stop)

    def readfrom_mem(self, addr, memaddr, nbytes, *, addrsize=8):
        reg = bytes([memaddr]) if addrsize == 8 else bytes([memaddr >> 8, memaddr & 0xFF])
        return _unhex(_call("iW %s %d %s %d" % (self._bus, addr, _hex(reg), nbytes)))

    def readfrom_mem_into(self, addr, memaddr, buf, *, addrsize=8):
        buf[:] = self.readfrom_mem(addr, memaddr, len(buf), addrsize=addrsize)

    def writeto_mem(self, addr, memaddr, buf, *, addrsize=8):
        reg = bytes([memaddr]) if addrsize == 8 else bytes([memaddr >> 8, memaddr & 0xFF])
        _call("iw %s %d %s" % (self._bus, addr, _hex(reg + bytes(buf))))


class SoftI2C(I2C):
    def __init__(self, scl, sda, *, freq=400000, timeout=50000):
        I2C.__init__(self, -1, scl=scl, sda=sda, freq=freq)


class PWM:
    def __init__(self, dest, *, freq=None, duty_u16=None, duty_ns=None, invert=False):
        self._pin = _pin_id(dest)
        self._freq = 0
        self._duty = 0
        if freq is not None:
            self.freq(freq)
        if duty_u16 is not None:
            self.duty_u16(duty_u16)
        if duty_ns is not None:
            self.duty_ns(duty_ns)

    def init(self, *, freq=None, duty_u16=None, duty_ns=None):
        if freq is not None:
            self.freq(freq)
        if duty_u16 is not None:
            self.duty_u16(duty_u16)

    def freq(self, value=None):
        if value is None:
            return self._freq
        if not 8 <= value <= 62500000:
            raise ValueError("freq out of range")
        self._freq = int(value)
        _send("wf %s %d" % (self._pin, self._freq))

    def duty_u16(self, value=None):
        if value is None:
            return self._duty
        self._duty = max(0, min(65535, int(value)))
        _send("wd %s %d" % (self._pin, self._duty))

    def duty_ns(self, value=None):
        if value is None:
            return int(self._duty * 1000000000 // 65535 // max(1, self._freq))
        self.duty_u16(value * self._freq * 65535 // 1000000000)

    def deinit(self):
        self._duty = 0
        _send("wx %s" % self._pin)


class ADC:
    ATTN_0DB = 0
    ATTN_11DB = 3

    def __init__(self, pin, *, atten=None):
        self._pin = _pin_id(pin)

    def read_u16(self):
        return int(_call("ar %s" % self._pin))

    def read(self):  # ESP32: 12 bits
        return self.read_u16() >> 4

    def atten(self, value):
        pass


class Timer:
    ONE_SHOT = 0
    PERIODIC = 1

    def __init__(self, id=-1, *, mode=PERIODIC, period=-1, freq=-1, callback=None):
        if callback is not None:
            self.init(mode=mode, period=period, freq=freq, callback=callback)

    def init(self, *, mode=PERIODIC, period=-1, freq=-1, callback=None):
        if freq > 0:
            period = 1000 / freq
        if period <= 0:
            raise ValueError("period must be > 0")
        _simtime.add_timer(self, int(period * 1000), mode == Timer.PERIODIC, callback)

    def deinit(self):
        _simtime.remove_timer(self)


class WDT:
    def __init__(self, id=0, timeout=5000):
        pass

    def feed(self):
        pass


def unique_id():
    return _unhex(_call("ui"))


def reset():
    _simhost.flush()
    _simhost.call("reset")  # the host restarts the board
    raise SystemExit(0)


def soft_reset():
    _simhost.flush()
    _simhost.call("reset")  # the host restarts the board
    raise SystemExit(0)


def freq(value=None):
    return 125000000


def idle():
    _simtime.sleep_us(100)


def lightsleep(ms=None):
    _simtime.sleep_ms(ms or 0)


def deepsleep(ms=None):
    raise SystemExit(0)


def disable_irq():
    return 0


def enable_irq(state=0):
    pass


def time_pulse_us(pin, level, timeout_us=1000000):
    _simtime.sleep_us(timeout_us)
    return -2
