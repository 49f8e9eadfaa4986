# `neopixel` of a simulated micro:bit: colours are kept, nothing is drawn yet.
class NeoPixel:
    def __init__(self, pin, n, bpp=3):
        self.n = n
        self.bpp = bpp
        self._buf = [(0,) * bpp for _ in range(n)]

    def __setitem__(self, i, value):
        self._buf[i] = tuple(value)

    def __getitem__(self, i):
        return self._buf[i]

    def __len__(self):
        return self.n

    def fill(self, value):
        for i in range(self.n):
            self._buf[i] = tuple(value)

    def clear(self):
        self.fill((0,) * self.bpp)

    def show(self):
        pass

    def write(self):
        pass
