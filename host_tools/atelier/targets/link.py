"""A raw-REPL session with one board on a serial port, and what the board says about itself.

Over mpremote's transport (raw REPL, raw paste): interrupt what runs, soft-reset, paste the
agent (targets/board_agent.py) in parts as they are needed, compressed where the board can
inflate; the board's facts and its files' hashes come back as one Python literal per exec.
pyserial's and mpremote's words never reach the user: every failure is a BoardError in ours.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import functools
import hashlib
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from atelier import plan as plan_mod
from atelier.errors import UserError
from atelier.i18n import _
from atelier.plan import BoardResult, FileState, Manifest

MANIFEST = plan_mod.MANIFEST
TMP_SUFFIX = ".at~"
WBITS = 12  # deflate window 2**12 = 4 KB: what the board allocates to inflate
HASH_CHARS = plan_mod.HASH_CHARS  # hex digits of a hash the board reports per file
_AGENT = Path(__file__).with_name("board_agent.py")
_AGENT_SMALL = Path(__file__).with_name("board_agent_small.py")
# A board whose heap (boards.toml `heap`, or gc.mem_free() where the type is not known yet) is
# below this gets board_agent_small.py, each part pasted for its call and deleted after it,
# and its data as bytes literals of SMALL_PIECE bytes per exec (measured on the V1 in QEMU:
# the pasted text, its compile and the bytes object all live in the heap at once).
SMALL_HEAP = 32768
SMALL_PIECE = 512
SMALL_PASTE = 600  # characters of the agent's code per exec


class BoardError(UserError):
    """One board could not be served (the others carry on)."""


class Interrupted(BoardError):
    """Ctrl-C: the board was left between two complete steps."""


class BoardFailed(BoardError):
    """The board raised an exception running our code; `.text` is its last line."""

    def __init__(self, port: str, text: str):
        self.text = text
        if "arrived damaged" in text:
            msg = _("{port}: a file arrived damaged (a loose cable?); run the same command "
                    "again: it finishes the job").format(port=port)  # fmt: skip
        elif "[Errno 30]" in text or "EROFS" in text:
            # CircuitPython: CIRCUITPY is read-only to the board (its REPL too) while a
            # computer has the drive, unless boot.py remounted it (shared-module/storage)
            msg = _("{port}: the board cannot write its files while a computer has its "
                    "CIRCUITPY drive; nothing was written: deploy with --drive (the CIRCUITPY "
                    "drive), or give the board a boot.py that calls "
                    "storage.remount(\"/\", readonly=False)").format(port=port)  # fmt: skip
        elif text.startswith("MemoryError"):
            msg = _("{port}: the board ran out of memory; press its reset button and run the "
                    "same command again").format(port=port)  # fmt: skip
        else:
            msg = _("{port}: the board reported an error ({error}); press its reset button "
                    "and run the same command again").format(port=port, error=text)  # fmt: skip
        super().__init__(msg)


class NoMicroPython(BoardError):
    """Something answers on the port, but not MicroPython's REPL (MakeCode, no program)."""


