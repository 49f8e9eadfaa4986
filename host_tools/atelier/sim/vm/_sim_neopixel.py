# `neopixel` of a simulated micro:bit (V2's API: NeoPixel(pin, n, bpp=3), [i], len, fill,
# clear, show / write): the colours go out on the pin as a WS2812 takes them (green, red, blue,
# white with bpp=4), and the host hands them to whatever is wired there.
import _simhost
import _simproto as P


class NeoPixel:
    ORDER = (1, 0, 2, 3)

    def __init__(self, pin, n, bpp=3):
        if n <= 0:
            raise ValueError("invalid number of pixels")
        if bpp not in (3, 4):
            raise ValueError("invalid bpp")
        self.pin = pin
        self.n = n
        self.bpp = bpp
        self.buf = bytearray(n * bpp)

    def __setitem__(self, i, value):
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError("index out of range")
        if len(value) != self.bpp:
            raise ValueError("tuple/list has wrong length")
        for k in range(self.bpp):
            c = value[k]
            if not 0 <= c <= 255:
                raise ValueError("invalid colour")
            self.buf[i * self.bpp + self.ORDER[k]] = c

    def __getitem__(self, i):
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError("index out of range")
        return tuple(self.buf[i * self.bpp + self.ORDER[k]] for k in range(self.bpp))

    def __len__(self):
        return self.n

    def fill(self, value):
        for i in range(self.n):
            self[i] = value

    def clear(self):
        for i in range(len(self.buf)):
            self.buf[i] = 0
        self.show()

    def show(self):
        data = "".join("%02x" % b for b in self.buf)
        _simhost.send(P.NEOPIXEL_WRITE, "%d %s" % (self.pin._n, data))

    write = show
