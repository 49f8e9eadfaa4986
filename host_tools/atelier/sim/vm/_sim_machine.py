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
from binascii import hexlify as _hexlify
from binascii import unhexlify as _unhexlify

import _simhost
import _simproto as _P
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
        if p[0] == "~":  # n messages for espnow's irq() callback (the ESP32's _sim_espnow)
            _simhost.radio_hook(int(p[1:]))
            continue
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
    if type(self._id) is str:  # a pin of the Pico W's wireless chip (EXT_GPIOn, no number)
        return _init_ext(self, mode, pull, value, alt)
    if mode is not None:
        if mode == 1 and value is not None:
            self.value(value)
        elif mode == 2:
            self.value(1 if value is None else value)
        self._mode = mode if 0 <= mode <= 2 else 3
        _send(_P.PIN_MODE, "%s %d" % (self._id, self._mode))
    self._pull = pull or 0
    _send(_P.PIN_PULL, "%s %d" % (self._id, self._pull & 3))


def _init_ext(self, mode, pull, value, alt):
    # ports/rp2/machine_pin.c and machine_pin_cyw43.c: the CYW43's GPIOs (the Pico W's LED)
    # are inputs or outputs, without pulls or alternate functions
    if pull is not None:
        raise ValueError("pulls are not supported for external pins")
    if alt is not None and alt != 5:  # GPIO_FUNC_SIO, the default
        raise ValueError("alternate functions are not supported for external pins")
    if mode is not None:
        if mode not in (0, 1):
            raise ValueError("only Pin.OUT and Pin.IN are supported for this pin")
        self._mode = mode
        _send(_P.PIN_MODE, "%s %d" % (self._id, mode))
    if value is not None and self._mode == 1:
        self.value(value)


def _init_esp32(self, mode=None, pull=-1, *, value=None, drive=None, hold=None):
    # ports/esp32/machine_pin.c: the value is set first, GPIO34-39 take no output mode, and a
    # pull on them does nothing (the chip has no pull resistors there: the host knows)
    if value is not None:
        self.value(value)
    if mode is not None:
        if self._id in _INPUT_ONLY and mode & 2:
            raise ValueError("pin can only be input")
        self._mode = mode
        _send(_P.PIN_MODE, "%s %d" % (self._id, (2 if mode & 4 else 1) if mode & 2 else 0))
    if pull != -1:
        pull = pull or 0
        _send(_P.PIN_PULL, "%s %d" % (self._id, (1 if pull & 2 else 0) | (2 if pull & 1 else 0)))


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
            return int(_call(_P.PIN_GET_LEVEL, str(self._id)))
        _send(_P.PIN_SET_LEVEL, "%s %d" % (self._id, 1 if v else 0))

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

    if _ESP32:  # each port's arguments: the ESP32 takes wake=, rp2 hard=

        def irq(self, handler=None, trigger=3, wake=None):
            self._irq(handler, trigger)

    else:

        def irq(self, handler=None, trigger=12, hard=False):
            self._irq(handler, trigger)

    def _irq(self, handler, trigger):
        if type(self._id) is str:  # the wireless chip's pins have no interrupt
            raise ValueError("expecting a regular GPIO Pin")
        if _ESP32:
            edges = {1: 4, 2: 8, 3: 12}.get(trigger, 0)  # level triggers are not simulated
        else:
            edges = (4 if trigger & 8 else 0) | (8 if trigger & 4 else 0)
        if handler is None:
            _irqs.pop(str(self._id), None)
            _send(_P.PIN_IRQ, "%s 0" % self._id)
        else:
            _irqs[str(self._id)] = (handler, self)
            _send(_P.PIN_IRQ, "%s %d" % (self._id, edges))

    def __repr__(self):
        if _ESP32:
            return "Pin(%d)" % self._id
        if type(self._id) is str:  # the CYW43's pin: in or out only
            return "Pin(%s, mode=%s)" % (self._id, "OUT" if self._mode == 1 else "IN")
        if self._mode is None:  # never configured: the chip's reset state, no function
            return "Pin(GPIO%d, mode=ALT, alt=31)" % self._id
        out = "Pin(GPIO%d, mode=%s" % (self._id, ("IN", "OUT", "OPEN_DRAIN", "ALT")[self._mode])
        pulls = [name for bit, name in ((1, "PULL_UP"), (2, "PULL_DOWN")) if self._pull & bit]
        return out + (", pull=" + "|".join(pulls) if pulls else "") + ")"


class _PinNames:
    """rp2's Pin.board and Pin.cpu: the pins by the board's names (pins.csv) or the chip's."""

    def __init__(self, names):
        self._names = names

    def __getattr__(self, name):
        if name in self._names:
            return Pin(name)
        raise AttributeError(name)


