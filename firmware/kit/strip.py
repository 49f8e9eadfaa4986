"""strip: a chain of colour LEDs (WS2812 strip, Grove RGB LED chain), one (red, green, blue)
colour each, 0-255; the LEDs change when you call show().

Example:
    from kit import strip
    strip.fill((0, 0, 40))
    strip[0] = (255, 0, 0)
    strip.show()
    print(len(strip))

The pin and the number of LEDs come from `kitconfig.STRIP` (boards.toml, or the school's
kit.toml).
"""

import kitconfig

from kit import _wiring


class Strip:
    """The LED strip: strip[i] = (r, g, b), strip.fill(c), strip.show(), len(strip)."""

    def __init__(self):
        self._n = None
        self._out = None

    def _setup(self):
        # the runtime's own NeoPixel path, set up on first use
        w = _wiring("strip")
        self._n = n = w["count"]
        self._buf = bytearray(3 * n)  # green, red, blue per LED: what the LEDs take
        pin = w["pin"]
        if kitconfig.BACKEND == "circuitpython":
            import board
            import digitalio
            from neopixel_write import neopixel_write

            dio = digitalio.DigitalInOut(getattr(board, pin))
            dio.switch_to_output()
            self._out = lambda buf: neopixel_write(dio, buf)
            return
        import neopixel

        if kitconfig.BACKEND == "microbit":
            import microbit

            np = neopixel.NeoPixel(getattr(microbit, "pin%d" % pin), n)
        else:
            from machine import Pin

            np = neopixel.NeoPixel(Pin(pin), n)

        def out(buf):
            for i in range(n):
                np[i] = (buf[3 * i + 1], buf[3 * i], buf[3 * i + 2])
            np.show() if kitconfig.BACKEND == "microbit" else np.write()

        self._out = out

    def __len__(self):
        """How many LEDs. Example: n = len(strip)"""
        if self._n is None:
            self._setup()
        return self._n

    def __setitem__(self, i, color):
        """Colour of LED i (from 0), shown at the next show(). Example: strip[0] = (255, 0, 0)"""
        n = len(self)
        if not -n <= i < n:
            raise IndexError(
                "LED %d : le ruban en a %d / LED %d: the strip has %d (0 to %d)"
                % (i, n, i, n, n - 1)
            )
        r, g, b = _check(color)
        i %= n
        self._buf[3 * i] = g
        self._buf[3 * i + 1] = r
        self._buf[3 * i + 2] = b

    def __getitem__(self, i):
        """Colour of LED i. Example: r, g, b = strip[0]"""
        n = len(self)
        if not -n <= i < n:
            raise IndexError("LED %d : le ruban en a %d / the strip has %d" % (i, n, n))
        i %= n
        return (self._buf[3 * i + 1], self._buf[3 * i], self._buf[3 * i + 2])

    def fill(self, color):
        """Give every LED one colour. Example: strip.fill((0, 0, 0))"""
        for i in range(len(self)):
            self[i] = color

    def show(self):
        """Light the LEDs with the colours given. Example: strip.show()"""
        if self._n is None:
            self._setup()
        self._out(self._buf)

    def clear(self):
        """Turn every LED off at once. Example: strip.clear()"""
        self.fill((0, 0, 0))
        self.show()


def _check(color):
    try:
        r, g, b = color
        ok = 0 <= r <= 255 and 0 <= g <= 255 and 0 <= b <= 255
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise ValueError(
            "une couleur est (rouge, vert, bleu), de 0 à 255 / a colour is (red, green, "
            "blue), each 0-255, not %r" % (color,)
        )
    return int(r), int(g), int(b)


part = Strip()
