"""TM1637 4-digit display (Grove 4-digit display) on two pins, bit-banged: numbers and words.

    from machine import Pin
    from tm1637 import TM1637
    clk, dio = Pin(16, Pin.OUT), Pin(17)
    d = TM1637(
        clk.value,  # CLK: drive it to 0 or 1
        lambda v: dio.init(Pin.OUT, value=v),  # DIO: drive it
        lambda: dio.init(Pin.IN, Pin.PULL_UP) or dio.value(),  # DIO: let it go, read it
    )
    d.show(1234)
    d.show("HI")
    d.show("12:34")

The driver keeps the protocol and the font only; its caller, who knows its runtime's pins,
gives the three line operations (on a micro:bit: `TM1637(pin1.write_digital,
pin2.write_digital, pin2.read_digital)`; the kit's `digits` part does it for each runtime),
so the driver is small enough for the micro:bit V1's heap. The protocol is the datasheet's:
start (DIO falls while CLK is high), 8 bits least significant first (DIO set while CLK is
low, read by the chip as CLK rises), the chip's acknowledgement on the 9th clock (DIO pulled
low; the module's pull-ups hold the lines high when nobody drives them), stop (DIO rises
while CLK is high). Each update is three frames: data setting 0x40 (auto increment), address
0xC0 then the 4 digits' segments (bit 7 of the second: the colon), display control
0x88 | brightness (0-7). A display that does not acknowledge (unplugged) raises OSError (on
a micro:bit, whose inputs pull down, an unplugged display goes unnoticed).
"""

# segments: bit 0 = a (top), then b, c, d, e, f clockwise, bit 6 = g (middle); a letter with
# one form only shows as that form ("B" as b, "a" as A)
_CHARS = "0123456789AbCcdEFGHhIJLnOoPqrStUuy-_ \u00b0"
_SEGS = (
    b"\x3f\x06\x5b\x4f\x66\x6d\x7d\x07\x7f\x6f\x77\x7c\x39\x58\x5e\x79\x71\x3d\x76\x74"
    b"\x30\x1e\x38\x54\x3f\x5c\x73\x67\x50\x6d\x78\x3e\x1c\x6e\x40\x08\x00\x63"
)


class TM1637:
    def __init__(self, clk, dio, read, brightness=7):
        # clk(v), dio(v): drive the line to v; read(): let DIO go, its level
        self._clk, self._dio, self._read = clk, dio, read
        self.brightness = brightness  # 0 (dim) to 7: from the next show()
        clk(1)
        dio(1)

    def _frame(self, data):
        clk, dio = self._clk, self._dio
        dio(0)  # CLK high: a start
        clk(0)
        nak = 0
        for b in data:
            for i in range(8):
                dio(b >> i & 1)
                clk(1)
                clk(0)
            nak = self._read()  # the chip holds DIO low during the 9th clock
            clk(1)
            clk(0)
            if nak:
                break
        dio(0)
        clk(1)
        dio(1)  # CLK high: a stop
        if nak:
            raise OSError(
                "l'afficheur 4 chiffres ne répond pas : vérifie le câblage"
                " / the 4-digit display does not answer: check its wiring"
            )

    def write(self, segs):
        """Show 4 segment bytes (bit 7 of the second: the colon)."""
        self._frame(b"\x40")
        self._frame(b"\xc0" + bytes(segs))
        self._frame(bytes((0x88 | self.brightness & 7,)))

    def show(self, value, colon=False):
        """A number (-999 to 9999, right-aligned) or up to 4 characters (left-aligned);
        "12:34" lights the colon."""
        if isinstance(value, float):
            value = int(round(value))
        if isinstance(value, int):
            if not -999 <= value <= 9999:
                raise ValueError(
                    "%d a plus de 4 chiffres / %d has more than 4 digits" % (value, value)
                )
            value = "%4d" % value
        text = str(value)
        if len(text) == 5 and text[2] == ":":
            text, colon = text[:2] + text[3:], True
        if len(text) > 4:
            raise ValueError(
                "%r a plus de 4 caractères / %r is more than 4 characters" % (text, text)
            )
        buf = bytearray(4)  # blank after the text
        for i in range(len(text)):
            c = text[i]
            j = _CHARS.find(c)
            if j < 0:
                j = _CHARS.find(c.lower())
                if j < 0:
                    j = _CHARS.find(c.upper())
                    if j < 0:
                        raise ValueError(
                            "impossible d'afficher %r / 7 segments cannot show %r" % (c, c)
                        )
            buf[i] = _SEGS[j]
        if colon:
            buf[1] |= 0x80
        self.write(buf)

    def clear(self):
        """All digits off."""
        self.write(bytes(4))
