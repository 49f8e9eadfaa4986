"""The chip registry: every chip boards.toml may name, and what atelier has for each of its roles.

    from atelier.chips import find

    role = find("BMP280", "pressure")
    role.driver         # "bmp280.BMP280": firmware/drivers/bmp280.py, class BMP280
    role.adafruit       # Adafruit(package="adafruit-circuitpython-bmp280", ...)
    role.model          # "atelier.sim.chips.bmp280.BMP280": the simulator's model

One record per chip, one entry per role it fills (a chip with two sensors in one package,
like the LSM303AGR, answers at one address per role). Read by the bundle (which driver or
library goes onto a board), the simulator (which model sits on the bus) and boards.toml's
validation (which roles exist). The simulator's models are named by dotted path, never
imported here: this module stays cheap to import and knows nothing of the VM.

A new chip: a record here; its driver in `firmware/drivers/`, its Adafruit package in
pyproject.toml, its model in `sim/chips/`; `tests/test_chips.py` checks they all agree.
"""

from __future__ import annotations

from dataclasses import dataclass

# The roles a sensor of boards.toml may fill (the kit's parts read them). "display" is not one:
# the kit's screen is `[kit] display`, not a sensor.
SENSOR_ROLES = ("accelerometer", "humidity", "light", "magnetometer", "pressure", "temperature")


@dataclass(frozen=True)
class Adafruit:
    """An Adafruit CircuitPython library: its pip package, and `module.Class` of the driver.
    `address`: whether the constructor takes `address=` (some only know their fixed one)."""

    package: str
    driver: str
    address: bool

    @property
    def module(self) -> str:
        return self.driver.rpartition(".")[0]

    @property
    def cls(self) -> str:
        return self.driver.rpartition(".")[2]


@dataclass(frozen=True)
class Role:
    """What one chip does in one role, and what atelier has for it (None: nothing)."""

    name: str  # "pressure", "magnetometer", ... or "display"
    addresses: tuple[int, ...]  # the I2C addresses it can answer at (the datasheet's)
    chip_id: tuple[int, int] | None  # (register, value) the datasheet gives for the id
    driver: str | None = None  # `module.Class` in firmware/drivers (MicroPython boards)
    adafruit: Adafruit | None = None  # the library CircuitPython boards use
    model: str | None = None  # the simulator's model, `package.module.Class`

    @property
    def driver_module(self) -> str:
        return (self.driver or "").rpartition(".")[0]

    @property
    def driver_class(self) -> str:
        return (self.driver or "").rpartition(".")[2]


@dataclass(frozen=True)
class Chip:
    name: str  # as boards.toml writes it
    datasheet: str
    roles: tuple[Role, ...]

    def role(self, name: str) -> Role | None:
        return next((r for r in self.roles if r.name == name), None)


