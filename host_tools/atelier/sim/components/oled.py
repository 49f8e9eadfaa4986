"""The kit's 5x5 picture as a screen shows it: an SSD1306 (its register-level model answers the
bus, `sim/chips/`) read back as the micro:bit display's image, or no screen at all."""

from __future__ import annotations

from atelier.sim.components.matrix import BLANK, image_text, parse_image
from atelier.sim.vm import mbdata


def grid_layout(width: int, height: int) -> tuple[int, int, int]:
    """Where the kit draws a 5x5 picture on a screen: (cell size, x0, y0). The kit's
    firmware uses the same formula."""
    cell = (min(width, height) - 4) // 5
    return cell, (width - 5 * cell) // 2, (height - 5 * cell) // 2


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

    def lit(self) -> int:
        return sum(map(sum, self.model.pixels()))


class NoDisplay:
    image = [list(r) for r in BLANK]
    text = image_text(BLANK)

    def shows(self, name: str) -> bool:
        return False
