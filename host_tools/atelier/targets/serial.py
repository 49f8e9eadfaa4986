"""Boards on a serial port: the deploy engine (sync a bundle), and reset / collect / label.

One session per board (targets/link.py): ask in one round trip for the board's facts and the
hash of every file that matters, let the planner (atelier.plan) decide, save the pupil's files
it replaces, then send only what changed, batched, as base64 of a raw-deflate stream when the
board has `deflate` (plain base64 otherwise). Each file goes to a temporary name, is checked by
hash on the board and renamed over the old one; the manifest (.atelier.json: lesson, version,
files and hashes) is written last, so a cable pulled at any moment leaves every file old or
new and the next deploy finishes the job.
"""

from __future__ import annotations

import base64
import functools
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from atelier import plan as plan_mod
from atelier.errors import UserError
from atelier.i18n import _
from atelier.plan import BoardResult, FileState, Manifest, plan
from atelier.targets.link import (  # noqa: F401 - the names callers have always used here
    AGENT_PARTS,
    HASH_CHARS,
    MANIFEST,
    SMALL_HEAP,
    SMALL_PIECE,
    TMP_SUFFIX,
    WBITS,
    BoardError,
    BoardFailed,
    BoardInfo,
    Interrupted,
    Link,
    NoMicroPython,
    _boot_code,
    _open_error,
    _short,
    agent_source,
    digest,
    file_hash,
    probe,
    read_file,
)


# -- what board is this? --------------------------------------------------------------------------
def board_type_of(known, platform: str, runtime: str, version: str,
                  usb_types: list[str] | tuple[str, ...] = ()) -> str:  # fmt: skip
    """The old name of ``atelier.boards.detect_board_type``, for its callers. Imported here,
    not at the top, so importing this module does not load pydantic."""
    from atelier.boards import detect_board_type

    return detect_board_type(known, platform, runtime, version, usb_types)


def _mpy_header(files: dict[str, bytes]) -> tuple[int, int | None] | None:
    """(.mpy version, sub-version or None): the sub-version matters only for native code."""
    for name, data in files.items():
        if name.endswith(".mpy") and len(data) >= 4 and data[:1] == b"M":
            native = data[2] >> 2
            return data[1], (data[2] & 3) if native else None
    return None


def check_board(info: BoardInfo, bundle, known=None) -> list[str]:
    """Is this board the type the bundle is for? A board recognisably of another known type
    stops (BoardError, nothing written); a platform atelier does not know gets a warning.
    Returns warnings."""
    board = bundle.board
    if info.runtime and info.runtime != board.runtime:
        raise BoardError(
            _(
                "{port}: this board runs {runtime}, the lesson is built for "
                "{wanted} ({board}); nothing was written"
            ).format(port=info.port, runtime=info.runtime, wanted=board.runtime, board=board.id)
        )
    from atelier.boards import detect_board_type, load_boards

    warnings = []
    if known is None:
        known = load_boards()
    found = detect_board_type(known, info.platform, info.runtime, info.version,
                              machine=info.machine) if info.platform else ""  # fmt: skip
    if found and found != board.id:
        raise BoardError(_("{port}: this board is a {found}, not a {wanted}; nothing was "
                           "written: deploy with --board {found}").format(
            port=info.port, found=found, wanted=board.id))  # fmt: skip
    if info.platform and not found and info.platform != board.platform:
        warnings.append(_("{port}: atelier does not know this board ({platform}); the lesson is "
                          "for a {name}: its pins may not match").format(
            port=info.port, platform=info.platform, name=board.name))  # fmt: skip
    head = _mpy_header(bundle.files)
    if head is not None:
        have = (info.mpy & 0xFF, (info.mpy >> 8) & 3)
        if info.mpy == 0 or have[0] != head[0] or head[1] not in (None, have[1]):
            has = f"{have[0]}.{have[1]}" if info.mpy else "none"
            made = f"{head[0]}" if head[1] is None else f"{head[0]}.{head[1]}"
            raise BoardError(
                _(
                    "{port}: the board loads .mpy version {has} (MicroPython {version}), the "
                    "bundle is compiled to {made}; update the board's MicroPython, or deploy "
                    "with --no-compile"
                ).format(port=info.port, has=has, version=info.version, made=made)  # fmt: skip
            )
    return warnings


