"""A folder that behaves like a served micro:bit's MICROBIT drive (the DAPLink interface chip).

    with serve(2, board="microbit-v2", drives=Path("drives")) as s:
        s.drives            # [drives/MICROBIT-1, drives/MICROBIT-2], found by find_drives()
                            # when ATELIER_DRIVE_ROOTS names "drives"
        # copy a .hex there: the board is flashed, reset, and runs the new main.py

What a real micro:bit does, and so this folder: it holds DETAILS.TXT, whose "Unique ID" starts
with the board ID (9900/9901 V1, 9903-9906 V2) and is also the USB serial number of the board's
serial port (that is how tools pair a drive with its port), and MICROBIT.HTM. A .hex copied onto
it flashes the board: the MicroPython filesystem becomes the one inside the .hex (every file
that was on the board is gone), the board resets and runs main.py, and the drive remounts, rebuilt:
the .hex is gone, and so is anything else copied there. A .hex the interface cannot flash
leaves FAIL.TXT ("error: <why>", "type: <kind>", DAPLink's own words) and the board as it was.

The serving thread calls `poll()` about every 0.1 s. A .hex counts once its size has not
changed between two polls and it ends with the Intel HEX end record (:00000001FF). The files are
read with micropython-microbit-fs. Refused, where the real board would not run it: a .hex for
the other micro:bit version (the V1 runtime on a V2 or the reverse), a .hex that does not parse,
and one without MicroPython (the simulator runs MicroPython only). Of a universal .hex (V1 and
V2 in one file) the board flashes its own version's part, as DAPLink does.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from atelier.errors import UserError

MARKER = "DETAILS.TXT"
HTM = "MICROBIT.HTM"
FAIL = "FAIL.TXT"
EOF_RECORD = b":00000001FF"
SIMULATED = "Simulated by: atelier sim serve"  # the last line of our DETAILS.TXT
INTERFACE_VERSION = "0255"

# DAPLink's FAIL.TXT texts (source/daplink/error.c) and their kind of error
_NOT_THIS_DEVICE = (
    "The hex file you dropped isn't compatible with this mode or device. Are you in "
    "MAINTENANCE mode? See HELP FAQ.HTM",
    "user",
)
_CHECKSUM = (
    "The hex file cannot be decoded. Checksum calculation failure occurred.",
    "transient, user",
)
_PARSER = ("The hex file cannot be decoded. Parser logic failure occurred.", "transient, user")
_UNKNOWN = (
    "The application file format is unknown and cannot be parsed and/or processed.",
    "user",
)


def version_of(board_type) -> int:
    """1 for a micro:bit V1, 2 for a V2 (their runtimes are numbered after the board)."""
    return int(board_type.firmware_version.split(".")[0])


def daplink_unique_id(board_type, unique_id: str) -> str:
    """The 48 hex digits DAPLink shows as Unique ID and USB serial number: board ID, then the
    board's own unique id (machine.unique_id() in hex) padded, then the HIC ID."""
    d = board_type.daplink  # the revision boards.toml says the simulated board is
    return f"{d.simulated}0000{unique_id:0<24}{'0' * 8}{d.hic_id}"


class Refused(Exception):
    """The interface does not flash this .hex; args: (FAIL.TXT error text, error type)."""


def read_hex(text: str, board_type) -> dict[str, bytes]:
    """The files in a MicroPython .hex for `board_type`, or Refused as the board would."""
    import micropython_microbit_fs as mbfs

    from atelier.targets.microbit_hex import part_for

    try:
        text = part_for(text, board_type)  # a universal .hex: this board's part
    except ValueError:
        raise Refused(*_PARSER) from None
    if text is None:
        raise Refused(*_NOT_THIS_DEVICE)
    try:
        info = mbfs.get_device_info(text)
        files = mbfs.get_files(text)
    except mbfs.InvalidHexError as e:
        raise Refused(*(_CHECKSUM if "checksum" in str(e).lower() else _PARSER)) from None
    except mbfs.FilesystemError:  # NotMicroPythonError and a filesystem that does not read
        raise Refused(*_UNKNOWN) from None
    if info.device_version.value != f"V{version_of(board_type)}":
        raise Refused(*_NOT_THIS_DEVICE)
    return {f.name: f.content for f in files}


