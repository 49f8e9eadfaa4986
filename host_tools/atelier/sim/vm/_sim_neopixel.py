# `neopixel` of a simulated micro:bit, as the V2 runtime's own module (a Python module of
# micropython-microbit-v2, src/codal_port/modules/neopixel.py): NeoPixel(pin, n, bpp=3) keeps
# green, red, blue (white) per pixel in a bytearray, so a colour value past 255 wraps and a
# pixel past the end is the bytearray's IndexError, as there; show() / write() sends the bytes
# on the pin and the host hands them to whatever is wired there.
import _simhost
import _simproto as _P


class NeoPixel:
    ORDER = (1, 0, 2, 3)

    def __init__(self, pin, n, bpp=3):
        self.pin = pin
        self.n = n
        self.bpp = bpp
        self.buf = bytearray(n * bpp)

    def __setitem__(self, index, val):
        at = index * self.bpp
        for i in range(self.bpp):
            self.buf[at + self.ORDER[i]] = val[i]

    def __getitem__(self, index):
        at = index * self.bpp
        return tuple(self.buf[at + self.ORDER[i]] for i in range(self.bpp))

    def __len__(self):
        return self.n

    def fill(self, color):
        for i in range(self.n):
            self[i] = color

    def clear(self):
        for i in range(len(self.buf)):
            self.buf[i] = 0
        self.write()

    def write(self):
        data = "".join("%02x" % b for b in self.buf)
        _simhost.send(_P.NEOPIXEL_WRITE, "%d %s" % (self.pin._n, data))

    show = write
