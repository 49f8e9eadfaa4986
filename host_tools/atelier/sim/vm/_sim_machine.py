# `machine` of a simulated MicroPython board (Pico, ESP32), MicroPython code run in the VM.
# Pins, buses and PWM are served by the host (atelier/sim/machine_hw.py), which knows what is
# wired where from boards.toml: an I2C device that is not wired NAKs with ENODEV, like on the
# real board.
#
# Pin ids are the real port's: the host sends the ids boards.toml's [gpio] table gives (numbers,
# names and the pin each name is), and Pin() takes exactly those, refusing the rest with the
# port's own error (rp2 and esp32 machine_pin.c, MicroPython 1.22). A name and its number are
# one Pin object, as on the board. The host always hears a pin's number (or, without one, the
# name the runtime prints), and modes, pulls and triggers in one encoding whatever the port's
# constants: mode 0 in, 1 out, 2 open drain, 3 alternate function; pull 1 up, 2 down; trigger
# 4 rising, 8 falling.
import _simhost
import _simproto as P
import _simtime

_call = _simhost.call
_send = _simhost.send

_ESP32 = _simhost.platform == "esp32"
_NUMBERS = set(_simhost.gpio.get("numbers", ()))
_NAMES = _simhost.gpio.get("names", {})  # name -> the pin's number
_INPUT_ONLY = set(_simhost.gpio.get("input_only", ()))

_irqs = {}  # pin id -> (handler, Pin)


def _run_irqs(pins):
    for p in pins:
        h = _irqs.get(p)
        if h is not None:
            try:  # a soft IRQ runs from the scheduler: its error is printed, the program goes on
                h[0](h[1])
            except Exception as e:  # noqa: BLE001
                _simhost.print_exception(e)


_simhost.irq_hook = _run_irqs
_simhost.keep_alive.append(lambda: bool(_irqs))  # pin interrupts go on after main.py


def _find(pin):
    """The pin `pin` stands for (a Pin, a number or a name), as machine_pin_find does."""
    if isinstance(pin, Pin):
        return pin._id
    if _ESP32:  # numbers, then the board's names (ESP32_GENERIC has none)
        if type(pin) is int and pin in _NUMBERS:
            return pin
        if type(pin) is str and pin in _NAMES:
            return _NAMES[pin]
        raise ValueError("invalid pin")
    if type(pin) is str:  # rp2: the board's names (pins.csv), then the chip's (GPIOn)
        if pin in _NAMES:
            return _NAMES[pin]
        raise ValueError('unknown named pin "%s"' % pin)
    if type(pin) is int and pin in _NUMBERS:
        return pin
    raise ValueError("invalid pin")


_pins = {}  # pin number -> its one Pin object


def _init_rp2(self, mode=None, pull=None, *, value=None, alt=None):
    # ports/rp2/machine_pin.c: the value only counts with an output mode, the pull is set
    # every time (None means no pull)
    if mode is not None:
        if mode == 1 and value is not None:
            self.value(value)
        elif mode == 2:
            self.value(1 if value is None else value)
        self._mode = mode if 0 <= mode <= 2 else 3
        _send(P.PIN_MODE, "%s %d" % (self._id, self._mode))
    self._pull = pull or 0
    _send(P.PIN_PULL, "%s %d" % (self._id, self._pull & 3))


def _init_esp32(self, mode=None, pull=-1, *, value=None, drive=None, hold=None):
    # ports/esp32/machine_pin.c: the value is set first, GPIO34-39 take no output mode, and a
    # pull on them does nothing (the chip has no pull resistors there: the host knows)
    if value is not None:
        self.value(value)
    if mode is not None:
        if self._id in _INPUT_ONLY and mode & 2:
            raise ValueError("pin can only be input")
        self._mode = mode
        _send(P.PIN_MODE, "%s %d" % (self._id, (2 if mode & 4 else 1) if mode & 2 else 0))
    if pull != -1:
        pull = pull or 0
        _send(P.PIN_PULL, "%s %d" % (self._id, (1 if pull & 2 else 0) | (2 if pull & 1 else 0)))


