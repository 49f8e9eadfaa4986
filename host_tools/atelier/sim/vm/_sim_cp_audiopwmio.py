# `audiopwmio` of a simulated CircuitPython board: PWMAudioOut plays an audiocore sample on a
# pin; the host's speaker (while its enable pin is high) sounds the sample's pitch for as long
# as it lasts, or until stop() for a sample that loops.
import _sim_cp
import _simhost
import _simproto as _P
import _simtime


class PWMAudioOut(_sim_cp._Deinit):
    def __init__(self, left_channel, *, right_channel=None, quiescent_value=0x8000):
        _sim_cp._claim(left_channel, "left_channel")
        if right_channel is not None:
            _sim_cp._claim(right_channel, "right_channel")
        self._pins = [p for p in (left_channel, right_channel) if p is not None]
        self._pin = left_channel._name
        self._sample = None
        self._loop = False
        self._end = 0
        self._left = 0  # µs still to play when paused
        self._paused = False
        self._deinited = False

    def _check(self):
        if self._deinited:
            raise ValueError(_sim_cp._DEINITED)

    def deinit(self):
        if not self._deinited:
            self.stop()
            for p in self._pins:
                _sim_cp._release(p)
            self._deinited = True

    def _start(self, sample, us=None):
        frames, hz = sample._sound(self._loop)
        rate = sample.sample_rate
        if us is None:
            us = frames * 1000000 // rate if rate else 0
        self._end = _simtime._now_us() + us
        ms = -1 if self._loop else us // 1000
        _simhost.send(_P.SAMPLE_PLAY, "%s %d %d" % (self._pin, hz, ms))

    def play(self, sample, *, loop=False):
        self._check()
        if self._sample is not None:
            self.stop()
        self._sample, self._loop, self._paused = sample, loop, False
        if hasattr(sample, "_player"):  # a RawSample: its sample_rate may change as it plays
            sample._player = self
        self._start(sample)

    def _changed(self, sample):
        if sample is self._sample and self.playing and not self._paused:
            self._start(sample, None if self._loop else max(0, self._end - _simtime._now_us()))

    def stop(self):
        self._check()
        if self._sample is not None:
            if getattr(self._sample, "_player", None) is self:
                self._sample._player = None
            self._sample = None
            self._paused = False
            _simhost.send(_P.SAMPLE_STOP, self._pin)

    @property
    def playing(self):
        self._check()
        if self._sample is None:
            return False
        if self._loop or self._paused or _simtime._now_us() < self._end:
            return True
        self.stop()
        return False

    def pause(self):
        self._check()
        if not self.playing:
            raise RuntimeError("Not playing")
        self._paused = True
        self._left = max(0, self._end - _simtime._now_us())
        _simhost.send(_P.SAMPLE_STOP, self._pin)

    def resume(self):
        self._check()
        if self._paused:
            self._paused = False
            self._start(self._sample, None if self._loop else self._left)

    @property
    def paused(self):
        self._check()
        return self._paused
