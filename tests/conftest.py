"""Shared fixtures: write a small micro:bit program and run it in the simulator."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

# Tests read atelier's English words unless they ask for French (a French laptop included);
# the venv's own commands (micropython, mpremote) are found as the installed package finds them.
os.environ["ATELIER_LANG"] = "en"
_bin = os.path.dirname(sys.executable)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")

from atelier.sim import simulate, vm_available  # noqa: E402 - after the language is set

# compiled .mpy files are cached per test session, not in the user's cache
os.environ.setdefault("ATELIER_CACHE", tempfile.mkdtemp(prefix="atelier-cache-"))
# Boards a test serves are listed in this session's own registry (sim/registry.py), never the
# user's: `--all` in a test finds only them. Set in each process, not inherited, so parallel
# workers (xdist) never see each other's boards; the `atelier` commands tests run inherit it.
_runtime = tempfile.mkdtemp(prefix="atelier-run-")
os.environ["ATELIER_RUNTIME_DIR"] = _runtime
atexit.register(shutil.rmtree, _runtime, ignore_errors=True)


def _needed_libraries() -> list[str]:
    """The micropython-lib packages the tests need: kit.net's MQTT client, and what the
    simulated ESP32 freezes (boards.toml `modules.frozen`)."""
    from atelier.boards import load_boards
    from atelier.netsettings import UMQTT

    frozen = load_boards().get("esp32").modules.frozen.values()
    return list(dict.fromkeys([UMQTT, *frozen]))


def _libraries_folder() -> str | None:
    """A folder of this process for the micropython-lib packages the tests need when the
    computer lacks one of them."""
    from atelier.errors import UserError
    from atelier.libraries import find_library

    try:
        for package in _needed_libraries():
            find_library(package)
        return None
    except UserError:
        folder = tempfile.mkdtemp(prefix="atelier-libraries-")
        os.environ["ATELIER_LIBRARIES"] = folder
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        return folder


_LIBRARIES = _libraries_folder()

needs_vm = pytest.mark.skipif(not vm_available(), reason="MicroPython VM not installed here")


def pytest_report_header(config):
    """Which VM package the simulator tests run on (ATELIER_VM=unix|extension picks one)."""
    from atelier.sim.vmproc import PACKAGES, vm_package

    kind = vm_package()
    return f"MicroPython VM: {PACKAGES[kind][0] if kind else 'none'}"


@pytest.fixture
def second_cp_board(tmp_path: Path):
    """A made-up second CircuitPython board: the Bluefruit's record under another id, with its
    speaker, enable and NeoPixel pins renamed and a ring of 12 pixels. It lives only in a
    temporary boards.toml: nothing in Python knows it."""
    from atelier.boards import load_boards
    from atelier.paths import boards_toml

    text = boards_toml().read_text(encoding="utf-8")
    text = text[text.index("[boards.circuitplayground-bluefruit]") :]
    for this, that in [
        ("circuitplayground-bluefruit", "demo-ring12"),
        ('"Adafruit Circuit Playground Bluefruit"', '"Demo board with a ring of 12"'),
        ('"SPEAKER_ENABLE"', '"AMP_ON"'),
        ('"SPEAKER"', '"BUZZ"'),
        ('"NEOPIXEL"', '"PIXELS"'),
        ('\nSPEAKER_ENABLE = "', '\nAMP_ON = "'),  # [gpio.mcu]: the chip pin of each
        ('\nNEOPIXEL = "', '\nPIXELS = "'),
        ("count = 10", "count = 12"),
        ("[330, 300, 270, 240, 210, 150, 120, 90, 60, 30]", str(list(range(0, 360, 30)))),
    ]:
        assert this in text, this
        text = text.replace(this, that)
    path = tmp_path / "boards.toml"
    path.write_text(text, encoding="utf-8")
    return load_boards(path).get("demo-ring12")


@pytest.fixture
def program(tmp_path: Path):
    """program(source) -> path of a main.py holding the dedented source."""

    def make(source: str, name: str = "main.py") -> Path:
        p = tmp_path / name
        p.write_text(textwrap.dedent(source).lstrip("\n"))
        return p

    return make


@pytest.fixture
def sim(program):
    """sim(source, **kw) -> context manager running that program on a simulated micro:bit."""

    def make(source: str, **kw):
        return simulate(program(source), **kw)

    return make


@pytest.fixture(scope="session", autouse=True)
def _kit_net_client():
    """The micropython-lib packages pip cannot install: kit.net's MQTT client, which Pico W
    bundles carry (micropython-umqtt.simple), and what the simulated ESP32 takes as its frozen
    modules (umqtt.simple, umqtt.robust, upysh): the ones `atelier libraries install` put on
    this computer, else fetched once per test process into _LIBRARIES (set before the test
    modules are imported, so the `atelier` commands they run inherit it): the whole library's
    site and author check bundle lessons/station-connectee. PyPI unreachable: left missing,
    and the tests that need them say so in one line."""
    if _LIBRARIES is not None:
        from atelier.errors import UserError
        from atelier.libraries import install

        for package in _needed_libraries():  # the ESP32's frozen ones too
            try:
                install(package)
            except UserError:
                pass
    yield


@pytest.fixture(autouse=True)
def _own_inventory(tmp_path_factory, monkeypatch):
    """Deploys in tests go to a throw-away board inventory, never the user's."""
    monkeypatch.setenv("ATELIER_INVENTORY", str(tmp_path_factory.mktemp("inv") / "inv.sqlite"))
