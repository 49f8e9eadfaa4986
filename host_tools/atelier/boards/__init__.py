"""boards.toml, the declarative description of every board type atelier knows.

Everything board-specific (runtime, .mpy format, USB ids, buses, sensors, how the kit is wired)
lives in boards.toml; the rest of atelier asks this package::

    boards = load_boards()
    board = boards.get("microbit-v2")
    board.has("radio"), board.filesystem.flat, board.kit.door
    detect_board_type(boards, "rp2", "micropython", "1.22.2")  # "pico"

A mistake in boards.toml is reported as one line per problem, ``FILE:LINE: key.path: what is
wrong; what to do``, because the people who edit the file (contributors adding a board, teachers
adapting the wiring) need to find the spot without reading a traceback.

The modules, one job each: ``fields`` (the value types and their checks), ``models`` (the
pydantic models), ``rules`` (the checks across fields, one named function each), ``wording``
(a pydantic error in our words), ``load`` (reading the file, ``Boards``), ``detect`` (which
known type a running board is). ``atelier.tomlines`` finds the lines.
"""

from __future__ import annotations

from atelier.boards.detect import detect_board_type
from atelier.boards.load import Boards, default_boards_path, load_boards
from atelier.boards.models import (
    Board,
    BoardsError,
    Bus,
    Buttons,
    Filesystem,
    Gpio,
    Kit,
    MagnetDoor,
    Modules,
    NeoPixelRing,
    PwmBuzzer,
    ReedDoor,
    Sensor,
    Speaker,
    Ssd1306Display,
    UsbId,
)
from atelier.chips import SENSOR_ROLES
from atelier.tomlines import key_lines

__all__ = [
    "SENSOR_ROLES",
    "Board",
    "Boards",
    "BoardsError",
    "Bus",
    "Buttons",
    "Filesystem",
    "Gpio",
    "Kit",
    "MagnetDoor",
    "Modules",
    "NeoPixelRing",
    "PwmBuzzer",
    "ReedDoor",
    "Sensor",
    "Speaker",
    "Ssd1306Display",
    "UsbId",
    "default_boards_path",
    "detect_board_type",
    "key_lines",
    "load_boards",
]
