"""What a deploy, a reset or a flash does to one board: one plan for every target.

A pure function of three things: the files wanted on the board (path -> hash), the manifest the
last deploy left there (what atelier wrote, and the hash each file had then), and what is on
the board now (path -> size and hash, None when absent). Serial boards, CIRCUITPY drives and
MICROBIT .hex files all ask it, so a pupil's work is judged the same way everywhere:

- a file of the last deploy whose hash is still the manifest's is atelier's: replaced or
  deleted freely;
- any other file on the board is the pupil's (added, or changed since the deploy): it is
  **saved on the teacher's computer before it is replaced**, and never deleted: a lesson file
  the pupil changed and the new lesson no longer has stays on the board.

The manifest (`.atelier.json`) has one format on every target: lesson, version, board type,
label, date, and {path: hash} of what was written (16 hex digits of SHA-256, or Adler-32 on
boards without hashlib). The micro:bit, which has no json module, reads and writes it as a
Python literal, which json.loads cannot always read back: `Manifest.parse` takes both.
"""

from __future__ import annotations

import ast
import json
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MANIFEST = ".atelier.json"
TMP_SUFFIXES = (".at~", ".atelier-tmp")  # temporary files of a write that did not finish
HASH_CHARS = 16


@dataclass(frozen=True)
class FileState:
    """A file as it is on the board now."""

    size: int
    hash: str


@dataclass
class Manifest:
    lesson: str = ""
    version: str = ""
    board: str = ""
    label: str = ""
    deployed: str = ""
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, data: bytes | str | Mapping | None) -> Manifest | None:
        """The manifest in `data` (JSON or a Python literal); None if absent or unreadable."""
        if data is None:
            return None
        doc = data
        if isinstance(data, bytes | str):
            text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
            try:
                doc = json.loads(text)
            except ValueError:
                try:
                    doc = ast.literal_eval(text)
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    return None
        if not isinstance(doc, Mapping):
            return None
        files = doc.get("files") or {}
        if not isinstance(files, Mapping):
            files = {}
        return cls(
            lesson=str(doc.get("lesson") or ""),
            version=str(doc.get("version") or ""),
            board=str(doc.get("board") or ""),
            label=clean_label(str(doc.get("label") or "")),
            deployed=str(doc.get("deployed") or ""),
            # older manifests kept whole SHA-256 digests: compare on the first 16 digits
            files={str(p): str(h)[:HASH_CHARS] for p, h in files.items()},
        )

    def to_bytes(self) -> bytes:
        # ASCII JSON (non-ASCII escaped): every board reads it, with json or with eval()
        doc = {"lesson": self.lesson, "version": self.version, "board": self.board,
               "label": self.label, "deployed": self.deployed or time.strftime(
                   "%Y-%m-%dT%H:%M:%S"), "files": dict(sorted(self.files.items()))}  # fmt: skip
        return json.dumps(doc, sort_keys=True).encode()


def clean_label(raw: str) -> str:
    """A label as the teacher meant it, whatever the terminal sent: bytes a non-UTF-8 terminal
    passed through (a Latin-1 "Poste n\u00b03" arrives as lone surrogates) are read as UTF-8,
    else as Windows-1252/Latin-1; NFC; no control characters; spaces trimmed."""
    if any("\udc80" <= c <= "\udcff" for c in raw):
        data = raw.encode("utf-8", "surrogateescape")
        for codec in ("utf-8", "cp1252", "latin-1"):
            try:
                raw = data.decode(codec)
                break
            except UnicodeDecodeError:
                continue
    raw = raw.encode("utf-8", "replace").decode("utf-8")  # any other lone surrogate: "?"
    raw = unicodedata.normalize("NFC", raw)
    return "".join(c for c in " ".join(raw.split()) if unicodedata.category(c)[0] != "C")


@dataclass
class Plan:
    """What to do to one board, decided before anything is written."""

    write: list[str] = field(default_factory=list)  # wanted files that differ (or are absent)
    save: list[str] = field(default_factory=list)  # the pupil's files to copy before writing
    delete: list[str] = field(default_factory=list)  # the last deploy's, unchanged, not wanted
    keep: list[str] = field(default_factory=list)  # the last deploy's, changed by the pupil
    unchanged: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # the new manifest's file list

    @property
    def changes(self) -> bool:
        return bool(self.write or self.delete)


def is_temporary(path: str) -> bool:
    return path.endswith(TMP_SUFFIXES)


def plan(
    want: Mapping[str, str],
    last: Manifest | None,
    board: Mapping[str, FileState | None],
) -> Plan:
    """Decide write / save / delete / keep for one board.

    `want`: {path: hash} of the files to put there; `last`: the manifest found on the board
    (None: none, or unreadable: then every file there counts as the pupil's); `board`: what
    the board holds now, for at least every path of `want` and of `last.files` (a missing key
    counts as absent)."""
    ours = dict(last.files) if last else {}
    out = Plan()
    for p in sorted(want):
        now = board.get(p)
        if now is not None and now.hash == want[p]:
            out.unchanged.append(p)
            continue
        out.write.append(p)
        if now is not None and ours.get(p) != now.hash:
            out.save.append(p)  # added or changed by the pupil: a copy first
    out.files = dict(want)
    for p in sorted(set(ours) - set(want)):
        now = board.get(p)
        if now is None:
            continue
        if now.hash == ours[p]:
            out.delete.append(p)
        else:
            out.keep.append(p)
            out.files[p] = ours[p]  # still atelier's to delete once the pupil's edit is undone
    return out


def pupil_files(
    last: Manifest | None, board: Mapping[str, FileState | None], ignore: Iterable[str] = ()
) -> list[str]:
    """The files on the board that the pupil wrote or changed (what `collect` copies, what a
    .hex flash would destroy): everything but the last deploy's unchanged files, the
    manifest and temporary files."""
    ours = dict(last.files) if last else {}
    skip = {MANIFEST, *ignore}
    return sorted(
        p
        for p, now in board.items()
        if now is not None
        and p not in skip
        and not is_temporary(p)
        and not (p in ours and ours[p] == now.hash)
    )


# -- what happened on one board: deploy, reset, flash, collect, restore ---------------------------
@dataclass
class BoardResult:
    where: str  # serial port or drive folder
    ok: bool = False
    message: str = ""
    label: str = ""
    uid: str = ""
    board_type: str = ""
    files: int = 0  # files written
    bytes: int = 0  # bytes of file content written (before compression)
    wire: int = 0  # bytes sent on the wire
    deleted: int = 0
    saved: list[str] = field(default_factory=list)  # the pupil's files copied before writing
    kept: list[str] = field(default_factory=list)  # the pupil's changes left on the board
    collected: list[str] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    interrupted: bool = False
    drive: object = None  # the Drive, for drive targets
    traceback: str = ""  # our own bug on this board (the others went on)
