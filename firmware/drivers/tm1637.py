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
_DIGITS = b"\x3f\x06\x5b\x4f\x66\x6d\x7d\x07\x7f\x6f"
_LETTERS = {
    "A": 0x77, "b": 0x7C, "C": 0x39, "c": 0x58, "d": 0x5E, "E": 0x79, "F": 0x71, "G": 0x3D,
    "H": 0x76, "h": 0x74, "I": 0x30, "J": 0x1E, "L": 0x38, "n": 0x54, "O": 0x3F, "o": 0x5C,
    "P": 0x73, "q": 0x67, "r": 0x50, "S": 0x6D, "t": 0x78, "U": 0x3E, "u": 0x1C, "y": 0x6E,
    "-": 0x40, "_": 0x08, " ": 0x00, "°": 0x63,
}  # fmt: skip


def segments(ch):
    """The segment byte that shows character `ch`, or None if 7 segments cannot show it."""
    if "0" <= ch <= "9":
        return _DIGITS[ord(ch) - 48]
    s = _LETTERS.get(ch)
    if s is None:
        # a letter with one form only: "B" shows as b, "a" as A
        s = _LETTERS.get(ch.lower(), _LETTERS.get(ch.upper()))
    return s


class _MicrobitLine:
    # a micro:bit pin: write_digital drives it, read_digital lets it go (an input)
    def __init__(self, pin):
        self._pin = pin

    def drive(self, v):
        self._pin.write_digital(v)

    def release(self):
        return self._pin.read_digital()


class _DigitalioLine:
    # CircuitPython: a digitalio.DigitalInOut
    def __init__(self, pin):
        self._pin = pin
        self._out = False

    def drive(self, v):
        if self._out:
            self._pin.value = v
        else:
            self._pin.switch_to_output(value=bool(v))
            self._out = True

    def release(self):
        from digitalio import Pull

        self._pin.switch_to_input(pull=Pull.UP)  # an unplugged display reads high: no ack
        self._out = False
        return 1 if self._pin.value else 0


class _MachineLine:
    # MicroPython: a machine.Pin
    def __init__(self, pin):
        self._pin = pin
        self._out = False

    def drive(self, v):
        if self._out:
            self._pin.value(v)
        else:
            self._pin.init(self._pin.OUT, value=v)
            self._out = True

    def release(self):
        self._pin.init(self._pin.IN, self._pin.PULL_UP)  # unplugged: high, no ack
        self._out = False
        return self._pin.value()


def _line(pin):
    if hasattr(pin, "write_digital"):
        return _MicrobitLine(pin)
    if hasattr(pin, "switch_to_output"):
        return _DigitalioLine(pin)
    return _MachineLine(pin)


class TM1637:
    def __init__(self, clk, dio, brightness=7):
        self._clk = _line(clk)
        self._dio = _line(dio)
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
