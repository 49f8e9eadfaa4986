# The `microbit` module of a simulated BBC micro:bit V2 (MicroPython code, runs in the VM).
# Same names and behaviour as the micro:bit MicroPython V2 documentation; the hardware behind
# each call lives on the host (atelier/sim/microbit.py), reached through _simhost.
import _sim_audio as audio  # microbit.audio on V2
import _simhost
import _simproto as _P
import _simtime
import mbdata as _mbdata
from _simtime import _sleep_any

audio.__name__ = "audio"  # the board's module, as `import audio` names it (no file either)
try:
    del audio.__file__
except KeyError:  # gone already (MicroPython raises KeyError for a module's missing name)
    pass

_call = _simhost.call
_send = _simhost.send


class Image:
    """A picture for the 5x5 display: brightness 0 (off) to 9 (brightest)."""

    def __init__(self, *args):
        self._ro = False
        if not args:
            self._w, self._h = 5, 5
            self._px = bytearray(25)
        elif isinstance(args[0], str):
            rows = args[0].replace("\n", ":").rstrip(":").split(":")
            self._w = max(len(r) for r in rows) if rows else 0
            self._h = len(rows)
            self._px = bytearray(self._w * self._h)
            for y, row in enumerate(rows):
                for x, ch in enumerate(row):
                    v = ord(ch) - 48
                    if v < 0 or v > 9:
                        v = 0 if ch == " " else -1
                    if v < 0:
                        raise ValueError("unexpected character in Image definition")
                    self._px[y * self._w + x] = v
        else:
            w, h = args[0], args[1]
            if w < 0 or h < 0:
                raise ValueError("image size must be positive")
            self._w, self._h = w, h
            if len(args) > 2:
                buf = args[2]
                if len(buf) != w * h:
                    raise ValueError("image data is incorrect size")
                self._px = bytearray(buf)
                for v in self._px:
                    if v > 9:
                        raise ValueError("brightness out of bounds")
            else:
                self._px = bytearray(w * h)

    def width(self):
        return self._w

    def height(self):
        return self._h

    def get_pixel(self, x, y):
        if x < 0 or y < 0:
            raise ValueError("index cannot be negative")
        if x >= self._w or y >= self._h:
            raise ValueError("index too large")
        return self._px[y * self._w + x]

    def set_pixel(self, x, y, value):
        if self._ro:
            raise TypeError("This image cannot be modified. Try copying it first.")
        if x < 0 or y < 0:
            raise ValueError("index cannot be negative")
        if x >= self._w or y >= self._h:
            raise ValueError("index too large")
        if value < 0 or value > 9:
            raise ValueError("brightness out of bounds")
        self._px[y * self._w + x] = value

    def fill(self, value):
        if self._ro:
            raise TypeError("This image cannot be modified. Try copying it first.")
        if value < 0 or value > 9:
            raise ValueError("brightness out of bounds")
        for i in range(len(self._px)):
            self._px[i] = value

    def copy(self):
        return Image(self._w, self._h, self._px)

    def invert(self):
        return Image(self._w, self._h, bytes(9 - v for v in self._px))

    def crop(self, x, y, w, h):
        out = Image(w, h)
        for j in range(h):
            for i in range(w):
                sx, sy = x + i, y + j
                if 0 <= sx < self._w and 0 <= sy < self._h:
                    out._px[j * w + i] = self._px[sy * self._w + sx]
        return out

    def shift_left(self, n):
        return self.crop(n, 0, self._w, self._h)

    def shift_right(self, n):
        return self.crop(-n, 0, self._w, self._h)

    def shift_up(self, n):
        return self.crop(0, n, self._w, self._h)

    def shift_down(self, n):
        return self.crop(0, -n, self._w, self._h)

    def blit(self, src, x, y, w, h, *dest):
        if self._ro:
            raise TypeError("This image cannot be modified. Try copying it first.")
        if not isinstance(src, Image):
            raise TypeError("expecting an image")
        if len(dest) == 1:
            raise TypeError("must specify both offsets")
        if w < 0 or h < 0:
            raise ValueError("size cannot be negative")
        xdest, ydest = dest if dest else (0, 0)
        if src is self:  # the board copies as memmove does: what it reads is the image before
            src = self.copy()
        for j in range(h):
            for i in range(w):
                sx, sy, dx, dy = x + i, y + j, xdest + i, ydest + j
                if 0 <= dx < self._w and 0 <= dy < self._h:
                    v = 0
                    if 0 <= sx < src._w and 0 <= sy < src._h:
                        v = src._px[sy * src._w + sx]
                    self._px[dy * self._w + dx] = v

    def __add__(self, other):
        if self._w != other._w or self._h != other._h:
            raise ValueError("images must be the same size")
        return Image(self._w, self._h, bytes(min(9, a + b) for a, b in zip(self._px, other._px)))

    def __mul__(self, k):
        if k < 0:
            raise ValueError("brightness multiplier must not be negative")
        return Image(self._w, self._h, bytes(min(9, int(v * k + 0.5)) for v in self._px))

    def __sub__(self, other):
        if self._w != other._w or self._h != other._h:
            raise ValueError("images must be the same size")
        return Image(self._w, self._h, bytes(max(0, a - b) for a, b in zip(self._px, other._px)))

    def __truediv__(self, k):
        return self * (1 / k)

    def __eq__(self, other):
        return (
            isinstance(other, Image)
            and self._w == other._w
            and self._h == other._h
            and self._px == other._px
        )

    def _rows(self):
        return [
            "".join(str(self._px[y * self._w + x]) for x in range(self._w)) for y in range(self._h)
        ]

    def __repr__(self):
        return "Image('" + "".join(r + ":" for r in self._rows()) + "')"

    def __str__(self):
        return "Image(\n" + "".join("    '" + r + ":'\n" for r in self._rows()) + ")"

    def _digits25(self):
        # what the 5x5 display shows of this image: its top-left corner
        out = ""
        for y in range(5):
            for x in range(5):
                out += str(self._px[y * self._w + x]) if x < self._w and y < self._h else "0"
        return out