class MicrobitDrive:
    """The MICROBIT drive of one served micro:bit: a folder at `path`."""

    def __init__(self, path: Path, board_type, serial_number: str):
        self.path = Path(path)
        self.board_type = board_type
        self.serial_number = serial_number
        self.remounts = 0
        self._sizes: dict[str, int] = {}  # .hex name -> size at the last poll
        if self.path.is_dir() and any(self.path.iterdir()) and not is_simulated(self.path):
            from atelier.i18n import _

            raise UserError(
                _(
                    "{path}: this folder is not a simulated MICROBIT drive; give --drives an "
                    "empty folder or a new one"
                ).format(path=self.path)
            )
        self.path.mkdir(parents=True, exist_ok=True)
        self._mount()

    def _details(self) -> str:
        board_id = self.board_type.daplink.simulated
        return (
            "# DAPLink Firmware - see https://mbed.com/daplink\r\n"
            f"Unique ID: {self.serial_number}\r\n"
            f"HIC ID: {self.board_type.daplink.hic_id}\r\n"
            "Auto Reset: 1\r\n"
            "Daplink Mode: Interface\r\n"
            f"Interface Version: {INTERFACE_VERSION}\r\n"
            "USB Interfaces: MSD, CDC, HID, WebUSB\r\n"
            f"Remount count: {self.remounts}\r\n"
            f"URL: https://microbit.org/device/?id={board_id}&v={INTERFACE_VERSION}\r\n"
            f"{SIMULATED}\r\n"
        )

    def _mount(self, fail: tuple[str, str] | None = None) -> None:
        """(Re)build the drive as the interface shows it after a (re)mount."""
        for p in self.path.iterdir():
            if p.name not in (MARKER, HTM):
                shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink()
        self._sizes.clear()
        (self.path / MARKER).write_text(self._details(), newline="")
        url = f"https://microbit.org/device/?id={self.board_type.daplink.simulated}"
        (self.path / HTM).write_text(
            f'<!doctype html><html><head><meta http-equiv="refresh" content="0; url={url}">'
            "</head><body></body></html>\r\n",
            newline="",
        )
        if fail is not None:
            (self.path / FAIL).write_text(f"error: {fail[0]}\r\ntype: {fail[1]}\r\n", newline="")

    def poll(self) -> dict[str, bytes] | None:
        """The files to flash if a whole .hex has arrived (once they are on the board, the
        drive remounts without it: remount()), else None. A .hex that cannot be flashed
        leaves FAIL.TXT and gives None."""
        try:
            names = [n for n in os.listdir(self.path)
                     if n.lower().endswith(".hex") and not n.startswith(".")]  # fmt: skip
        except FileNotFoundError:  # someone removed the folder: the board is "plugged" again
            self.path.mkdir(parents=True, exist_ok=True)
            self._mount()
            return None
        sizes = {}
        for name in names:
            try:
                sizes[name] = os.stat(self.path / name).st_size
            except OSError:
                continue
        # whole: the same size as 0.1 s ago, and the end record last
        ready = [
            n
            for n, size in sorted(sizes.items())
            if size and self._sizes.get(n) == size and self._complete(self.path / n)
        ]
        self._sizes = sizes
        if not ready:
            return None
        try:
            text = (self.path / ready[0]).read_bytes().decode("ascii")
            files = read_hex(text, self.board_type)
        except (UnicodeDecodeError, Refused) as e:
            self.remounts += 1
            self._mount(e.args if isinstance(e, Refused) else _PARSER)
            return None
        except OSError:
            return None
        return files  # the caller flashes them, then remount() shows the drive again

    def remount(self) -> None:
        """After a flash: the drive comes back without the .hex."""
        self.remounts += 1
        self._mount()

    @staticmethod
    def _complete(path: Path) -> bool:
        try:
            with open(path, "rb") as f:
                f.seek(max(0, os.fstat(f.fileno()).st_size - 64))
                return f.read().rstrip().upper().endswith(EOF_RECORD)
        except OSError:
            return False

    def close(self) -> None:
        """Unplugged: the drive goes away."""
        remove_drive(self.path, self.serial_number)


def is_simulated(path: Path, serial_number: str = "") -> bool:
    """A drive folder this module made (for the board with that serial number, if given)."""
    try:
        text = (path / MARKER).read_text(errors="replace")
    except OSError:
        return False
    return SIMULATED in text and f"Unique ID: {serial_number}" in text


def remove_drive(path: Path, serial_number: str) -> None:
    """Remove the drive folder of the board with that serial number, if it is ours: our files
    go, and the folder if that empties it (never a folder we did not make)."""
    if not is_simulated(path, serial_number):
        return
    try:
        for p in path.iterdir():
            if p.name in (MARKER, HTM, FAIL) or p.suffix.lower() == ".hex":
                p.unlink(missing_ok=True)
        path.rmdir()
    except OSError:
        pass
