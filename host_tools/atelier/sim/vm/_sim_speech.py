# `speech` of a simulated micro:bit: what is said is recorded on the host.
import _simhost
import _simproto as P


def say(words, pitch=64, speed=72, mouth=128, throat=128):
    _simhost.call(P.SPEECH_SAY, _simhost.dumps(words))


def pronounce(phonemes, pitch=64, speed=72, mouth=128, throat=128):
    _simhost.call(P.SPEECH_SAY, _simhost.dumps(phonemes))


def sing(phonemes, pitch=64, speed=72, mouth=128, throat=128):
    _simhost.call(P.SPEECH_SAY, _simhost.dumps(phonemes))


def translate(words):
    return words
