# The `microbit` module of a simulated BBC micro:bit V2 (MicroPython code, runs in the VM).
# Same names and behaviour as the micro:bit MicroPython V2 documentation; the hardware behind
# each call lives on the host (atelier/sim/microbit.py), reached through _simhost.
import _sim_audio as audio  # noqa: F401 - microbit.audio on V2
import _simhost
import _simproto as P
import mbdata as _mbdata
from _simtime import _sleep_any

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

    def blit(self, src, x, y, w, h, xdest=0, ydest=0):
        if self._ro:
            raise TypeError("This image cannot be modified. Try copying it first.")
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


for _name in _mbdata.IMAGES:
    _img = Image(_mbdata.IMAGES[_name])
    _img._ro = True
    setattr(Image, _name, _img)
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
            _send(P.DISPLAY_SHOW_IMAGE, image._digits25())
            return
        if isinstance(image, (int, float)):
            image = str(image)
        if isinstance(image, Image):
            frames = [_frame(image)]
        else:
            frames = [_frame(c) for c in image]
        _call(P.DISPLAY_SHOW, _simhost.dumps([frames, delay, wait, loop, clear]))

    def scroll(self, text, delay=150, *, wait=True, loop=False, monospace=False):
        """Scroll text (or a number) across the display from right to left."""
        _call(P.DISPLAY_SCROLL, _simhost.dumps([str(text), delay, wait, loop, monospace]))

    def clear(self):
        _send(P.DISPLAY_CLEAR)

    def set_pixel(self, x, y, value):
        if not (0 <= x < 5 and 0 <= y < 5):
            raise ValueError("index out of bounds")
        if not 0 <= value <= 9:
            raise ValueError("brightness out of bounds")
        _send(P.DISPLAY_SET_PIXEL, "%d %d %d" % (x, y, value))

    def get_pixel(self, x, y):
        if not (0 <= x < 5 and 0 <= y < 5):
            raise ValueError("index out of bounds")
        return int(_call(P.DISPLAY_GET_PIXEL, "%d %d" % (x, y)))

    def get_image(self):
        d = _call(P.DISPLAY_READ)
        return Image(":".join(d[i : i + 5] for i in range(0, 25, 5)))

    def on(self):
        _send(P.DISPLAY_SET_ON, "1")

    def off(self):
        _send(P.DISPLAY_SET_ON, "0")

    def is_on(self):
        return _call(P.DISPLAY_IS_ON) == "1"

    def read_light_level(self):
        return int(_call(P.LIGHT_LEVEL))


display = MicroBitDisplay()  # the type is named as the firmware names it, not exported
del MicroBitDisplay


class MicroBitButton:
    def __init__(self, name):
        self._n = name

    def is_pressed(self):
        return _call(P.BUTTON_IS_PRESSED, self._n) == "1"

    def was_pressed(self):
        return _call(P.BUTTON_WAS_PRESSED, self._n) == "1"

    def get_presses(self):
        return int(_call(P.BUTTON_PRESSES, self._n))


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
    _op = P.ACCEL_VALUES

    def get_values(self):
        return self._values()

    def get_strength(self):
        x, y, z = self.get_values()
        return int((x * x + y * y + z * z) ** 0.5)

    def current_gesture(self):
        return _call(P.GESTURE_CURRENT)

    def is_gesture(self, name):
        return _call(P.GESTURE_IS, name) == "1"

    def was_gesture(self, name):
        return _call(P.GESTURE_WAS, name) == "1"

    def get_gestures(self):
        return tuple(_simhost.loads(_call(P.GESTURE_HISTORY)))

    def set_range(self, value):
        pass


accelerometer = MicroBitAccelerometer()
del MicroBitAccelerometer


class MicroBitCompass(_Axes):
    _op = P.COMPASS_VALUES

    def heading(self):
        return int(_call(P.COMPASS_HEADING))  # the host calibrates first if needed

    def get_field_strength(self):
        return int(_call(P.COMPASS_STRENGTH))

    def calibrate(self):
        _call(P.COMPASS_CALIBRATE)

    def is_calibrated(self):
        return _call(P.COMPASS_IS_CALIBRATED) == "1"

    def clear_calibration(self):
        _send(P.COMPASS_CLEAR_CALIBRATION)


