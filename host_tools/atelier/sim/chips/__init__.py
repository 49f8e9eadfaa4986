"""Register-level models of the I2C chips that boards.toml names, by chip name."""

from atelier.sim.chips.bmp280 import BMP280

CHIPS = {
    "BMP280": BMP280,
}
