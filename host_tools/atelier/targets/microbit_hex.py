"""micro:bit .hex files: the official MicroPython runtime with a bundle in its filesystem.

Built with `micropython-microbit-fs`, which ships the official runtimes (V1 1.1.1, V2 2.1.2).
A pupil drags the .hex onto the MICROBIT drive or opens it in python.microbit.org.
"""

from __future__ import annotations

from pathlib import Path

import micropython_microbit_fs as mbfs

from atelier.bundle import Bundle
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


def build_hex(bundle: Bundle) -> str:
    """The runtime's .hex with every file of the bundle in the micro:bit filesystem."""
    if "hex" not in bundle.board.transports:
        raise UserError(
            _("{board} is not flashed with a .hex file; use atelier deploy").format(
                board=bundle.board.id
            )
        )
    runtime = mbfs.get_bundled_hex(_device_version(bundle), bundle.board.firmware_version)
    files = [mbfs.File(name=name, content=data) for name, data in bundle.files.items()]
    try:
        return mbfs.add_files(runtime.content, files)
    except mbfs.StorageFullError:
        limit = mbfs.get_device_info(runtime.content).fs_size
        biggest = sorted(bundle.files.items(), key=lambda kv: -len(kv[1]))[:3]
        top = ", ".join(_("{name} ({size} B)").format(name=n, size=len(d)) for n, d in biggest)
        raise UserError(
            _(
                "{where}: the files ({size} B) do not fit the {board} filesystem ({limit} B with "
                "its block overhead); largest: {largest}. Make the program smaller or split the "
                "lesson"
            ).format(
                where=bundle.lesson.path if bundle.lesson else _("program"),
                size=bundle.size,
                board=bundle.board.name,
                limit=limit,
                largest=top,
            )
        ) from None
    except mbfs.InvalidFileError as e:
        raise UserError(f"{bundle.board.id}: {e}") from None  # the library's own words


def write_hex(bundle: Bundle, out: Path) -> int:
    """Write the .hex to `out` (atomically: a half-written .hex is never left). Returns bytes."""
    text = build_hex(bundle)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(text)
    tmp.replace(out)
    return len(text)


def read_hex_files(path: Path) -> dict[str, bytes]:
    """The files inside a MicroPython .hex."""
    return {f.name: f.content for f in mbfs.get_files(Path(path).read_text())}
