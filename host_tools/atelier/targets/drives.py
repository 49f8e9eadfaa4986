"""USB drives of boards: MICROBIT (DAPLink, flashed by copying a .hex) and CIRCUITPY.

A MICROBIT drive is recognised by its DETAILS.TXT (the DAPLink interface's description of the
board: its Unique ID starts with the board ID, 9900/9901 = V1, 9903-9906 = V2); a CIRCUITPY
drive by its boot_out.txt (first line: "Adafruit CircuitPython 9.2.1 on ...; <board> with
<chip>"). Drives are found on Linux (/media, /run/media, /mnt), macOS (/Volumes) and Windows
(drive letters); ATELIER_DRIVE_ROOTS (folders separated by os.pathsep) adds places to look.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import string
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from atelier.errors import UserError
from atelier.i18n import _
from atelier.plan import HASH_CHARS, MANIFEST, BoardResult, FileState, Manifest, plan, pupil_files

MICROBIT_MARKER = "DETAILS.TXT"
CIRCUITPY_MARKER = "boot_out.txt"
TMP = ".atelier-tmp"  # a file being written


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
    board = daplink_board(uid)
    return Drive(path, "microbit", uid, board, details.get("Interface Version", ""), details)


def daplink_board(unique_id: str) -> str:
    """The board type whose DAPLink board IDs (boards.toml's [daplink]) open `unique_id`, or ""."""
    from atelier.boards import load_boards

    bid = unique_id[:4].lower()
    return next((b.id for b in load_boards() if b.daplink and bid in b.daplink.board_ids), "")


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
    for d in _served_drives():
        if kind in (None, "microbit") and d.path.resolve() not in found:
            found[d.path.resolve()] = d
    return sorted(found.values(), key=lambda d: str(d.path))


def _served_drives() -> list[Drive]:
    """The MICROBIT drives of micro:bits `atelier sim serve --drives` serves right now."""
    if sys.platform == "win32":
        return []
    from atelier.sim import registry

    out = []
    for e in registry.entries():
        p = Path(e.drive) if e.drive else None
        if p is not None and (p / MICROBIT_MARKER).is_file():
            try:
                out.append(read_details(p))
            except OSError:
                continue
    return out


def drive_at(path: str | Path, kind: str) -> Drive:
    """The drive the user named; one clear line if it is not one."""
    p = Path(path)
    marker = MICROBIT_MARKER if kind == "microbit" else CIRCUITPY_MARKER
    name = "MICROBIT" if kind == "microbit" else "CIRCUITPY"
    if not p.is_dir():
        raise UserError(_("{path}: no such drive (is the board plugged in and mounted?)").format(
            path=p))  # fmt: skip
    if not (p / marker).is_file():
        raise UserError(_("{path}: not a {name} drive (no {marker}); pick the board's "
                          "drive").format(path=p, name=name, marker=marker))  # fmt: skip
    return read_details(p) if kind == "microbit" else read_boot_out(p)


# -- results -----------------------------------------------------------------------------------
def DriveResult(drive: Drive, **kw) -> BoardResult:  # noqa: N802 - the older name, kept
    """A result for one drive (BoardResult, the one result type; .drive is the Drive)."""
    return BoardResult(str(drive.path), uid=drive.unique_id, drive=drive, **kw)


def _room_error(root: Path, need: int, free: int, pupils: dict[str, int]) -> str:
    mine = ", ".join(f"{p} ({-(-n // 1024)} KB)" for p, n in sorted(pupils.items())[:6])
    msg = _("{drive}: not enough room: this needs {need} KB, {free} KB free; nothing was "
            "written. Make room on the board, then run the same command again").format(
        drive=root, need=-(-need // 1024), free=free // 1024)  # fmt: skip
    if mine:
        msg += _(" (the pupil's files there: {files}; atelier collect copies them first)").format(
            files=mine)  # fmt: skip
    return msg


def _free(path: Path) -> int:
    try:
        return shutil.disk_usage(path).free
    except OSError:
        return -1


# -- micro:bit: copy one .hex to many drives -----------------------------------------------------
def copy_hex(
    drive: Drive,
    data: bytes,
    name: str,
    progress: Callable[[int], None] | None = None,
    chunk: int = 64 * 1024,
) -> BoardResult:
    """Copy the .hex onto a MICROBIT drive; DAPLink flashes the board as the file arrives."""
    r = DriveResult(drive, board_type=drive.board_id)
    t0 = time.monotonic()
    dest = drive.path / name
    free = _free(drive.path)
    if 0 <= free < len(data):
        r.message = _("{drive}: not enough room for the .hex ({need} KB, {free} KB free); "
                      "nothing was written: unplug the board and plug it in again (its drive "
                      "empties at start), then run the same command again").format(
            drive=drive.path, need=-(-len(data) // 1024), free=free // 1024)  # fmt: skip
        r.seconds = time.monotonic() - t0
        return r
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
            raise OSError(errno.EIO, "gone")
    except OSError as e:
        with contextlib.suppress(OSError):
            dest.unlink()  # no partial .hex left behind
        if e.errno == errno.ENOSPC:
            r.message = _("{drive}: the drive is full; nothing was flashed: unplug the board and "
                          "plug it in again, then run the same command again").format(
                drive=drive.path)  # fmt: skip
        else:
            r.message = _("{drive}: the copy failed (board unplugged?); plug it in and run "
                          "the same command again").format(drive=drive.path)  # fmt: skip
    else:
        r.ok, r.files, r.bytes, r.message = True, 1, len(data), _("flashed")
    r.seconds = time.monotonic() - t0
    return r


def flash_drives(
    drives: list[Drive],
    data: bytes,
    name: str,
    *,
    progress: Callable[[Drive, int], None] | None = None,
    parallel: bool = True,
) -> list[BoardResult]:
    """The same .hex to every drive, all at once; one drive failing does not stop the others."""

    def one(d: Drive) -> BoardResult:
        return copy_hex(d, data, name, (lambda n: progress(d, n)) if progress else None)

    if not parallel:
        return [one(d) for d in drives]
    with ThreadPoolExecutor(max_workers=max(1, min(32, len(drives)))) as pool:
        return list(pool.map(one, drives))


# -- CircuitPython: sync a bundle onto a CIRCUITPY drive -----------------------------------------
def _short(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_CHARS]


def read_manifest(root: Path) -> Manifest | None:
    try:
        return Manifest.parse((root / MANIFEST).read_bytes())
    except OSError:
        return None


def drive_state(root: Path, paths) -> dict[str, FileState | None]:
    """Size and hash of each of `paths` on the drive (None: absent)."""
    out: dict[str, FileState | None] = {}
    for p in paths:
        try:
            data = (root / p).read_bytes()
        except OSError:
            out[p] = None
            continue
        out[p] = FileState(len(data), _short(data))
    return out


def drive_files(root: Path) -> list[str]:
    """Every file on the drive, as paths relative to it (the system's own folders left out)."""
    skip = {".fseventsd", ".Trashes", "System Volume Information", ".Spotlight-V100"}
    out = []
    for p in root.rglob("*"):
        rel = p.relative_to(root)
        if rel.parts[0] in skip or not p.is_file():
            continue
        out.append(rel.as_posix())
    return sorted(out)


def pupils_files_on_drive(root: Path) -> list[str]:
    """The files the pupil wrote or changed on a CIRCUITPY drive (not boot_out.txt)."""
    names = drive_files(root)
    return pupil_files(read_manifest(root), drive_state(root, names), ignore=(CIRCUITPY_MARKER,))


def sync_drive(
    drive: Drive,
    files: dict[str, bytes],
    lesson: str,
    main_file: str = "code.py",
    progress: Callable[[int], None] | None = None,
    on_write: Callable[[str], None] | None = None,
    *,
    version: str = "",
    board_id: str = "",
    save: Callable[[BoardResult, str, bytes], None] | None = None,
    stop=None,
    label_for: Callable[[str, str], str] = lambda uid, board_label: board_label,
) -> BoardResult:
    """Make the drive hold `files` (plus the pupils' own files), in two phases: every changed
    file is first written under a temporary name (a failure there removes them all: the drive
    is as it was), then each is renamed over the old one, the main file last, the manifest
    after it. Room is checked before anything is written; the pupil's files the lesson
    replaces are handed to `save` first."""
    r = DriveResult(drive, board_type=board_id)
    t0 = time.monotonic()
    root = drive.path
    last = read_manifest(root)
    want = {p: _short(d) for p, d in files.items()}
    todo = plan(want, last, drive_state(root, set(want) | set(last.files if last else ())))
    r.kept = list(todo.keep)
    order = sorted(p for p in todo.write if p != main_file) + (
        [main_file] if main_file in todo.write else [])  # fmt: skip
    label = label_for(drive.unique_id, last.label if last else "")
    r.label = label
    manifest = Manifest(lesson, version, board_id, label, "", todo.files).to_bytes()
    need = sum(_blocks(len(files[p])) for p in order) + _blocks(len(manifest))
    free = _free(root)
    if order and 0 <= free < need:
        pupils = {p: (root / p).stat().st_size for p in pupils_files_on_drive(root)}
        r.message = _room_error(root, need, free, pupils)
        r.seconds = time.monotonic() - t0
        return r
    temps: list[Path] = []
    try:
        if todo.save and save is None:
            raise UserError(
                _(
                    "{drive}: {files} would be replaced and cannot be saved first; "
                    "nothing was written"
                ).format(drive=root, files=", ".join(todo.save))
            )
        for p in todo.save:
            save(r, p, (root / p).read_bytes())
        r.saved = list(todo.save)
        for name in order:  # phase 1: temporary copies
            if stop is not None and stop.is_set():
                raise _Stop
            dest = root / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_name(dest.name + TMP)
            temps.append(tmp)
            with open(tmp, "wb") as f:
                f.write(files[name])
                f.flush()
                os.fsync(f.fileno())
            if progress:
                progress(len(files[name]))
        if stop is not None and stop.is_set():
            raise _Stop
        for name, tmp in zip(order, temps, strict=True):  # phase 2: in place, main file last
            os.replace(tmp, root / name)
            r.files += 1
            r.bytes += len(files[name])
            if on_write:
                on_write(name)
        temps.clear()
        for name in todo.delete:
            with contextlib.suppress(OSError):
                (root / name).unlink()
                r.deleted += 1
        if todo.changes or last is None or todo.keep or _differs(last, manifest):
            tmp = root / (MANIFEST + TMP)
            tmp.write_bytes(manifest)
            os.replace(tmp, root / MANIFEST)
    except _Stop:
        _remove(temps)
        r.interrupted = True
        r.message = _("{drive}: interrupted (Ctrl-C); the drive is as it was").format(drive=root)
    except UserError as e:
        _remove(temps)
        r.message = str(e)
    except OSError as e:
        _remove(temps)
        if e.errno == errno.ENOSPC:
            pupils = {p: (root / p).stat().st_size for p in pupils_files_on_drive(root)}
            r.message = _room_error(root, need, _free(root), pupils)
        elif e.errno in (errno.EROFS, errno.EACCES, errno.EPERM) and not r.files:
            # the board's boot.py took CIRCUITPY (storage.remount): the computer only reads it
            r.message = _(
                "{drive}: the drive is read-only to this computer (the board's boot.py keeps "
                "CIRCUITPY for the board); nothing was written: deploy over its serial port "
                "with --port"
            ).format(drive=root)
        else:
            r.message = _(
                "{drive}: the write failed (board unplugged?); plug it in and run the "
                "same command again: it finishes the job"
            ).format(drive=root)
    else:
        r.ok = True
        r.message = _("up to date") if not todo.changes else _("ok")
    r.seconds = time.monotonic() - t0
    return r


class _Stop(Exception):
    pass


def _remove(paths: list[Path]) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink()


def _differs(last: Manifest, new: bytes) -> bool:
    doc = Manifest.parse(new)
    return (last.lesson, last.version, last.board, last.label, last.files) != (
        doc.lesson, doc.version, doc.board, doc.label, doc.files)  # fmt: skip


def _blocks(n: int, block: int = 4096) -> int:
    return -(-n // block) * block


def write_drive_label(drive: Drive, label: str) -> None:
    """Keep the label in the drive's manifest."""
    root = drive.path
    m = read_manifest(root) or Manifest()
    m.label = label
    tmp = root / (MANIFEST + TMP)
    tmp.write_bytes(m.to_bytes())
    os.replace(tmp, root / MANIFEST)


def restore_drive(drive: Drive, path: str, data: bytes, save, label: str = "") -> BoardResult:
    """Put a saved file back on the drive at `path` (what is there now, if it is the pupil's
    and differs, is saved first); the manifest is left alone: the file is the pupil's."""
    r = DriveResult(drive, label=label)
    root = drive.path
    todo = plan({path: _short(data)}, read_manifest(root), drive_state(root, [path]))
    for p in todo.save:
        save(r, p, (root / p).read_bytes())
    r.saved = list(todo.save)
    if todo.write:
        dest = root / path
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + TMP)
        tmp.write_bytes(data)
        os.replace(tmp, dest)
        r.files, r.bytes = 1, len(data)
    r.ok, r.message = True, _("restored")
    return r
