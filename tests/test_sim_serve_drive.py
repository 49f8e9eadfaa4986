"""A served micro:bit's MICROBIT drive: found as a real one is, paired with its serial port by
the unique id, and flashed by copying a .hex onto it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import needs_vm

from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.lessons import load_lesson
from atelier.sim import registry
from atelier.targets.drives import copy_hex, find_drives
from atelier.targets.microbit_hex import build_hex
from atelier.targets.serial import find_ports

pytestmark = [needs_vm, pytest.mark.timeout(120)]

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def microbit(tmp_path, monkeypatch):
    """(served handle, drives folder) for one served micro:bit V2 with its drive."""
    from atelier.sim.serve import serve

    monkeypatch.setenv(registry.ENV, str(tmp_path / "run"))
    drives = tmp_path / "drives"
    monkeypatch.setenv("ATELIER_DRIVE_ROOTS", str(drives))
    with serve(1, board="microbit-v2", drives=drives) as served:
        yield served, drives


def wait_for(cond, timeout: float = 20, what: str = "condition") -> None:
    end = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.05)


def flash_files(flash: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in flash.iterdir()}


def test_the_drive_is_found_and_pairs_with_the_port_by_unique_id(microbit):
    served, drives = microbit
    (drive,) = find_drives("microbit")
    assert drive.path == served.drives[0] == drives / "MICROBIT-1"
    assert drive.board_id == "microbit-v2" and drive.unique_id.startswith("9904")
    (port,) = find_ports(load_boards(), "microbit-v2")
    assert port.device == served.ports[0]
    assert port.serial_number == drive.unique_id  # how a tool pairs a drive with its port
    assert served.boards[0].unique_id in drive.unique_id
    (entry,) = registry.entries()
    assert (entry.drive, entry.serial_number) == (str(drive.path), drive.unique_id)


def test_a_lesson_hex_flashes_the_board_which_runs_it(microbit):
    served, _ = microbit
    board = served.boards[0]
    (board.flash / "notes.txt").write_text("pupil's notes")  # gone after a flash, as on a board
    bundle = build_bundle(load_lesson("boussole-numerique"), load_boards().get("microbit-v2"))
    data = build_hex(bundle).encode()
    (drive,) = find_drives("microbit")
    r = copy_hex(drive, data, "boussole-numerique.hex", chunk=16 * 1024)
    assert r.ok, r.message
    wait_for(lambda: not (drive.path / "boussole-numerique.hex").exists(), what="the flash")
    files = flash_files(board.flash)
    assert files.pop(".atelier.json") and files == bundle.files
    assert sorted(p.name for p in drive.path.iterdir()) == ["DETAILS.TXT", "MICROBIT.HTM"]
    assert "Remount count: 1" in (drive.path / "DETAILS.TXT").read_text()
    assert board.resets == 1
    # main.py runs: the compass arrow is drawn
    wait_for(lambda: any(any(row) for row in board.display.image), what="the arrow")


def test_a_hex_for_the_other_microbit_is_refused_with_fail_txt(microbit, tmp_path):
    served, _ = microbit
    board = served.boards[0]
    (board.flash / "main.py").write_text("print('still me')\n")
    prog = tmp_path / "main.py"
    prog.write_text("from microbit import display\ndisplay.scroll('V1')\n")
    v1 = build_hex(build_bundle(prog, load_boards().get("microbit-v1")))
    drive = served.drives[0]
    (drive / "v1.hex").write_text(v1)
    wait_for(lambda: (drive / "FAIL.TXT").exists(), what="FAIL.TXT")
    assert (drive / "FAIL.TXT").read_bytes().decode() == (
        "error: The hex file you dropped isn't compatible with this mode or device. Are you in "
        "MAINTENANCE mode? See HELP FAQ.HTM\r\ntype: user\r\n"
    )
    assert not (drive / "v1.hex").exists()
    assert flash_files(board.flash) == {"main.py": b"print('still me')\n"}
    assert board.resets == 0


def test_a_hex_still_arriving_waits_for_its_end(microbit, tmp_path):
    served, _ = microbit
    board = served.boards[0]
    prog = tmp_path / "main.py"
    prog.write_text("print('bonjour')\n")
    text = build_hex(build_bundle(prog, load_boards().get("microbit-v2")))
    hex_path = served.drives[0] / "prog.hex"
    cut = len(text) // 2
    hex_path.write_text(text[:cut])
    time.sleep(0.5)  # five looks at the drive: incomplete, so left alone
    assert hex_path.exists() and board.resets == 0
    assert not (served.drives[0] / "FAIL.TXT").exists()
    with open(hex_path, "a") as f:
        f.write(text[cut:])
    wait_for(lambda: board.resets == 1, what="the flash")
    files = flash_files(board.flash)
    assert files.pop(".atelier.json") and files == {"main.py": b"print('bonjour')\n"}
    wait_for(lambda: "bonjour" in board.output, what="main.py's output")


def test_atelier_flash_all_finds_and_flashes_the_served_drives(tmp_path, monkeypatch):
    from atelier.sim.serve import serve

    monkeypatch.setenv(registry.ENV, str(tmp_path / "run"))
    drives = tmp_path / "drives"
    env = {"ATELIER_DRIVE_ROOTS": str(drives), "COLUMNS": "200",
           "PYTHONPATH": str(ROOT / "host_tools")}  # fmt: skip
    with serve(2, board="microbit-v2", drives=drives) as served:
        r = subprocess.run(
            [sys.executable, "-m", "atelier", "flash", "boussole-numerique", "--board",
             "microbit-v2", "--all"], capture_output=True, text=True, cwd=ROOT, timeout=120,
            env={**os.environ, **env},
        )  # fmt: skip
        assert r.returncode == 0, r.stdout + r.stderr
        for b in served.boards:
            wait_for(lambda b=b: (b.flash / "main.py").is_file(), what="the flash")


def test_drives_are_for_microbits_and_never_take_over_someone_elses_folder(tmp_path, monkeypatch):
    from atelier.errors import UserError
    from atelier.sim.serve import serve

    monkeypatch.setenv(registry.ENV, str(tmp_path / "run"))
    with pytest.raises(UserError, match="only micro:bits"):
        serve(1, board="pico", drives=tmp_path / "drives")
    mine = tmp_path / "drives" / "MICROBIT-1"
    mine.mkdir(parents=True)
    (mine / "homework.txt").write_text("keep me")
    with pytest.raises(UserError, match="not a simulated MICROBIT drive"):
        serve(1, board="microbit-v2", drives=tmp_path / "drives")
    assert (mine / "homework.txt").read_text() == "keep me"
    assert registry.entries() == [] and list(registry.served_dir().iterdir()) == []
