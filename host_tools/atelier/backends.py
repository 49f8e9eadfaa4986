"""The backend registry: every kit backend boards.toml may name, and what atelier does for it.

    from atelier.backends import backend_of

    backend = backend_of(board)    # the record of board.backend
    backend.kit_module             # "hw_machine": firmware/kit/hw_machine.py
    backend.compiles               # whether the bundle ships .mpy files
    backend.hardware               # "atelier.sim.machine_hw.MachineHardware"

One frozen record per backend, read by boards.toml's validation (which backends exist, which
runtime and transports each takes), the bundle (which kit files, what `kitconfig.py` holds,
which drivers, whether to compile), the simulator (which hardware class) and the served boards
(what the USB side is). The simulator's classes are named by dotted path and imported only by
`hardware_class`: this module is read at every CLI start and imports nothing.

What depends on the runtime family rather than on the backend (CircuitPython's pin names,
`busio`, its own .mpy format) is asked through `runs_circuitpython`, not a string test.

A new backend: a record here, its `firmware/kit/hw_<name>.py`, its simulated hardware (a
`sim.hardware.Hardware` with `SHIMS`) and boards.toml; `tests/test_backends.py` checks they agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

MICROPYTHON = "micropython"
CIRCUITPYTHON = "circuitpython"


@dataclass(frozen=True)
class Backend:
    """What atelier does for boards of one kit backend."""

    name: str  # as boards.toml writes it: `backend = "machine"`
    runtime: Literal["micropython", "circuitpython"]  # the only runtime family it runs on
    kit_module: str  # its file in firmware/kit (without .py), loaded through kitconfig.BACKEND
    kit_extras: tuple[str, ...]  # kit helpers it needs besides (the micro:bit has them built in)
    # Which drivers its sensors use: none (the runtime has its own), ours from
    # firmware/drivers, or Adafruit's libraries from the installed pip packages.
    drivers: Literal["none", "firmware", "adafruit"]
    # What kitconfig.py says besides BOARD, BACKEND, FLAT (and a magnet door's threshold):
    # nothing (the runtime knows its own wiring), or boards.toml's buses, sensors and pins,
    # each bus with its number (machine.I2C) or without (busio takes pins only).
    kitconfig: Literal["plain", "wiring", "wiring-no-bus-id"]
    compiles: bool  # the bundle's .py files become .mpy (the micro:bit keeps its sources)
    transports: frozenset[str]  # the ways boards.toml may say it is reached
    daplink: bool  # its USB side is DAPLink: the port's serial number is its Unique ID
    # boards.toml's [[buses]] are the board's own bus to its built-in sensors, on pins off the
    # header: boards validation does not count their pins among the pins in use.
    internal_buses: bool
    core_features_only: bool  # a runtime built at "core features": the bundle warns on extras
    hardware: str | None  # the simulator's hardware class, `package.module.Class` (None: none)


BACKENDS: dict[str, Backend] = {
    b.name: b
    for b in (
        Backend(
            name="microbit",
            runtime=MICROPYTHON,
            kit_module="hw_microbit",
            kit_extras=(),
            drivers="none",
            kitconfig="plain",
            compiles=False,
            transports=frozenset({"hex", "serial"}),
            daplink=True,
            internal_buses=True,
            core_features_only=True,
            hardware="atelier.sim.microbit.MicrobitHardware",
        ),
        Backend(
            name="machine",
            runtime=MICROPYTHON,
            kit_module="hw_machine",
            kit_extras=("heading", "notes", "images"),
            drivers="firmware",
            kitconfig="wiring",
            compiles=True,
            transports=frozenset({"serial"}),
            daplink=False,
            internal_buses=False,
            core_features_only=False,
            hardware="atelier.sim.machine_hw.MachineHardware",
        ),
        Backend(
            name="circuitpython",
            runtime=CIRCUITPYTHON,
            kit_module="hw_circuitpython",
            kit_extras=("heading", "notes", "images"),
            drivers="adafruit",
            kitconfig="wiring-no-bus-id",
            compiles=True,
            transports=frozenset({"drive", "serial"}),
            daplink=False,
            internal_buses=False,
            core_features_only=False,
            hardware="atelier.sim.cp_hw.CircuitPythonHardware",
        ),
    )
}

# boards.toml's `backend` key takes exactly these (boards.models reads it).
BACKEND_NAMES = tuple(BACKENDS)


def backend_of(board) -> Backend:
    """The record of `board.backend` (boards.toml's validation admits no other)."""
    return BACKENDS[board.backend]


def runs_circuitpython(board) -> bool:
    """Whether the board's runtime is CircuitPython (named pins, busio, its own .mpy)."""
    return board.runtime == CIRCUITPYTHON


def hardware_class(backend: Backend) -> type:
    """The simulator's hardware class for `backend`, imported on first use."""
    import importlib

    module, _, cls = backend.hardware.rpartition(".")
    return getattr(importlib.import_module(module), cls)