def _constant_images():
    # The built-in images are ROM on the board. Made here, they must not leave holes all over
    # the heap (a program's big bytearray would find no room): first every image's pixels,
    # then, after a collection, the images themselves, one next to the other.
    import gc

    pixels = [
        (n, bytes(ord(c) - 48 for c in _mbdata.IMAGES[n] if c != ":")) for n in _mbdata.IMAGES
    ]
    gc.collect()
    for name, px in pixels:
        img = Image(5, 5, px)
        img._ro = True
        setattr(Image, name, img)


_constant_images()
Image.ALL_CLOCKS = [getattr(Image, _n) for _n in _mbdata.ALL_CLOCKS]
Image.ALL_ARROWS = [getattr(Image, _n) for _n in _mbdata.ALL_ARROWS]


def _frame(item):
    if isinstance(item, Image):
        return ["i", item._digits25()]
    if isinstance(item, str) and len(item) == 1:
        return ["c", item]
    raise TypeError("not an image")


class MicroBitDisplay:
    def show(self, image, delay=400, *, wait=True, loop=False, clear=False):
        """Show an image, a number or text (one character after another)."""
        if isinstance(image, Image) and not clear and not loop:
            _send(_P.DISPLAY_SHOW_IMAGE, image._digits25())
            return
        if isinstance(image, (int, float)):
            image = str(image)
        if isinstance(image, Image):
            frames = [_frame(image)]
        else:
            frames = [_frame(c) for c in image]
        _call(_P.DISPLAY_SHOW, _simhost.dumps([frames, delay, wait, loop, clear]))

    def scroll(self, text, delay=150, *, wait=True, loop=False, monospace=False):
        """Scroll text (or a number) across the display from right to left."""
        _call(_P.DISPLAY_SCROLL, _simhost.dumps([str(text), delay, wait, loop, monospace]))

    def clear(self):
        _send(_P.DISPLAY_CLEAR)

    def set_pixel(self, x, y, value):
        if not (0 <= x < 5 and 0 <= y < 5):
            raise ValueError("index out of bounds")
        if not 0 <= value <= 9:
            raise ValueError("brightness out of bounds")
        _send(_P.DISPLAY_SET_PIXEL, "%d %d %d" % (x, y, value))

    def get_pixel(self, x, y):
        if not (0 <= x < 5 and 0 <= y < 5):
            raise ValueError("index out of bounds")
        return int(_call(_P.DISPLAY_GET_PIXEL, "%d %d" % (x, y)))

    def get_image(self):
        d = _call(_P.DISPLAY_READ)
        return Image(":".join(d[i : i + 5] for i in range(0, 25, 5)))

    def on(self):
        for p in _DISPLAY_PINS:  # the display takes its pins back (microbit_display.c)
            p._acquire("display")
        _send(_P.DISPLAY_SET_ON, "1")

    def off(self):
        for p in _DISPLAY_PINS:  # and frees them: they can be used as pins now
            p._mode = "unused"
        _send(_P.DISPLAY_SET_ON, "0")

    def is_on(self):
        return _call(_P.DISPLAY_IS_ON) == "1"

    def read_light_level(self):
        return int(_call(_P.LIGHT_LEVEL))


