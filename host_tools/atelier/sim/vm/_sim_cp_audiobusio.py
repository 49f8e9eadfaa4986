# `audiobusio` of a simulated CircuitPython board: PDMIn, the PDM microphone, records what the
# world's sound_level says (a 1 kHz tone of that loudness), in the time the samples take.
# I2SOut has nothing to drive on the board: not simulated.
import math

import _sim_cp
import _simhost
import _simproto as _P


class PDMIn(_sim_cp._Deinit):
    def __init__(self, clock_pin, data_pin, *, sample_rate=16000, bit_depth=8, mono=True,
                 oversample=64, startup_delay=0.11):  # fmt: skip
        _sim_cp._pin_arg(clock_pin, "clock_pin")
        _sim_cp._pin_arg(data_pin, "data_pin")
        if bit_depth % 8:
            raise ValueError("bit_depth must be multiple of 8.")
        if oversample % 8:
            raise ValueError("oversample must be multiple of 8.")
        if not 0.0 <= startup_delay <= 1.0:
            raise ValueError("startup_delay must be 0.00-1.00")
        # ports/nordic/common-hal/audiobusio/PDMIn.c
        if sample_rate != 16000:
            raise ValueError("only sample_rate=16000 is supported")
        if bit_depth != 16:
            raise ValueError("only bit_depth=16 is supported")
        _sim_cp._claim(clock_pin, "clock_pin")
        _sim_cp._claim(data_pin, "data_pin")
        self._pins = (clock_pin, data_pin)
        self.sample_rate = sample_rate
        self.bit_depth = bit_depth
        self._t = 0
        self._deinited = False

    def deinit(self):
        if not self._deinited:
            for p in self._pins:
                _sim_cp._release(p)
            self._deinited = True

    def record(self, destination, destination_length):
        if self._deinited:
            raise ValueError(_sim_cp._DEINITED)
        if not isinstance(destination_length, int):
            raise TypeError("length must be an int")
        if destination_length < 0:
            raise ValueError("length must be >= 0")
        n = min(destination_length, len(destination))
        rms = float(_simhost.call(_P.MIC_RECORD, "%d %d" % (n, self.sample_rate)))
        amp = rms * 1.4142
        step = 2 * math.pi * 1000 / self.sample_rate
        for i in range(n):
            v = 32768 + int(amp * math.sin(self._t * step))
            destination[i] = max(0, min(65535, v))
            self._t += 1
        return n


class I2SOut:
    def __init__(self, *args, **kwargs):
        _simhost.call(_P.NOT_SIMULATED, "audiobusio.I2SOut")
