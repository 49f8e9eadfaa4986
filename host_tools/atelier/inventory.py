"""The board inventory: a SQLite file in the user's data folder.

Boards by unique id (type, label, where last seen, what they run), every deploy (when, board,
lesson, version, result) and every pupil's file saved before atelier replaced it (the copies
themselves are files beside the inventory: atelier.backups). Labels are unique: one name, one
board. ATELIER_INVENTORY names another file (tests, a shared class folder).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from atelier.errors import UserError
from atelier.i18n import _
from atelier.paths import user_dir
from atelier.plan import clean_label

SCHEMA = """
CREATE TABLE IF NOT EXISTS boards (
    uid TEXT PRIMARY KEY,
    type TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    port TEXT NOT NULL DEFAULT '',
    runtime TEXT NOT NULL DEFAULT '',
    lesson TEXT NOT NULL DEFAULT '',
    lesson_version TEXT NOT NULL DEFAULT '',
    first_seen REAL NOT NULL,
    last_seen REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS deploys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    uid TEXT NOT NULL DEFAULT '',
    port TEXT NOT NULL DEFAULT '',
    board_type TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    lesson TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL DEFAULT '',
    ok INTEGER NOT NULL,
    result TEXT NOT NULL DEFAULT '',
    files INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    seconds REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS deploys_uid ON deploys(uid, at);
CREATE TABLE IF NOT EXISTS saved (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    uid TEXT NOT NULL DEFAULT '',
    label TEXT NOT NULL DEFAULT '',
    board_type TEXT NOT NULL DEFAULT '',
    place TEXT NOT NULL DEFAULT '',
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    stored TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS saved_uid ON saved(uid, path, at);
"""
SHORT_ID = 8  # hex digits of a unique id shown in tables; any unique prefix of 4+ finds it


class LabelTaken(UserError):
    """The label is another board's."""

    def __init__(self, label: str, other: str):
        self.label, self.other = label, other
        super().__init__(
            _("the label \"{label}\" is already board {other}'s; choose another, or add "
              "--force to move it to this board").format(label=label, other=other[:SHORT_ID])
        )  # fmt: skip


def default_path() -> Path:
    env = os.environ.get("ATELIER_INVENTORY")
    return Path(env) if env else user_dir("data") / "inventory.sqlite"


@dataclass
class BoardRow:
    uid: str
    type: str
    label: str
    port: str
    runtime: str
    lesson: str
    lesson_version: str
    first_seen: float
    last_seen: float


@dataclass
class SavedRow:
    """A pupil's file copied to this computer before atelier replaced it."""

    id: int
    at: float
    uid: str
    label: str
    board_type: str
    place: str  # the port or drive it came from
    path: str  # its path on the board
    size: int
    sha256: str
    stored: str  # where the copy is, relative to the backups folder
    reason: str


_SAVED_COLS = "id, at, uid, label, board_type, place, path, size, sha256, stored, reason"


class Inventory:
    def __init__(self, path: Path | None = None):
        self.path = Path(path or default_path())
        self.lock = threading.Lock()  # boards are deployed from threads; one writer at a time
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.Error):
            raise UserError(
                _(
                    "{path}: cannot open the board inventory; set ATELIER_INVENTORY "
                    "to a writable file"
                ).format(path=self.path)
            ) from None

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Inventory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def seen(self, uid: str, **fields) -> str:
        """Record a board seen now; empty fields keep what is known. A label another board
        has is not taken (labels are unique): returns a warning then, else ""."""
        if not uid:
            return ""
        now = time.time()
        warning = ""
        with self.lock, self.db:
            self.db.execute(
                "INSERT INTO boards(uid, first_seen, last_seen) VALUES (?, ?, ?) "
                "ON CONFLICT(uid) DO UPDATE SET last_seen = excluded.last_seen",
                (uid, now, now),
            )
            for key, value in fields.items():
                if key not in ("type", "label", "port", "runtime", "lesson", "lesson_version"):
                    raise ValueError(key)
                if key == "label" and value:
                    value = clean_label(value)
                    other = self._label_owner(value, uid)
                    if other:
                        warning = _("the board says its label is \"{label}\", but that is "
                                    "board {other}'s: rename one (atelier label)").format(
                            label=value, other=other[:SHORT_ID])  # fmt: skip
                        continue
                if value is not None and (value != "" or key == "label"):
                    self.db.execute(f"UPDATE boards SET {key} = ? WHERE uid = ?", (value, uid))
        return warning

    def _label_owner(self, label: str, uid: str) -> str:
        row = self.db.execute(
            "SELECT uid FROM boards WHERE label = ? COLLATE NOCASE AND uid != ?", (label, uid)
        ).fetchone()
        return row[0] if row else ""

    def check_label(self, uid: str, label: str, force: bool = False) -> None:
        """Raise LabelTaken if another board has `label` (unless `force`)."""
        with self.lock:
            other = self._label_owner(clean_label(label), uid)
        if other and not force:
            raise LabelTaken(label, other)

    def set_label(self, uid: str, label: str, force: bool = False, port: str = "") -> None:
        """Give `uid` this label; with `force`, another board that had it loses it."""
        label = clean_label(label)
        now = time.time()
        with self.lock, self.db:
            other = self._label_owner(label, uid)
            if other and not force:
                raise LabelTaken(label, other)
            if other:
                self.db.execute("UPDATE boards SET label = '' WHERE uid = ?", (other,))
            self.db.execute(
                "INSERT INTO boards(uid, first_seen, last_seen) VALUES (?, ?, ?) "
                "ON CONFLICT(uid) DO UPDATE SET last_seen = excluded.last_seen",
                (uid, now, now),
            )
            self.db.execute("UPDATE boards SET label = ? WHERE uid = ?", (label, uid))
            if port:
                self.db.execute("UPDATE boards SET port = ? WHERE uid = ?", (port, uid))

    def find(self, who: str) -> list[BoardRow]:
        """Boards by label, unique id, unique-id prefix (4+ characters) or port."""
        who = clean_label(who)
        with self.lock:
            rows = self.db.execute(
                "SELECT uid, type, label, port, runtime, lesson, lesson_version, first_seen, "
                "last_seen FROM boards WHERE label = ? COLLATE NOCASE OR uid = ? OR port = ? "
                "OR (length(?) >= 4 AND uid LIKE ? || '%') ORDER BY last_seen DESC",
                (who, who.lower(), who, who, who.lower()),
            ).fetchall()
        return [BoardRow(*r) for r in rows]

    def board(self, uid: str) -> BoardRow | None:
        with self.lock:
            row = self._board(uid)
        return BoardRow(*row) if row else None

    def _board(self, uid: str):
        return self.db.execute(
            "SELECT uid, type, label, port, runtime, lesson, lesson_version, first_seen, "
            "last_seen FROM boards WHERE uid = ?",
            (uid,),
        ).fetchone()

    def boards(self) -> list[BoardRow]:
        rows = self.db.execute(
            "SELECT uid, type, label, port, runtime, lesson, lesson_version, first_seen, "
            "last_seen FROM boards ORDER BY label, uid"
        ).fetchall()
        return [BoardRow(*r) for r in rows]

    def record_deploy(self, *, uid: str, port: str, board_type: str, label: str, lesson: str,
                      version: str, ok: bool, result: str, files: int = 0, bytes_: int = 0,
                      seconds: float = 0.0) -> None:  # fmt: skip
        with self.lock, self.db:
            self.db.execute(
                "INSERT INTO deploys(at, uid, port, board_type, label, lesson, version, ok, "
                "result, files, bytes, seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (
                    time.time(),
                    uid,
                    port,
                    board_type,
                    label,
                    lesson,
                    version,
                    int(ok),
                    result,
                    files,
                    bytes_,
                    seconds,
                ),  # fmt: skip
            )

    def history(self, who: str | None = None, limit: int = 50) -> list[dict]:
        """Deploys, newest first; `who` filters by label, unique id (or its first 4+
        characters) or port."""
        # the label shown is the board's label now (it may have been named after the deploy)
        sql = ("SELECT d.at, d.uid, d.port, d.board_type, COALESCE(NULLIF(b.label, ''), "
               "d.label), d.lesson, d.version, d.ok, d.result, d.files, d.bytes, d.seconds "
               "FROM deploys d LEFT JOIN boards b ON b.uid = d.uid AND d.uid != ''")  # fmt: skip
        args: tuple = ()
        if who:
            who = clean_label(who)
            uids = [b.uid for b in self.find(who)]
            marks = ",".join(["?"] * len(uids)) or "''"
            sql += f" WHERE d.label = ? COLLATE NOCASE OR d.port = ? OR d.uid IN ({marks})"
            args = (who, who, *uids)
        sql += " ORDER BY d.at DESC, d.id DESC LIMIT ?"
        keys = ("at", "uid", "port", "board_type", "label", "lesson", "version", "ok",
                "result", "files", "bytes", "seconds")  # fmt: skip
        with self.lock:
            rows = self.db.execute(sql, (*args, limit)).fetchall()
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # -- pupils' files saved before they were replaced (atelier.backups) ---------------------

    def add_saved(self, *, uid: str, label: str, board_type: str, place: str, path: str,
                  size: int, sha256: str, stored: str, reason: str, at: float) -> int:  # fmt: skip
        with self.lock, self.db:
            cur = self.db.execute(
                f"INSERT INTO saved({_SAVED_COLS.partition(', ')[2]}) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                (at, uid, label, board_type, place, path, size, sha256, stored, reason),
            )
            return int(cur.lastrowid)

    def saved(self, who: str | None = None, limit: int = 100) -> list[SavedRow]:
        """Saved files, newest first; `who` as in history()."""
        sql, args = f"SELECT {_SAVED_COLS} FROM saved", ()
        if who:
            who = clean_label(who)
            uids = [b.uid for b in self.find(who)]
            marks = ",".join(["?"] * len(uids)) or "''"
            sql += (f" WHERE label = ? COLLATE NOCASE OR place = ? OR uid IN ({marks}) "
                    "OR (length(?) >= 4 AND uid LIKE ? || '%')")  # fmt: skip
            args = (who, who, *uids, who, who.lower())
        with self.lock:
            rows = self.db.execute(sql + " ORDER BY at DESC, id DESC LIMIT ?", (*args, limit))
            return [SavedRow(*r) for r in rows.fetchall()]

    def saved_by_id(self, ident: int) -> SavedRow | None:
        with self.lock:
            row = self.db.execute(f"SELECT {_SAVED_COLS} FROM saved WHERE id = ?", (ident,))
            row = row.fetchone()
        return SavedRow(*row) if row else None

    def latest_saved(self, uid: str, path: str) -> SavedRow | None:
        with self.lock:
            row = self.db.execute(
                f"SELECT {_SAVED_COLS} FROM saved WHERE uid = ? AND path = ? "
                "ORDER BY at DESC, id DESC LIMIT 1",
                (uid, path),
            ).fetchone()
        return SavedRow(*row) if row else None

    def touch_saved(self, ident: int) -> None:
        with self.lock, self.db:
            self.db.execute("UPDATE saved SET at = ? WHERE id = ?", (time.time(), ident))

    def owner_of(self, label: str, uid: str = "") -> str:
        """The unique id of the board (other than `uid`) that has `label`, or ""."""
        with self.lock:
            return self._label_owner(clean_label(label), uid)

    def forget_saved(self, ids: list[int]) -> None:
        with self.lock, self.db:
            self.db.executemany("DELETE FROM saved WHERE id = ?", [(i,) for i in ids])