class Pin:
    if _ESP32:
        IN = 1  # GPIO_MODE_INPUT
        OUT = 3  # GPIO_MODE_INPUT_OUTPUT
        OPEN_DRAIN = 7  # GPIO_MODE_INPUT_OUTPUT_OD
        PULL_UP = 2
        PULL_DOWN = 1
        IRQ_RISING = 1  # GPIO_INTR_POSEDGE
        IRQ_FALLING = 2  # GPIO_INTR_NEGEDGE
        WAKE_LOW = 4
        WAKE_HIGH = 5
        DRIVE_0 = 0
        DRIVE_1 = 1
        DRIVE_2 = 2
        DRIVE_3 = 3
        init = _init_esp32
    else:
        IN = 0
        OUT = 1
        OPEN_DRAIN = 2
        ALT = 3
        PULL_UP = 1
        PULL_DOWN = 2
        IRQ_RISING = 8  # GPIO_IRQ_EDGE_RISE
        IRQ_FALLING = 4  # GPIO_IRQ_EDGE_FALL
        init = _init_rp2

    def __new__(cls, id, *args, **kw):
        n = _find(id)
        pin = _pins.get(n)
        if pin is None:
            pin = object.__new__(cls)
            pin._id = n
            pin._mode = None  # not configured since the board started
            pin._pull = 0
            _pins[n] = pin
        return pin

    def __init__(self, id, *args, **kw):
        if args or kw:  # Pin(id) alone leaves the pin as it is
            self.init(*args, **kw)

    def value(self, v=None):
        if v is None:
            return int(_call(P.PIN_GET_LEVEL, str(self._id)))
        _send(P.PIN_SET_LEVEL, "%s %d" % (self._id, 1 if v else 0))

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

    def irq(self, handler=None, trigger=None, hard=False):
        if trigger is None:
            trigger = Pin.IRQ_FALLING | Pin.IRQ_RISING
        if _ESP32:
            edges = {1: 4, 2: 8, 3: 12}.get(trigger, 0)  # level triggers are not simulated
        else:
            edges = (4 if trigger & 8 else 0) | (8 if trigger & 4 else 0)
        if handler is None:
            _irqs.pop(str(self._id), None)
            _send(P.PIN_IRQ, "%s 0" % self._id)
        else:
            _irqs[str(self._id)] = (handler, self)
            _send(P.PIN_IRQ, "%s %d" % (self._id, edges))

    def __repr__(self):
        if _ESP32:
            return "Pin(%d)" % self._id
        if self._mode is None:  # never configured: the chip's reset state, no function
            return "Pin(GPIO%d, mode=ALT, alt=31)" % self._id
        out = "Pin(GPIO%d, mode=%s" % (self._id, ("IN", "OUT", "OPEN_DRAIN", "ALT")[self._mode])
        pulls = [name for bit, name in ((1, "PULL_UP"), (2, "PULL_DOWN")) if self._pull & bit]
        return out + (", pull=" + "|".join(pulls) if pulls else "") + ")"


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


# I2C buses, with each port's default pins and own checks and errors (MicroPython 1.22:
# ports/rp2/machine_i2c.c, ports/esp32/machine_i2c.c, extmod/machine_i2c.c for SoftI2C)
if _ESP32:
    _I2C_PINS = {0: (18, 19), 1: (25, 26)}  # (scl, sda) when the program gives none
    _NAK = 19  # ENODEV: ESP-IDF's ESP_FAIL when no device acknowledges
else:
    _I2C_PINS = {0: (5, 4), 1: (7, 6)}  # the Pico's PICO_DEFAULT_I2C (0: SCL=GP5, SDA=GP4)
    _NAK = 5  # EIO: the pico-sdk's PICO_ERROR_GENERIC
_i2c = {}  # bus id -> its one I2C object: the bus keeps its pins and speed, as on the board