if not _ESP32:
    _cpu = [n for n in _NAMES if n.startswith("GPIO") or n.startswith("EXT_GPIO")]
    Pin.board = _PinNames([n for n in _NAMES if n not in _cpu])
    Pin.cpu = _PinNames(_cpu)


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
    # in C, at once: a join over the bytes would hold a list of one string per byte on the
    # program's heap (16 KB for an OLED frame), which the board's own bus write does not take
    return _hexlify(b).decode()


def _unhex(s):
    return _unhexlify(s)


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
        self._bus = _call(_P.I2C_OPEN, "%s %s %s %d" % (self._id, self._scl, self._sda, freq))

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
        r = _call(_P.I2C_SCAN, self._bus)
        return [int(a) for a in r.split()] if r else []

    def writeto(self, addr, buf, stop=True):
        self._ask(_P.I2C_WRITE, "%s %d %s" % (self._bus, addr, _hex(buf)))
        return len(buf)

    def writevto(self, addr, vector, stop=True):
        data = b"".join(bytes(v) for v in vector)
        return self.writeto(addr, data, stop)

    def readfrom(self, addr, nbytes, stop=True):
        return _unhex(self._ask(_P.I2C_READ, "%s %d %d" % (self._bus, addr, nbytes)))

    def readfrom_into(self, addr, buf, stop=True):
        buf[:] = self.readfrom(addr, len(buf), stop)

    def readfrom_mem(self, addr, memaddr, nbytes, *, addrsize=8):
        reg = bytes([memaddr]) if addrsize == 8 else bytes([memaddr >> 8, memaddr & 0xFF])
        got = self._ask(_P.I2C_WRITE_READ, "%s %d %s %d" % (self._bus, addr, _hex(reg), nbytes))
        return _unhex(got)

    def readfrom_mem_into(self, addr, memaddr, buf, *, addrsize=8):
        buf[:] = self.readfrom_mem(addr, memaddr, len(buf), addrsize=addrsize)

    def writeto_mem(self, addr, memaddr, buf, *, addrsize=8):
        reg = bytes([memaddr]) if addrsize == 8 else bytes([memaddr >> 8, memaddr & 0xFF])
        self._ask(_P.I2C_WRITE, "%s %d %s" % (self._bus, addr, _hex(reg + bytes(buf))))


class SoftI2C(I2C):
    _nak = 19  # extmod's bit-banged bus: ENODEV on every port

    def __init__(self, scl, sda, *, freq=400000, timeout=50000):
        self._id, self._scl, self._sda = -1, _find(scl), _find(sda)
        self._freq = 500000 // max(1, 500000 // freq)  # a whole number of µs per half bit
        self._bus = _call(_P.I2C_OPEN, "-1 %s %s %d" % (self._scl, self._sda, freq))

    def __repr__(self):
        return "SoftI2C(scl=%d, sda=%d, freq=%d)" % (self._scl, self._sda, self._freq)


# PWM as each port has it (MicroPython 1.22): rp2's slices (ports/rp2/machine_pwm.c) and the
# ESP32's LEDC channels (ports/esp32/machine_pwm.c), each in its own file (_sim_pwm_*).
if _ESP32:
    from _sim_pwm_esp32 import PWM  # noqa: F401 - machine.PWM
else:
    from _sim_pwm_rp2 import PWM  # noqa: F401 - machine.PWM


_LATER = ("UART", "SPI", "SoftSPI", "RTC")  # in _sim_machine_buses, loaded on first use


def __getattr__(name):
    if name == "__all__":  # `from machine import *`: every public name, as a built-in module
        mod = type(_simhost)
        names = [n for n, v in globals().items() if n[0] != "_" and type(v) is not mod]
        return names + list(_LATER)
    if name in _LATER:
        import _sim_machine_buses

        return getattr(_sim_machine_buses, name)
    raise AttributeError("module 'machine' has no attribute '%s'" % name)


# ADC as each port has it (MicroPython 1.22, ports/rp2/machine_adc.c, ports/esp32/machine_adc.c):
# rp2 channels 0-3 on GP26-GP29 and 4, the chip's temperature sensor; ESP32 ADC1 and ADC2 pins.
_ESP32_ADC = (0, 2, 4, 12, 13, 14, 15, 25, 26, 27, 32, 33, 34, 35, 36, 37, 38, 39)


# ESP32: the voltage that reads full scale at each attenuation (0, 2.5, 6, 11 dB): 1.1 V times
# the attenuation, 11 dB taken as the 3.3 V supply (the chip reads up to about 3.1 V there).
# The default is 0 dB (esp32/machine_adc.c madc_init_helper): a 3.3 V module then reads full
# scale from 1.1 V on, as on the board.
_FULL_SCALE_MV = (1100, 1500, 2200, 3300)


