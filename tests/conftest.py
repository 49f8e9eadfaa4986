"""Shared fixtures: write a small micro:bit program and run it in the simulator."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from atelier.sim import simulate, vm_available

needs_vm = pytest.mark.skipif(not vm_available(), reason="MicroPython VM not installed here")


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