def _rp2_baud(freq):
    # pico-sdk i2c_set_baudrate at 125 MHz: a whole number of clock cycles per bit
    period = (125000000 + freq // 2) // freq
    return 125000000 // period


class I2C:
    def __new__(cls, id=None, *args, **kw):
        if cls is not I2C:
            return object.__new__(cls)
        if _ESP32 and (id is None or id == -1):  # the old way to ask for a software bus
            print("Warning: I2C(-1, ...) is deprecated, use SoftI2C(...) instead")
            return SoftI2C(*args, **kw)
        if id is None:
            raise TypeError("'id' argument required")
        if id not in _I2C_PINS:
            raise ValueError("I2C(%d) doesn't exist" % id)
        bus = _i2c.get(id)
        if bus is None:
            bus = _i2c[id] = object.__new__(cls)
            bus._id, bus._freq, bus._bus = id, 0, None
            bus._scl, bus._sda = _I2C_PINS[id]
        return bus

    if _ESP32:

        def __init__(self, id=None, *, scl=None, sda=None, freq=400000, timeout=50000):
            if id is None or id == -1:
                return
            if scl is not None:
                self._scl = _find(scl)
            if sda is not None:
                self._sda = _find(sda)
            self._open(freq, freq)

    else:

        def __init__(self, id=None, freq=None, *, scl=None, sda=None, timeout=50000):
            if scl is not None:
                scl = _find(scl)
                if not (scl & 1 == 1 and (scl & 2) >> 1 == self._id):
                    raise ValueError("bad SCL pin")
                self._scl = scl
            if sda is not None:
                sda = _find(sda)
                if not (sda & 1 == 0 and (sda & 2) >> 1 == self._id):
                    raise ValueError("bad SDA pin")
                self._sda = sda
            # any argument sets the bus up again (the others take their defaults)
            given = freq is not None or timeout != 50000 or (scl, sda) != (None, None)
            if self._bus is None or given:
                freq = freq or 400000
                self._timeout = timeout
                self._open(freq, _rp2_baud(freq))

    def _open(self, freq, actual):
        self._freq = actual
        self._bus = _call(P.I2C_OPEN, "%s %s %s %d" % (self._id, self._scl, self._sda, freq))

    def __repr__(self):
        if _ESP32:
            pins = (self._id, self._scl, self._sda, self._freq)
            return "I2C(%d, scl=%d, sda=%d, freq=%d)" % pins
        return "I2C(%d, freq=%d, scl=%d, sda=%d, timeout=%d)" % (
            self._id,
            self._freq,
            self._scl,
            self._sda,
            self._timeout,
        )

    def init(self, *args, **kw):
        pass

    def _ask(self, op, args):
        try:
            return _call(op, args)
        except OSError as e:
            if e.args[0] == 19:  # nobody acknowledged: the port's own errno
                raise OSError(self._nak) from None
            raise

    _nak = _NAK

    def scan(self):
        r = _call(P.I2C_SCAN, self._bus)
        return [int(a) for a in r.split()] if r else []

    def writeto(self, addr, buf, stop=True):
        self._ask(P.I2C_WRITE, "%s %d %s" % (self._bus, addr, _hex(buf)))
        return len(buf)

    def writevto(self, addr, vector, stop=True):
        data = b"".join(bytes(v) for v in vector)
        return self.writeto(addr, data, stop)

    def readfrom(self, addr, nbytes, stop=True):
        return _unhex(self._ask(P.I2C_READ, "%s %d %d" % (self._bus, addr, nbytes)))

    def readfrom_into(self, addr, buf, stop=True):
        buf[:] = self.readfrom(addr, len(buf), stop)

    def readfrom_mem(self, addr, memaddr, nbytes, *, addrsize=8):
        reg = bytes([memaddr]) if addrsize == 8 else bytes([memaddr >> 8, memaddr & 0xFF])
        got = self._ask(P.I2C_WRITE_READ, "%s %d %s %d" % (self._bus, addr, _hex(reg), nbytes))
        return _unhex(got)

    def readfrom_mem_into(self, addr, memaddr, buf, *, addrsize=8):
        buf[:] = self.readfrom_mem(addr, memaddr, len(buf), addrsize=addrsize)

    def writeto_mem(self, addr, memaddr, buf, *, addrsize=8):
        reg = bytes([memaddr]) if addrsize == 8 else bytes([memaddr >> 8, memaddr & 0xFF])
        self._ask(P.I2C_WRITE, "%s %d %s" % (self._bus, addr, _hex(reg + bytes(buf))))


class SoftI2C(I2C):
    _nak = 19  # extmod's bit-banged bus: ENODEV on every port

    def __init__(self, scl, sda, *, freq=400000, timeout=50000):
        self._id, self._scl, self._sda = -1, _find(scl), _find(sda)
        self._freq = 500000 // max(1, 500000 // freq)  # a whole number of µs per half bit
        self._bus = _call(P.I2C_OPEN, "-1 %s %s %d" % (self._scl, self._sda, freq))

    def __repr__(self):
        return "SoftI2C(scl=%d, sda=%d, freq=%d)" % (self._scl, self._sda, self._freq)


class PWM:
    def __init__(self, dest, *, freq=None, duty_u16=None, duty_ns=None, invert=False):
        self._pin = _find(dest)
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
        _send(P.PWM_FREQ, "%s %d" % (self._pin, self._freq))

    def duty_u16(self, value=None):
        if value is None:
            return self._duty
        self._duty = max(0, min(65535, int(value)))
        _send(P.PWM_DUTY, "%s %d" % (self._pin, self._duty))

    def duty_ns(self, value=None):
        if value is None:
            return int(self._duty * 1000000000 // 65535 // max(1, self._freq))
        self.duty_u16(value * self._freq * 65535 // 1000000000)

    def deinit(self):
        self._duty = 0
        _send(P.PWM_STOP, str(self._pin))


class ADC:
    ATTN_0DB = 0
    ATTN_11DB = 3

    def __init__(self, pin, *, atten=None):
        # rp2 reads a number as an ADC channel or GPIO (not simulated: the number is the pin)
        self._pin = pin if type(pin) is int and not _ESP32 else _find(pin)

    def read_u16(self):
        return int(_call(P.ADC_READ, str(self._pin)))

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
    return _unhex(_call(P.UNIQUE_ID))


def reset():
    _simhost.flush()
    _simhost.call(P.RESET)  # the host restarts the board
    raise SystemExit(0)


def soft_reset():
    _simhost.flush()
    _simhost.call(P.RESET)  # the host restarts the board
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
