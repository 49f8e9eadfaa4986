"""The kit's 5x5 picture as a screen shows it: an SSD1306 (its register-level model answers the
bus, `sim/chips/`) read back as the micro:bit display's image, or no screen at all."""

from __future__ import annotations

import functools
import subprocess

from atelier.sim.components.matrix import BLANK, image_text, parse_image
from atelier.sim.vm import mbdata


def grid_layout(width: int, height: int) -> tuple[int, int, int]:
    """Where the kit draws a 5x5 picture on a screen: (cell size, x0, y0). The kit's
    firmware uses the same formula."""
    cell = (min(width, height) - 4) // 5
    return cell, (width - 5 * cell) // 2, (height - 5 * cell) // 2


@functools.cache
def framebuf_font() -> dict[str, bytes]:
    """framebuf's 8x8 font, which the boards' MicroPython draws text with: each character's 8
    columns (bit 0 the top row), read once off the simulator's own VM, not copied here."""
    from atelier.sim.vmproc import vm_command

    code = ("import framebuf\nb = bytearray(8)\n"
            "f = framebuf.FrameBuffer(b, 8, 8, framebuf.MONO_VLSB)\n"
            "for c in range(32, 128):\n f.fill(0)\n f.text(chr(c), 0, 0, 1)\n"
            " print(bytes(b).hex())\n")  # fmt: skip
    out = subprocess.run([*vm_command(), "-c", code], capture_output=True, text=True, check=True)
    return {chr(32 + i): bytes.fromhex(h) for i, h in enumerate(out.stdout.split())}


def text_pixels(text: str, x: int, height: int) -> set[tuple[int, int]]:
    """The pixels the kit lights for `text` at column `x`: framebuf's font, 3 times bigger,
    centred vertically (the kit's firmware draws it so, `hw_machine._text`)."""
    font, y0 = framebuf_font(), (height - 24) // 2
    lit = set()
    for i, ch in enumerate(text):
        cols = font.get(ch, font[chr(127)])  # framebuf draws other characters as 127
        for sx, col in enumerate(cols):
            for sy in range(8):
                if col >> sy & 1:
                    for dx in range(3):
                        for dy in range(3):
                            lit.add((x + 3 * (8 * i + sx) + dx, y0 + 3 * sy + dy))
    return lit


class OledView:
    """The board's SSD1306 seen as the kit's 5x5 picture (like micro:bit's display)."""

    def __init__(self, model):
        self.model = model

    @property
    def pixels(self) -> list[list[int]]:
        return self.model.pixels()

    @property
    def image(self) -> list[list[int]]:
        cell, x0, y0 = grid_layout(self.model.width, self.model.height)
        return [
            [
                9 * self.model.pixel(x0 + c * cell + cell // 2, y0 + r * cell + cell // 2)
                for c in range(5)
            ]
            for r in range(5)
        ]

    @property
    def text(self) -> str:
        return image_text(self.image)

    def shows(self, image_name_or_text: str) -> bool:
        """True if the screen shows that built-in image (lit/unlit: the OLED has no levels)."""
        text = mbdata.IMAGES.get(image_name_or_text, image_name_or_text)
        want = [[9 if v else 0 for v in row] for row in parse_image(text)]
        return self.image == want

    def shows_text(self, text) -> bool:
        """True if the screen shows `text` (a number, a word) as the kit's display.show()
        draws it: its first 5 characters, 3 times framebuf's font, centred."""
        t = str(text)[:5]
        w, h = self.model.width, self.model.height
        want = {(x, y) for x, y in text_pixels(t, max(0, (w - 24 * len(t)) // 2), h)
                if 0 <= x < w and 0 <= y < h}  # fmt: skip
        got = {(x, y) for y, row in enumerate(self.model.pixels()) for x, v in enumerate(row) if v}
        return got == want

    def lit(self) -> int:
        return sum(map(sum, self.model.pixels()))


class NoDisplay:
    image = [list(r) for r in BLANK]
    text = image_text(BLANK)

    def shows(self, name: str) -> bool:
        return False

    def shows_text(self, text) -> bool:
        return False
