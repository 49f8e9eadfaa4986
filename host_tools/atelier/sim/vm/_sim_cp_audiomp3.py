# `audiomp3` of a simulated CircuitPython board: the module is there (Adafruit's Circuit
# Playground library imports it), decoding an MP3 is not simulated.
import _simhost
import _simproto as _P


class MP3Decoder:
    def __init__(self, *args, **kwargs):
        _simhost.call(_P.NOT_SIMULATED, "audiomp3.MP3Decoder")
