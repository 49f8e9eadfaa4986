# CircuitPython's core modules for a simulated CircuitPython board (MicroPython code, run in
# the VM). Each CircuitPython module (board, busio, digitalio, pwmio, analogio,
# microcontroller, neopixel_write, supervisor, keypad) is a small module importing from here;
# the hardware is on the host (atelier/sim/cp_hw.py, which shares the wiring logic of the
# `machine` boards).
from binascii import hexlify as _hexlify
from binascii import unhexlify as _unhexlify

import _simhost
import _simproto as _P
import _simtime

_call = _simhost.call
_send = _simhost.send
_DEINITED = "Object has been deinitialized and can no longer be used. Create a new object."


class Pin:
    # One object per pin, named as CircuitPython prints it (the first name pins.c gives it):
    # board.D13 is board.LED, and "LED in use" whichever name took it. A pin no board name
    # reaches prints as microcontroller.pin.P0_07.
    def __init__(self, name, module="board."):
        self._name = name
        self._module = module

    def __repr__(self):
        return self._module + self._name

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


_board_spi = None
_board_uart = None


def _default_spi():
    """board.SPI(): the SCK/MOSI/MISO pads, one object for every caller."""
    global _board_spi
    if _board_spi is None:
        _board_spi = SPI(_pins[_names["SCK"]], _pins[_names["MOSI"]], _pins[_names["MISO"]])
    return _board_spi


def _default_uart():
    """board.UART(): the TX/RX pads at 9600 baud, one object for every caller."""
    global _board_uart
    if _board_uart is None:
        _board_uart = UART(_pins[_names["TX"]], _pins[_names["RX"]])
    return _board_uart


_names = _simhost.gpio.get("names", {})  # every name of `board` -> the name of its pin
_pins = {}
for _pin in _names.values():
    _pins[_pin] = Pin(_pin)


def mcu_pin_names():
    """The names of `microcontroller.pin`: the chip's pins, the board's ones being the same
    objects as in `board`."""
    out = {}
    for chip in _simhost.gpio.get("mcu_names", ()):
        out[chip] = None
    for pin, chip in _simhost.gpio.get("mcu", {}).items():
        out[chip] = _pins[pin]
    for chip in out:
        if out[chip] is None:
            out[chip] = Pin(chip, "microcontroller.pin.")
    return out


def board_names():
    """The names of the `board` module."""
    out = {name: _pins[pin] for name, pin in _names.items()}
    out["board_id"] = _call(_P.BOARD_ID)
    if "SCL" in _names and "SDA" in _names:
        out["I2C"] = _default_i2c
    if "SCK" in _names:
        out["SPI"] = _default_spi
    if "TX" in _names:
        out["UART"] = _default_uart
    return out


_claimed = set()


def _pin_arg(pin, arg="pin"):
    if not isinstance(pin, Pin):
        raise TypeError("%s must be of type Pin, not %s" % (arg, type(pin).__name__))
    return pin


def _claim(pin, arg="pin"):
    _pin_arg(pin, arg)
    if pin._name in _claimed:
        raise ValueError("%s in use" % pin._name)
    _claimed.add(pin._name)


def _release(pin):
    _claimed.discard(pin._name)


class _Deinit:
    def __repr__(self):  # a built-in type without its own print: "<DigitalInOut>"
        return "<%s>" % type(self).__name__

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.deinit()


# -- digitalio ----------------------------------------------------------------------------------
class _Const:
    def __init__(self, name):
        self._n = name

    def __repr__(self):
        return self._n


class Direction:
    INPUT = _Const("digitalio.Direction.INPUT")
    OUTPUT = _Const("digitalio.Direction.OUTPUT")


class Pull:
    UP = _Const("digitalio.Pull.UP")
    DOWN = _Const("digitalio.Pull.DOWN")


class DriveMode:
    PUSH_PULL = _Const("digitalio.DriveMode.PUSH_PULL")
    OPEN_DRAIN = _Const("digitalio.DriveMode.OPEN_DRAIN")


