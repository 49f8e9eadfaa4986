# `neopixel` of a simulated MicroPython board (Pico, ESP32), as the firmware's own module:
# NeoPixel(pin, n, bpp=3, timing=1) keeps green, red, blue (white) per pixel in `buf` and
# write() sends it with machine.bitstream.
from machine import bitstream


class NeoPixel:
    ORDER = (1, 0, 2, 3)

    def __init__(self, pin, n, bpp=3, timing=1):
        self.pin = pin
        self.n = n
        self.bpp = bpp
        self.buf = bytearray(n * bpp)
        self.pin.init(pin.OUT)
        # (high 0, low 0, high 1, low 1) in ns: 800 kHz, 400 kHz, or the caller's own
        if timing == 1:
            self.timing = (400, 850, 800, 450)
        elif timing == 0:
            self.timing = (800, 1700, 1600, 900)
        else:
            self.timing = timing

    def __len__(self):
        return self.n

    def __setitem__(self, i, v):
        offset = i * self.bpp
        for k in range(self.bpp):
            self.buf[offset + self.ORDER[k]] = v[k]

    def __getitem__(self, i):
        offset = i * self.bpp
        return tuple(self.buf[offset + self.ORDER[k]] for k in range(self.bpp))

    def fill(self, v):
        for i in range(self.n):
            self[i] = v

    def write(self):
        bitstream(self.pin, 0, self.timing, self.buf)
