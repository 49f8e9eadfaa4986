"""SSD1306 128x64 OLED controller on I2C, modelled at the command/GDDRAM level.

A write transaction starts with a control byte: 0x00 = commands follow, 0x40 = display data
(GDDRAM) follows, 0x80 = one command then another control byte. Horizontal, vertical and page
addressing are modelled with their column/page windows; segment remap (0xA1) and COM scan
direction (0xC8) decide how RAM maps onto the visible panel.
"""

from __future__ import annotations

from atelier.sim.i2c import I2CDevice

# how many argument bytes each command takes
_ARGS = {
    0x20: 1,
    0x21: 2,
    0x22: 2,
    0x81: 1,
    0xA8: 1,
    0xD3: 1,
    0xD5: 1,
    0xD9: 1,
    0xDA: 1,
    0xDB: 1,
    0x8D: 1,
    0x26: 6,
    0x27: 6,
    0x29: 5,
    0x2A: 5,
    0xA3: 2,
}


class SSD1306(I2CDevice):
    def __init__(self, address: int = 0x3C, width: int = 128, height: int = 64):
        super().__init__(address)
        self.width, self.height = width, height
        self.pages = height // 8
        self.ram = [bytearray(width) for _ in range(self.pages)]
        self.on = False
        self.inverted = False
        self.contrast = 0x7F
        self.seg_remap = False
        self.com_reverse = False
        self.mode = 2  # page addressing after reset
        self.col_lo, self.col_hi = 0, width - 1
        self.page_lo, self.page_hi = 0, self.pages - 1
        self.col, self.page = 0, 0
        self._pending: list[int] = []  # a command waiting for its arguments

    # -- I2C ---------------------------------------------------------------------------------
    def write(self, data: bytes) -> None:
        i = 0
        while i < len(data):
            control = data[i]
            i += 1
            if control & 0x40:  # data: the rest of the transaction
                for b in data[i:]:
                    self._data(b)
                return
            if control & 0x80:  # Co=1: one command byte, then a new control byte
                if i < len(data):
                    self._command(data[i])
                    i += 1
                continue
            for b in data[i:]:  # Co=0: commands to the end
                self._command(b)
            return

    def read(self, n: int) -> bytes:
        status = 0x00 if self.on else 0x40  # bit 6: display off
        return bytes([status] * n)

    # -- commands ----------------------------------------------------------------------------
    def _command(self, b: int) -> None:
        if self._pending:
            self._pending.append(b)
            if len(self._pending) - 1 == _ARGS[self._pending[0]]:
                self._apply(self._pending)
                self._pending = []
            return
        if b in _ARGS:
            self._pending = [b]
            return
        self._apply([b])

    def _apply(self, cmd: list[int]) -> None:
        c = cmd[0]
        if c in (0xAE, 0xAF):
            self.on = c == 0xAF
        elif c in (0xA6, 0xA7):
            self.inverted = c == 0xA7
        elif c in (0xA0, 0xA1):
            self.seg_remap = c == 0xA1
        elif c in (0xC0, 0xC8):
            self.com_reverse = c == 0xC8
        elif c == 0x81:
            self.contrast = cmd[1]
        elif c == 0x20:
            self.mode = cmd[1] & 0x03
        elif c == 0x21:
            self.col_lo, self.col_hi = cmd[1] % self.width, cmd[2] % self.width
            self.col = self.col_lo
        elif c == 0x22:
            self.page_lo, self.page_hi = cmd[1] % self.pages, cmd[2] % self.pages
            self.page = self.page_lo
        elif 0xB0 <= c <= 0xB7:
            self.page = (c - 0xB0) % self.pages
        elif c <= 0x0F:
            self.col = (self.col & 0xF0) | c
        elif 0x10 <= c <= 0x1F:
            self.col = (self.col & 0x0F) | ((c - 0x10) << 4)

    def _data(self, b: int) -> None:
        self.ram[self.page][self.col % self.width] = b
        if self.mode == 0:  # horizontal
            self.col += 1
            if self.col > self.col_hi:
                self.col = self.col_lo
                self.page = self.page + 1 if self.page < self.page_hi else self.page_lo
        elif self.mode == 1:  # vertical
            self.page += 1
            if self.page > self.page_hi:
                self.page = self.page_lo
                self.col = self.col + 1 if self.col < self.col_hi else self.col_lo
        else:  # page mode: the column advances and stops at the end
            self.col = min(self.col + 1, self.width - 1)

    # -- what a person sees ------------------------------------------------------------------
    def pixel(self, x: int, y: int) -> int:
        """1 if the visible pixel at (x, y) (top-left origin) is lit."""
        if not self.on:
            return 0
        cx = x if self.seg_remap else self.width - 1 - x
        cy = y if self.com_reverse else self.height - 1 - y
        bit = (self.ram[cy // 8][cx] >> (cy % 8)) & 1
        return bit ^ int(self.inverted)

    def pixels(self) -> list[list[int]]:
        return [[self.pixel(x, y) for x in range(self.width)] for y in range(self.height)]
