"""ssd1306: SSD1306 OLED screens (128x64, 128x32) on I2C, drawn with framebuf.

Example:
    from machine import I2C, Pin
    from ssd1306 import SSD1306
    oled = SSD1306(I2C(0, scl=Pin(5), sda=Pin(4)))
    oled.fill(0)
    oled.text("Bonjour", 0, 0)
    oled.show()

The screen is a `framebuf.FrameBuffer` (MONO_VLSB: one byte is eight pixels of a column, the
SSD1306's own page layout), so every framebuf drawing method works; `show()` sends it.
"""

import framebuf
from micropython import const

_DISPLAY_OFF = const(0xAE)
_DISPLAY_ON = const(0xAF)
_MEMORY_MODE = const(0x20)
_COLUMN_ADDR = const(0x21)
_PAGE_ADDR = const(0x22)
_START_LINE = const(0x40)
_SEG_REMAP = const(0xA1)
_MUX_RATIO = const(0xA8)
_COM_SCAN_DEC = const(0xC8)
_DISPLAY_OFFSET = const(0xD3)
_COM_PINS = const(0xDA)
_CLOCK_DIV = const(0xD5)
_PRECHARGE = const(0xD9)
_VCOM_DETECT = const(0xDB)
_CONTRAST = const(0x81)
_ENTIRE_ON_RESUME = const(0xA4)
_NORMAL = const(0xA6)
_INVERT = const(0xA7)
_CHARGE_PUMP = const(0x8D)


class SSD1306(framebuf.FrameBuffer):
    def __init__(self, i2c, address=0x3C, width=128, height=64):
        if height not in (32, 64):
            raise ValueError("height must be 32 or 64, not %r" % height)
        self.i2c = i2c
        self.address = address
        self.width = width
        self.height = height
        self.pages = height // 8
        self.buffer = bytearray(width * self.pages)
        super().__init__(self.buffer, width, height, framebuf.MONO_VLSB)
        self._cmd = bytearray(2)
        self._cmd[0] = 0x80  # Co=1, D/C#=0: one command byte follows
        self._data = memoryview(b"\x40")  # D/C#=1: display data follows
        try:
            self._init()
        except OSError:
            raise OSError(
                "no SSD1306 screen answers at 0x%02X on this I2C bus: check the wiring / "
                "aucun écran SSD1306 à l'adresse 0x%02X : vérifie le câblage" % (address, address)
            )

    def _command(self, *cmds):
        for c in cmds:
            self._cmd[1] = c
            self.i2c.writeto(self.address, self._cmd)

    def _init(self):
        self._command(
            _DISPLAY_OFF, _MEMORY_MODE, 0x00, _START_LINE, _SEG_REMAP,
            _MUX_RATIO, self.height - 1, _COM_SCAN_DEC, _DISPLAY_OFFSET, 0x00,
            _COM_PINS, 0x12 if self.height == 64 else 0x02, _CLOCK_DIV, 0x80,
            _PRECHARGE, 0xF1, _VCOM_DETECT, 0x30, _CONTRAST, 0xFF,
            _ENTIRE_ON_RESUME, _NORMAL, _CHARGE_PUMP, 0x14, _DISPLAY_ON,
        )  # fmt: skip
        self.fill(0)
        self.show()

    def show(self):
        """Send the frame buffer to the screen."""
        self._command(_COLUMN_ADDR, 0, self.width - 1, _PAGE_ADDR, 0, self.pages - 1)
        self.i2c.writevto(self.address, (self._data, self.buffer))

    def power(self, on):
        self._command(_DISPLAY_ON if on else _DISPLAY_OFF)

    def contrast(self, value):
        if not 0 <= value <= 255:
            raise ValueError("contrast must be 0-255, not %r" % value)
        self._command(_CONTRAST, value)

    def invert(self, on):
        self._command(_INVERT if on else _NORMAL)
