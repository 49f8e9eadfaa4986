"""Ways a bundle reaches a board: a micro:bit .hex now; serial and USB drives next."""
