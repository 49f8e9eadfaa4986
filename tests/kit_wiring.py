"""Accessory wiring for tests: a bundle whose kitconfig.py carries a part's wiring (the
constants boards.toml's kit record or a school's kit.toml give, WIRING contract), and the
simulator's model of the part on those pins."""

from __future__ import annotations

from pathlib import Path

from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.paths import firmware_dir

BOARDS = ["microbit-v2", "microbit-v1", "pico", "esp32", "circuitplayground-bluefruit"]

# where the tests plug each module in: boards.toml's default wiring where it has one
DIGITS = {
    "microbit": {"clk": 14, "dio": 15},
    "pico": {"clk": 20, "dio": 21},
    "esp32": {"clk": 18, "dio": 19},
    "circuitplayground-bluefruit": {"clk": "A2", "dio": "A3"},
}
STRIP = {
    "microbit": {"pin": 13, "count": 10},
    "pico": {"pin": 22, "count": 10},
    "esp32": {"pin": 4, "count": 10},
    "circuitplayground-bluefruit": {"pin": "A6", "count": 10},
}


def wiring(table: dict, board: str) -> dict:
    return table["microbit" if board.startswith("microbit") else board]


def wired_bundle(program: Path, board: str, drivers=(), **parts: dict):
    """The bundle of `program` for `board`, its kitconfig.py carrying `parts` (DIGITS=...),
    with our `drivers` besides (for a program that imports one itself)."""
    board_type = load_boards().get(board)
    bundle = build_bundle(program, board_type)
    lib = board_type.filesystem.lib_dir
    for name in drivers:
        path = firmware_dir() / "drivers" / f"{name}.py"
        bundle.files[f"{lib}/{name}.py" if lib else f"{name}.py"] = path.read_bytes()
    if parts:
        name = next(n for n in bundle.files if n.endswith("kitconfig.py"))
        extra = "".join(f"{key.upper()} = {value!r}\n" for key, value in parts.items())
        bundle.files[name] += extra.encode()
    return bundle


def can_simulate(board: str) -> bool:
    """Whether this checkout's simulator runs `board` (the V1 joins with its own branch)."""
    from atelier.errors import UserError
    from atelier.sim import _hardware_for

    try:
        _hardware_for(load_boards().get(board))
    except UserError:
        return False
    return True