compass = MicroBitCompass()
del MicroBitCompass


class _Pin:
    def __init__(self, n, touch=None):
        self._n = n
        self._touch = touch

    def read_digital(self):
        return int(_call(P.EDGE_PIN_READ, "d %d" % self._n))

    def write_digital(self, value):
        _send(P.EDGE_PIN_WRITE, "d %d %d" % (self._n, 1 if value else 0))

    def read_analog(self):
        return int(_call(P.EDGE_PIN_READ, "a %d" % self._n))

    def write_analog(self, value):
        if not 0 <= value <= 1023:
            raise ValueError("value must be between 0 and 1023")
        _send(P.EDGE_PIN_WRITE, "a %d %d" % (self._n, value))

    def set_analog_period(self, period):
        pass

    def set_analog_period_microseconds(self, period):
        pass

    def get_analog_period_microseconds(self):
        return 20000

    def is_touched(self):
        if self._touch is None:
            raise TypeError("Pin %d has no touch capability" % self._n)
        return _call(P.PAD_IS_TOUCHED, self._touch) == "1"

    def set_touch_mode(self, value):
        pass

    def set_pull(self, value):
        pass

    def get_pull(self):
        return 0

    def get_mode(self):
        return "unused"

    PULL_UP = 1
    PULL_DOWN = 2
    NO_PULL = 0
    RESISTIVE = 0
    CAPACITIVE = 1


pin0 = _Pin(0, "P0")
pin1 = _Pin(1, "P1")
pin2 = _Pin(2, "P2")
pin3 = _Pin(3)
pin4 = _Pin(4)
pin5 = _Pin(5)
pin6 = _Pin(6)
pin7 = _Pin(7)
pin8 = _Pin(8)
pin9 = _Pin(9)
pin10 = _Pin(10)
pin11 = _Pin(11)
pin12 = _Pin(12)
pin13 = _Pin(13)
pin14 = _Pin(14)
pin15 = _Pin(15)
pin16 = _Pin(16)
pin19 = _Pin(19)
pin20 = _Pin(20)
pin_logo = _Pin(-1, "logo")
pin_speaker = _Pin(-2)


class MicroBitSpeakerPin:
    def on(self):
        _send(P.SPEAKER_SET_ON, "1")

    def off(self):
        _send(P.SPEAKER_SET_ON, "0")

    def is_on(self):
        return _call(P.SPEAKER_IS_ON) == "1"


speaker = MicroBitSpeakerPin()
del MicroBitSpeakerPin


class MicroBitMicrophone:
    def sound_level(self):
        return int(_call(P.SOUND_LEVEL))

    def current_event(self):
        return None

    def was_event(self, event):
        return False

    def is_event(self, event):
        return False

    def get_events(self):
        return ()

    def set_threshold(self, event, value):
        pass


microphone = MicroBitMicrophone()
del MicroBitMicrophone


class SoundEvent:
    LOUD = "loud"
    QUIET = "quiet"


class Sound:
    GIGGLE = "giggle"
    HAPPY = "happy"
    HELLO = "hello"
    MYSTERIOUS = "mysterious"
    SAD = "sad"
    SLIDE = "slide"
    SOARING = "soaring"
    SPRING = "spring"
    TWINKLE = "twinkle"
    YAWN = "yawn"


def sleep(ms):
    """Wait for `ms` milliseconds (floats allowed, as on the board)."""
    _sleep_any(ms * 1000)


def running_time():
    """Milliseconds since the board started."""
    return int(_call(P.RUNNING_TIME))


def temperature():
    """Temperature in °C."""
    return int(_call(P.TEMPERATURE))


def panic(n=0):
    _call(P.PANIC, "%d" % n)


def reset():
    _simhost.flush()
    _simhost.call(P.RESET)  # the host restarts the board
    raise SystemExit(0)


def set_volume(v):
    _send(P.SET_VOLUME, "%d" % max(0, min(255, v)))


def scale(value, from_, to):
    a, b = from_
    c, d = to
    r = c + (value - a) * (d - c) / (b - a)
    return int(r) if isinstance(value, int) and isinstance(c, int) and isinstance(d, int) else r
