"""The class session's SQLite file: every reading that reached the hub, the boards' states and
the refused messages, written as they arrive, so a restarted dashboard, browser or hub loses
nothing; and its CSV export (one line a reading).

One file per class session, in the user's data folder (`hub/seance-<date>-<time>.sqlite`) or
where --out says. WAL journal, synchronous=NORMAL: a commit is a write to the journal file, not
an fsync, so thousands of readings a second fit, and a crash of the hub loses nothing already
committed (only a power cut could lose the last ones)."""

from __future__ import annotations

import csv
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from atelier.errors import UserError
from atelier.i18n import _

SCHEMA = """
CREATE TABLE IF NOT EXISTS readings (
    id INTEGER PRIMARY KEY,
    t REAL NOT NULL,          -- when the hub received it (Unix time, seconds)
    label TEXT NOT NULL,      -- the board's label (classe/<label>/...)
    quantity TEXT NOT NULL,
    value REAL,               -- a number ...
    text TEXT                 -- ... or text
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    t REAL NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,       -- "state" (online/offline), "refused" (why), "duplicate"
    detail TEXT NOT NULL
);
"""
CSV_COLUMNS = ("time", "label", "quantity", "value")


def session_path(folder: Path, now: float | None = None) -> Path:
    """A new session's file in `folder`: named by the date and time the class began."""
    stamp = datetime.fromtimestamp(now or time.time()).strftime("%Y-%m-%d_%Hh%M")
    return folder / f"seance-{stamp}.sqlite"


class Store:
    """The session file. Writes come from the hub's subscriber thread, reads (snapshot, CSV)
    from anywhere: one connection per thread, as sqlite3 wants."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=10)
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(SCHEMA)
            db.commit()
            # readings already in it: a hub started again on this session file
            self.found = db.execute("SELECT COUNT(*) FROM readings").fetchone()[0]
            db.close()
        except (OSError, sqlite3.Error) as e:
            raise UserError(_("{file}: cannot write the session file ({error})").format(
                file=self.path, error=e)) from e  # fmt: skip
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=10)
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    def add_reading(self, t: float, label: str, quantity: str, value: float | None,
                    text: str | None) -> int:  # fmt: skip
        """Record one reading (committed when this returns); its row id."""
        db = self._db()
        with db:
            cur = db.execute(
                "INSERT INTO readings (t, label, quantity, value, text) VALUES (?, ?, ?, ?, ?)",
                (t, label, quantity, value, text),
            )
        return cur.lastrowid

    def add_event(self, t: float, label: str, kind: str, detail: str) -> None:
        db = self._db()
        with db:
            db.execute("INSERT INTO events (t, label, kind, detail) VALUES (?, ?, ?, ?)",
                       (t, label, kind, detail))  # fmt: skip

    def readings(self) -> Iterator[tuple[int, float, str, str, float | None, str | None]]:
        """Every reading, in the order they arrived: (id, t, label, quantity, value, text)."""
        yield from self._db().execute(
            "SELECT id, t, label, quantity, value, text FROM readings ORDER BY id"
        )

    def count(self) -> int:
        return self._db().execute("SELECT COUNT(*) FROM readings").fetchone()[0]

    def last_states(self) -> dict[str, tuple[float, str]]:
        """Each board's last recorded state: label -> (t, "online"/"offline")."""
        rows = self._db().execute(
            "SELECT label, t, detail FROM events WHERE kind = 'state' ORDER BY id"
        )
        return {label: (t, detail) for label, t, detail in rows}

    def write_csv(self, path: Path) -> int:
        """The whole session as CSV (time as local ISO date-time, label, quantity, value);
        the number of readings written."""
        lines = -1  # the header is not a reading
        with open(path, "w", newline="", encoding="utf-8") as f:
            for line in csv_lines(self.readings()):
                f.write(line)
                lines += 1
        return lines

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


def csv_lines(rows) -> Iterator[str]:
    """The CSV export, a line at a time (the header first): what /export.csv streams."""
    out = _Line()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield out.take()
    for _id, t, label, quantity, value, text in rows:
        shown = _cell(text) if value is None else repr(value).removesuffix(".0")
        stamp = datetime.fromtimestamp(t).isoformat(timespec="milliseconds")
        writer.writerow((stamp, _cell(label), _cell(quantity), shown))
        yield out.take()


def _cell(text: str) -> str:
    """Text from a board as a spreadsheet shows it, never as a formula it would run (a label
    "=HYPERLINK(...)"): a leading = + - @ gets an apostrophe, as spreadsheets write it."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Line:
    def __init__(self):
        self.parts: list[str] = []

    def write(self, s: str) -> None:
        self.parts.append(s)

    def take(self) -> str:
        s = "".join(self.parts)
        self.parts.clear()
        return s
