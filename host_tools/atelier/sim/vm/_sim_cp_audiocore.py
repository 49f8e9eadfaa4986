# `audiocore` of a simulated CircuitPython board: RawSample and WaveFile, the samples that
# audiopwmio plays. What the speaker hears of one is its pitch (the waveform's cycles per
# second, counted where it crosses its mean level) for the time it lasts.
import _sim_cp


def _typecode(buffer):
    if isinstance(buffer, (bytearray, bytes)):
        return "B"
    r = repr(buffer[0:1])  # array('h', [0])
    return r[7] if r.startswith("array(") else None


def _pitch(values, n, rate, loop):
    """Hz of the waveform values[0:n] at `rate` samples a second, from where it crosses its
    mean going up: one crossing per cycle (a looping sample wraps from its end to its start;
    a sample played once is measured between its first and last crossings)."""
    if n == 0 or rate <= 0:
        return 0
    mean = sum(values[i] for i in range(n)) / n
    ups = []
    prev = values[n - 1] >= mean if loop else values[0] >= mean
    for i in range(n):
        high = values[i] >= mean
        if high and not prev:
            ups.append(i)
        prev = high
    if loop:
        return len(ups) * rate // n
    if len(ups) < 2:
        return 0
    return round((len(ups) - 1) * rate / (ups[-1] - ups[0]))


class RawSample(_sim_cp._Deinit):
    def __init__(self, buffer, *, channel_count=1, sample_rate=8000, single_buffer=True):
        code = _typecode(buffer)
        if code not in ("h", "H", "b", "B"):
            raise ValueError("buffer must be a bytearray or array of type 'h', 'H', 'b', or 'B'")
        size = 2 if code in "hH" else 1
        if len(buffer) * size % (channel_count * size):
            raise ValueError(
                "Length of buffer must be an even multiple of channel_count * type_size"
            )
        self._buffer = buffer
        self.channel_count = channel_count
        self.bits_per_sample = 8 * size
        self._rate = sample_rate
        self._player = None
        self._deinited = False

    def deinit(self):
        self._deinited = True
        self._buffer = None

    def _check(self):
        if self._deinited:
            raise ValueError(_sim_cp._DEINITED)

    @property
    def sample_rate(self):
        self._check()
        return self._rate

    @sample_rate.setter
    def sample_rate(self, rate):
        self._check()
        self._rate = int(rate)
        if self._player is not None:  # a tone made by changing the rate while it plays
            self._player._changed(self)

    def _sound(self, loop):
        """(frames, Hz) of the first channel."""
        self._check()
        n = len(self._buffer) // self.channel_count
        values = self._buffer if self.channel_count == 1 else self._buffer[:: self.channel_count]
        return n, _pitch(values, n, self._rate, loop)


class WaveFile(_sim_cp._Deinit):
    def __init__(self, file, buffer=None):
        if isinstance(file, str):
            file = open(file, "rb")
        self._file = file
        head = file.read(12)
        if len(head) < 12 or head[0:4] != b"RIFF" or head[8:12] != b"WAVE":
            raise ValueError("Invalid file")
        fmt = None
        while True:
            chunk = file.read(8)
            if len(chunk) < 8:
                raise ValueError("Invalid file")
            size = int.from_bytes(chunk[4:8], "little")
            if chunk[0:4] == b"fmt ":
                fmt = file.read(size)
            elif chunk[0:4] == b"data":
                break
            else:
                file.read(size)
        if fmt is None or int.from_bytes(fmt[0:2], "little") != 1:
            raise ValueError("Invalid format chunk size")
        self.channel_count = int.from_bytes(fmt[2:4], "little")
        self.sample_rate = int.from_bytes(fmt[4:8], "little")
        self.bits_per_sample = int.from_bytes(fmt[14:16], "little")
        if self.bits_per_sample not in (8, 16):
            raise ValueError("Bits per sample must be 8 or 16")
        self._data_at = file.tell()
        self._data_len = size
        self._deinited = False

    def deinit(self):
        self._deinited = True

    def _sound(self, loop):
        if self._deinited:
            raise ValueError(_sim_cp._DEINITED)
        step = self.channel_count * self.bits_per_sample // 8
        f = self._file
        f.seek(self._data_at)
        values = []
        left = self._data_len
        while left > 0:  # first channel only
            block = f.read(min(left, 1024 - 1024 % step))
            if not block:
                break
            left -= len(block)
            for i in range(0, len(block) - step + 1, step):
                if self.bits_per_sample == 8:
                    values.append(block[i])
                else:
                    v = block[i] | block[i + 1] << 8
                    values.append(v - 65536 if v & 0x8000 else v)
        return len(values), _pitch(values, len(values), self.sample_rate, loop)