# -- deploy -------------------------------------------------------------------------------------

# Saves a pupil's file before it is replaced: save(result, path, data), where result names the
# board (uid, label); raises UserError if it cannot (then nothing is written).
Saver = Callable[[BoardResult, str, bytes], None]


@functools.lru_cache(maxsize=256)
def _pieces(data: bytes, size: int, deflate: bool) -> list[tuple[str, bool]]:
    """Base64 pieces of data (each ≤ size raw bytes), raw-deflated where that is smaller."""
    out = []
    for i in range(0, max(len(data), 1), size):
        raw = data[i : i + size]
        if deflate:
            z = zlib.compressobj(9, zlib.DEFLATED, -WBITS)
            packed = z.compress(raw) + z.flush()
            if len(packed) < len(raw):
                out.append((base64.b64encode(packed).decode(), True))
                continue
        out.append((base64.b64encode(raw).decode(), False))
    return out


def manifest_bytes(lesson: str, version: str, board_id: str, files: dict[str, str],
                   label: str = "") -> bytes:  # fmt: skip
    return Manifest(lesson, version, board_id, label, "", files).to_bytes()


def _literals(data: bytes) -> list[bytes]:
    """Pieces of data for a small heap, each written as a bytes literal: at most SMALL_PIECE
    bytes, fewer where escapes would make the literal long (the board compiles it)."""
    out, i = [], 0
    while i < len(data):
        n = SMALL_PIECE
        while n > 16 and len(repr(data[i : i + n])) > SMALL_PIECE * 5 // 4:
            n //= 2
        out.append(data[i : i + n])
        i += n
    return out


def _put(path: str, data: bytes, algo: str, small: bool = False) -> str:
    """Agent calls that write a small file whole: temporary name, checked, renamed."""
    if small:
        pieces = "".join(f"_aw({d!r},0)\n" for d in _literals(data))
        return f"_ao({path!r})\n{pieces}_ac({path!r},{file_hash(data, algo)!r})"
    b64 = base64.b64encode(data).decode()
    return f"_ao({path!r})\n_aw('{b64}',0)\n_ac({path!r},{file_hash(data, algo)!r})"