display = MicroBitDisplay()  # the type is named as the firmware names it, not exported
del MicroBitDisplay


class MicroBitButton:
    def __init__(self, name):
        self._n = name

    def is_pressed(self):
        return _call(_P.BUTTON_IS_PRESSED, self._n) == "1"

    def was_pressed(self):
        return _call(_P.BUTTON_WAS_PRESSED, self._n) == "1"

    def get_presses(self):
        return int(_call(_P.BUTTON_PRESSES, self._n))


button_a = MicroBitButton("A")
button_b = MicroBitButton("B")
del MicroBitButton


class _Axes:
    # get_x/get_y/get_z of a three-axis sensor, from its _values()
    def _values(self):
        x, y, z = _call(self._op).split()
        return (int(x), int(y), int(z))

    def get_x(self):
        return self._values()[0]

    def get_y(self):
        return self._values()[1]

    def get_z(self):
        return self._values()[2]


class MicroBitAccelerometer(_Axes):
    _op = _P.ACCEL_VALUES

    def get_values(self):
        return self._values()

    def get_strength(self):
        x, y, z = self.get_values()
        return int((x * x + y * y + z * z) ** 0.5)

    def current_gesture(self):
        return _call(_P.GESTURE_CURRENT)

    def is_gesture(self, name):
        return _call(_P.GESTURE_IS, name) == "1"

    def was_gesture(self, name):
        return _call(_P.GESTURE_WAS, name) == "1"

    def get_gestures(self):
        return tuple(_simhost.loads(_call(_P.GESTURE_HISTORY)))

    def set_range(self, value):
        pass


accelerometer = MicroBitAccelerometer()
del MicroBitAccelerometer


class MicroBitCompass(_Axes):
    _op = _P.COMPASS_VALUES

    def heading(self):
        return int(_call(_P.COMPASS_HEADING))  # the host calibrates first if needed

    def get_field_strength(self):
        return int(_call(_P.COMPASS_STRENGTH))

    def calibrate(self):
        _call(_P.COMPASS_CALIBRATE)

    def is_calibrated(self):
        return _call(_P.COMPASS_IS_CALIBRATED) == "1"

    def clear_calibration(self):
        _send(_P.COMPASS_CLEAR_CALIBRATION)


compass = MicroBitCompass()
del MicroBitCompass


# What each pin is used for (microbit_pinmode.c): a pin the board holds (display, buttons,
# I2C) refuses other uses, "Pin 3 in display mode"; the others take the mode of their last use.
_HELD = ("display", "button", "i2c", "spi")


class _Pin:
    def __init__(self, n, touch=None, mode="unused"):
        self._n = n
        self._touch = touch
        self._mode = mode

    def _number(self):
        return 30 if self._n == -1 else 31 if self._n == -2 else self._n

    def _acquire(self, mode):
        if self._mode == "button" and mode == "read_digital":
            return
        if self._mode != mode:
            if self._mode in _HELD:
                self._held()
            self._mode = mode

    def _held(self):
        raise ValueError("Pin %d in %s mode" % (self._number(), self._mode))

    def read_digital(self):
        self._acquire("read_digital")
        return int(_call(_P.EDGE_PIN_READ, "d %d" % self._n))

    def write_digital(self, value):
        value = int(value)
        if value >> 1:
            raise ValueError("value must be 0 or 1")
        self._acquire("write_digital")
        _send(_P.EDGE_PIN_WRITE, "d %d %d" % (self._n, value))

    def write_analog(self, value):
        if isinstance(value, float):
            value = int(value + 0.5)
        if not 0 <= value <= 1023:
            raise ValueError("value must be between 0 and 1023")
        self._acquire("write_analog")
        _send(_P.EDGE_PIN_WRITE, "a %d %d" % (self._n, value))
        if value == 0:
            self._acquire("unused")

    def set_analog_period(self, period):
        self.set_analog_period_microseconds(period * 1000)

    def set_analog_period_microseconds(self, period):
        _send(_P.EDGE_PIN_PERIOD, "%d %d" % (self._n, period))

    def get_analog_period_microseconds(self):
        return 20000

    def set_pull(self, value):
        self._acquire("read_digital")

    def get_pull(self):
        if self._mode not in ("read_digital", "button"):
            self._held()
        return 0

    def get_mode(self):
        """What the pin is used for now: "unused", "write_digital", "read_digital", "touch"..."""
        return self._mode

    PULL_UP = 1
    PULL_DOWN = 2
    NO_PULL = 0


