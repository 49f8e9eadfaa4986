# CircuitPython's core modules for a simulated CircuitPython board (MicroPython code, run in
# the VM). Each CircuitPython module (board, busio, digitalio, pwmio, analogio,
# microcontroller, neopixel_write, supervisor, keypad) is a small module importing from here;
# the hardware is on the host (atelier/sim/cp_hw.py, which shares the wiring logic of the
# `machine` boards).
import _simhost
import _simproto as P
import _simtime

_call = _simhost.call
_send = _simhost.send


class Pin:
    # One object per pin, named as CircuitPython prints it (the first name pins.c gives it):
    # board.D13 is board.LED, and "LED in use" whichever name took it.
    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return "board." + self._name

    def __eq__(self, other):
        return isinstance(other, Pin) and other._name == self._name

    def __hash__(self):
        return hash(self._name)


_board_i2c = None


def _default_i2c():
    """board.I2C(): the board's default bus (the SCL/SDA pads), shared by every caller."""
    global _board_i2c
    if _board_i2c is None:
        _board_i2c = I2C(_pins[_names["SCL"]], _pins[_names["SDA"]])
    return _board_i2c


def _default_spi():
    _call(P.NOT_SIMULATED, "board.SPI()")  # not simulated: the host says so


def _default_uart():
    _call(P.NOT_SIMULATED, "board.UART()")


_names = _simhost.gpio.get("names", {})  # every name of `board` -> the name of its pin
_pins = {}
for _pin in _names.values():
    _pins[_pin] = Pin(_pin)


def board_names():
    """The names of the `board` module."""
    out = {name: _pins[pin] for name, pin in _names.items()}
    out["board_id"] = _call(P.BOARD_ID)
    if "SCL" in _names and "SDA" in _names:
        out["I2C"] = _default_i2c
    if "SCK" in _names:
        out["SPI"] = _default_spi
    if "TX" in _names:
        out["UART"] = _default_uart
    return out


_claimed = set()


def _claim(pin):
    if not isinstance(pin, Pin):
        raise TypeError("pin must be of type Pin")
    if pin._name in _claimed:
        raise ValueError("%s in use" % pin._name)
    _claimed.add(pin._name)


def _release(pin):
    _claimed.discard(pin._name)


class _Deinit:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()


# -- digitalio ----------------------------------------------------------------------------------
class Direction:
    INPUT = "INPUT"
    OUTPUT = "OUTPUT"


class Pull:
    UP = "UP"
    DOWN = "DOWN"


class DriveMode:
    PUSH_PULL = "PUSH_PULL"
    OPEN_DRAIN = "OPEN_DRAIN"


class DigitalInOut(_Deinit):
    def __init__(self, pin):
        _claim(pin)
        self._pin = pin
        self._dir = Direction.INPUT
        self._pull = None
        _send(P.PIN_MODE, "%s 0" % pin._name)

    def deinit(self):
        _release(self._pin)

    def switch_to_output(self, value=False, drive_mode=DriveMode.PUSH_PULL):
        self._dir = Direction.OUTPUT
        _send(P.PIN_MODE, "%s 1" % self._pin._name)
        self.value = value

    def switch_to_input(self, pull=None):
        self._dir = Direction.INPUT
        _send(P.PIN_MODE, "%s 0" % self._pin._name)
        self.pull = pull

    @property
    def direction(self):
        return self._dir

    @direction.setter
    def direction(self, d):
        if d == Direction.OUTPUT:
            self.switch_to_output()
        else:
            self.switch_to_input()

    @property
    def value(self):
        return _call(P.PIN_GET_LEVEL, str(self._pin._name)) == "1"

    @value.setter
    def value(self, v):
        if self._dir != Direction.OUTPUT:
            raise AttributeError("Cannot set value when direction is input.")
        _send(P.PIN_SET_LEVEL, "%s %d" % (self._pin._name, 1 if v else 0))

    @property
    def pull(self):
        return self._pull

    @pull.setter
    def pull(self, p):
        if self._dir == Direction.OUTPUT:
            raise AttributeError("Pull not used when direction is output.")
        self._pull = p
        pull = 1 if p == Pull.UP else 2 if p == Pull.DOWN else 0
        _send(P.PIN_PULL, "%s %d" % (self._pin._name, pull))


# -- busio --------------------------------------------------------------------------------------
def _hex(b):
    return "".join("%02x" % x for x in b)


def _unhex(s):
    return bytes(int(s[i : i + 2], 16) for i in range(0, len(s), 2))


