"""hw_machine: the kit's backend for MicroPython boards with `machine` (Pico, ESP32).

Example:
    from kit import hw
    hw.heading()

Wiring comes from the generated `kitconfig.py` (from boards.toml): I2C buses, the sensors to
probe for each role (the first that answers is used), the buzzer's PWM pin, the buttons, the
door's reed switch and the screen. Sensors and the screen are set up on first use.
"""

import time

import kitconfig as _c
from machine import I2C, PWM, Pin

_buses = {}
_found = {}


def _bus(name):
    b = _buses.get(name)
    if b is None:
        i, scl, sda, freq = _c.BUSES[name]
        b = I2C(i, scl=Pin(scl), sda=Pin(sda), freq=freq)
        _buses[name] = b
    return b


def _sensor(role):
    """The first chip of boards.toml's list for `role` that answers."""
    dev = _found.get(role)
    if dev is not None:
        return dev
    tried = []
    for module, cls, address, bus in _c.SENSORS.get(role, ()):
        try:
            dev = getattr(__import__(module), cls)(_bus(bus), address)
        except (OSError, RuntimeError):
            tried.append("%s@0x%02X" % (cls, address))
            continue
        _found[role] = dev
        return dev
    raise OSError(
        "aucun capteur (%s) ne répond : vérifie le câblage / no %s answers (%s): check the "
        "module's wiring" % (role, role, ", ".join(tried) or "none in boards.toml")
    )


# -- compass ------------------------------------------------------------------------------------
_CAL_FILE = "compass.cal"
_offset = None


def _load_offset():
    global _offset
    if _offset is None:
        _offset = (0.0, 0.0, 0.0)
        try:
            with open(_CAL_FILE) as f:
                _offset = tuple(float(v) for v in f.read().split())
        except (OSError, ValueError):
            pass
    return _offset


def heading():
    from kit.heading import heading as _heading

    return _heading(_sensor("magnetometer").magnetic(), acceleration(), _load_offset())


def calibrate(seconds=20):
    """Turn the board every way until each axis has seen the field both ways (or time is up)."""
    global _offset
    from kit.heading import Calibration

    mag = _sensor("magnetometer")
    cal = Calibration()
    show("TOURNE")
    start = time.ticks_ms()
    while time.ticks_diff(time.ticks_ms(), start) < seconds * 1000:
        cal.add(mag.magnetic())
        # each axis swung through most of Earth's field, and enough samples for the fit
        if cal.spread() > 40 and cal.n >= 60:
            break
        time.sleep_ms(50)
    _offset = cal.offset()
    with open(_CAL_FILE, "w") as f:
        f.write("%f %f %f" % _offset)
    clear()


def field_strength():
    x, y, z = _sensor("magnetometer").magnetic()
    return int(1000 * (x * x + y * y + z * z) ** 0.5)  # µT -> nT


# -- buzzer -------------------------------------------------------------------------------------
_pwm = None
_timer = None
_queue = []


def _buzzer():
    global _pwm
    if _pwm is None:
        _pwm = PWM(Pin(_c.BUZZER_PIN))
    return _pwm


def _sound(hz):
    p = _buzzer()
    if hz:
        p.freq(hz)
        p.duty_u16(32768)
    else:
        p.duty_u16(0)


def _next(_t=None):
    # plays the queued notes one after the other from a one-shot timer (wait=False)
    global _timer
    if not _queue:
        _sound(None)
        return
    hz, ms = _queue.pop(0)
    _sound(hz)
    from machine import Timer

    try:
        _timer = Timer(-1)
    except ValueError:  # ESP32: hardware timers only
        _timer = Timer(0)
    _timer.init(mode=Timer.ONE_SHOT, period=max(1, ms), callback=_next)


def _play(notes, wait):
    stop()
    if wait:
        for hz, ms in notes:
            _sound(hz)
            time.sleep_ms(ms)
        _sound(None)
    else:
        _queue.extend(notes)
        _next()


def tone(frequency_hz, duration_ms, wait):
    _play([(int(frequency_hz), int(duration_ms))], wait)


def play(melody, wait):
    from kit.notes import articulate, parse

    _play(articulate(parse(melody)), wait)


def stop():
    del _queue[:]
    if _timer is not None:
        _timer.deinit()
    if _pwm is not None:
        _sound(None)


# -- display (SSD1306) --------------------------------------------------------------------------
_oled = None


def _screen():
    global _oled
    if _oled is None:
        from ssd1306 import SSD1306

        kind, bus, address, w, h = _c.DISPLAY
        _oled = SSD1306(_bus(bus), address, w, h)
    return _oled


def _grid(oled, rows):
    # the same layout the simulator samples: 5x5 cells centred on the screen
    cell = (min(oled.width, oled.height) - 4) // 5
    x0, y0 = (oled.width - 5 * cell) // 2, (oled.height - 5 * cell) // 2
    oled.fill(0)
    for y in range(5):
        for x in range(5):
            if rows[y * 6 + x] != "0":
                oled.fill_rect(x0 + x * cell + 1, y0 + y * cell + 1, cell - 2, cell - 2, 1)
    oled.show()


def _text(oled, text, x):
    # framebuf's 8x8 font, drawn 3 times bigger, centred vertically
    import framebuf

    n = len(text)
    small = framebuf.FrameBuffer(bytearray(n * 8), n * 8, 8, framebuf.MONO_VLSB)
    small.text(text, 0, 0, 1)
    y0 = (oled.height - 24) // 2
    for sy in range(8):
        for sx in range(n * 8):
            if small.pixel(sx, sy):
                oled.fill_rect(x + sx * 3, y0 + sy * 3, 3, 3, 1)


