"""Tests for atelier.backends: the registry agrees with boards.toml, the kit and the simulator."""

from __future__ import annotations

import subprocess
import sys
import typing
from pathlib import Path

import pytest

from atelier.backends import (
    BACKEND_NAMES,
    BACKENDS,
    CIRCUITPYTHON,
    MICROPYTHON,
    backend_of,
    hardware_class,
    runs_circuitpython,
)
from atelier.boards import Board, BoardsError, load_boards
from atelier.paths import firmware_dir
from atelier.sim.hardware import Hardware

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def boards():
    return load_boards()


def test_every_shipped_board_has_a_record_of_its_runtime(boards):
    for board in boards:
        backend = backend_of(board)
        assert backend.name == board.backend
        assert backend.runtime == board.runtime
        assert runs_circuitpython(board) == (backend.runtime == CIRCUITPYTHON)
        assert set(board.transports) <= backend.transports


def test_every_record_is_used_by_a_shipped_board(boards):
    assert {b.backend for b in boards} == set(BACKENDS)


def test_boards_toml_takes_exactly_the_registry_names():
    assert typing.get_args(Board.model_fields["backend"].annotation) == BACKEND_NAMES


@pytest.mark.parametrize("name", BACKEND_NAMES)
def test_every_record_is_consistent(name):
    backend = BACKENDS[name]
    assert backend.name == name
    assert backend.runtime in (MICROPYTHON, CIRCUITPYTHON)
    assert backend.transports and backend.transports <= {"serial", "hex", "drive"}
    # CircuitPython has its own libraries and busio; MicroPython boards take ours
    assert (backend.drivers == "adafruit") == (backend.runtime == CIRCUITPYTHON)
    assert (backend.kitconfig == "wiring-no-bus-id") == (backend.runtime == CIRCUITPYTHON)
    assert ("drive" in backend.transports) <= (backend.runtime == CIRCUITPYTHON)


@pytest.mark.parametrize("name", BACKEND_NAMES)
def test_every_record_has_its_kit_files(name):
    backend = BACKENDS[name]
    kit = firmware_dir() / "kit"
    for module in (backend.kit_module, *backend.kit_extras):
        assert (kit / f"{module}.py").is_file(), module
    assert backend.kit_module == f"hw_{name}"  # kit/__init__.py loads "hw_" + BACKEND


@pytest.mark.parametrize("name", BACKEND_NAMES)
def test_every_record_has_a_simulated_hardware_class(name):
    cls = hardware_class(BACKENDS[name])
    assert issubclass(cls, Hardware)
    assert cls.SHIMS, f"{cls.__name__} stands in for none of the board's modules"


def test_the_registry_imports_nothing():
    # read at every CLI start: no pydantic, no simulator, no other atelier module
    code = (
        "import sys, atelier.backends; "
        "print(sorted(m for m in sys.modules if m.startswith(('atelier', 'pydantic'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(REPO / "host_tools")},
    ).stdout
    assert out.strip() == "['atelier', 'atelier.backends']"


VALID = (REPO / "tests" / "test_boards.py").read_text(encoding="utf-8")
DEMO = VALID.split('VALID = """\\\n', 1)[1].split('"""', 1)[0]


def error_for(tmp_path: Path, text: str) -> str:
    path = tmp_path / "boards.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BoardsError) as error:
        load_boards(path)
    return str(error.value)


def test_an_unknown_backend_is_one_line_naming_the_known_ones(tmp_path):
    text = DEMO.replace('backend = "machine"', 'backend = "zephyr"')
    error = error_for(tmp_path, text)
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("backend ="))
    assert "\n" not in error
    assert error.startswith(f"{tmp_path / 'boards.toml'}:{line}: boards.demo.backend: ")
    for name in BACKEND_NAMES:
        assert repr(name) in error or f'"{name}"' in error


def test_a_backend_of_another_runtime_is_refused(tmp_path):
    text = DEMO.replace('backend = "machine"', 'backend = "circuitpython"')
    error = error_for(tmp_path, text)
    assert 'boards.demo.backend: backend "circuitpython" cannot run micropython' in error
