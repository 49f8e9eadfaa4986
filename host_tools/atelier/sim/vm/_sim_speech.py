# `speech` of a simulated micro:bit: what is said is recorded on the host.
import _simhost
import _simproto as _P


def say(words, pitch=64, speed=72, mouth=128, throat=128):
    _simhost.call(_P.SPEECH_SAY, _simhost.dumps(words))


def pronounce(phonemes, pitch=64, speed=72, mouth=128, throat=128):
    _simhost.call(_P.SPEECH_SAY, _simhost.dumps(phonemes))


def sing(phonemes, pitch=64, speed=72, mouth=128, throat=128):
    _simhost.call(_P.SPEECH_SAY, _simhost.dumps(phonemes))


def translate(words):
    """English words -> the phonemes SAM's reciter guesses for them (at most 80 characters)."""
    if not isinstance(words, str):
        raise TypeError("can't convert '%s' object to str implicitly" % type(words).__name__)
    if len(words.encode()) > 80:  # the reciter truncates its output at about 120 characters
        raise ValueError("text too long")
    return _simhost.call(_P.SPEECH_TRANSLATE, _simhost.dumps(words))
