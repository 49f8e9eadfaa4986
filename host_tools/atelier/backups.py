"""Pupils' files saved on the teacher's computer before atelier replaces or removes them.

Every deploy, reset, flash and restore asks the planner (atelier.plan) which files on a board
are the pupil's; those it is about to overwrite are read off the board first and kept here:

    <data folder>/backups/<board label>/<date time>/<path on the board>

a folder a teacher can open, with one row per copy in the inventory (`atelier backups` lists
them, `atelier restore` puts one back, `atelier history` shows them beside the deploys). The
same content saved twice for one board and path is kept once. Space is bounded: copies older
than ATELIER_BACKUP_DAYS (default 365) go, then the oldest until the folder holds at most
ATELIER_BACKUP_MB (default 500) megabytes; copies made by the running command never go.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from atelier.errors import UserError
from atelier.i18n import _
from atelier.inventory import Inventory, SavedRow

_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
             *(f"LPT{i}" for i in range(10))}  # fmt: skip


def folder_name(label: str, uid: str = "") -> str:
    """A folder name for a board on every system (Windows included), from its label."""
    name = _UNSAFE.sub("_", label).strip(" ._") or uid or "carte"
    if name.split(".")[0].upper() in _RESERVED:
        name = "_" + name
    return name[:64]


def safe_path(path: str) -> Path:
    """A path of the board as a relative path of this computer, on every system: no "..", no
    root, each part a name Windows takes too (the record keeps the board's own path)."""
    parts = [folder_name(p, "_") for p in path.replace("\\", "/").split("/")
             if p not in ("", ".", "..")]  # fmt: skip
    return Path(*parts) if parts else Path("_")


def _write_new(root: Path, rel: Path, data: bytes) -> Path:
    """Write data at root/rel, or beside it (name.2.ext, ...) if that is taken; never over a
    file. Returns the path used."""
    n = 1
    while True:
        dest = root / rel
        try:
            with open(dest, "xb") as f:
                f.write(data)
            return rel
        except FileExistsError:
            n += 1
            rel = rel.with_name(f"{Path(rel.name).stem.split('.')[0]}.{n}{rel.suffix}")


def _cannot_save(path: str, folder: Path, e: OSError) -> str:
    if e.errno == errno.ENOSPC:
        return _("cannot save the pupil's {path} on this computer: the disk is full; nothing "
                 "was written on the board: free some space in {folder}").format(
            path=path, folder=folder)  # fmt: skip
    return _("cannot save the pupil's {path} in {folder} on this computer (no right to write "
             "there?); nothing was written on the board: set ATELIER_BACKUPS to a folder you "
             "can write in").format(path=path, folder=folder)  # fmt: skip


def default_root(inv: Inventory) -> Path:
    env = os.environ.get("ATELIER_BACKUPS")
    return Path(env) if env else inv.path.parent / "backups"


@dataclass
class Board:
    """Whose files these are."""

    uid: str
    label: str = ""
    board_type: str = ""
    place: str = ""  # port or drive


@dataclass
class Backups:
    inv: Inventory
    root: Path | None = None
    made: list[int] = field(default_factory=list)  # ids saved by this command

    def __post_init__(self) -> None:
        self.root = Path(self.root or default_root(self.inv))
        self._session = time.strftime("%Y-%m-%d_%H-%M-%S")
        self._lock = threading.Lock()

    def save(self, board: Board, path: str, data: bytes, reason: str) -> SavedRow:
        """Keep `data` (the file `path` of `board`); returns its record. Raises UserError if
        this computer cannot store it (then the caller must not overwrite the file). Boards
        save from many threads at once: each board has its own folder per command, and a
        copy never replaces another."""
        digest = hashlib.sha256(data).hexdigest()
        with self._lock:
            if board.uid:
                last = self.inv.latest_saved(board.uid, path)
                if last and last.sha256 == digest and (self.root / last.stored).is_file():
                    self.inv.touch_saved(last.id)  # still needed: it expires from now
                    self.made.append(last.id)
                    return last  # this very content is already safe
            session = f"{self._session}_{board.uid[:8]}" if board.uid else self._session
            rel = Path(folder_name(board.label, board.uid)) / session / safe_path(path)
            try:
                (self.root / rel).parent.mkdir(parents=True, exist_ok=True)
                rel = _write_new(self.root, rel, data)
            except OSError as e:
                raise UserError(_cannot_save(path, self.root, e)) from None
            ident = self.inv.add_saved(uid=board.uid, label=board.label,
                                       board_type=board.board_type, place=board.place,
                                       path=path, size=len(data), sha256=digest,
                                       stored=rel.as_posix(), reason=reason,
                                       at=time.time())  # fmt: skip
            self.made.append(ident)
        row = self.inv.saved_by_id(ident)
        assert row is not None
        return row

    def read(self, row: SavedRow) -> bytes:
        """The saved copy's bytes, checked against the hash recorded when it was saved."""
        try:
            data = (self.root / row.stored).read_bytes()
        except OSError:
            raise UserError(_("copy {id} ({path}) is no longer in {folder}").format(
                id=row.id, path=row.path, folder=self.root)) from None  # fmt: skip
        if hashlib.sha256(data).hexdigest() != row.sha256:
            raise UserError(_("copy {id} ({path}) was changed since it was saved: {file}").format(
                id=row.id, path=row.path, file=self.root / row.stored))  # fmt: skip
        return data

    def prune(self, days: float | None = None, megabytes: float | None = None) -> int:
        """Drop expired copies, then the oldest past the size bound; returns how many."""
        days = _env_number("ATELIER_BACKUP_DAYS", 365) if days is None else days
        megabytes = _env_number("ATELIER_BACKUP_MB", 500) if megabytes is None else megabytes
        rows = sorted(self.inv.saved(limit=10**9), key=lambda r: (r.at, r.id))
        cutoff = time.time() - days * 86400
        keep_bytes = megabytes * 1024 * 1024
        total = sum(r.size for r in rows)
        drop = []
        for r in rows:
            if r.id in self.made:
                continue
            if r.at < cutoff or total > keep_bytes:
                drop.append(r)
                total -= r.size
        shared = {r.stored for r in rows if r not in drop}
        for r in drop:
            if r.stored not in shared:
                p = self.root / r.stored
                p.unlink(missing_ok=True)
                _remove_empty_parents(p.parent, self.root)
        self.inv.forget_saved([r.id for r in drop])
        return len(drop)


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value == value and value >= 0 else default


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def copy_out(data: bytes, out: Path, path: str) -> Path:
    """Write a file of a board into a folder of this computer, never over another file."""
    rel = safe_path(path)
    (out / rel).parent.mkdir(parents=True, exist_ok=True)
    return out / _write_new(out, rel, data)
