# `audio` of a simulated micro:bit V2, as runtime 2.1.2 has it (codal_port/modaudio.c,
# microbit_soundeffect.c, microbit_sound.c): sound expressions (the built-in sounds and
# SoundEffect) play on the host's speaker for their duration; AudioFrames are taken from their
# source one every 32 samples at 7812 Hz (4.096 ms), as the board's audio fetcher takes them.
import _simhost
import _simproto as _P
import _simtime

_FRAME_US = 32 * 1000000 // 7812  # one AudioFrame of 32 samples at the default rate

# The built-in sounds and how long they play (ms): the sum of the durations of the effects in
# CODAL's expression for each (codal-microbit-v2 source/SoundExpressions.cpp).
_BUILT_IN = (
    ("giggle", 1491),
    ("happy", 1259),
    ("hello", 506),
    ("mysterious", 4181),
    ("sad", 1644),
    ("slide", 1133),
    ("soaring", 8039),
    ("spring", 2326),
    ("twinkle", 6722),
    ("yawn", 2812),
)


class MicroBitSound:
    """A built-in sound: microbit.Sound.HAPPY ..."""

    def __init__(self, name, ms):
        self._name = name
        self._ms = ms

    def __repr__(self):
        return "Sound('%s')" % self._name


for _n, _ms in _BUILT_IN:
    setattr(MicroBitSound, _n.upper(), MicroBitSound(_n, _ms))


# -- SoundEffect: the 72 digits of a CODAL sound expression, each field at its place ----------
_LENGTH = 72
# field -> (offset, digits)
_FIELDS = {
    "waveform": (0, 1),
    "vol_start": (1, 4),
    "freq_start": (5, 4),
    "duration": (9, 4),
    "shape": (13, 2),
    "freq_end": (18, 4),
    "vol_end": (26, 4),
    "steps": (30, 4),
    "fx": (34, 2),
    "fx_param": (36, 4),
    "fx_steps": (40, 4),
}
_WAVEFORMS = ("WAVEFORM_SINE", "WAVEFORM_SAWTOOTH", "WAVEFORM_TRIANGLE", "WAVEFORM_SQUARE",
              "WAVEFORM_NOISE")  # fmt: skip
_FX = ("FX_NONE", "FX_VIBRATO", "FX_TREMOLO", "FX_WARBLE")
_SHAPES = {1: "SHAPE_LINEAR", 2: "SHAPE_CURVE", 18: "SHAPE_LOG"}


def _int(value):
    if not isinstance(value, int):
        if isinstance(value, float):
            raise TypeError("can't convert float to int")
        raise TypeError("can't convert %s to int" % type(value).__name__)
    return value & 0xFFFFFFFF  # the board keeps it unsigned: -1 is too big, not negative


class MicroBitSoundEffect:
    """audio.SoundEffect: a sound expression to play; every field can be changed."""

    WAVEFORM_SINE = 0
    WAVEFORM_SAWTOOTH = 1
    WAVEFORM_TRIANGLE = 2
    WAVEFORM_SQUARE = 3
    WAVEFORM_NOISE = 4
    SHAPE_LINEAR = 1
    SHAPE_CURVE = 2
    SHAPE_LOG = 18
    FX_NONE = 0
    FX_TREMOLO = 2
    FX_VIBRATO = 1
    FX_WARBLE = 3

    def __init__(self, freq_start=500, freq_end=2500, duration=500, vol_start=255, vol_end=0,
                 waveform=WAVEFORM_SQUARE, fx=FX_NONE, shape=SHAPE_LOG):  # fmt: skip
        self._expr = bytearray(b"0" * _LENGTH)
        self._put("steps", 128)
        self._put("fx_param", 1)
        self._put("fx_steps", 24)
        self._put("freq_start", freq_start)
        self._put("freq_end", freq_end)
        self._put("duration", duration)
        self._put("vol_start", vol_start)
        self._put("vol_end", vol_end)
        self._put("waveform", waveform)
        self._put("fx", fx)
        self._put("shape", shape)

    def _put(self, field, value):
        offset, length = _FIELDS[field]
        value = _int(value)
        if field in ("vol_start", "vol_end"):
            if value > 255:
                raise ValueError("maximum value is 255")
            value = (value * 1023 + 127) // 255  # the expression's volume is 0-1023
        digits = bytearray(length)
        for i in range(length - 1, -1, -1):
            digits[i] = 48 + value % 10
            value //= 10
        if value:
            raise ValueError("maximum value is " + "9999"[: min(length, 4)])
        self._expr[offset : offset + length] = digits

    def _get(self, field):
        offset, length = _FIELDS[field]
        value = int(bytes(self._expr[offset : offset + length]))
        if field in ("vol_start", "vol_end"):
            value = (value * 255 + 511) // 1023
        return value

    def copy(self):
        other = MicroBitSoundEffect()
        other._expr[:] = self._expr
        return other

    @staticmethod
    def _from_string(text):
        effect = MicroBitSoundEffect()
        data = text.encode()[:_LENGTH]
        effect._expr[:] = b"0" * _LENGTH
        effect._expr[: len(data)] = data
        return effect

    def _values(self):
        return [self._get(f) for f in ("freq_start", "freq_end", "duration", "vol_start",
                                       "vol_end", "waveform", "fx", "shape")]  # fmt: skip

    def __repr__(self):
        return "SoundEffect(%d, %d, %d, %d, %d, %d, %d, %d)" % tuple(self._values())

    def __str__(self):
        fs, fe, d, vs, ve, w, fx, shape = self._values()
        w = _WAVEFORMS[w] if w < len(_WAVEFORMS) else str(w)
        fx = _FX[fx] if fx < len(_FX) else str(fx)
        shape = _SHAPES.get(shape, str(shape))
        return (
            "SoundEffect(freq_start=%d, freq_end=%d, duration=%d, vol_start=%d, vol_end=%d, "
            "waveform=%s, fx=%s, shape=%s)" % (fs, fe, d, vs, ve, w, fx, shape)
        )


