"""Register-level models of the I2C chips that boards.toml names, by chip name."""

from atelier.sim.chips.bmp280 import BMP280
from atelier.sim.chips.lis2mdl import LIS2MDL, LSM303AGR_MAG
from atelier.sim.chips.lsm303agr_accel import LSM303AGR_Accel
from atelier.sim.chips.qmc5883l import QMC5883L
from atelier.sim.chips.ssd1306 import SSD1306

CHIPS = {
    "BMP280": BMP280,
    "LIS2MDL": LIS2MDL,
    "LSM303AGR_MAG": LSM303AGR_MAG,
    "LSM303AGR_ACCEL": LSM303AGR_Accel,
    "QMC5883L": QMC5883L,
    "SSD1306": SSD1306,
}
