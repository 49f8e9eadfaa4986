# `audio` of a simulated micro:bit: built-in sounds take their time; nothing else is modelled.
import _simhost
import _simproto as P


def play(source, wait=True, pin=None, return_pin=None):
    if wait:
        _simhost.call(P.SLEEP, "1000000")


def is_playing():
    return False


def stop():
    pass


class AudioFrame:
    def __init__(self):
        self._b = bytearray(32)

    def __getitem__(self, i):
        return self._b[i]

    def __setitem__(self, i, v):
        self._b[i] = v

    def __len__(self):
        return 32
