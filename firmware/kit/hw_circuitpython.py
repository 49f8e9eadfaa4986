"""hw_circuitpython: the kit's backend for CircuitPython boards (Circuit Playground Bluefruit).

Example:
    from kit import hw
    hw.acceleration()

Sensors are read with Adafruit's CircuitPython drivers (bundled in lib/ by atelier), buttons
with `keypad` (CircuitPython has no pin interrupts), the speaker with `pwmio`, and the
"display" is the ring of NeoPixels: an arrow (display.arrow, or an ARROW_ picture) lights the
pixel nearest its direction, display.set_pixel the pixel on its side of the middle (the middle:
the whole ring); other pictures and text go to the serial console. Which
pins, how many pixels and where each sits come from `kitconfig` (boards.toml's kit record).
"""

import math
import time

import board
import digitalio
import kitconfig as _c
from neopixel_write import neopixel_write

_buses = {}
_found = {}


def _bus(name):
    b = _buses.get(name)
    if b is None:
        import busio

        scl, sda, freq = _c.BUSES[name]
        b = busio.I2C(getattr(board, scl), getattr(board, sda), frequency=freq)
        _buses[name] = b
    return b


def _sensor(role):
    dev = _found.get(role)
    if dev is not None:
        return dev
    tried = []
    for module, cls, address, bus in _c.SENSORS.get(role, ()):
        try:
            make = getattr(__import__(module), cls)
            dev = make(_bus(bus)) if address is None else make(_bus(bus), address=address)
        except (OSError, RuntimeError, ValueError):
            tried.append(cls if address is None else "%s@0x%02X" % (cls, address))
            continue
        # Adafruit's drivers do not wait for the first conversion (10 Hz on a LIS2MDL):
        # before it, the output registers still read 0
        time.sleep(0.15)
        _found[role] = dev
        return dev
    raise OSError(
        "aucun capteur (%s) ne répond : vérifie le câblage / no %s answers (%s): check the "
        "module's wiring" % (role, role, ", ".join(tried) or "none on this board")
    )


def _g(v):
    # Adafruit drivers give m/s² of specific force (flat, face up: z = +9.8); the kit gives
    # milli-g pointing down like micro:bit (flat, face up: z = -1000)
    return int(round(-v * 1000 / 9.80665))


# -- compass ------------------------------------------------------------------------------------
_offset = None


# The calibration is kept in microcontroller.nvm (flash beside CIRCUITPY): the board cannot
# write CIRCUITPY while a computer has it, and nvm survives resets. Byte 0 is _CAL_MARK once
# calibrated, then the offset as three little-endian floats.
_CAL_MARK = 0x43


def _load_offset():
    global _offset
    if _offset is None:
        import struct

        from microcontroller import nvm

        _offset = (0.0, 0.0, 0.0)
        if nvm[0] == _CAL_MARK:
            _offset = struct.unpack("<3f", bytes(nvm[1:13]))
    return _offset


def heading():
    from kit.heading import heading as _heading

    return _heading(_sensor("magnetometer").magnetic, acceleration(), _load_offset())


def calibrate(seconds=20):
    global _offset
    from kit.heading import Calibration

    mag = _sensor("magnetometer")
    cal = Calibration()
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        cal.add(mag.magnetic)
        if cal.spread() > 40 and cal.n >= 60:
            break
        time.sleep(0.05)
    _offset = cal.offset()
    import struct

    from microcontroller import nvm

    nvm[0:13] = bytes([_CAL_MARK]) + struct.pack("<3f", *_offset)


def field_strength():
    x, y, z = _sensor("magnetometer").magnetic
    return int(1000 * math.sqrt(x * x + y * y + z * z))


# -- speaker ------------------------------------------------------------------------------------
_pwm = None


