"""Which known board type a running board is, from what it says about itself::

    detect_board_type(load_boards(), "microbit", "micropython", "1.18.0")  # "microbit-v2"
    detect_board_type(known, "", "", "", usb_types=["pico"])  # "pico": no answer, its USB ids
    detect_board_type(known, "rp2", "micropython", "1.22.2",
                      machine="Raspberry Pi Pico W with RP2040")  # "pico-w"

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
    machine: str = "",
) -> str:
    """The board type from what the board says (sys.platform, runtime and its version,
    os.uname().machine) and its USB ids; "" if atelier knows no such board. Boards of one
    platform differ by their runtime's version (micro:bit V1 / V2: the newest type whose
    version the board has) or by their machine (a Pico and a Pico W are both "rp2", with the
    same USB ids: the machine tells them apart; without it, the first one listed)."""
    same = [b for b in known if b.platform == platform and (not runtime or b.runtime == runtime)]
    named = [b for b in same if machine and b.uname is not None and b.uname.machine == machine]
    same = named or same
    have = _version_tuple(version)
    fits = [b for b in same if _version_tuple(b.runtime_version) <= have] or same
    fits.sort(key=lambda b: _version_tuple(b.runtime_version), reverse=True)
    ids = [b.id for b in fits]
    both = [t for t in usb_types if t in ids]
    return (both or ids or list(usb_types) or [""])[0]
