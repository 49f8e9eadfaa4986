"""micro:bit .hex files: the official MicroPython runtime with a bundle in its filesystem.

Built with `micropython-microbit-fs`, which ships the official runtimes (V1 1.1.1, V2 2.1.2).
A pupil drags the .hex onto the MICROBIT drive or opens it in python.microbit.org.
"""

from __future__ import annotations

import functools
from pathlib import Path

import micropython_microbit_fs as mbfs
from micropython_microbit_fs import filesystem as mbfs_fs
from micropython_microbit_fs.device_info import get_device_info_ih
from micropython_microbit_fs.hex_utils import load_hex

from atelier.boards import Board
from atelier.bundle import Bundle, too_big
from atelier.errors import UserError
from atelier.i18n import _


def _device_version(bundle: Bundle) -> int:
    # micro:bit runtimes are numbered after the board: 1.x for V1, 2.x for V2
    try:
        return int(bundle.board.firmware_version.split(".")[0])
    except (ValueError, AttributeError):
        msg = _(
            "{board}: boards.toml gives no micro:bit firmware_version; add one, e.g. {example}"
        )
        raise UserError(msg.format(board=bundle.board.id, example='"2.1.2"')) from None


@functools.cache
def _room(device: int, firmware: str) -> int:
    """Bytes the runtime's filesystem gives files: its free 128-byte chunks, as the library
    that writes the .hex finds them (on V1 one page holds the compass calibration)."""
    runtime = mbfs.get_bundled_hex(device, firmware)
    ih = load_hex(runtime.content)
    return len(mbfs_fs.get_free_chunks(ih, get_device_info_ih(ih))) * mbfs_fs.CHUNK_SIZE


def fs_usage(bundle: Bundle) -> tuple[int, int]:
    """(bytes the bundle's files take in the micro:bit filesystem, bytes it holds), both in
    whole 128-byte chunks, counted by the same library that writes the .hex."""
    used = sum(mbfs_fs.calculate_file_size(name, data) for name, data in bundle.files.items())
    return used, _room(_device_version(bundle), bundle.board.firmware_version)


def check_fits(bundle: Bundle) -> None:
    """Raise the one-line UserError when the bundle does not fit the micro:bit's filesystem:
    what `atelier flash` refuses, the simulator refuses too."""
    used, room = fs_usage(bundle)
    if used > room:
        raise too_big(bundle, used, room, mbfs_fs.CHUNK_SIZE)


def manifest_for(bundle: Bundle, deployed: str = "") -> bytes:
    """The deploy manifest flashed with the lesson, so that the next flash, deploy or collect
    tells the lesson's files from the pupils' (Adler-32: the micro:bit has no hashlib); its
    date `deployed`, else now."""
    import zlib

    from atelier.plan import MANIFEST, Manifest

    files = {p: f"{zlib.adler32(d):08x}" for p, d in bundle.files.items() if p != MANIFEST}
    lesson = bundle.lesson
    return Manifest(lesson.id if lesson else "program", lesson.info.version if lesson else "",
                    bundle.board.id, "", deployed, files).to_bytes()  # fmt: skip


def build_hex(bundle: Bundle, deployed: str = "") -> str:
    """The runtime's .hex with every file of the bundle in the micro:bit filesystem, and the
    lesson's manifest where there is room for it (dated `deployed`, else now: the site gives
    a fixed date, so a rebuilt .hex is the same bytes)."""
    if "hex" not in bundle.board.transports:
        raise UserError(
            _("{board} is not flashed with a .hex file; use atelier deploy").format(
                board=bundle.board.id
            )
        )
    check_fits(bundle)
    runtime = mbfs.get_bundled_hex(_device_version(bundle), bundle.board.firmware_version)
    files = [mbfs.File(name=name, content=data) for name, data in bundle.files.items()]
    from atelier.plan import MANIFEST

    manifest = manifest_for(bundle, deployed)
    used, room = fs_usage(bundle)
    if used + mbfs_fs.calculate_file_size(MANIFEST, manifest) <= room:
        files.append(mbfs.File(name=MANIFEST, content=manifest))
    try:
        return mbfs.add_files(runtime.content, files)
    except mbfs.StorageFullError:  # check_fits counts as the library does: never expected
        raise too_big(bundle, *fs_usage(bundle), mbfs_fs.CHUNK_SIZE) from None
    except mbfs.InvalidFileError:
        bad = [n for n, d in bundle.files.items() if not d or len(n.encode()) > 120]
        raise UserError(_("{board}: {files}: a micro:bit .hex cannot hold an empty file or a "
                          "name longer than 120 bytes; remove or rename it").format(
            board=bundle.board.id, files=", ".join(bad) or "?")) from None  # fmt: skip


def build_universal_hex(bundles: list[Bundle]) -> str:
    """One .hex for the V1 and the V2, as python.microbit.org gives (a "universal hex", written
    by the `universal-hex` package): each runtime with the bundle built for it; the board's
    interface chip flashes its own part."""
    from universal_hex import IndividualHex, create_uhex

    parts = sorted(bundles, key=_device_version)
    return create_uhex(
        # each part named by its board's first DAPLink board ID (boards.toml's [daplink])
        [IndividualHex(build_hex(b), int(b.board.daplink.board_ids[0], 16)) for b in parts]
    )


def write_hex(bundle: Bundle | list[Bundle], out: Path) -> int:
    """Write the .hex to `out` (atomically: a half-written .hex is never left), universal when
    given a bundle per micro:bit version. Returns bytes."""
    text = build_universal_hex(bundle) if isinstance(bundle, list) else build_hex(bundle)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(text)
    tmp.replace(out)
    return len(text)


def read_hex_files(path: Path) -> dict[str, bytes]:
    """The files inside a MicroPython .hex."""
    return {f.name: f.content for f in mbfs.get_files(Path(path).read_text())}


def part_for(text: str, board: Board) -> str | None:
    """The .hex a micro:bit of type `board` flashes from `text`: `text` itself, or its part of
    a universal .hex (None when it has none)."""
    from universal_hex import is_uhex, separate_uhex

    if not is_uhex(text):
        return text
    ids = {int(i, 16) for i in board.daplink.board_ids}
    return next((h.hex for h in separate_uhex(text) if h.board_id in ids), None)
