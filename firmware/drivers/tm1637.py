"""TM1637 4-digit display (Grove 4-digit display) on two pins, bit-banged: numbers and words.

    from machine import Pin
    from tm1637 import TM1637
    d = TM1637(Pin(16), Pin(17))  # CLK, DIO
    d.show(1234)
    d.show("HI")

The pins are the runtime's own: machine.Pin, microbit.pin0..pin20, or CircuitPython
digitalio.DigitalInOut. The protocol is the datasheet's: start (DIO falls while CLK is high),
8 bits least significant first (DIO set while CLK is low, read by the chip as CLK rises), the
chip's acknowledgement on the 9th clock (DIO pulled low; the module's pull-ups hold the lines
high when nobody drives them), stop (DIO rises while CLK is high). Each update is three
frames: data setting 0x40 (auto increment), address 0xC0 then the 4 digits' segments,
display control 0x88 | brightness (0-7). A display that does not acknowledge (unplugged)
raises OSError (on a micro:bit, whose inputs pull down, an unplugged display goes unnoticed).
"""

from micropython import const

_DATA = const(0x40)
_ADDRESS = const(0xC0)
_CONTROL = const(0x88)  # display on

# segments: bit 0 = a (top), then b, c, d, e, f clockwise, bit 6 = g (middle)
_CHARS = "0123456789AbCcdEFGHhIJLnOoPqrStUuy-_ \u00b0"
_SEGS = (
    b"\x3f\x06\x5b\x4f\x66\x6d\x7d\x07\x7f\x6f\x77\x7c\x39\x58\x5e\x79\x71\x3d\x76\x74"
    b"\x30\x1e\x38\x54\x3f\x5c\x73\x67\x50\x6d\x78\x3e\x1c\x6e\x40\x08\x00\x63"
)


def segments(ch):
    """The segment byte that shows character `ch`, or None if 7 segments cannot show it."""
    i = _CHARS.find(ch)
    if i < 0:  # a letter with one form only: "B" shows as b, "a" as A
        i = _CHARS.find(ch.lower())
        if i < 0:
            i = _CHARS.find(ch.upper())
    return None if i < 0 or not ch else _SEGS[i]


class _Line:
    # one line on the runtime's own pin: a micro:bit pin (write_digital drives it, read_digital
    # lets it go), a CircuitPython DigitalInOut or a machine.Pin (an input with a pull-up, so
    # an unplugged display reads high: no acknowledgement)
    def __init__(self, pin):
        self._pin = pin
        self._out = False
        self._kind = (
            0 if hasattr(pin, "write_digital") else 1 if hasattr(pin, "switch_to_output") else 2
        )

    def drive(self, v):
        p = self._pin
        if self._kind == 0:
            p.write_digital(v)
        elif self._out:
            if self._kind == 1:
                p.value = v
            else:
                p.value(v)
        elif self._kind == 1:
            p.switch_to_output(value=bool(v))
        else:
            p.init(p.OUT, value=v)
        self._out = True

    def release(self):
        p = self._pin
        self._out = False
        if self._kind == 0:
            return p.read_digital()
        if self._kind == 1:
            from digitalio import Pull

            p.switch_to_input(pull=Pull.UP)
            return 1 if p.value else 0
        p.init(p.IN, p.PULL_UP)
        return p.value()


class TM1637:
    def __init__(self, clk, dio, brightness=7):
        self._clk = _Line(clk)
        self._dio = _Line(dio)
        self._brightness = brightness
        self._buf = bytearray(4)
        self._clk.drive(1)
        self._dio.drive(1)

    # -- the wire protocol -----------------------------------------------------------------
    def _start(self):
        self._dio.drive(0)  # CLK high: a start
        self._clk.drive(0)

    def _stop(self):
        self._dio.drive(0)
        self._clk.drive(1)
        self._dio.drive(1)  # CLK high: a stop

    def _write_byte(self, b):
        clk, dio = self._clk, self._dio
        for i in range(8):
            dio.drive((b >> i) & 1)
            clk.drive(1)
            clk.drive(0)
        ack = dio.release()  # the chip holds DIO low during the 9th clock
        clk.drive(1)
        clk.drive(0)
        if ack:
            self._stop()
            raise OSError(
                "the 4-digit display does not answer: check its wiring"
                " / l'afficheur 4 chiffres ne répond pas : vérifie le câblage"
            )

    def _frame(self, data):
        self._start()
        for b in data:
            self._write_byte(b)
        self._stop()

    def write(self, segs):
        """Show 4 segment bytes (bit 7 of the second: the colon)."""
        self._frame((_DATA,))
        self._frame((_ADDRESS,) + tuple(segs))
        self._frame((_CONTROL | self._brightness,))

    # -- what a program uses ---------------------------------------------------------------
    def brightness(self, level):
        """Brightness 0 (dim) to 7 (brightest)."""
        if not 0 <= level <= 7:
            raise ValueError("brightness must be 0-7, not %r" % (level,))
        self._brightness = level

    def show(self, value, colon=False):
        """A number (-999 to 9999, right-aligned) or up to 4 characters (left-aligned);
        "12:34" lights the colon."""
        if isinstance(value, float):
            value = int(round(value))
        if isinstance(value, int):
            if not -999 <= value <= 9999:
                raise ValueError(
                    "%d has more than 4 digits / %d a plus de 4 chiffres" % (value, value)
                )
            text = "%4d" % value
        else:
            text = str(value)
            if len(text) == 5 and text[2] == ":":
                text, colon = text[:2] + text[3:], True
            if len(text) > 4:
                raise ValueError(
                    "%r is more than 4 characters / %r a plus de 4 caractères" % (text, text)
                )
            text = (text + "    ")[:4]
        buf = self._buf
        for i in range(4):
            s = segments(text[i])
            if s is None:
                raise ValueError(
                    "7 segments cannot show %r / impossible d'afficher %r" % (text[i], text[i])
                )
            buf[i] = s
        if colon:
            buf[1] |= 0x80
        self.write(buf)

    def clear(self):
        """All digits off."""
        self.write(b"\x00\x00\x00\x00")
