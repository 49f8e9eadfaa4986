"""A TM1637 4-digit display (the Grove 4-digit display) on two pins, decoded from the levels
the program puts on them, as the chip does (Titan Micro TM1637 datasheet).

The two lines have pull-ups on the module: a line the program does not drive is high unless
the chip pulls it low. Start: DIO falls while CLK is high; stop: DIO rises while CLK is high.
Bits go least significant first, DIO read on each rising edge of CLK; after the 8th bit the
chip acknowledges, pulling DIO low from the 8th falling edge of CLK to the 9th. A frame's first
byte is its command: 0x40 | 0x04 (fixed address) data setting, 0xC0 | address followed by the
display bytes (address 0-5, one segment byte per digit: bit 0 = a ... bit 6 = g, bit 7 = the
colon on digit 1), 0x80 | 0x08 (display on) | brightness 0-7. A frame cut short (no stop, or
bits left over) writes nothing more than its whole bytes, like the chip; the display is off at
power-on. `text` is what the four digits show (spaces when off), `colon` whether it is lit.
"""

from __future__ import annotations

# what a lit segment pattern reads as (digits first where a letter looks the same: S is 5)
GLYPHS = {
    0x3F: "0", 0x06: "1", 0x5B: "2", 0x4F: "3", 0x66: "4", 0x6D: "5", 0x7D: "6", 0x07: "7",
    0x7F: "8", 0x6F: "9", 0x77: "A", 0x7C: "b", 0x39: "C", 0x58: "c", 0x5E: "d", 0x79: "E",
    0x71: "F", 0x3D: "G", 0x76: "H", 0x74: "h", 0x30: "I", 0x1E: "J", 0x38: "L", 0x54: "n",
    0x5C: "o", 0x73: "P", 0x67: "q", 0x50: "r", 0x78: "t", 0x3E: "U", 0x1C: "u", 0x6E: "y",
    0x40: "-", 0x08: "_", 0x63: "°", 0x00: " ",
}  # fmt: skip
GRIDS = 6  # display registers 0xC0-0xC5; a 4-digit module shows the first four


class Digits:
    """The display wired to `wiring["clk"]` and `wiring["dio"]` (pins as boards.toml names
    them) of a board's `hardware` (micro:bit edge pins, or a machine / CircuitPython board's
    pins)."""

    def __init__(self, hardware, wiring: dict):
        if hasattr(hardware, "edge_pins"):  # micro:bit: edge connector numbers
            pins = hardware.edge_pins
            self._clk, self._dio = int(wiring["clk"]), int(wiring["dio"])
            pins.wired[self._clk] = lambda: self._level(self._clk)
            pins.wired[self._dio] = lambda: self._level(self._dio)
            pins.listeners.append(lambda pin: self._changed())
        else:
            pins = hardware.pins
            self._clk, self._dio = pins.pin_id(wiring["clk"]), pins.pin_id(wiring["dio"])
            pins.wire(wiring["clk"], lambda: self._level(self._clk))
            pins.wire(wiring["dio"], lambda: self._level(self._dio))
            pins.write_listeners.append(lambda pin: self._changed())
        self._pins = pins
        self.grids = bytearray(GRIDS)
        self.on = False
        self.brightness = 0
        self.frames = 0  # whole frames received (tests read this)
        self._auto_increment = True
        self._in_frame = False
        self._bytes: list[int] = []
        self._bit = 0
        self._byte = 0
        self._acking = False
        self._lines = (1, 1)

    # -- the lines -------------------------------------------------------------------------
    def _level(self, pin) -> int:
        if pin == self._dio and self._acking:
            return 0  # the chip pulls DIO low
        driven = self._pins.driven(pin)
        return 1 if driven is None else driven  # released: the module's pull-up

    def _changed(self) -> None:
        clk, dio = self._level(self._clk), self._level(self._dio)
        old_clk, old_dio = self._lines
        self._lines = (clk, dio)
        if clk != old_clk:
            self._clock(clk)
            self._lines = (clk, self._level(self._dio))  # the chip may let DIO go
        elif dio != old_dio and clk:
            self._stop() if dio else self._start()

    def _start(self) -> None:
        self._in_frame, self._bytes, self._bit, self._byte = True, [], 0, 0

    def _stop(self) -> None:
        if self._in_frame and self._bytes:
            self._command(self._bytes)
        self._in_frame = False

    def _clock(self, rising: int) -> None:
        if not self._in_frame:
            return
        if rising:
            if self._bit < 8:
                self._byte |= self._level(self._dio) << self._bit
                self._bit += 1
        elif self._bit == 8 and not self._acking:
            self._acking = True  # 8th falling edge: the byte is in, acknowledge it
            self._bytes.append(self._byte)
        elif self._acking:
            self._acking = False  # 9th falling edge: let DIO go
            self._bit, self._byte = 0, 0

    # -- the commands ----------------------------------------------------------------------
    def _command(self, frame: list[int]) -> None:
        self.frames += 1
        cmd = frame[0]
        kind = cmd & 0xC0
        if kind == 0x40:  # data setting (bit 1: read keys, not wired on the module)
            self._auto_increment = not cmd & 0x04
        elif kind == 0xC0:  # address, then display data
            address = cmd & 0x07
            for b in frame[1:]:
                if address < GRIDS:
                    self.grids[address] = b
                if self._auto_increment:
                    address += 1
        elif kind == 0x80:  # display control
            self.on = bool(cmd & 0x08)
            self.brightness = cmd & 0x07

    # -- what a pupil sees -----------------------------------------------------------------
    @property
    def segments(self) -> tuple[int, ...]:
        """The segment byte of each of the 4 digits (all 0 while the display is off)."""
        return tuple(self.grids[:4]) if self.on else (0, 0, 0, 0)

    @property
    def text(self) -> str:
        """What the 4 digits show, one character each ("?" for a pattern that is no letter)."""
        return "".join(GLYPHS.get(s & 0x7F, "?") for s in self.segments)

    @property
    def colon(self) -> bool:
        return bool(self.segments[1] & 0x80)