# The board's four pin types (src/codal_port/microbit_pin.c): what a pin can do and the name
# its errors and repr() give ('MicroBitDigitalPin' object has no attribute 'read_analog').
def _read_analog(self):
    self._acquire("unused")
    return int(_call(_P.EDGE_PIN_READ, "a %d" % self._n))


def _is_touched(self):
    if self._mode not in ("touch", "button"):
        self._acquire("touch")
    return _call(_P.PAD_IS_TOUCHED, self._touch) == "1"


def _set_touch_mode(self, value):
    if self._mode not in ("touch", "button"):
        self._acquire("touch")


class MicroBitDigitalPin(_Pin):
    pass


class MicroBitAnalogDigitalPin(_Pin):
    read_analog = _read_analog


class MicroBitTouchPin(_Pin):
    read_analog = _read_analog
    is_touched = _is_touched
    set_touch_mode = _set_touch_mode
    RESISTIVE = 0
    CAPACITIVE = 1


class MicroBitTouchOnlyPin:
    # the logo: touch only (no digital or analog methods, no pulls, no get_mode)
    def __init__(self, n, touch):
        self._n = n
        self._touch = touch
        self._mode = "unused"

    def _acquire(self, mode):
        self._mode = mode

    is_touched = _is_touched
    set_touch_mode = _set_touch_mode
    RESISTIVE = 0
    CAPACITIVE = 1


pin0 = MicroBitTouchPin(0, "P0")
pin1 = MicroBitTouchPin(1, "P1")
pin2 = MicroBitTouchPin(2, "P2")
pin3 = MicroBitAnalogDigitalPin(3, mode="display")
pin4 = MicroBitAnalogDigitalPin(4, mode="display")
pin5 = MicroBitDigitalPin(5, mode="button")
pin6 = MicroBitDigitalPin(6, mode="display")
pin7 = MicroBitDigitalPin(7, mode="display")
pin8 = MicroBitDigitalPin(8)
pin9 = MicroBitDigitalPin(9)
pin10 = MicroBitAnalogDigitalPin(10, mode="display")
pin11 = MicroBitDigitalPin(11, mode="button")
pin12 = MicroBitDigitalPin(12)
pin13 = MicroBitDigitalPin(13)
pin14 = MicroBitDigitalPin(14)
pin15 = MicroBitDigitalPin(15)
pin16 = MicroBitDigitalPin(16)
pin19 = MicroBitDigitalPin(19, mode="i2c")
pin20 = MicroBitDigitalPin(20, mode="i2c")
pin_logo = MicroBitTouchOnlyPin(-1, "logo")
pin_speaker = MicroBitDigitalPin(-2)
_DISPLAY_PINS = (pin3, pin4, pin6, pin7, pin10)
_audio_routed = [None]  # the pin music, audio and speech play on besides the speaker
DEFAULT_AUDIO_PIN = "pin0"  # what music/audio/speech take when no pin is given


def _audio_pin(select, mode):
    # the pin given to music.play(pin=...), audio.play(pin=...): it takes `mode` ("music",
    # "audio"); the pin used before is freed (microbit_pinaudio.c); None is no pin at all
    if select == DEFAULT_AUDIO_PIN:
        select = pin0
    if select is pin_speaker:
        raise ValueError("pin_speaker not allowed")
    if select is not None and not isinstance(select, _Pin):
        raise TypeError("expecting a pin")
    old = _audio_routed[0]
    if select is not old:
        if old is not None:
            old._mode = "unused"
        _audio_routed[0] = select
        if select is not None:
            select._acquire(mode)
    elif select is not None:
        select._mode = mode


class _I2C:
    # microbit.i2c, loaded on first use (_sim_mbi2c.py): the V1's heap is small
    def __getattr__(self, name):
        import _sim_mbi2c

        return getattr(_sim_mbi2c, name)


i2c = _I2C()


class MicroBitUART:
    # microbit.uart, loaded on first use (_sim_mbuart.py): the V1's heap is small
    def __getattr__(self, name):
        import _sim_mbuart

        return getattr(_sim_mbuart, name)


uart = MicroBitUART()
del MicroBitUART


class MicroBitSpeakerPin:
    def on(self):
        _send(_P.SPEAKER_SET_ON, "1")

    def off(self):
        _send(_P.SPEAKER_SET_ON, "0")

    def is_on(self):
        return _call(_P.SPEAKER_IS_ON) == "1"


speaker = MicroBitSpeakerPin()
del MicroBitSpeakerPin


class MicroBitSoundEvent:
    """A microphone event: SoundEvent.LOUD or SoundEvent.QUIET."""

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return "SoundEvent('%s')" % self._name


