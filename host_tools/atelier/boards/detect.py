"""Which known board type a running board is, from what it says about itself::

    detect_board_type(load_boards(), "microbit", "micropython", "1.18.0")  # "microbit-v2"
    detect_board_type(known, "", "", "", usb_types=["pico"])  # "pico": no answer, its USB ids

Used by the serial deploy engine (a board of another type stops a deploy) and `atelier boards`.
"""

from __future__ import annotations

from collections.abc import Iterable

from atelier.boards.models import Board


def _version_tuple(v: str) -> tuple[int, ...]:
    out = []
    for part in v.split(".")[:3]:
        digits = "".join(c for c in part if c.isdigit())
        out.append(int(digits) if digits else 0)
    return tuple(out)


def detect_board_type(
    known: Iterable[Board],
    platform: str,
    runtime: str,
    version: str,
    usb_types: list[str] | tuple[str, ...] = (),
) -> str:
    """The board type from what the board says (sys.platform, runtime and its version) and
    its USB ids; "" if atelier knows no such board. Boards of one platform (micro:bit V1 /
    V2) differ by their runtime's version: the newest type whose version the board has."""
    same = [b for b in known if b.platform == platform and (not runtime or b.runtime == runtime)]
    have = _version_tuple(version)
    fits = [b for b in same if _version_tuple(b.runtime_version) <= have] or same
    fits.sort(key=lambda b: _version_tuple(b.runtime_version), reverse=True)
    ids = [b.id for b in fits]
    both = [t for t in usb_types if t in ids]
    return (both or ids or list(usb_types) or [""])[0]
