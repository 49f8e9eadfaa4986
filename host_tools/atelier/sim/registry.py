"""The boards `atelier sim serve` is serving right now, listed for the tools that look for boards.

    from atelier.sim import registry

    for e in registry.entries():        # the live ones; the dead are swept on the way
        print(e.port, e.board, e.serial_number, e.drive)

`serve()` (sim/serve.py) registers every board it serves and `find_ports` (targets/serial.py)
reads the list, so `atelier deploy --all`, `reset --all` and `atelier boards` find served boards
as they find plugged-in ones, by board type.

Where: one small JSON file per board in a per-user runtime folder: ATELIER_RUNTIME_DIR, else
$XDG_RUNTIME_DIR/atelier, else atelier-<user> in the temporary folder; the files are
`served/<board type>-<k>.json`. k is the board's number (its name is "pico#k"): the smallest one
no live board of that type holds, so boards served by two `sim serve` at once never share a
name, a unique id or a drive folder.

Liveness: the serving process holds a lock (flock) on each of its files while it serves. A file
nobody locks belongs to a process that died, even by SIGKILL (the system drops its locks), and a
pid can be reused where a lock cannot; a board whose pseudo-terminal is gone is over too. Readers
skip such files and remove them (with the board's simulated MICROBIT drive folder). Reading
costs a listdir, then an open, a lock attempt and a small read per served board: no VM, no port.
Where there is no flock (Windows, which cannot serve boards either) the list is empty.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no pseudo-terminals, so no served boards to list
    fcntl = None

ENV = "ATELIER_RUNTIME_DIR"


@dataclass(frozen=True)
class Entry:
    """One served board."""

    port: str  # its pseudo-terminal
    board: str  # board type id (boards.toml)
    unique_id: str  # machine.unique_id() in hex, what the board itself reports
    serial_number: str  # what the USB serial number of a real board's port would say
    pid: int  # the serving process
    slot: int  # k in its name "<board>#k"
    drive: str = ""  # its simulated MICROBIT drive folder (micro:bits served with drives)


def runtime_dir() -> Path:
    """The user's folder for what lives only while atelier runs."""
    if os.environ.get(ENV):
        return Path(os.environ[ENV])
    if os.environ.get("XDG_RUNTIME_DIR"):  # per user, private, emptied at logout
        return Path(os.environ["XDG_RUNTIME_DIR"]) / "atelier"
    # the temporary folder is shared on Linux (/tmp): one folder per user there
    who = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")
    return Path(tempfile.gettempdir()) / f"atelier-{who}"


def served_dir() -> Path:
    return runtime_dir() / "served"


class Registration:
    """A board's place in the list, held (locked) until `close()`."""

    def __init__(self, entry: Entry, path: Path, fd: int):
        self.entry, self.path, self._fd = entry, path, fd

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlink_if_same(self.path, fd)
        finally:
            os.close(fd)  # drops the lock


def register(board: str, make: Callable[[int], Entry]) -> Registration:
    """List a board of type `board`: `make(k)` gives its entry if it gets number k; the first
    number no live board of that type holds is taken (atomically: two processes never get the
    same one)."""
    if fcntl is None:
        raise OSError("served boards need flock (POSIX)")
    folder = served_dir()
    for d in (folder.parent, folder):  # private: other users' programs have no say in it
        d.mkdir(parents=True, exist_ok=True, mode=0o700)
    k = 0
    while True:
        k += 1
        path = folder / f"{board}-{k}.json"
        if path.exists() and _read(path) is not None:
            continue  # a live board holds k
        entry = make(k)
        tmp = folder / f".{board}-{k}.{os.getpid()}.{threading.get_ident()}.tmp"
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
        try:
            os.write(fd, json.dumps(asdict(entry)).encode())
            fcntl.flock(fd, fcntl.LOCK_EX)
            os.link(tmp, path)  # appears whole and locked, or not at all if k was just taken
        except FileExistsError:
            os.close(fd)
            continue
        except BaseException:
            os.close(fd)
            raise
        finally:
            tmp.unlink(missing_ok=True)
        return Registration(entry, path, fd)


def entries() -> list[Entry]:
    """Every board served right now, in the order of their type and number."""
    if fcntl is None:
        return []
    try:
        names = sorted(n for n in os.listdir(served_dir()) if n.endswith(".json"))
    except OSError:
        return []
    found = [_read(served_dir() / n) for n in names]
    return sorted((e for e in found if e is not None), key=lambda e: (e.board, e.slot))


def _read(path: Path) -> Entry | None:
    """The entry in `path` if its board is live; a dead one's file is removed."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            dead = False  # its process holds the lock: it serves
        else:
            dead = True  # nobody holds it: the process that served it has died
        try:
            entry = Entry(**json.loads(os.read(fd, 1 << 16)))
        except (ValueError, TypeError):
            entry = None  # not ours, or damaged: a dead one goes, a locked one is skipped
        if entry is not None and not dead and os.path.exists(entry.port):
            return entry
        if dead or entry is not None:
            _unlink_if_same(path, fd)
            if entry is not None and entry.drive:
                _remove_drive(Path(entry.drive), entry.serial_number)
        return None
    except OSError:
        return None
    finally:
        os.close(fd)


def _unlink_if_same(path: Path, fd: int) -> None:
    """Remove `path` if it is still the file open as `fd` (not a newer one of that name)."""
    try:
        if os.path.samestat(os.fstat(fd), os.stat(path)):
            os.unlink(path)
    except OSError:
        pass


def _remove_drive(path: Path, serial_number: str) -> None:
    """The drive folder of a board that is gone, if it is still that board's."""
    from atelier.sim.drive import remove_drive

    remove_drive(path, serial_number)