MicroBitSoundEvent.LOUD = MicroBitSoundEvent("loud")
MicroBitSoundEvent.QUIET = MicroBitSoundEvent("quiet")
SoundEvent = MicroBitSoundEvent
_EVENTS = {"loud": SoundEvent.LOUD, "quiet": SoundEvent.QUIET}


def _event_name(event):
    if event is SoundEvent.LOUD or event is SoundEvent.QUIET:
        return event._name
    raise ValueError("invalid sound")


class MicroBitMicrophone:
    # events come from the host's level detector (components/sound.py), as CODAL's does
    def sound_level(self):
        _send(_P.MIC_CURRENT)  # starts the microphone and its level detector, as on the board
        return int(_call(_P.SOUND_LEVEL))

    def current_event(self):
        return _EVENTS[_call(_P.MIC_CURRENT)]

    def was_event(self, event):
        return _call(_P.MIC_WAS_EVENT, _event_name(event)) == "1"

    def is_event(self, event):
        return _event_name(event) == _call(_P.MIC_CURRENT)

    def get_events(self):
        return tuple(_EVENTS[n] for n in _simhost.loads(_call(_P.MIC_EVENTS)))

    def set_threshold(self, event, value):
        name = _event_name(event)
        if not isinstance(value, int):
            raise TypeError("can't convert %s to int" % type(value).__name__)
        _send(_P.MIC_SET_THRESHOLD, "%s %d" % (name, value))


microphone = MicroBitMicrophone()
del MicroBitMicrophone
Sound = audio.MicroBitSound


_in_callbacks = [False]


class _RunEvery:
    # what run_every(...) gives: call it with a function (or use it as a decorator) to start
    def __init__(self, period_ms):
        self._ms = period_ms
        self._fn = None

    def __call__(self, fn):
        self._fn = fn
        _simtime.add_timer(self, self._ms * 1000, True, _run_every_tick, False)
        _next_due()
        return self


def _run_every_tick(timer):
    # one callback at a time: another that falls due meanwhile waits for this one to end
    busy, _in_callbacks[0] = _in_callbacks[0], True
    try:
        timer._fn()
    finally:
        _in_callbacks[0] = busy
    _next_due()


def _next_due():
    # tell the host when the next callback is due, so that a busy loop runs it too
    timers = _simtime._timers
    _send(_P.TIMER_DUE, "%d" % (min(t[0] for t in timers) if timers else -1))


def _run_due(names):
    # the host says a callback fell due while the program was busy: run it now, between two
    # calls, as the board's scheduler does between two bytecodes
    if _in_callbacks[0]:
        return
    _in_callbacks[0] = True
    try:
        _simtime.sleep_us(0)  # runs the callbacks that are due
    finally:
        _in_callbacks[0] = False
    _next_due()


_simhost.irq_hook = _run_due


def _stop_run_every():
    # main.py returned: the runtime stops its background timers before the REPL (V2's
    # src/codal_port/main.c, microbit_soft_timer_deinit after the script)
    for t in [t for t in _simtime._timers if isinstance(t[4], _RunEvery)]:
        _simtime._timers.remove(t)
    _next_due()


_simtime.main_ended.append(_stop_run_every)


def run_every(callback=None, *, days=0, h=0, min=0, s=0, ms=0):
    """Call `callback` every period (days, h, min, s, ms) while the program runs (V2)."""
    for v in (days, h, min, s, ms):
        if not isinstance(v, int):
            raise TypeError("can't convert %s to int" % type(v).__name__)
    timer = _RunEvery((((days * 24 + h) * 60 + min) * 60 + s) * 1000 + ms)
    return timer if callback is None else timer(callback)


def sleep(ms):
    """Wait for `ms` milliseconds (floats allowed, as on the board)."""
    _sleep_any(ms * 1000)


def running_time():
    """Milliseconds since the board started."""
    return int(_call(_P.RUNNING_TIME))


def temperature():
    """Temperature in °C."""
    return int(_call(_P.TEMPERATURE))


def panic(n=0):
    _call(_P.PANIC, "%d" % n)


def reset():
    _simhost.flush()
    _simhost.call(_P.RESET)  # the host restarts the board
    raise SystemExit(0)


def set_volume(v):
    _send(_P.SET_VOLUME, "%d" % max(0, min(255, v)))


def scale(value, from_, to):
    """`value` from the range `from_` to the range `to` (an int, rounded, unless `to` holds a
    float)."""
    a, b = from_
    c, d = to
    r = (value - a) / (b - a) * (d - c) + c
    return r if isinstance(c, float) or isinstance(d, float) else round(r)