def _blocks(n: int, block: int) -> int:
    return -(-n // block) * block if block else n


def _stop_point(link: Link, stop) -> None:
    if stop is not None and stop.is_set():
        raise Interrupted(
            _(
                "{port}: interrupted (Ctrl-C); every file on the board is whole, "
                "run the same command again to finish"
            ).format(port=link.port)
        )


def save_pupils_files(link: Link, paths: list[str], save: Saver | None, res: BoardResult,
                      stop=None) -> list[str]:  # fmt: skip
    """Copy the pupil's files `paths` off the board (to `save`) before they are replaced."""
    if paths and save is None:
        raise BoardError(_("{port}: {files} would be replaced and cannot be saved first; "
                           "nothing was written").format(port=link.port,
                                                          files=", ".join(paths)))  # fmt: skip
    for p in paths:
        _stop_point(link, stop)
        try:
            save(res, p, read_file(link, p))
        except BoardError:
            raise
        except UserError as e:
            raise BoardError(f"{link.port}: {e}") from None
    return list(paths)


def sync(
    link: Link,
    bundle,
    lesson: str,
    version: str,
    progress: Callable[[int], None] = lambda n: None,
    total: Callable[[int], None] = lambda n: None,
    label: str | None = None,
    label_for: Callable[[str, str], str] = lambda uid, board_label: board_label,
    save: Saver | None = None,
    stop=None,
    check: bool = True,
) -> BoardResult:
    """Make the board hold exactly `bundle` (plus the pupils' own files). Returns what was done.

    The pupil's files that the bundle replaces are read off the board and handed to `save`
    first. The label is `label` if given, else `label_for(unique id, the board's own label)`
    (the inventory's wins over what the board says). `stop` (a threading.Event) set: stop at
    the next step that leaves every file whole."""
    t0 = time.monotonic()
    res = BoardResult(link.port, board_type=bundle.board.id)
    link.result = res  # what is known so far, if the board fails half-way
    link.small = bundle.board.heap < SMALL_HEAP
    link.enter()
    algo = "sha256" if bundle.board.has("hashlib") else "adler32"
    want = {p: file_hash(d, algo) for p, d in bundle.files.items()}
    short = {p: _short(h) for p, h in want.items()}
    info = probe(link, wd=digest(short, algo))  # the short question first
    if info.hash != algo:  # the board hashes otherwise than its type says
        algo = info.hash
        want = {p: file_hash(d, algo) for p, d in bundle.files.items()}
        short = {p: _short(h) for p, h in want.items()}
        info = probe(link, wd=digest(short, algo))
    res.uid = info.uid
    res.label = label if label is not None else label_for(info.uid, info.label)
    if check:
        res.warnings = check_board(info, bundle)
    if not info.same:  # something differs: which files
        info = probe(link, short)
    todo = plan(short, info.last, info.state(short))
    res.kept = list(todo.keep)
    # room: the new files, their temporary copies one at a time, the manifest
    block = info.block or 1
    grow = sum(_blocks(len(bundle.files[p]), block) for p in todo.write)
    shrink = sum(_blocks((info.files.get(p) or (0, ""))[0], block) for p in todo.write)
    shrink += sum(_blocks(info.old[p][1][0], block) for p in todo.delete)
    largest = max((len(bundle.files[p]) for p in todo.write), default=0)
    need = grow - shrink + _blocks(largest, block) + 2 * block
    free = info.free_bytes(bundle.board.filesystem.size)
    if todo.write and need > free:
        raise BoardError(
            _(
                "{port}: not enough flash: this deploy needs {need} KB, {free} KB free; nothing "
                "was written. Remove files from the board (atelier reset keeps the pupils' "
                "files) or use a smaller lesson"
            ).format(port=link.port, need=need // 1024 + 1, free=free // 1024)  # fmt: skip
        )
    res.saved = save_pupils_files(link, todo.save, save, res, stop)
    _stop_point(link, stop)
    if todo.changes or info.tmp:
        link.load_agent("write")
    sent_total = sum(len(bundle.files[p]) for p in todo.write)
    total(sent_total)
    heap = bundle.board.heap
    blob = 2048 if heap < 100_000 else 16384  # raw bytes per exec: the board holds them
    # characters of code per exec: ~1 s of a 115 200-baud line, so Ctrl-C stops within ~1 s;
    # a small heap holds one piece at a time (SMALL_PIECE)
    batch = 3000 if heap < 100_000 else 12000
    if link.small:
        blob, batch = 0, SMALL_PIECE * 5 // 4 + 40
    calls: list[tuple[str, int]] = []
    if info.tmp:
        calls.append((f"_ad({info.tmp!r})", 0))
    group: list[str] = []

    def flush_group() -> None:  # small files: one deflate stream, one call
        if not group:
            return
        data = b"".join(bundle.files[p] for p in group)
        b64, z = _pieces(data, len(data), info.deflate)[0]
        spec = [[p, len(bundle.files[p]), want[p]] for p in group]
        calls.append((f"_ax('{b64}',{WBITS if z else 0},{spec!r})", len(data)))
        res.wire += len(b64)
        group.clear()

    for p in todo.write:
        data = bundle.files[p]
        if link.small:  # one file at a time, bytes literals: no base64 or deflate to run
            calls.append((f"_ao({p!r})", 0))
            for d in _literals(data):
                calls.append((f"_aw({d!r},0)", len(d)))
                res.wire += len(repr(d))
            calls.append((f"_ac({p!r},{want[p]!r})", 0))
            continue
        if len(data) > blob:  # a big file: pieces of its own
            calls.append((f"_ao({p!r})", 0))
            for i, (b64, z) in enumerate(_pieces(data, blob, info.deflate)):
                n = min(blob, len(data) - i * blob)
                calls.append((f"_aw('{b64}',{WBITS if z else 0})", n))
                res.wire += len(b64)
            calls.append((f"_ac({p!r},{want[p]!r})", 0))
            continue
        if sum(len(bundle.files[q]) for q in group) + len(data) > blob:
            flush_group()
        group.append(p)
    flush_group()
    if todo.delete:
        calls.append((f"_ad({todo.delete!r})", 0))
    # the manifest last: it says what this deploy wrote (in the last exec: written only if
    # everything before it was)
    man = manifest_bytes(lesson, version, bundle.board.id, todo.files, res.label)
    if calls or todo.keep or not info.same or _manifest_differs(info.last, man):
        link.load_agent("write")
        for call in _put(MANIFEST, man, algo, link.small).splitlines():
            calls.append((call, 0))
    code, sent = "", 0
    for call, n in calls:
        if code and len(code) + len(call) > batch:
            _stop_point(link, stop)
            _run_batch(link, code)
            progress(sent)
            code, sent = "", 0
        code += call + "\n"
        sent += n
    if code:
        _stop_point(link, stop)
        _run_batch(link, code)
        progress(sent)
    res.files, res.bytes, res.deleted = len(todo.write), sent_total, len(todo.delete)
    res.ok = True
    res.message = _("ok") if todo.changes else _("up to date")
    res.seconds = time.monotonic() - t0
    return res


def _manifest_differs(old: Manifest | None, new: bytes) -> bool:
    if old is None:
        return True
    doc = Manifest.parse(new)
    return (old.lesson, old.version, old.board, old.label) != (
        doc.lesson, doc.version, doc.board, doc.label)  # fmt: skip


def _run_batch(link: Link, code: str) -> None:
    try:
        link.exec(code, timeout=30)
    except BoardFailed as e:
        if "OSError: 28" in e.text or "ENOSPC" in e.text:
            raise BoardError(_("{port}: the board's flash is full; the files written so far "
                               "are complete, the rest were not sent: remove files from the "
                               "board and run the same command again").format(
                port=link.port)) from None  # fmt: skip
        raise


def _unprefixed(port: str, e: BoardError) -> str:
    """The message without its "PORT: " (the table and the notes name the board)."""
    msg = str(e)
    for sep in (": ", " : "):  # English, French
        if msg.startswith(port + sep):
            return msg[len(port) + len(sep) :]
    return msg


def on_board(port: str, work: Callable[[Link], BoardResult], timeout: float = 10.0,
             reboot: bool = True) -> BoardResult:  # fmt: skip
    """Open `port`, run `work(link)`, restart the board's program; never raises for the
    board's problems: see .ok / .message / .interrupted (a board that fails half-way keeps
    the id, label and saved files the work had found)."""
    t0 = time.monotonic()
    link = None
    try:
        link = Link(port, timeout=timeout)
        with link:
            try:
                res = work(link)
            finally:
                if reboot:
                    link.soft_reboot()
            res.seconds = time.monotonic() - t0
            return res
    except BoardError as e:
        res = BoardResult(port, ok=False, message=_unprefixed(port, e),
                          seconds=time.monotonic() - t0,
                          interrupted=isinstance(e, Interrupted))  # fmt: skip
        partial = link.result if link is not None else None
        if partial is not None:
            res.uid, res.label, res.board_type = partial.uid, partial.label, partial.board_type
            res.saved, res.kept = partial.saved, partial.kept
        return res


def deploy(port: str, bundle, lesson: str, version: str, progress=lambda n: None,
           total=lambda n: None, label: str | None = None, reboot: bool = True,
           timeout: float = 10.0, label_for=lambda uid, board_label: board_label,
           save: Saver | None = None,
           stop=None) -> BoardResult:  # fmt: skip
    """Deploy to the board on `port`; never raises for the board's problems: see .ok/.message."""
    return on_board(port, lambda link: sync(link, bundle, lesson, version, progress, total,
                                             label, label_for, save, stop),
                    timeout=timeout, reboot=reboot)  # fmt: skip


# -- other board work ---------------------------------------------------------------------------
HARMLESS_MAIN = (
    "# Cette carte attend une leçon : atelier deploy LECON --port ...\n"
    "# This board waits for a lesson: atelier deploy LESSON --port ...\n"
)


def _own_type(known, info: BoardInfo):
    """The board's own type (reset and restore suit any board): the known type it is, else
    one of the same runtime."""
    from atelier.boards import detect_board_type

    found = detect_board_type(known, info.platform, info.runtime, info.version,
                              machine=info.machine)  # fmt: skip
    if found:
        return known.get(found)
    return ([b for b in known if b.runtime == info.runtime] or list(known))[0]


def reset_board(link: Link, main_file: str = "main.py", save: Saver | None = None,
                stop=None, known=None) -> BoardResult:  # fmt: skip
    """Remove the last deploy's files (not the pupils'), leave a harmless main.py (the pupil's
    own main.py is saved first)."""
    from atelier.boards import load_boards
    from atelier.bundle import Bundle

    link.enter()
    info = probe(link)
    board = _own_type(known or load_boards(), info)
    main_file = board.main_file or main_file
    bundle = Bundle(board=board, files={main_file: HARMLESS_MAIN.encode()})
    res = sync(link, bundle, "", "", label=info.label, save=save, stop=stop, check=False)
    res.message = _("lesson removed")
    res.files += res.deleted
    return res


def write_label(link: Link, label: str) -> BoardInfo:
    """Store the label in the board's manifest (created if the board has none)."""
    link.enter()
    info = probe(link)
    link.load_agent("write")
    _run_batch(link, f"_al({MANIFEST!r},{label!r})\n")
    info.last = info.last or Manifest()
    info.last.label = label
    return info


def pupils_files(link: Link) -> tuple[list[str], BoardInfo]:
    """The files on the board that the pupil wrote or changed (programs and data)."""
    info = probe(link, {})
    listing = link.call("print(_awalk('',[]))") or []
    state: dict[str, FileState | None] = {p: FileState(-1, "") for p in listing}
    state.update(info.state({}))
    # CircuitPython writes boot_out.txt itself at each reset: not the pupil's
    ignore = ("boot_out.txt",) if info.runtime == "circuitpython" else ()
    return plan_mod.pupil_files(info.last, state, ignore), info


def restore(link: Link, path: str, data: bytes, save: Saver | None = None) -> BoardResult:
    """Put a saved file back on the board at `path`; what is there now, if it is the pupil's
    and differs, is saved first. The manifest is left alone: the file counts as the pupil's."""
    res = BoardResult(link.port)
    link.enter()
    info = probe(link, {path: "?"})
    res.uid, res.label = info.uid, info.label
    algo = info.hash
    now = info.state({path: "?"}).get(path)
    if now is not None and now.hash == _short(file_hash(data, algo)):
        res.ok, res.message = True, _("up to date")
        return res
    todo = plan({path: _short(file_hash(data, algo))}, info.last, {path: now})
    res.saved = save_pupils_files(link, todo.save, save, res)
    link.load_agent("write")
    _run_batch(link, _put(path, data, algo, bool(link.small)) + "\n")
    res.ok, res.files, res.bytes, res.message = True, 1, len(data), _("restored")
    return res


# -- finding boards -----------------------------------------------------------------------------
@dataclass
class Port:
    device: str
    types: list[str]  # board types whose USB ids match ([] = unknown, e.g. simulated)
    serial_number: str = ""


def find_ports(known, board_id: str | None = None) -> list[Port]:
    """Serial ports of known boards (USB ids from boards.toml, runtime mode), the boards
    `atelier sim serve` serves (sim/registry.py), and the ports ATELIER_PORTS lists
    (os.pathsep-separated: odd adapters)."""
    import os

    out: list[Port] = []
    try:
        from serial.tools import list_ports

        comports = list(list_ports.comports())
    except Exception:  # noqa: BLE001 - no serial support here: no serial boards
        comports = []
    for p in comports:
        types = [b.id for b in known for u in b.usb
                 if (u.vid, u.pid) == (p.vid, p.pid) and u.mode == "runtime"
                 and "serial" in b.transports]  # fmt: skip
        types = list(dict.fromkeys(types))
        if types and (board_id is None or board_id in types):
            out.append(Port(p.device, types, p.serial_number or ""))
    from atelier.sim import registry  # boards `atelier sim serve` serves, by type like USB ones

    for e in registry.entries():
        if board_id is None or e.board == board_id:
            out.append(Port(e.port, [e.board], e.serial_number))
    for dev in filter(None, os.environ.get("ATELIER_PORTS", "").split(os.pathsep)):
        if all(p.device != dev for p in out):
            out.append(Port(dev, []))
    return out
