# `touchio` of a simulated CircuitPython board: TouchIn reads a pad the way CircuitPython's
# software touch does (shared-module/touchio/TouchIn.c): a raw count, higher while the world
# touches the pad (world.touched), and a pin without the 1 MΩ pull-down refused.
import _sim_cp
import _simhost
import _simproto as _P

_TIMEOUT = 10000


class TouchIn(_sim_cp._Deinit):
    def __init__(self, pin, pull=None):
        _sim_cp._claim(pin)
        self._pin = pin
        self._deinited = False
        raw = self._read()
        if raw == _TIMEOUT:
            self.deinit()
            raise ValueError("No pulldown on pin; 1Mohm recommended")
        self._threshold = int(raw * 1.05 + 100)

    def deinit(self):
        if not self._deinited:
            _sim_cp._release(self._pin)
            self._deinited = True

    def _read(self):
        if self._deinited:
            raise ValueError(_sim_cp._DEINITED)
        return int(_simhost.call(_P.TOUCH_READ, self._pin._name))

    @property
    def raw_value(self):
        return self._read()

    @property
    def threshold(self):
        return self._threshold

    @threshold.setter
    def threshold(self, t):
        if not 0 <= t <= 65535:
            raise ValueError("threshold must be 0-65535")
        self._threshold = int(t)

    @property
    def value(self):
        return self._read() > self.threshold
