"""The board inventory: a SQLite file in the user's data folder.

Boards by unique id (type, label, where last seen, what they run) and every deploy (when, board,
lesson, version, result). ATELIER_INVENTORY names another file (tests, a shared class folder).
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from atelier.errors import UserError
from atelier.paths import user_dir

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
"""


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


class Inventory:
    def __init__(self, path: Path | None = None):
        self.path = Path(path or default_path())
        self.lock = threading.Lock()  # boards are deployed from threads; one writer at a time
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
            self.db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise UserError(f"{self.path}: cannot open the board inventory ({e}); set "
                            "ATELIER_INVENTORY to a writable file") from None  # fmt: skip

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Inventory:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def seen(self, uid: str, **fields) -> None:
        """Record a board seen now; empty fields keep what is known."""
        if not uid:
            return
        now = time.time()
        with self.lock, self.db:
            self.db.execute(
                "INSERT INTO boards(uid, first_seen, last_seen) VALUES (?, ?, ?) "
                "ON CONFLICT(uid) DO UPDATE SET last_seen = excluded.last_seen",
                (uid, now, now),
            )
            for key, value in fields.items():
                if key not in ("type", "label", "port", "runtime", "lesson", "lesson_version"):
                    raise ValueError(key)
                if value is not None and (value != "" or key == "label"):
                    self.db.execute(f"UPDATE boards SET {key} = ? WHERE uid = ?", (value, uid))

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
        """Deploys, newest first; `who` filters by label, unique id or port."""
        sql = ("SELECT at, uid, port, board_type, label, lesson, version, ok, result, files, "
               "bytes, seconds FROM deploys")  # fmt: skip
        args: tuple = ()
        if who:
            sql += " WHERE label = ? OR uid = ? OR port = ?"
            args = (who, who, who)
        sql += " ORDER BY at DESC, id DESC LIMIT ?"
        keys = ("at", "uid", "port", "board_type", "label", "lesson", "version", "ok",
                "result", "files", "bytes", "seconds")  # fmt: skip
        return [dict(zip(keys, r, strict=True)) for r in self.db.execute(sql, (*args, limit))]
