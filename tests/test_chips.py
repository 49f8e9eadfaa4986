"""The chip registry (atelier.chips) agrees with what it names: our drivers, Adafruit's
packages, the simulator's models, the datasheets' ids and addresses, and boards.toml."""

from __future__ import annotations

import ast
import importlib
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from atelier.boards import load_boards
from atelier.chips import BY_NAME, CHIPS, SENSOR_ROLES, find
from atelier.sim.chips import model_class
from atelier.sim.i2c import I2CBus
from atelier.sim.world import World

ROOT = Path(__file__).resolve().parents[1]
DRIVERS = ROOT / "firmware" / "drivers"

ROLES = [(chip, role) for chip in CHIPS for role in chip.roles]


def _id(param) -> str:
    chip, role = param
    return f"{chip.name}-{role.name}"


def test_one_record_per_chip_and_one_entry_per_role():
    assert len(BY_NAME) == len(CHIPS)
    for chip in CHIPS:
        names = [r.name for r in chip.roles]
        assert len(names) == len(set(names)), chip.name
        assert chip.datasheet, chip.name
        for role in chip.roles:
            assert role.name in (*SENSOR_ROLES, "display"), (chip.name, role.name)
            assert role.addresses and all(0x08 <= a <= 0x77 for a in role.addresses)


def test_find():
    assert find("BMP280", "pressure").driver == "bmp280.BMP280"
    assert find("BMP280", "magnetometer") is None
    assert find("XYZ123", "pressure") is None


def test_importing_the_registry_imports_nothing_else():
    code = (
        "import sys, atelier.chips; "
        "print(sorted(m for m in sys.modules if m.startswith('atelier')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "host_tools")},
    ).stdout
    assert out.strip() == "['atelier', 'atelier.chips']"


@pytest.mark.parametrize("entry", [e for e in ROLES if e[1].driver], ids=_id)
def test_driver_file_exists_and_defines_the_class(entry):
    _chip, role = entry
    path = DRIVERS / f"{role.driver_module}.py"
    assert path.is_file(), path
    tree = ast.parse(path.read_text())
    classes = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    assert role.driver_class in classes, f"{path} has no class {role.driver_class}"


def _dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}


@pytest.mark.parametrize("entry", [e for e in ROLES if e[1].adafruit], ids=_id)
def test_adafruit_library_is_a_dependency_and_imports(entry):
    _chip, role = entry
    lib = role.adafruit
    assert lib.package in _dependencies(), f"add {lib.package} to pyproject.toml's dependencies"
    assert lib.module.startswith("adafruit_")
    module = importlib.import_module(lib.module)
    assert hasattr(module, lib.cls), f"{lib.module} has no {lib.cls}"


@pytest.mark.parametrize("entry", [e for e in ROLES if e[1].model], ids=_id)
def test_model_answers_at_its_addresses_with_the_datasheets_id(entry):
    chip, role = entry
    cls = model_class(chip.name, role.name)
    assert cls is not None
    for address in role.addresses:
        bus = I2CBus("i2c0", World(), lambda: 0)
        bus.attach(cls(address=address))
        assert bus.scan() == [address]
        if role.chip_id is not None:
            register, value = role.chip_id
            got = bus.writeto_then_readfrom(address, bytes([register]), 1)
            assert got == bytes([value]), f"{chip.name} {role.name}: {got.hex()} at {register:#x}"


def test_a_role_without_a_model_has_none():
    assert model_class("MMA8653", "accelerometer") is None
    assert model_class("BMP280", "magnetometer") is None


def test_every_chip_of_boards_toml_is_in_the_registry_at_an_address_it_answers_at():
    for board in load_boards():
        for sensor in board.sensors:
            role = find(sensor.chip, sensor.role)
            assert role is not None, f"{board.id}: {sensor.chip} {sensor.role} is not in chips.py"
            assert sensor.address in role.addresses, (board.id, sensor.chip, sensor.address)
        display = board.kit.display
        if getattr(display, "kind", None) == "ssd1306":
            assert display.address in find("SSD1306", "display").addresses