def _is_image(x):
    return isinstance(x, str) and len(x) == 29 and x[5] == ":" and x.replace(":", "").isdigit()


def show(x):
    oled = _screen()
    if _is_image(x):
        _grid(oled, x)
        return
    text = str(x)
    oled.fill(0)
    _text(oled, text[:5], max(0, (oled.width - 24 * len(text[:5])) // 2))
    oled.show()


def scroll(text):
    oled = _screen()
    text = str(text)
    for x in range(oled.width, -24 * len(text) - 1, -6):
        oled.fill(0)
        _text(oled, text, x)
        oled.show()
        time.sleep_ms(40)
    clear()


def set_pixel(x, y, v):
    # one cell of the 5x5 grid _grid draws (lit or dark: the screen has no levels)
    oled = _screen()
    cell = (min(oled.width, oled.height) - 4) // 5
    x0, y0 = (oled.width - 5 * cell) // 2, (oled.height - 5 * cell) // 2
    oled.fill_rect(x0 + x * cell + 1, y0 + y * cell + 1, cell - 2, cell - 2, 1 if v else 0)
    oled.show()


def clear():
    oled = _screen()
    oled.fill(0)
    oled.show()


def arrow(i):
    from kit.images import ARROWS

    show(ARROWS[i])


def image(name):
    import kit.images as images

    return getattr(images, name)


# -- buttons ------------------------------------------------------------------------------------
class _Button:
    def __init__(self, pin):
        a, b, pull, active_low = _c.BUTTONS
        self._down = 0 if active_low else 1
        self._pin = Pin(pin, Pin.IN, Pin.PULL_UP if pull == 1 else Pin.PULL_DOWN if pull == 2
                        else None)  # fmt: skip
        self._presses = 0
        self._pin.irq(self._irq, Pin.IRQ_FALLING if active_low else Pin.IRQ_RISING)

    def _irq(self, _pin):
        self._presses += 1

    def is_pressed(self):
        """True while the button is held down."""
        return self._pin.value() == self._down

    def was_pressed(self):
        """True if the button was pressed since the last time you asked."""
        n, self._presses = self._presses, 0
        return n > 0


button_a = _Button(_c.BUTTONS[0])
button_b = _Button(_c.BUTTONS[1])


# -- motion, door, environment ------------------------------------------------------------------
# the last strength read, and whether the board was being shaken then: like micro:bit's
# gesture, one shake (however many jolts it has) answers True once, when it starts
_last_g = [1000, False]


def acceleration():
    # the chip reads gravity's reaction (flat, face up: z = +1000 mg); the kit, like micro:bit,
    # gives the vector pointing down (flat, face up: z = -1000)
    x, y, z = _sensor("accelerometer").acceleration()
    return (-x, -y, -z)


def was_shaken():
    x, y, z = acceleration()
    g = (x * x + y * y + z * z) ** 0.5
    jolt = abs(g - 1000) > 1000 or abs(g - _last_g[0]) > 1000
    shaken = jolt and not _last_g[1]
    _last_g[0], _last_g[1] = g, jolt
    return shaken


_door = None


def door_open():
    global _door
    pin, pull = _c.DOOR
    if _door is None:
        _door = Pin(pin, Pin.IN, Pin.PULL_UP if pull == 1 else Pin.PULL_DOWN)
    # the reed switch closes when the door's magnet is near: the pin then reads the other level
    return _door.value() == (1 if pull == 1 else 0)


def temperature():
    return _sensor("pressure").temperature()


def pressure():
    return _sensor("pressure").pressure()


def humidity():
    return _sensor("humidity").humidity()


def analog(pin):
    """A reader of GPIO `pin`'s voltage, 0.0-1.0 of 3.3 V (Grove analog modules)."""
    from machine import ADC

    try:  # an ESP32 reads 0-1.1 V unless told the module gives up to 3.3 V (11 dB)
        a = ADC(Pin(pin), atten=ADC.ATTN_11DB)
    except AttributeError:  # other boards read 0-3.3 V and have no attenuation
        a = ADC(Pin(pin))
    return lambda: a.read_u16() / 65535


# -- the radio: ESP-NOW between ESP32s, a broadcast whose first bytes say "kit" and the group --
_BROADCAST = b"\xff" * 6
_now = []  # [the ESPNow object, group]


def _air():
    if not _now:
        try:
            import espnow
            import network
        except ImportError:
            raise RuntimeError(
                "pas de radio sur %s / no radio on %s" % (_c.BOARD, _c.BOARD)
            ) from None
        network.WLAN(network.STA_IF).active(True)  # ESP-NOW needs the Wi-Fi interface up
        e = espnow.ESPNow()
        e.active(True)
        try:
            e.add_peer(_BROADCAST)
        except OSError:  # already there (the program set ESP-NOW up itself)
            pass
        _now.extend((e, 0))
    return _now[0]


def radio_group(n):
    _air()
    _now[1] = n


def radio_send(data, text):
    _air().send(_BROADCAST, b"kit" + bytes((_now[1], text)) + data[:245], False)


def radio_receive():
    e = _air()
    while e.any():
        _mac, m = e.recv(0)
        if m and m[:3] == b"kit" and m[3] == _now[1]:
            return m[5:]
    return None