def _speaker():
    global _pwm
    if _pwm is None:
        import pwmio

        pin, enable = _c.SPEAKER  # the amplifier sounds only while `enable` is high
        if enable is not None:
            enable = digitalio.DigitalInOut(getattr(board, enable))
            enable.switch_to_output(True)
        _pwm = pwmio.PWMOut(getattr(board, pin), frequency=440, variable_frequency=True)
    return _pwm


def _sound(hz):
    p = _speaker()
    if hz:
        p.frequency = hz
        p.duty_cycle = 32768
    else:
        p.duty_cycle = 0


def tone(frequency_hz, duration_ms, wait):
    _sound(int(frequency_hz))
    if wait:  # CircuitPython has no timers: wait=False leaves the note on until stop()
        time.sleep(duration_ms / 1000)
        _sound(None)


def play(melody, wait):
    from kit.notes import articulate, parse

    for hz, ms in articulate(parse(melody)):
        _sound(hz)
        time.sleep(ms / 1000)
    _sound(None)


def stop():
    if _pwm is not None:
        _sound(None)


# -- the NeoPixel ring as display ---------------------------------------------------------------
# (pin name, each pixel's angle on a clock face), from boards.toml. An arrow lights the pixel
# nearest its direction (both, when two are as near); what a ring cannot show (other pictures,
# numbers, text) goes to the serial console as "[display] ...", once each time it changes.
_PIN, _RING = getattr(_c, "RING", (None, ()))
_pixels = bytearray(3 * len(_RING))
_COLOR = (0, 40, 0)  # G, R, B: a soft red
_out = None
_noted = None


def _ring(angle):
    global _out
    if _PIN is None:
        return  # the board has no ring
    best = 360
    for a in _RING:
        if angle is not None:
            best = min(best, abs((angle - a + 180) % 360 - 180))
    for i in range(len(_RING)):
        on = angle is not None and abs((angle - _RING[i] + 180) % 360 - 180) <= best + 0.5
        _pixels[3 * i : 3 * i + 3] = bytes(_COLOR if on else (0, 0, 0))
    if _out is None:  # neopixel_write takes a DigitalInOut, never a bare pin
        _out = digitalio.DigitalInOut(getattr(board, _PIN))
        _out.switch_to_output(False)
    neopixel_write(_out, _pixels)


def _note(text):
    global _noted
    _ring(None)
    if text != _noted:
        if _noted is None:
            print("[display] the ring shows arrows; the rest is written here")
            print("[display] l'anneau montre les flèches ; le reste s'écrit ici")
        _noted = text
        print("[display]", text)


def _lit(angle):
    # the ring shows something else now: the next note is written even if it is the same text
    global _noted
    if _noted is not None:
        _noted = ""
    _ring(angle)


def show(x):
    if isinstance(x, str) and len(x) == 29 and x[5] == ":":
        import kit.images as images

        if x in images.ARROWS:
            _lit(45 * images.ARROWS.index(x))
            return
        for name in dir(images):
            if getattr(images, name) == x and name != "ARROWS":
                x = name
                break
    _note(str(x))


def scroll(text):
    _note(str(text))


def clear():
    _lit(None)


def arrow(i):
    _lit(i * 45)


def set_pixel(x, y, v):
    # the ring has no grid: a pixel lights the ring on its side of the middle (as an arrow
    # from the middle towards it would); the middle itself lights the whole ring
    if not v:
        _lit(None)
    elif x == 2 and y == 2:
        _lit(None)
        if _PIN is None:
            return
        for i in range(len(_RING)):
            _pixels[3 * i : 3 * i + 3] = bytes(_COLOR)
        neopixel_write(_out, _pixels)
    else:
        _lit(math.degrees(math.atan2(x - 2, 2 - y)) % 360)


def image(name):
    import kit.images as images

    return getattr(images, name)


