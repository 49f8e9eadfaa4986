# `adafruit_pixelbuf` of a simulated CircuitPython board (built into CircuitPython 9): PixelBuf
# keeps the colours, scales them by `brightness`, orders the bytes as `byteorder` says and hands
# the buffer to the subclass's `_transmit` (neopixel.NeoPixel writes it with neopixel_write).
# RGB[W] orders only: the DotStar "P" orders are not simulated.
def _byte(v):
    if isinstance(v, float):
        return int(v) & 0xFF
    if isinstance(v, int):
        return v & 0xFF
    raise TypeError("can't convert %s to int" % type(v).__name__)


class PixelBuf:
    def __init__(self, size, *, byteorder="BGR", brightness=1.0, auto_write=False, header=b"",
                 trailer=b""):  # fmt: skip
        if not isinstance(byteorder, str):
            raise TypeError("byteorder must be of type str, not %s" % type(byteorder).__name__)
        bo = byteorder
        if not 3 <= len(bo) <= 4 or "P" in bo or not all(c in bo for c in "RGB"):
            raise ValueError("Invalid byteorder")
        if len(bo) == 4 and "W" not in bo:
            raise ValueError("Invalid byteorder")
        self._order = bo
        self._bpp = len(bo)
        self._n = size
        self._values = [(0, 0, 0, 0)] * size
        self._head = bytes(header or b"")
        self._tail = bytes(trailer or b"")
        self._buf = bytearray(len(self._head) + size * self._bpp + len(self._tail))
        self._buf[: len(self._head)] = self._head
        if self._tail:
            self._buf[len(self._buf) - len(self._tail) :] = self._tail
        self._auto = False
        self._scale = 256
        self._brightness = 1.0
        self.brightness = 1.0 if brightness is None else brightness
        self._auto = bool(auto_write)

    @property
    def bpp(self):
        return self._bpp

    @property
    def byteorder(self):
        return self._order

    @property
    def auto_write(self):
        return self._auto

    @auto_write.setter
    def auto_write(self, v):
        self._auto = bool(v)

    @property
    def brightness(self):
        return self._brightness

    @brightness.setter
    def brightness(self, b):
        b = min(1.0, max(0.0, float(b)))
        self._brightness = b
        self._scale = int(b * 256)
        for i in range(self._n):
            self._put(i)
        if self._auto:
            self.show()

    def __len__(self):
        return self._n

    def _parse(self, color):
        w = 0
        if isinstance(color, (int, float)):
            c = int(color)
            r, g, b = (c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF
        else:
            if not isinstance(color, (tuple, list)):
                raise TypeError("object '%s' isn't a tuple or list" % type(color).__name__)
            if not 3 <= len(color) <= 4:
                raise ValueError("color length must be 3-4")
            r, g, b = _byte(color[0]), _byte(color[1]), _byte(color[2])
            if len(color) == 4:
                w = color[3]
                w = int(255 * w) if isinstance(w, float) else int(w) & 0xFF
                return (r, g, b, w)
        if self._bpp == 4 and r == g == b:  # white from an int or an RGB triple
            return (0, 0, 0, r)
        return (r, g, b, w)

    def _put(self, i):
        r, g, b, w = self._values[i]
        at = len(self._head) + i * self._bpp
        s = self._scale
        for k in range(self._bpp):
            c = self._order[k]
            v = r if c == "R" else g if c == "G" else b if c == "B" else w
            self._buf[at + k] = v * s // 256

    def _index(self, i):
        if not isinstance(i, int):
            raise TypeError("PixelBuf indices must be integers, not %s" % type(i).__name__)
        if i < 0:
            i += self._n
        if not 0 <= i < self._n:
            raise IndexError("PixelBuf index out of range")
        return i

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            idx = range(self._n)[index]
            value = list(value)
            if len(value) != len(idx):
                raise ValueError(
                    "Unmatched number of items on RHS (expected %d, got %d)."
                    % (len(idx), len(value))
                )
            for i, v in zip(idx, value):
                self._values[i] = self._parse(v)
                self._put(i)
        else:
            i = self._index(index)
            self._values[i] = self._parse(value)
            self._put(i)
        if self._auto:
            self.show()

    def _out(self, i):
        r, g, b, w = self._values[i]
        return (r, g, b, w) if self._bpp == 4 else (r, g, b)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self._out(i) for i in range(self._n)[index])
        return self._out(self._index(index))

    def fill(self, color):
        c = self._parse(color)
        for i in range(self._n):
            self._values[i] = c
            self._put(i)
        if self._auto:
            self.show()

    def show(self):
        self._transmit(self._buf)

    def _transmit(self, buffer):
        raise NotImplementedError()

    def __repr__(self):
        return "<%s>" % type(self).__name__
