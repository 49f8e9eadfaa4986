"""A WS2812 LED strip (or a Grove chainable RGB LED chain of WS2812s) on one pin: each LED
keeps the first 3 bytes that reach it (green, red, blue, as a WS2812 takes them) and passes
the rest on to the next, so `pixels` is what the strip shows, as (red, green, blue)."""

from __future__ import annotations


class Strip:
    """`wiring["count"]` LEDs on `wiring["pin"]` (a pin as boards.toml names it)."""

    def __init__(self, hardware, wiring: dict):
        self.count = int(wiring["count"])
        self.pixels: list[tuple[int, int, int]] = [(0, 0, 0)] * self.count
        self.writes = 0  # how many times the program sent the strip its colours
        hardware.ws2812.wire(wiring["pin"], self.receive)

    def receive(self, data: bytes) -> None:
        self.writes += 1
        sent = [(data[i + 1], data[i], data[i + 2]) for i in range(0, len(data) - 2, 3)]
        self.pixels = (sent + self.pixels[len(sent) :])[: self.count]

    def lit(self) -> list[int]:
        """The LEDs that are on."""
        return [i for i, c in enumerate(self.pixels) if any(c)]