class DigitalInOut(_Deinit):
    def __init__(self, pin):
        _claim(pin)
        self._pin = pin
        self._dir = Direction.INPUT
        self._pull = None
        _send(_P.PIN_MODE, "%s 0" % pin._name)

    def deinit(self):
        _release(self._pin)
        self._deinited = True

    _deinited = False

    def switch_to_output(self, value=False, drive_mode=DriveMode.PUSH_PULL):
        self._dir = Direction.OUTPUT
        _send(_P.PIN_MODE, "%s 1" % self._pin._name)
        self.value = value

    def switch_to_input(self, pull=None):
        self._dir = Direction.INPUT
        _send(_P.PIN_MODE, "%s 0" % self._pin._name)
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
        return _call(_P.PIN_GET_LEVEL, str(self._pin._name)) == "1"

    @value.setter
    def value(self, v):
        if self._dir != Direction.OUTPUT:
            raise AttributeError("Cannot set value when direction is input.")
        _send(_P.PIN_SET_LEVEL, "%s %d" % (self._pin._name, 1 if v else 0))

    @property
    def pull(self):
        return self._pull

    @pull.setter
    def pull(self, p):
        if self._dir == Direction.OUTPUT:
            raise AttributeError("Pull not used when direction is output.")
        self._pull = p
        pull = 1 if p == Pull.UP else 2 if p == Pull.DOWN else 0
        _send(_P.PIN_PULL, "%s %d" % (self._pin._name, pull))


# -- busio --------------------------------------------------------------------------------------
def _hex(b):
    # in C, at once: a join over the bytes would hold a list of one string per byte on the
    # program's heap (16 KB for an OLED frame), which the board's own bus write does not take
    return _hexlify(b).decode()


def _unhex(s):
    return _unhexlify(s)


class _Bus(_Deinit):
    # busio's I2C and SPI: the pins they claim, a lock the program takes around each transfer
    _deinited = False

    def deinit(self):
        for p in self._pins:
            _release(p)
        self._deinited = True

    def try_lock(self):
        if self._locked:
            return False
        self._locked = True
        return True

    def unlock(self):
        self._locked = False

    def _check(self):
        if self._deinited:
            raise ValueError(_DEINITED)
        if not self._locked:
            raise RuntimeError("Function requires lock")


class I2C(_Bus):
    def __init__(self, scl, sda, *, frequency=100000, timeout=255):
        _claim(scl)
        _claim(sda)
        self._pins = (scl, sda)
        # a bus with no pull-ups (nothing wired) fails like on the board
        self._bus = _call(_P.I2C_OPEN, "-1 %s %s %d cp" % (scl._name, sda._name, frequency))
        self._locked = False

    def scan(self):
        self._check()
        r = _call(_P.I2C_SCAN, self._bus)
        return [int(a) for a in r.split()] if r else []

    def writeto(self, address, buffer, *, start=0, end=None):
        self._check()
        end = len(buffer) if end is None else end
        _call(_P.I2C_WRITE, "%s %d %s" % (self._bus, address, _hex(bytes(buffer[start:end]))))

    def readfrom_into(self, address, buffer, *, start=0, end=None):
        self._check()
        end = len(buffer) if end is None else end
        got = _call(_P.I2C_READ, "%s %d %d" % (self._bus, address, end - start))
        buffer[start:end] = _unhex(got)

    def writeto_then_readfrom(self, address, buffer_out, buffer_in, *, out_start=0,
                              out_end=None, in_start=0, in_end=None):  # fmt: skip
        self._check()
        out_end = len(buffer_out) if out_end is None else out_end
        in_end = len(buffer_in) if in_end is None else in_end
        data = _call(_P.I2C_WRITE_READ, "%s %d %s %d" % (self._bus, address,
                                          _hex(bytes(buffer_out[out_start:out_end])),
                                          in_end - in_start))  # fmt: skip
        buffer_in[in_start:in_end] = _unhex(data)


def _range(value, low, high, name):
    if not low <= value <= high:
        raise ValueError("%s must be %d-%d" % (name, low, high))
    return value