# -- buttons ------------------------------------------------------------------------------------
class _Button:
    def __init__(self, pin):
        import keypad

        a, b, pull, active_low = _c.BUTTONS
        self._keys = keypad.Keys((getattr(board, pin),), value_when_pressed=not active_low,
                                 pull=pull != 0)  # fmt: skip
        self._down = False
        self._was = False

    def _drain(self):
        e = self._keys.events.get()
        while e is not None:
            self._down = e.pressed
            if e.pressed:
                self._was = True
            e = self._keys.events.get()

    def is_pressed(self):
        """True while the button is held down."""
        self._drain()
        return self._down

    def was_pressed(self):
        """True if the button was pressed since the last time you asked."""
        self._drain()
        was, self._was = self._was, False
        return was


button_a = _Button(_c.BUTTONS[0])
button_b = _Button(_c.BUTTONS[1])


# -- motion, door, environment ------------------------------------------------------------------
# the last strength read, and whether the board was being shaken then: like micro:bit's
# gesture, one shake (however many jolts it has) answers True once, when it starts
_last_g = [1000, False]


def acceleration():
    x, y, z = _sensor("accelerometer").acceleration
    return (_g(x), _g(y), _g(z))


def was_shaken():
    x, y, z = acceleration()
    g = math.sqrt(x * x + y * y + z * z)
    jolt = abs(g - 1000) > 1000 or abs(g - _last_g[0]) > 1000
    shaken = jolt and not _last_g[1]
    _last_g[0], _last_g[1] = g, jolt
    return shaken


_door = None


def door_open():
    global _door
    pin, pull = _c.DOOR
    if _door is None:
        _door = digitalio.DigitalInOut(getattr(board, pin))
        _door.switch_to_input(digitalio.Pull.UP if pull == 1 else digitalio.Pull.DOWN)
    return _door.value == (pull == 1)


_therm = []  # the board's thermistor, opened at the first reading (None: it has none)


def temperature():
    # The air's temperature from the board's thermistor (board.TEMPERATURE, as Adafruit's
    # library reads it on a Circuit Playground: a 10 kΩ NTC, B = 3950, from 3.3 V to the pin,
    # 10 kΩ from the pin to ground); a board without one gives its processor's, warmer.
    if not _therm:
        pin = getattr(board, "TEMPERATURE", None)
        if pin is None:
            _therm.append(None)
        else:
            import analogio

            _therm.append(analogio.AnalogIn(pin))
    if _therm[0] is None:
        import microcontroller

        return microcontroller.cpu.temperature
    v = min(max(_therm[0].value, 1), 65534)
    ohms = 10000 * (65535 / v - 1)
    return 1 / (math.log(ohms / 10000) / 3950 + 1 / 298.15) - 273.15


def pressure():
    return _sensor("pressure").pressure


def humidity():
    return _sensor("humidity").relative_humidity


# -- the ultrasonic ranger (kit.distance) -------------------------------------------------------
def echo_us(trig, echo, timeout_us):
    """time_pulse_us(echo, 1, timeout_us) after a trigger pulse: CircuitPython has none, so the
    echo is timed by reading the pin, as Adafruit's HC-SR04 driver does without pulseio (a read
    takes a few µs: well under a cm). The same pin for a Grove ranger."""
    t = digitalio.DigitalInOut(getattr(board, trig))
    t.switch_to_output(True)
    t.value = False
    if echo == trig:
        t.switch_to_input()
        e = t
    else:
        e = digitalio.DigitalInOut(getattr(board, echo))
    try:
        now, limit = time.monotonic_ns, timeout_us * 1000
        end = now() + limit
        while not e.value:
            if now() > end:
                return -2
        start = now()
        while e.value:
            if now() - start > limit:
                return -1
        return (now() - start) // 1000
    finally:
        t.deinit()
        if e is not t:
            e.deinit()


def analog(pin):
    """A reader of pad `pin`'s voltage, 0.0-1.0 of 3.3 V (Grove analog modules)."""
    import analogio

    a = analogio.AnalogIn(getattr(board, pin))
    return lambda: a.value / 65535