def _minify(src: str) -> str:
    """Comments, docstrings and blank lines out, one space per indent level: fewer bytes."""
    from atelier.bundle import strip_source

    out = []
    for line in strip_source(src).splitlines():
        if line.strip():
            body = line.lstrip(" ")
            out.append(" " * ((len(line) - len(body)) // 4) + body)
    return "\n".join(out) + "\n"


AGENT_PARTS = ("ask", "probe", "write")  # each needs the ones before it


@functools.lru_cache(maxsize=8)
def agent_source(part: str, small: bool = False) -> str:
    """One part of the agent: "ask" (the short question of a re-deploy, always pasted),
    "probe" (the full question) or "write" (pasted when something is to be written); `small`:
    the small-heap agent's."""
    text = (_AGENT_SMALL if small else _AGENT).read_text(encoding="utf-8")
    ask, _sep, rest = text.partition("# -- probe ")
    probe_part, _sep, write = rest.partition("# -- write ")
    source = {"ask": ask, "probe": probe_part.partition("\n")[2],
              "write": write.partition("\n")[2]}[part]  # fmt: skip
    return _minify(source)


@functools.lru_cache(maxsize=4)
def _small_pieces(part: str) -> tuple[str, ...]:
    """A part of the small agent in execs of at most SMALL_PASTE characters, cut between
    top-level statements: the compile of a paste is the heap's peak."""
    stmts: list[str] = []
    for line in agent_source(part, small=True).splitlines(keepends=True):
        if not stmts or not line[:1].isspace():
            stmts.append("")
        stmts[-1] += line
    out = [""]
    for st in stmts:
        if out[-1] and len(out[-1]) + len(st) > SMALL_PASTE:
            out.append("")
        out[-1] += st
    return tuple(out)


@functools.lru_cache(maxsize=4)
def _names(part: str) -> tuple[str, ...]:
    """The global names a part of the small agent defines (deleted to make room)."""
    tree = ast.parse(agent_source(part, small=True))
    out: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            out.append(node.name)
        elif isinstance(node, ast.Assign):
            out += [t.id for t in node.targets if isinstance(t, ast.Name)]
    return tuple(dict.fromkeys(out))


def file_hash(data: bytes, algo: str) -> str:
    if algo == "sha256":
        return hashlib.sha256(data).hexdigest()
    return f"{zlib.adler32(data):08x}"


def _short(h: str) -> str:
    return h[:HASH_CHARS]


# -- the link -------------------------------------------------------------------------------------
def _open_error(port: str) -> str:
    """Why `port` cannot be opened, in words a teacher can act on (never pyserial's own)."""
    import errno

    import serial

    try:
        s = serial.Serial(port, exclusive=True)
    except (serial.SerialException, OSError, ValueError) as e:
        code = getattr(e, "errno", None)
        text = str(e)
        if code == errno.ENOENT or "No such file" in text or "FileNotFoundError" in text:
            return _("{port}: no such serial port; is the board plugged in? "
                     "(atelier boards)").format(port=port)  # fmt: skip
        if code in (errno.EACCES, errno.EPERM) or "ermission" in text:
            return _(
                "{port}: permission denied; on Linux add yourself to the dialout group "
                "(sudo usermod -aG dialout $USER, then log in again)"
            ).format(port=port)
        if code in (errno.EBUSY, errno.EAGAIN) or "lock" in text or "busy" in text:
            return _("{port}: in use by another program (Thonny, mpremote, a serial "
                     "monitor?); close it and try again").format(port=port)  # fmt: skip
        if code == errno.ENOTTY or "ioctl" in text or "configure port" in text:
            return _("{port}: this is not a serial port; pick the board's port "
                     "(atelier boards lists them)").format(port=port)  # fmt: skip
        return _("{port}: this serial port cannot be opened; unplug the board, plug it in "
                 "again and retry").format(port=port)  # fmt: skip
    s.close()
    return _("{port}: this serial port cannot be opened; unplug the board, plug it in again "
             "and retry").format(port=port)  # fmt: skip


def _went_away(port: str) -> str:
    return _("{port}: the board went away (unplugged?); plug it in and run the same command "
             "again: it finishes the job").format(port=port)  # fmt: skip


class _Paced:
    """A serial port whose writes go in small pieces at about the line's rate: a board with a
    small receive buffer and no flow control (the V1's UART) drops what comes faster."""

    def __init__(self, serial, piece: int = 32, pause: float = 0.003):
        self._s, self._piece, self._pause = serial, piece, pause

    def write(self, data: bytes) -> int:
        for i in range(0, len(data), self._piece):
            self._s.write(data[i : i + self._piece])
            time.sleep(self._pause)
        return len(data)

    def __getattr__(self, name):
        return getattr(self._s, name)


class Link:
    """A raw-REPL session with one board (mpremote's SerialTransport underneath)."""

    def __init__(self, port: str, timeout: float = 10.0):
        from mpremote.transport import TransportError
        from mpremote.transport_serial import SerialTransport

        self.port = port
        self.timeout = timeout
        try:  # (no redirect_stdout here: it is process-wide, and boards are served in threads)
            # reads wait up to `timeout` (a loaded machine or a slow board answers late)
            self.t = SerialTransport(port, baudrate=115200, timeout=timeout)
        except (TransportError, OSError, ValueError):
            raise BoardError(_open_error(port)) from None
        self.parts: set[str] = set()
        self.small: bool | None = None  # the small-heap agent? None: ask the board (gc)
        self.result: BoardResult | None = None  # the work's result so far (see on_board)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if self.t.in_raw_repl:
                self.t.exit_raw_repl()
        with contextlib.suppress(Exception):
            self.t.close()

    def __enter__(self) -> Link:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def enter(self) -> None:
        """Stop whatever runs (Ctrl-C, twice: some programs catch one), raw REPL, soft reset."""
        from mpremote.transport import TransportError

        self.parts.clear()  # a soft reset forgets the agent
        t = self.t
        prompt = b"raw REPL; CTRL-B to exit\r\n"
        try:
            # mpremote's enter_raw_repl, without its prints (boards are served in threads)
            t.serial.write(b"\r\x03\x03")
            time.sleep(0.02)
            t.serial.write(b"\r\x03")
            end = time.monotonic() + 2  # a board that floods its output: read for 2 s at most
            while (n := t.serial.in_waiting) and time.monotonic() < end:
                t.serial.read(n)
            t.serial.write(b"\r\x01")
            if not t.read_until(1, prompt + b">", timeout_overall=self.timeout).endswith(
                prompt + b">"
            ):
                raise TransportError("no raw REPL")
            t.serial.write(b"\x04")  # soft reset: a clean heap, main.py does not run
            if not t.read_until(1, b"soft reboot\r\n", timeout_overall=self.timeout).endswith(
                b"soft reboot\r\n"
            ):
                raise TransportError("no soft reboot")
            if not t.read_until(1, prompt, timeout_overall=self.timeout).endswith(prompt):
                raise TransportError("no raw REPL after soft reboot")
            t.in_raw_repl = True
        except TransportError:
            raise NoMicroPython(
                _("{port}: no MicroPython answers (not a MicroPython board, no MicroPython "
                  "flashed, or stuck; a micro:bit asking to be tilted is calibrating its "
                  "compass: tilt it until its screen is full); press its reset button and try "
                  "again").format(port=self.port)
            ) from None  # fmt: skip
        except OSError:  # pyserial's SerialException is an OSError too
            raise BoardError(_went_away(self.port)) from None

    def exec(self, code: str | bytes, timeout: float | None = None) -> str:
        """Run code in the raw REPL; its output, or BoardError with the board's last line."""
        from mpremote.transport import TransportError

        try:
            out, err = self.t.exec_raw(code, timeout=timeout or self.timeout)
        except TransportError:
            raise BoardError(
                _("{port}: the board stopped answering; press its reset button and run the "
                  "same command again").format(port=self.port)) from None  # fmt: skip
        except OSError:
            raise BoardError(_went_away(self.port)) from None
        if err:
            last = (err.decode(errors="replace").strip().splitlines()[-1:] or ["error"])[0]
            raise BoardFailed(self.port, last)
        return out.decode(errors="replace")

    def load_agent(self, part: str = "probe", then: str = "", timeout: float | None = None) -> str:
        """Paste a part of the agent and the parts it needs (once per session), compressed if
        the board can inflate, and run `then` in the same exec; returns its output."""
        needed = AGENT_PARTS[: AGENT_PARTS.index(part) + 1]
        missing = tuple(p for p in needed if p not in self.parts)
        if self.is_small():  # one part per exec: the compile of the pasted text is the peak
            if part == "write":  # room: the parts before it go first (it needs none)
                self.free_agent(("ask", "probe"))
                missing = () if "write" in self.parts else ("write",)
            elif "write" in self.parts:  # back to asking: the write part goes
                self.free_agent()
                missing = needed
            for p in missing:
                for piece in _small_pieces(p):
                    self.exec(piece, timeout)
                self.parts.add(p)
            return self.exec(then, timeout) if then else ""
        if not missing:
            return self.exec(then, timeout) if then else ""
        out = self.exec(_boot_code(missing, then), timeout)
        if out.strip() == "NOZ":
            src = "".join(agent_source(p) for p in missing)
            out = self.exec(src + "\n" + then, timeout)
        self.parts.update(missing)
        return out

    def is_small(self) -> bool:
        """Does the board get the small-heap agent? Set from boards.toml's heap by deploy;
        for a board of unknown type (reset, label, collect), from its own gc.mem_free()."""
        if self.small is None:
            self.small = int(self.exec("import gc\ngc.collect()\nprint(gc.mem_free())")
                             or 0) < SMALL_HEAP  # fmt: skip
        if self.small and not isinstance(self.t.serial, _Paced):
            self.t.serial = _Paced(self.t.serial)
            self.t.use_raw_paste = False  # the V1 runtime (1.9) has no raw-paste mode
        return self.small

    def free_agent(self, parts: tuple[str, ...] = AGENT_PARTS) -> None:
        """Small heap: delete these parts of the agent from the board (room for the next)."""
        names = [n for p in parts if p in self.parts for n in _names(p)]
        if names:
            self.exec(f"del {','.join(dict.fromkeys(names))}\nimport gc\ngc.collect()")
        self.parts -= set(parts)

    def call(self, code: str, timeout: float | None = None, part: str = "probe"):
        """Run agent calls (pasting the agent first if needed, in the same exec); the Python
        literal the last one printed (or None)."""
        out = self.load_agent(part, code, timeout).strip()
        if not out:
            return None
        try:
            return ast.literal_eval(out.splitlines()[-1])
        except (ValueError, SyntaxError):
            raise BoardError(
                _("{port}: unexpected answer from the board; press its reset button and try "
                  "again").format(port=self.port)) from None  # fmt: skip

    def soft_reboot(self) -> None:
        """Leave the raw REPL and soft-reboot: the board starts main.py."""
        with contextlib.suppress(Exception):
            self.t.exit_raw_repl()
            self.t.serial.write(b"\x04")
            self.t.serial.flush()


@functools.lru_cache(maxsize=64)
def _boot_code(parts: tuple[str, ...], then: str) -> str:
    """Agent parts and a call in one compressed exec (the same for every board of a class
    set: made once). Where the board cannot inflate, it prints NOZ and gets plain source."""
    z = zlib.compressobj(9, zlib.DEFLATED, -WBITS)
    source = "".join(agent_source(p) for p in parts)
    packed = z.compress((source + "\n" + then).encode()) + z.flush()
    return (
        "try:\n import deflate,io,binascii\n _z=1\nexcept ImportError:\n _z=0\n"
        f"if _z:\n exec(deflate.DeflateIO(io.BytesIO(binascii.a2b_base64("
        f"'{base64.b64encode(packed).decode()}')),deflate.RAW,{WBITS}).read())\n"
        "else:\n print('NOZ')\n"
    )


# -- board facts ----------------------------------------------------------------------------------
@dataclass
class BoardInfo:
    port: str
    platform: str = ""
    runtime: str = ""
    version: str = ""
    machine: str = ""  # os.uname().machine ("Raspberry Pi Pico W with RP2040")
    mpy: int = 0
    uid: str = ""
    free: int = -1
    block: int = 0
    used: int = 0
    hash: str = "sha256"
    deflate: bool = False
    rename: bool = True
    last: Manifest | None = None  # the manifest on the board (file list only after a full ask)
    manifest_broken: bool = False
    same: bool = False  # the manifest lists exactly the wanted files and hashes
    full: bool = True  # files/old were asked for (not only .same)
    files: dict[str, tuple[int, str] | None] = field(default_factory=dict)  # wanted, differing
    old: dict[str, tuple[str, tuple[int, str] | None]] = field(default_factory=dict)
    tmp: list[str] = field(default_factory=list)

    @property
    def lesson(self) -> str:
        return self.last.lesson if self.last else ""

    @property
    def lesson_version(self) -> str:
        return self.last.version if self.last else ""

    @property
    def label(self) -> str:
        return self.last.label if self.last else ""

    def free_bytes(self, fs_size: int) -> int:
        """Free flash; without statvfs (micro:bit), the board's file space minus its files."""
        return self.free if self.free >= 0 else max(0, fs_size - self.used)

    def state(self, want: dict[str, str]) -> dict[str, FileState | None]:
        """What the board holds now for every wanted path and every path of its manifest
        (after a full probe with `want`)."""
        out: dict[str, FileState | None] = {}
        for p, h in want.items():
            now = self.files.get(p, (0, h)) if p in self.files else (0, h)
            out[p] = FileState(*now) if now else None
        for p, (_h, now) in self.old.items():
            out[p] = FileState(*now) if now else None
        return out


def digest(files: dict[str, str], algo: str) -> str:
    """The digest of a manifest's {path: short hash}, as the agent's _adig computes it."""
    text = "".join(f"{p}:{files[p]}\n" for p in sorted(files))
    return file_hash(text.encode(), algo)[:HASH_CHARS]


def probe(link: Link, want: dict[str, str] | None = None, wd: str | None = None) -> BoardInfo:
    """Board facts and what differs from `want` {path: short hash}: one exec. With only `wd`
    (the digest of want), just whether the board holds exactly that, intact (.same)."""
    if wd is not None:
        raw = link.call(f"_aq({MANIFEST!r},{wd!r})", timeout=60, part="ask")
    else:
        raw = link.call(f"_ai({dict(want or {})!r},{MANIFEST!r})", timeout=60)
    if not isinstance(raw, dict):
        raise BoardError(_("{port}: unexpected answer from the board; press its reset button "
                           "and try again").format(port=link.port))  # fmt: skip
    manifest = raw.get("manifest")
    info = BoardInfo(
        port=link.port,
        platform=str(raw.get("platform", "")),
        runtime=str(raw.get("runtime", "")),
        version=str(raw.get("version", "")),
        machine=str(raw.get("machine", "")),
        mpy=int(raw.get("mpy") or 0),
        uid=str(raw.get("uid", "")),
        free=int(raw.get("free", -1)),
        block=int(raw.get("block", 0)),
        used=int(raw.get("used", 0)),
        hash=str(raw.get("hash", "sha256")),
        deflate=bool(raw.get("deflate")),
        rename=bool(raw.get("rename", True)),
        last=Manifest.parse(manifest) if isinstance(manifest, dict) else None,
        manifest_broken=manifest == "broken",
        same=bool(raw.get("same")),
        full=bool(raw.get("full", True)),
        tmp=list(raw.get("tmp", [])),
    )
    for p, v in (raw.get("files") or {}).items():
        info.files[p] = (int(v[0]), str(v[1])) if v else None
    for p, v in (raw.get("old") or {}).items():
        now = v[1]
        info.old[p] = (str(v[0]), (int(now[0]), str(now[1])) if now else None)
    return info


def read_file(link: Link, path: str) -> bytes:
    """A file's bytes, as base64 lines from the board (hex where it has no binascii); on a
    small heap in small pieces."""
    piece = 1536
    if link.is_small():  # room: the agent goes (pasted again when needed)
        link.free_agent()
        piece = 64  # each piece: a format string of 4 characters a byte, in one block
    code = (
        "try:\n import binascii as _x\n _e=lambda d:'B'+_x.b2a_base64(d).decode().strip()\n"
        "except ImportError:\n _e=lambda d:'H'+('%02x'*len(d))%tuple(d)\n"
        f"with open({path!r},'rb') as _f:\n while True:\n  _c=_f.read({piece})\n"
        "  if not _c:\n   break\n  print(_e(_c))\n"
    )
    out = link.exec(code, timeout=60)
    data = bytearray()
    for line in out.split():
        try:
            if line[:1] == "B":
                data += base64.b64decode(line[1:])
            elif line[:1] == "H":
                data += bytes.fromhex(line[1:])
        except ValueError:
            raise BoardError(_("{port}: could not read {path}").format(
                port=link.port, path=path)) from None  # fmt: skip
    return bytes(data)