class SPI(_Bus):
    # Nothing is wired to the SCK/MOSI/MISO pads: what is written goes nowhere (in the time the
    # clock takes), what is read is the level MISO floats at, in every bit.
    def __init__(self, clock, MOSI=None, MISO=None, *, half_duplex=False):
        _pin_arg(clock, "clock")
        if MOSI is None and MISO is None:
            raise ValueError("Must provide MISO or MOSI pin")
        if half_duplex:
            raise NotImplementedError()
        self._pins = [p for p in (clock, MOSI, MISO) if p is not None]
        for p in self._pins:
            _claim(p)
        self._miso = MISO
        self._locked = False
        self._deinited = False
        self._baud = 250000

    def configure(self, *, baudrate=100000, polarity=0, phase=0, bits=8):
        self._check()
        _range(polarity, 0, 1, "polarity")
        _range(phase, 0, 1, "phase")
        _range(bits, 8, 9, "bits")
        # the nRF52840's SPIM runs at 125 kHz-8 MHz (32 MHz on one instance): the next lower
        for hz in (32000000, 16000000, 8000000, 4000000, 2000000, 1000000, 500000, 250000):
            if baudrate >= hz:
                self._baud = hz
                break
        else:
            self._baud = 125000

    @property
    def frequency(self):
        return self._baud

    def _clock(self, n):
        _simtime.sleep_us(n * 8 * 1000000 // self._baud)

    def write(self, buffer, *, start=0, end=None):
        self._check()
        self._clock(len(memoryview(buffer)[start:end]))

    def readinto(self, buffer, *, start=0, end=None, write_value=0):
        self._check()
        view = memoryview(buffer)[start:end]
        level = self._miso is not None and _call(_P.PIN_GET_LEVEL, self._miso._name) == "1"
        for i in range(len(view)):
            view[i] = 0xFF if level else 0
        self._clock(len(view))

    def write_readinto(self, out_buffer, in_buffer, *, out_start=0, out_end=None, in_start=0,
                       in_end=None):  # fmt: skip
        self._check()
        out = memoryview(out_buffer)[out_start:out_end]
        if len(out) != len(memoryview(in_buffer)[in_start:in_end]):
            raise ValueError("buffer slices must be of equal length")
        self.readinto(in_buffer, start=in_start, end=in_end)


class UART(_Deinit):
    # Nothing is wired to the TX/RX pads: what is written goes out in the time the baud rate
    # gives, nothing ever arrives (a read waits `timeout` seconds, then gives None).
    class Parity:
        ODD = _Const("busio.UART.Parity.ODD")
        EVEN = _Const("busio.UART.Parity.EVEN")

    def __init__(self, tx=None, rx=None, *, baudrate=9600, bits=8, parity=None, stop=1,
                 timeout=1, receiver_buffer_size=64, rts=None, cts=None, rs485_dir=None,
                 rs485_invert=False):  # fmt: skip
        if tx is not None:
            _pin_arg(tx, "tx")
        if rx is not None:
            _pin_arg(rx, "rx")
        if tx is None and rx is None:
            raise ValueError("tx and rx cannot both be None")
        _range(bits, 5, 9, "bits")
        _range(stop, 1, 2, "stop")
        _range(int(timeout), 0, 100, "timeout")
        self._pins = [p for p in (tx, rx) if p is not None]
        for p in self._pins:
            _claim(p)
        self._tx, self._rx = tx, rx
        self.baudrate = baudrate
        self.timeout = timeout
        self._frame = 1 + bits + (parity is not None) + stop
        self._deinited = False

    def deinit(self):
        for p in self._pins:
            _release(p)
        self._deinited = True

    def _check(self):
        if self._deinited:
            raise ValueError(_DEINITED)

    @property
    def in_waiting(self):
        self._check()
        return 0

    def reset_input_buffer(self):
        self._check()

    def write(self, buf):
        self._check()
        if self._tx is None:
            raise ValueError("No tx pin")
        n = len(memoryview(buf))
        _simtime.sleep_us(n * self._frame * 1000000 // self.baudrate)
        return n

    def _wait(self):
        self._check()
        if self._rx is None:
            raise ValueError("No rx pin")
        _simtime.sleep_us(int(self.timeout * 1000000))
        return None

    def read(self, nbytes=None):
        return self._wait()

    def readinto(self, buf, nbytes=None):
        return self._wait()

    def readline(self):
        return self._wait()


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
        _send(_P.PWM_STOP, str(self._pin._name))
        _release(self._pin)

    def _set_freq(self, f):
        self._freq = int(f)
        _send(_P.PWM_FREQ, "%s %d" % (self._pin._name, self._freq))

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
        _send(_P.PWM_DUTY, "%s %d" % (self._pin._name, self._duty))


class AnalogIn(_Deinit):
    reference_voltage = 3.3

    def __init__(self, pin):
        _claim(pin)
        self._pin = pin

    def deinit(self):
        _release(self._pin)

    @property
    def value(self):
        return int(_call(_P.ADC_READ, str(self._pin._name)))


# -- neopixel_write -----------------------------------------------------------------------------
def _type_name(obj):
    return type(obj).__name__


def neopixel_write(digitalinout, buf):
    # shared-bindings/neopixel_write: a DigitalInOut (a bare pin is refused), not deinited, and
    # any object with the buffer protocol
    if not isinstance(digitalinout, DigitalInOut):
        raise TypeError(
            "digitalinout must be of type DigitalInOut, not %s" % _type_name(digitalinout)
        )
    if digitalinout._deinited:
        raise ValueError(_DEINITED)
    data = bytes(memoryview(buf))
    _send(_P.NEOPIXEL_WRITE, "%s %s" % (digitalinout._pin._name, _hex(data)))


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
        r = _call(_P.KEYS_EVENT, str(self._keys))
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
        return int(_call(_P.KEYS_PENDING, str(self._keys)))

    overflowed = False


class Keys(_Deinit):
    def __init__(self, pins, *, value_when_pressed, pull=True, interval=0.02, max_events=64):
        for p in pins:
            _claim(p)
        self._pins = pins
        self.key_count = len(pins)
        kid = _call(_P.KEYS_OPEN, "%d %d %s" % (1 if value_when_pressed else 0, 1 if pull else 0,
                                     " ".join(p._name for p in pins)))  # fmt: skip
        self.events = EventQueue(kid)

    def deinit(self):
        for p in self._pins:
            _release(p)

    def reset(self):
        self.events.clear()


# -- microcontroller, supervisor ----------------------------------------------------------------
class RunMode:
    NORMAL = _Const("microcontroller.RunMode.NORMAL")
    SAFE_MODE = _Const("microcontroller.RunMode.SAFE_MODE")
    UF2 = _Const("microcontroller.RunMode.UF2")
    BOOTLOADER = _Const("microcontroller.RunMode.BOOTLOADER")


class ResetReason:
    POWER_ON = _Const("microcontroller.ResetReason.POWER_ON")
    BROWNOUT = _Const("microcontroller.ResetReason.BROWNOUT")
    SOFTWARE = _Const("microcontroller.ResetReason.SOFTWARE")
    DEEP_SLEEP_ALARM = _Const("microcontroller.ResetReason.DEEP_SLEEP_ALARM")
    RESET_PIN = _Const("microcontroller.ResetReason.RESET_PIN")
    WATCHDOG = _Const("microcontroller.ResetReason.WATCHDOG")
    UNKNOWN = _Const("microcontroller.ResetReason.UNKNOWN")
    RESCUE_DEBUG = _Const("microcontroller.ResetReason.RESCUE_DEBUG")


class Processor:
    frequency = 64000000
    voltage = 3.3  # the nRF52840 measures its own supply
    reset_reason = ResetReason.POWER_ON

    def __repr__(self):
        return "<Processor>"

    @property
    def temperature(self):
        return float(_call(_P.CPU_TEMPERATURE))

    @property
    def uid(self):
        return bytearray(_unhex(_call(_P.UNIQUE_ID)))


cpu = Processor()


class ByteArray:
    # microcontroller.nvm: 8 KB of the nRF52840's flash, kept across resets and power-off (the
    # host keeps them for the board); bytes and slices as on the board (nvm/ByteArray.c)
    _data = None

    def _load(self):
        if self._data is None:
            self._data = bytearray(_unhex(_call(_P.NVM_READ)))
        return self._data

    def __len__(self):
        return 8192

    def __getitem__(self, index):
        return self._load()[index]

    def __setitem__(self, index, value):
        data = self._load()
        if isinstance(index, slice):
            start, stop, step = index.indices(len(data))
            if step != 1 or len(value) != stop - start:
                raise NotImplementedError("only slices with step=1 (aka None) are supported")
            data[start:stop] = value
            _send(_P.NVM_WRITE, "%d %s" % (start, _hex(bytes(value))))
        else:
            data[index] = value
            _send(_P.NVM_WRITE, "%d %s" % (index % len(data), _hex(bytes([value]))))


nvm = ByteArray()
_next_run_mode = [RunMode.NORMAL]


def on_next_reset(run_mode):
    if not isinstance(run_mode, _Const) or not repr(run_mode).startswith("microcontroller.Run"):
        raise TypeError("run_mode must be of type RunMode, not %s" % type(run_mode).__name__)
    _next_run_mode[0] = run_mode


def disable_interrupts():
    pass


def enable_interrupts():
    pass


def delay_us(us):
    _simtime.sleep_us(int(us))


def reset():
    _simhost.flush()
    _simhost.call(_P.RESET)  # the host restarts the board
    raise SystemExit(0)


def ticks_ms():
    # shared-bindings/supervisor: it starts 65.536 s before its wrap at 2**29, so that programs
    # meet the wrap (and handle it with ticks_diff) in their first minute
    return (_simtime._now_us() // 1000 + 0x1FFF0000) % (1 << 29)


class RunReason:
    STARTUP = _Const("supervisor.RunReason.STARTUP")
    AUTO_RELOAD = _Const("supervisor.RunReason.AUTO_RELOAD")
    SUPERVISOR_RELOAD = _Const("supervisor.RunReason.SUPERVISOR_RELOAD")
    REPL_RELOAD = _Const("supervisor.RunReason.REPL_RELOAD")


class Runtime:
    # the board on a computer's USB port, its serial console open (`atelier run`, `sim serve`)
    usb_connected = True
    serial_connected = True
    serial_bytes_available = 0
    run_reason = RunReason.STARTUP
    safe_mode_reason = None
    autoreload = True
    ble_workflow = False
    rgb_status_brightness = 255
    display = None

    def __repr__(self):
        return "<Runtime>"


runtime = Runtime()


def reload():  # a soft reload: code.py again, not boot.py
    _simhost.flush()
    _simhost.call(_P.RESET, "soft")
    raise SystemExit(0)


def set_next_code_file(filename, **options):
    pass


def get_previous_traceback():
    return None


# -- time (CircuitPython's: seconds, no sleep_ms / ticks) ---------------------------------------
def sleep(seconds):
    ms = int(1000 * seconds + 0.5)  # shared-bindings/time: whole milliseconds
    if ms < 0:
        raise ValueError("seconds must be >= 0")
    _simtime.sleep_us(ms * 1000)


def monotonic():
    return _simtime._now_us() / 1000000


def monotonic_ns():
    return _simtime._now_us() * 1000


_epoch = [946684800]  # the board's clock starts on 2000-01-01 (rtc.RTC().datetime moves it)


def time():
    return _epoch[0] + _simtime._now_us() // 1000000


_struct_time = None


def struct_time(value):
    global _struct_time
    if _struct_time is None:
        from collections import namedtuple

        fields = ("tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday",
                  "tm_yday", "tm_isdst")  # fmt: skip
        _struct_time = namedtuple("struct_time", fields)
    value = tuple(value)
    if len(value) != 9:
        raise ValueError("value length must be 9")
    return _struct_time(*value)


def _days_before_year(y):
    y -= 1
    return 365 * y + y // 4 - y // 100 + y // 400


def _leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def localtime(secs=None):
    """Seconds since 1970 (time.time() when None) as a struct_time; the board has no zone."""
    secs = time() if secs is None else int(secs)
    days, rest = divmod(secs, 86400)
    wday = (days + 3) % 7  # 1970-01-01 was a Thursday (Monday = 0)
    y = 1970 + days // 366
    while _days_before_year(y + 1) - _days_before_year(1970) <= days:
        y += 1
    yday = days - (_days_before_year(y) - _days_before_year(1970))
    m, d = 0, yday
    while True:
        n = _MONTH_DAYS[m] + (1 if m == 1 and _leap(y) else 0)
        if d < n:
            break
        d -= n
        m += 1
    return struct_time((y, m + 1, d + 1, rest // 3600, rest // 60 % 60, rest % 60, wday,
                        yday + 1, -1))  # fmt: skip


def mktime(t):
    """A struct_time (or 9-tuple) back to seconds since 1970."""
    if len(t) != 9:
        raise ValueError("time tuple must have 9 elements")
    y, mon, mday, h, mi, sec = t[0], t[1], t[2], t[3], t[4], t[5]
    days = _days_before_year(y) - _days_before_year(1970)
    for m in range(mon - 1):
        days += _MONTH_DAYS[m] + (1 if m == 1 and _leap(y) else 0)
    return ((days + mday - 1) * 24 + h) * 3600 + mi * 60 + sec


# -- rtc ----------------------------------------------------------------------------------------
class RTC:
    calibration = 0  # the nRF52840's RTC takes no calibration: kept, no effect

    @property
    def datetime(self):
        return localtime()

    @datetime.setter
    def datetime(self, t):
        _epoch[0] = mktime(t) - _simtime._now_us() // 1000000


def set_time_source(rtc):
    pass