CHIPS = (
    Chip(
        "BMP280",
        datasheet="Bosch BMP280 datasheet (BST-BMP280-DS001)",
        roles=(
            Role(
                "pressure",
                addresses=(0x76, 0x77),  # SDO to GND / to VDDIO
                chip_id=(0xD0, 0x58),
                driver="bmp280.BMP280",
                adafruit=Adafruit(
                    "adafruit-circuitpython-bmp280",
                    "adafruit_bmp280.Adafruit_BMP280_I2C",
                    address=True,
                ),
                model="atelier.sim.chips.bmp280.BMP280",
            ),
        ),
    ),
    Chip(
        "LIS2MDL",
        datasheet="ST LIS2MDL datasheet",
        roles=(
            Role(
                "magnetometer",
                addresses=(0x1E,),
                chip_id=(0x4F, 0x40),  # WHO_AM_I
                driver="lis2mdl.LIS2MDL",
                adafruit=Adafruit(
                    "adafruit-circuitpython-lis2mdl", "adafruit_lis2mdl.LIS2MDL", address=False
                ),
                model="atelier.sim.chips.lis2mdl.LIS2MDL",
            ),
        ),
    ),
    Chip(
        # the micro:bit V2's motion sensor: an accelerometer and a LIS2MDL in one package
        "LSM303AGR",
        datasheet="ST LSM303AGR datasheet",
        roles=(
            Role(
                "accelerometer",
                addresses=(0x19,),
                chip_id=(0x0F, 0x33),  # WHO_AM_I_A
                driver="lsm303agr_accel.LSM303AGR_Accel",
                adafruit=Adafruit(
                    "adafruit-circuitpython-lsm303-accel",
                    "adafruit_lsm303_accel.LSM303_Accel",
                    address=False,
                ),
                model="atelier.sim.chips.lsm303agr_accel.LSM303AGR_Accel",
            ),
            Role(
                "magnetometer",
                addresses=(0x1E,),
                chip_id=(0x4F, 0x40),  # WHO_AM_I_M
                driver="lis2mdl.LIS2MDL",
                adafruit=Adafruit(
                    "adafruit-circuitpython-lis2mdl", "adafruit_lis2mdl.LIS2MDL", address=False
                ),
                model="atelier.sim.chips.lis2mdl.LSM303AGR_MAG",  # the LIS2MDL's block
            ),
        ),
    ),
    Chip(
        # the Circuit Playground's accelerometer
        "LIS3DH",
        datasheet="ST LIS3DH datasheet (DocID17530)",
        roles=(
            Role(
                "accelerometer",
                addresses=(0x18, 0x19),  # SDO/SA0 low / high
                chip_id=(0x0F, 0x33),  # WHO_AM_I
                adafruit=Adafruit(
                    "adafruit-circuitpython-lis3dh", "adafruit_lis3dh.LIS3DH_I2C", address=True
                ),
                # the LSM303AGR accelerometer's register map (same WHO_AM_I, 0x33)
                model="atelier.sim.chips.lsm303agr_accel.LSM303AGR_Accel",
            ),
        ),
    ),
    Chip(
        # the GY-271 module of school kits
        "QMC5883L",
        datasheet="QST QMC5883L datasheet 1.0",
        roles=(
            Role(
                "magnetometer",
                addresses=(0x0D,),
                chip_id=(0x0D, 0xFF),
                driver="qmc5883l.QMC5883L",
                model="atelier.sim.chips.qmc5883l.QMC5883L",
            ),
        ),
    ),
    Chip(
        # micro:bit V1's accelerometer: its runtime drives it, atelier has nothing of its own
        "MMA8653",
        datasheet="NXP MMA8653FC datasheet",
        roles=(Role("accelerometer", addresses=(0x1D,), chip_id=(0x0D, 0x5A)),),
    ),
    Chip(
        # micro:bit V1's magnetometer, driven by its runtime too
        "MAG3110",
        datasheet="NXP MAG3110 datasheet",
        roles=(Role("magnetometer", addresses=(0x0E,), chip_id=(0x07, 0xC4)),),
    ),
    Chip(
        # the kit's humidity module: an AHT20, alone or as the Grove DHT20 (same chip, same
        # address); no id register
        "AHT20",
        datasheet="Aosong AHT20 datasheet (v1.1)",
        roles=(
            Role(
                "humidity",
                addresses=(0x38,),
                chip_id=None,
                driver="aht20.AHT20",
                adafruit=Adafruit(
                    "adafruit-circuitpython-ahtx0", "adafruit_ahtx0.AHTx0", address=True
                ),
                model="atelier.sim.chips.aht20.AHT20",
            ),
        ),
    ),
    Chip(
        # the kit's screen (`[kit] display = { kind = "ssd1306", ... }`); no id register
        "SSD1306",
        datasheet="Solomon Systech SSD1306 datasheet",
        roles=(
            Role(
                "display",
                addresses=(0x3C, 0x3D),  # D/C# (SA0) low / high
                chip_id=None,
                driver="ssd1306.SSD1306",
                model="atelier.sim.chips.ssd1306.SSD1306",
            ),
        ),
    ),
)

BY_NAME = {chip.name: chip for chip in CHIPS}


def find(chip: str, role: str) -> Role | None:
    """What atelier knows of `chip` (as boards.toml names it) in `role`, or None."""
    entry = BY_NAME.get(chip)
    return entry.role(role) if entry else None
