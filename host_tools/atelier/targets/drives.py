"""USB drives of boards: MICROBIT (DAPLink, flashed by copying a .hex) and CIRCUITPY.

A MICROBIT drive is recognised by its DETAILS.TXT (the DAPLink interface's description of the
board: its Unique ID starts with the board ID, 9900/9901 = V1, 9903-9906 = V2); a CIRCUITPY
drive by its boot_out.txt (first line: "Adafruit CircuitPython 9.2.1 on ...; <board> with
<chip>"). Drives are found on Linux (/media, /run/media, /mnt), macOS (/Volumes) and Windows
(drive letters); ATELIER_DRIVE_ROOTS (folders separated by os.pathsep) adds places to look.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import string
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from atelier.errors import UserError

MICROBIT_MARKER = "DETAILS.TXT"
CIRCUITPY_MARKER = "boot_out.txt"
MANIFEST = ".atelier.json"  # what the last deploy wrote on a CIRCUITPY drive
_V1_IDS = ("9900", "9901")
_V2_IDS = ("9903", "9904", "9905", "9906")


@dataclass
class Drive:
    path: Path
    kind: str  # "microbit" | "circuitpython"
    unique_id: str = ""
    board_id: str = ""  # "microbit-v1", "microbit-v2", or the CircuitPython board's name
    version: str = ""  # DAPLink interface version, or CircuitPython version
    details: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.path.name or str(self.path)


def read_details(path: Path) -> Drive:
    """The MICROBIT drive at `path`, from its DETAILS.TXT."""
    text = (path / MICROBIT_MARKER).read_text(errors="replace")
    details = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith("#"):
            details[key.strip()] = value.strip()
    uid = details.get("Unique ID", "")
    board = ("microbit-v1" if uid[:4] in _V1_IDS else
             "microbit-v2" if uid[:4] in _V2_IDS else "")  # fmt: skip
    return Drive(path, "microbit", uid, board, details.get("Interface Version", ""), details)


def read_boot_out(path: Path) -> Drive:
    """The CIRCUITPY drive at `path`, from its boot_out.txt."""
    first = (path / CIRCUITPY_MARKER).read_text(errors="replace").splitlines()[:1]
    m = re.match(r"Adafruit CircuitPython (\S+) on [^;]*; (.+?) with", first[0] if first else "")
    version, name = (m.group(1), m.group(2)) if m else ("", "")
    uid = ""
    for line in (path / CIRCUITPY_MARKER).read_text(errors="replace").splitlines():
        if line.startswith("UID:"):
            uid = line[4:].strip()
    return Drive(path, "circuitpython", uid, name, version)


def _mount_roots() -> list[Path]:
    roots = [Path(p) for p in os.environ.get("ATELIER_DRIVE_ROOTS", "").split(os.pathsep) if p]
    if sys.platform == "win32":
        roots += [Path(f"{letter}:/") for letter in string.ascii_uppercase[3:]]
        return roots
    user = os.environ.get("USER", "")
    for base in ("/media", f"/media/{user}", f"/run/media/{user}", "/mnt", "/Volumes"):
        roots.append(Path(base))
    return roots


def find_drives(kind: str | None = None) -> list[Drive]:
    """Every mounted MICROBIT / CIRCUITPY drive (or only one kind)."""
    found: dict[Path, Drive] = {}
    for root in _mount_roots():
        try:
            candidates = [root] + [p for p in root.iterdir() if p.is_dir()]
        except OSError:
            continue
        for p in candidates:
            try:
                if (p / MICROBIT_MARKER).is_file() and kind in (None, "microbit"):
                    found[p.resolve()] = read_details(p)
                elif (p / CIRCUITPY_MARKER).is_file() and kind in (None, "circuitpython"):
                    found[p.resolve()] = read_boot_out(p)
            except OSError:
                continue
    return sorted(found.values(), key=lambda d: str(d.path))


def drive_at(path: str | Path, kind: str) -> Drive:
    """The drive the user named; one clear line if it is not one."""
    p = Path(path)
    marker = MICROBIT_MARKER if kind == "microbit" else CIRCUITPY_MARKER
    name = "MICROBIT" if kind == "microbit" else "CIRCUITPY"
    if not p.is_dir():
        raise UserError(f"{p}: no such drive (is the board plugged in and mounted?)")
    if not (p / marker).is_file():
        raise UserError(f"{p}: not a {name} drive (no {marker}); pick the board's drive")
    return read_details(p) if kind == "microbit" else read_boot_out(p)


# -- results -----------------------------------------------------------------------------------
@dataclass
class DriveResult:
    drive: Drive
    ok: bool = False
    message: str = ""
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0


# -- micro:bit: copy one .hex to many drives -----------------------------------------------------
def copy_hex(
    drive: Drive,
    data: bytes,
    name: str,
    progress: Callable[[int], None] | None = None,
    chunk: int = 64 * 1024,
) -> DriveResult:
    """Copy the .hex onto a MICROBIT drive; DAPLink flashes the board as the file arrives."""
    r = DriveResult(drive)
    t0 = time.monotonic()
    dest = drive.path / name
    try:
        with open(dest, "wb") as f:
            for i in range(0, len(data), chunk):
                f.write(data[i : i + chunk])
                f.flush()
                if progress:
                    progress(len(data[i : i + chunk]))
            os.fsync(f.fileno())
        # the drive must still be there with the whole file (a board unplugged mid-copy is not)
        if not drive.path.is_dir() or dest.stat().st_size != len(data):
            raise OSError("the drive went away during the copy")
    except OSError as e:
        r.message = f"{drive.path}: copy failed ({e.strerror or e}); plug the board in and retry"
    else:
        r.ok, r.files, r.bytes, r.message = True, 1, len(data), "flashed"
    r.seconds = time.monotonic() - t0
    return r


def flash_drives(
    drives: list[Drive],
    data: bytes,
    name: str,
    *,
    progress: Callable[[Drive, int], None] | None = None,
    parallel: bool = True,
) -> list[DriveResult]:
    """The same .hex to every drive, all at once; one drive failing does not stop the others."""

    def one(d: Drive) -> DriveResult:
        return copy_hex(d, data, name, (lambda n: progress(d, n)) if progress else None)

    if not parallel:
        return [one(d) for d in drives]
    with ThreadPoolExecutor(max_workers=max(1, min(32, len(drives)))) as pool:
        return list(pool.map(one, drives))


# -- CircuitPython: sync a bundle onto a CIRCUITPY drive -----------------------------------------
def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sync_drive(
    drive: Drive,
    files: dict[str, bytes],
    lesson: str,
    main_file: str = "code.py",
    progress: Callable[[int], None] | None = None,
    on_write: Callable[[str], None] | None = None,
) -> DriveResult:
    """Write what changed; each file under a temporary name then renamed; the main file last
    (a half-copied lesson never starts); files the previous deploy wrote and this one does not
    are removed, the pupils' own files are kept; the manifest last of all."""
    r = DriveResult(drive)
    t0 = time.monotonic()
    root = drive.path
    try:
        old = json.loads((root / MANIFEST).read_text()) if (root / MANIFEST).exists() else {}
    except (OSError, ValueError):
        old = {}
    try:
        order = sorted(n for n in files if n != main_file) + (
            [main_file] if main_file in files else []
        )
        for name in order:
            data = files[name]
            dest = root / name
            try:
                same = (
                    dest.is_file()
                    and dest.stat().st_size == len(data)
                    and (dest.read_bytes() == data)
                )
            except OSError:
                same = False
            if not same:  # FAT writes are slow and wear the flash: only what changed
                dest.parent.mkdir(parents=True, exist_ok=True)
                tmp = dest.with_name(dest.name + ".atelier-tmp")
                with open(tmp, "wb") as f:
                    f.write(data)
                    f.flush()
                    os.fsync(f.fileno())
                os.replace(tmp, dest)
                r.files += 1
                r.bytes += len(data)
                if on_write:
                    on_write(name)
            if progress:
                progress(len(data))
        for name in sorted(set(old.get("files", {})) - set(files)):
            try:
                (root / name).unlink()
            except OSError:
                pass
        manifest = {"lesson": lesson, "files": {n: _digest(d) for n, d in files.items()}}
        tmp = root / (MANIFEST + ".atelier-tmp")
        tmp.write_text(json.dumps(manifest, indent=1))
        os.replace(tmp, root / MANIFEST)
    except OSError as e:
        r.message = f"{root}: write failed ({e.strerror or e}); plug the board in and retry"
    else:
        r.ok = True
        r.message = "up to date" if r.files == 0 else "deployed"
    r.seconds = time.monotonic() - t0
    return r