def _field(name):
    return property(lambda self: self._get(name), lambda self, v: self._put(name, v))


for _f in ("freq_start", "freq_end", "duration", "vol_start", "vol_end", "waveform", "fx",
           "shape"):  # fmt: skip
    setattr(MicroBitSoundEffect, _f, _field(_f))

SoundEffect = MicroBitSoundEffect


# -- AudioFrame ----------------------------------------------------------------------------
def _clamp(v):
    return 0 if v < 0 else 255 if v > 255 else v


class AudioFrame:
    """32 samples (0-255, 128 is silence) played in 4 ms."""

    def __init__(self):
        self._b = bytearray(b"\x80" * 32)

    def _index(self, i):
        if not isinstance(i, int):
            raise TypeError("can't convert %s to int" % type(i).__name__)
        if i < 0 or i >= 32:
            raise ValueError("index out of bounds")
        return i

    def __getitem__(self, i):
        return self._b[self._index(i)]

    def __setitem__(self, i, v):
        i = self._index(i)
        if not 0 <= v <= 255:
            raise ValueError("value out of range")
        self._b[i] = v

    def __len__(self):
        return 32

    def copyfrom(self, other):
        data = bytes(other._b if isinstance(other, AudioFrame) else other)[:32]
        self._b[: len(data)] = data

    def _combined(self, other, sign):
        if not isinstance(other, AudioFrame):
            raise TypeError("unsupported types for AudioFrame")
        out = AudioFrame()
        for i in range(32):
            out._b[i] = _clamp(self._b[i] + sign * (other._b[i] - 128))
        return out

    def __add__(self, other):
        return self._combined(other, 1)

    def __sub__(self, other):
        return self._combined(other, -1)

    def __mul__(self, k):
        out = AudioFrame()
        for i in range(32):
            out._b[i] = _clamp(int((self._b[i] - 128) * k) + 128)
        return out


# -- playing -------------------------------------------------------------------------------
_source = [None]  # the iterator of AudioFrames being played, if any


def _next_frame(_timer=None):
    it = _source[0]
    if it is None:
        return False
    try:
        frame = next(it)
    except StopIteration:
        _end_frames()
        return False
    if not isinstance(frame, AudioFrame):
        _end_frames()
        raise TypeError("not an AudioFrame")
    return True


def _end_frames():
    _source[0] = None
    _simtime.remove_timer(_source)


def play(source, wait=True, pin="pin0", return_pin=None):
    """Play a built-in Sound, a SoundEffect (or a list of them), or an iterable of AudioFrames."""
    if return_pin is not None:
        raise ValueError("return_pin not supported")
    _end_frames()
    import _sim_microbit  # its pins (the shim: on a V1 `microbit` is the pruned copy)

    _sim_microbit._audio_pin(pin, "audio")
    if isinstance(source, MicroBitSound):
        sounds = [[source._name, source._ms]]
    elif isinstance(source, MicroBitSoundEffect):
        sounds = [[str(source), source._get("duration")]]
    elif isinstance(source, (list, tuple)) and source and isinstance(source[0], SoundEffect):
        sounds = [[str(e), e._get("duration")] for e in source]
    else:
        sounds = None
    if sounds is not None:  # it replaces the sound playing, if any
        try:
            _simhost.call(_P.AUDIO_PLAY, _simhost.dumps(sounds) + (" 1" if wait else " 0"))
        except BaseException:  # noqa: B036 - Ctrl-C while waiting: the sound stops, as on the board
            _simhost.send(_P.AUDIO_STOP)
            raise
        return
    _source[0] = iter(source)
    if not _next_frame():
        return
    if not wait:
        _simtime.add_timer(_source, _FRAME_US, True, _next_frame, False)
        return
    try:
        while True:
            _simtime.sleep_us(_FRAME_US)
            if not _next_frame():
                return
    except BaseException:  # noqa: B036 - Ctrl-C or the source's error: stop, then raise it
        _end_frames()
        raise


def is_playing():
    return _source[0] is not None or _simhost.call(_P.AUDIO_IS_PLAYING) == "1"


def stop():
    """Stop the AudioFrames playing. (Runtime 2.1.2 lets a sound expression play on: only
    later runtimes stop those too.)"""
    _end_frames()
