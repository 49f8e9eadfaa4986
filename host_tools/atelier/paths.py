"""Where the firmware, lessons and boards.toml that atelier ships are, installed or not."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _root() -> Path:
    # A source checkout (or an editable install) has them beside host_tools/; a wheel
    # carries copies in atelier/_data.
    checkout = _PKG.parents[1]
    if (checkout / "firmware" / "kit").is_dir() and (checkout / "boards.toml").is_file():
        return checkout
    return _PKG / "_data"


def firmware_dir() -> Path:
    return _root() / "firmware"


def lessons_dir() -> Path:
    return _root() / "lessons"


def boards_toml() -> Path:
    return _root() / "boards.toml"


def user_dir(kind: str) -> Path:
    """The user's per-application folder: kind "data" (the inventory) or "cache" (compiled
    .mpy files), as each system places them."""
    import os
    import sys

    home = Path.home()
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / "atelier"
    if sys.platform == "darwin":
        sub = "Application Support" if kind == "data" else "Caches"
        return home / "Library" / sub / "atelier"
    if kind == "data":
        return Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "atelier"
    return Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache") / "atelier"