class I2C(_Deinit):
    def __init__(self, scl, sda, *, frequency=100000, timeout=255):
        _claim(scl)
        _claim(sda)
        self._pins = (scl, sda)
        # a bus with no pull-ups (nothing wired) fails like on the board
        self._bus = _call(P.I2C_OPEN, "-1 %s %s %d cp" % (scl._name, sda._name, frequency))
        self._locked = False

    def deinit(self):
        for p in self._pins:
            _release(p)

    def try_lock(self):
        if self._locked:
            return False
        self._locked = True
        return True

    def unlock(self):
        self._locked = False

    def scan(self):
        r = _call(P.I2C_SCAN, self._bus)
        return [int(a) for a in r.split()] if r else []

    def writeto(self, address, buffer, *, start=0, end=None):
        end = len(buffer) if end is None else end
        _call(P.I2C_WRITE, "%s %d %s" % (self._bus, address, _hex(bytes(buffer[start:end]))))

    def readfrom_into(self, address, buffer, *, start=0, end=None):
        end = len(buffer) if end is None else end
        got = _call(P.I2C_READ, "%s %d %d" % (self._bus, address, end - start))
        buffer[start:end] = _unhex(got)

    def writeto_then_readfrom(self, address, buffer_out, buffer_in, *, out_start=0,
                              out_end=None, in_start=0, in_end=None):  # fmt: skip
        out_end = len(buffer_out) if out_end is None else out_end
        in_end = len(buffer_in) if in_end is None else in_end
        data = _call(P.I2C_WRITE_READ, "%s %d %s %d" % (self._bus, address,
                                          _hex(bytes(buffer_out[out_start:out_end])),
                                          in_end - in_start))  # fmt: skip
        buffer_in[in_start:in_end] = _unhex(data)


# -- pwmio, analogio ----------------------------------------------------------------------------
class PWMOut(_Deinit):
    def __init__(self, pin, *, duty_cycle=0, frequency=500, variable_frequency=False):
        _claim(pin)
        self._pin = pin
        self._var = variable_frequency
        self._freq = 0
        self._duty = 0
        self._set_freq(frequency)
        self.duty_cycle = duty_cycle

    def deinit(self):
        _send(P.PWM_STOP, str(self._pin._name))
        _release(self._pin)

    def _set_freq(self, f):
        self._freq = int(f)
        _send(P.PWM_FREQ, "%s %d" % (self._pin._name, self._freq))

    @property
    def frequency(self):
        return self._freq

    @frequency.setter
    def frequency(self, f):
        if not self._var:
            raise AttributeError(
                "Cannot change frequency: create the PWMOut with variable_frequency=True"
            )
        self._set_freq(f)

    @property
    def duty_cycle(self):
        return self._duty

    @duty_cycle.setter
    def duty_cycle(self, d):
        if not 0 <= d <= 65535:
            raise ValueError("duty_cycle must be 0-65535")
        self._duty = int(d)
        _send(P.PWM_DUTY, "%s %d" % (self._pin._name, self._duty))


class AnalogIn(_Deinit):
    reference_voltage = 3.3

    def __init__(self, pin):
        _claim(pin)
        self._pin = pin

    def deinit(self):
        _release(self._pin)

    @property
    def value(self):
        return int(_call(P.ADC_READ, str(self._pin._name)))


# -- neopixel_write -----------------------------------------------------------------------------
def neopixel_write(pin, buf):
    _send(P.NEOPIXEL_WRITE, "%s %s" % (pin._name, _hex(bytes(buf))))


# -- keypad -------------------------------------------------------------------------------------
class Event:
    def __init__(self, key_number=0, pressed=True, timestamp=None):
        self.key_number = key_number
        self.pressed = pressed
        self.released = not pressed
        self.timestamp = timestamp

    def __eq__(self, other):
        return self.key_number == other.key_number and self.pressed == other.pressed

    def __repr__(self):
        return "<Event: key_number %d %s>" % (
            self.key_number, "pressed" if self.pressed else "released")  # fmt: skip


class EventQueue:
    def __init__(self, keys):
        self._keys = keys

    def get(self):
        r = _call(P.KEYS_EVENT, str(self._keys))
        if not r:
            return None
        n, p, t = r.split()
        return Event(int(n), p == "1", int(t))

    def get_into(self, event):
        e = self.get()
        if e is None:
            return False
        event.key_number, event.pressed, event.released = e.key_number, e.pressed, e.released
        return True

    def clear(self):
        while self.get() is not None:
            pass

    def __len__(self):
        return int(_call(P.KEYS_PENDING, str(self._keys)))

    overflowed = False


class Keys(_Deinit):
    def __init__(self, pins, *, value_when_pressed, pull=True, interval=0.02, max_events=64):
        for p in pins:
            _claim(p)
        self._pins = pins
        self.key_count = len(pins)
        kid = _call(P.KEYS_OPEN, "%d %d %s" % (1 if value_when_pressed else 0, 1 if pull else 0,
                                     " ".join(p._name for p in pins)))  # fmt: skip
        self.events = EventQueue(kid)

    def deinit(self):
        for p in self._pins:
            _release(p)

    def reset(self):
        self.events.clear()


# -- microcontroller, supervisor ----------------------------------------------------------------
class Processor:
    frequency = 64000000

    @property
    def temperature(self):
        return float(_call(P.CPU_TEMPERATURE))

    @property
    def uid(self):
        return bytearray(_unhex(_call(P.UNIQUE_ID)))


cpu = Processor()


def reset():
    _simhost.flush()
    _simhost.call(P.RESET)  # the host restarts the board
    raise SystemExit(0)


def ticks_ms():
    return (_simtime._now_us() // 1000) % (1 << 29)


# -- time (CircuitPython's: seconds, no sleep_ms / ticks) ---------------------------------------
def sleep(seconds):
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    _simtime.sleep_us(int(seconds * 1000000))


def monotonic():
    return _simtime._now_us() / 1000000


def monotonic_ns():
    return _simtime._now_us() * 1000


def time():
    return 946684800 + _simtime._now_us() // 1000000  # the board's clock starts in 2000