class ADC:
    if _ESP32:
        ATTN_0DB = 0
        ATTN_2_5DB = 1
        ATTN_6DB = 2
        ATTN_11DB = 3
        WIDTH_9BIT = 9
        WIDTH_10BIT = 10
        WIDTH_11BIT = 11
        WIDTH_12BIT = 12
    else:
        CORE_TEMP = 4

    def __init__(self, pin, **kw):
        if _ESP32:
            self._pin = _find(pin)
            if self._pin not in _ESP32_ADC:
                raise ValueError("invalid pin")
            self._atten = 0
            if kw:
                self.init(**kw)
            return
        if kw:  # rp2's ADC takes one argument, the channel or the pin
            raise TypeError("function doesn't take keyword arguments")
        if type(pin) is int:
            channel = pin - 26 if 26 <= pin <= 29 else pin
            if not 0 <= channel <= 4:
                raise ValueError("invalid channel")
        else:
            gpio = _find(pin)
            if not 26 <= gpio <= 29:
                raise ValueError("Pin doesn't have ADC capabilities")
            channel = gpio - 26
        self._channel = channel
        self._pin = "core_temp" if channel == 4 else channel + 26

    def __repr__(self):
        if _ESP32:
            return "ADC(Pin(%d), atten=%d)" % (self._pin, self._atten)
        return "<ADC channel=%d>" % self._channel

    def read_u16(self):
        if self._pin == "core_temp":
            # the RP2040 datasheet's sensor: 0.706 V at 27 °C, -1.721 mV per degree, read in
            # 12 bits of 3.3 V and scaled to 16 bits as the port does
            volts = 0.706 - (float(_call(_P.CPU_TEMPERATURE)) - 27) * 0.001721
            raw = max(0, min(4095, int(volts / 3.3 * 4095 + 0.5)))
            return raw << 4 | raw >> 8
        v = int(_call(_P.ADC_READ, str(self._pin)))  # the pin's voltage, 65535 = 3.3 V
        if _ESP32:
            v = min(65535, v * 3300 // _FULL_SCALE_MV[self._atten])
        return v

    if _ESP32:

        def init(self, *, atten=None):
            if atten is not None:
                self.atten(atten)

        def read(self):  # 12 bits by default
            return self.read_u16() >> 4

        def read_uv(self):  # calibrated µV: the reading at this attenuation's full scale
            return self.read_u16() * _FULL_SCALE_MV[self._atten] * 1000 // 65535

        def atten(self, value):
            if not 0 <= value <= 3:
                raise ValueError("invalid atten")
            self._atten = value

        def width(self, bits):
            pass


# Timers (MicroPython 1.22): rp2 has virtual timers only (id -1), the ESP32 four hardware
# timers (id 0-3, ports/esp32/machine_timer.c); both call back through the scheduler.
_esp32_timers = {}


class Timer:
    ONE_SHOT = 0
    PERIODIC = 1

    def __new__(cls, id=-1, *args, **kw):
        if _ESP32:
            id &= 3  # two groups of two timers: the id's low bits pick one
            t = _esp32_timers.get(id)
            if t is None:
                t = _esp32_timers[id] = object.__new__(cls)
                t._id, t._periodic, t._period_us = id, True, 0
            return t
        if id != -1:
            raise ValueError("Timer doesn't exist")
        t = object.__new__(cls)
        t._periodic, t._period_us = True, 0xFFFFFFFF * 1000
        return t

    if _ESP32:

        def __init__(self, id, *args, **kw):
            if args or kw:
                self.init(*args, **kw)

    else:

        def __init__(self, id=-1, *args, **kw):
            if args or kw:
                self.init(*args, **kw)

    def init(self, *, mode=PERIODIC, callback=None, period=0xFFFFFFFF, tick_hz=1000, freq=None):
        if freq is not None:
            us = int(1000000 / freq)
        else:
            us = period * 1000000 // tick_hz
        self._periodic = bool(mode)
        self._period_us = max(1, us)
        _simtime.add_timer(self, self._period_us, self._periodic, callback)

    def deinit(self):
        _simtime.remove_timer(self)

    if _ESP32:

        def value(self):
            return 0

    def __repr__(self):
        mode = "PERIODIC" if self._periodic else "ONE_SHOT"
        if _ESP32:
            return "Timer(%d, mode=%s, period=%d)" % (self._id, mode, self._period_us // 1000)
        return "Timer(mode=%s, tick_hz=1000000, period=%d)" % (mode, self._period_us)


# machine.reset_cause() (ports/rp2/modmachine.c, ports/esp32/modmachine.c): the host says how
# the board last started; rp2's machine.reset() goes through the watchdog, so it reads WDT_RESET.
PWRON_RESET = 1
if _ESP32:
    HARD_RESET = 2
    WDT_RESET = 3
    DEEPSLEEP_RESET = 4
    SOFT_RESET = 5
    _CAUSES = {"power": 1, "hard": 2, "wdt": 3, "deepsleep": 4, "soft": 5}
else:
    WDT_RESET = 3
    _CAUSES = {"power": 1, "hard": 3, "wdt": 3, "soft": 1}


def reset_cause():
    return _CAUSES.get(_simhost.reset_cause, 1)


class WDT:
    """The watchdog (ports' machine_wdt.c): once started it cannot stop; if the program does
    not feed it in time (even after main.py), the board resets with WDT_RESET."""

    def __init__(self, id=0, timeout=5000):
        if id != 0:
            raise ValueError(None if _ESP32 else "WDT(%d) doesn't exist" % id)
        if _ESP32 and timeout <= 0:
            raise ValueError("WDT timeout too short")
        if not _ESP32 and timeout > 8388:
            raise ValueError("timeout exceeds 8388")
        self._us = timeout * 1000
        self.feed()

    def feed(self):
        _simtime.add_timer(self, self._us, False, _bite)


def _bite(wdt):
    _simhost.flush()
    _simhost.call(_P.RESET, "wdt")
    raise SystemExit(0)


if _ESP32:
    _TOUCH_PINS = (0, 2, 4, 12, 13, 14, 15, 27, 32, 33)

    class TouchPad:  # ports/esp32/machine_touchpad.c: the pads; their sensing is not simulated
        def __init__(self, pin):
            if _find(pin) not in _TOUCH_PINS:
                raise ValueError("invalid pin for touchpad")
            _call(_P.NOT_SIMULATED, "machine.TouchPad (touch sensing)")

    class DAC:  # ports/esp32/machine_dac.c: GPIO25 and GPIO26, 8 bits
        def __init__(self, pin, bits=8):
            self._pin = _find(pin)
            if self._pin not in (25, 26):
                raise ValueError("invalid Pin for DAC")

        def write(self, value):
            if not 0 <= value <= 255:
                raise ValueError("value out of range")

        def __repr__(self):
            return "DAC(Pin(%d))" % self._pin


if not _ESP32:

    def bootloader():  # the Pico leaves MicroPython for its BOOTSEL drive
        _call(_P.NOT_SIMULATED, "machine.bootloader()")


def unique_id():
    return _unhex(_call(_P.UNIQUE_ID))  # the ESP32's: its 6-byte MAC; rp2's flash id: 8 bytes


def reset():
    _simhost.flush()
    _simhost.call(_P.RESET)  # the host restarts the board
    raise SystemExit(0)


def soft_reset():
    _simhost.flush()
    _simhost.call(_P.RESET)  # the host restarts the board
    raise SystemExit(0)


_cpu_hz = [160000000 if _ESP32 else 125000000]  # each port's default clock


def freq(value=None):
    if value is None:
        return _cpu_hz[0]
    _cpu_hz[0] = value


def idle():
    _simtime.sleep_us(100)


def lightsleep(ms=None):
    _simtime.sleep_ms(ms or 0)


if _ESP32:
    sleep = lightsleep


def deepsleep(ms=None):
    # the board sleeps, then starts again from main.py: rp2 lightsleeps then resets through the
    # watchdog; the ESP32 wakes from its timer with DEEPSLEEP_RESET (ports' modmachine.c)
    while ms is None:  # no time given: asleep until the run ends
        _simtime.sleep_ms(3600000)
    _simtime.sleep_ms(ms)
    _simhost.flush()
    _simhost.call(_P.RESET, "deepsleep" if _ESP32 else "hard")
    raise SystemExit(0)


if _ESP32:
    PIN_WAKE = EXT0_WAKE = 2
    EXT1_WAKE = 3
    TIMER_WAKE = 4
    TOUCHPAD_WAKE = 5
    ULP_WAKE = 6

    def wake_reason():
        return TIMER_WAKE if _simhost.reset_cause == "deepsleep" else 0


def disable_irq():
    return 0


def enable_irq(state=0):
    pass


def time_pulse_us(pin, level, timeout_us=1000000):
    # the host times the pulse on the pin in virtual time (extmod/machine_pulse.c: -2 when the
    # pin never reaches `level`, -1 when the pulse outlasts the timeout)
    return int(_call(_P.PULSE_TIME, "%s %d %d" % (_find(pin), level, timeout_us)))


def bitstream(pin, encoding, timing, buf):
    # machine.bitstream (what `neopixel` uses): encoding 0 is the only one, timing gives the
    # high and low times of a 0 and a 1 bit in ns; the bytes reach what is wired to the pin
    if encoding != 0:
        raise ValueError("invalid encoding")
    if len(timing) != 4:
        raise ValueError("timing must be a 4-tuple")
    _send(_P.NEOPIXEL_WRITE, "%s %s" % (_find(pin), _hex(bytes(buf))))
