"""`atelier flash --out`: a micro:bit .hex with the lesson inside, checked by reading it back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import micropython_microbit_fs as mbfs
import pytest

from atelier.boards import load_boards
from atelier.bundle import Bundle, build_bundle
from atelier.errors import UserError
from atelier.lessons import load_lesson
from atelier.sim import simulate
from atelier.targets.microbit_hex import (
    _room,
    build_hex,
    check_fits,
    fs_usage,
    read_hex_files,
    write_hex,
)

ROOT = Path(__file__).resolve().parents[1]


def test_hex_holds_the_bundle_and_runs_in_the_simulator(tmp_path: Path):
    board = load_boards().get("microbit-v2")
    bundle = build_bundle(load_lesson("boussole-numerique"), board)
    out = tmp_path / "boussole.hex"
    write_hex(bundle, out)
    files = read_hex_files(out)
    manifest = files.pop(".atelier.json")  # which files are the lesson's, for the next flash
    assert files == bundle.files
    from atelier.plan import Manifest

    assert set(Manifest.parse(manifest).files) == set(bundle.files)
    info = mbfs.get_device_info(out.read_text())
    assert info.micropython_version.startswith("micro:bit v2.1.2")
    # what the pupil drags onto the board runs: the extracted files as a bundle
    extracted = Bundle(board=board, files=files)
    with simulate(extracted) as b:
        b.world.heading = 90
        b.run(1)
        assert b.display.shows("ARROW_W")


def test_flash_cli_writes_the_hex(tmp_path: Path):
    out = tmp_path / "alarme.hex"
    r = subprocess.run(
        [sys.executable, "-m", "atelier", "flash", "alarme-casier", "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert read_hex_files(out)["main.py"] == (ROOT / "lessons/alarme-casier/main.py").read_bytes()
    assert not (tmp_path / "alarme.hex.part").exists()


def test_too_big_is_refused_before_anything_is_written(tmp_path: Path):
    prog = tmp_path / "main.py"
    # 30 KB of comments: valid Python, far over the V2's 20 KB of files
    prog.write_text("# " + "x" * 120 + "\n" * 1 + ("# " + "y" * 97 + "\n") * 300 + "pass\n")
    out = tmp_path / "big.hex"
    r = subprocess.run(
        [sys.executable, "-m", "atelier", "flash", str(prog), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert r.returncode == 1
    line = r.stderr.strip()
    assert "do not fit" in line and "main.py (30" in line and "Traceback" not in line
    assert not out.exists()


def program_of(tmp_path: Path, size: int) -> Path:
    """A valid main.py of exactly `size` bytes (mostly one comment line)."""
    p = tmp_path / "main.py"
    p.write_text("pass\n#" + "x" * (size - 7) + "\n")
    assert p.stat().st_size == size
    return p


@pytest.mark.parametrize(
    "board_id, largest",
    # main.py alone (no kit): 126 data bytes per 128-byte chunk, minus its header (2 bytes and
    # the name) and one end byte; V2 has 160 chunks for files, V1 224 (above them one page
    # holds the persistent-data marker, and on V1 one more the compass calibration)
    [("microbit-v2", 160 * 126 - 2 - 7 - 1), ("microbit-v1", 224 * 126 - 2 - 7 - 1)],
)
def test_the_simulator_counts_the_filesystem_as_the_hex_does(tmp_path: Path, board_id, largest):
    board = load_boards().get(board_id)
    fits = build_bundle(program_of(tmp_path, largest), board)
    check_fits(fits)  # the simulator's check...
    assert read_hex_files_text(build_hex(fits)) == fits.files  # ...and the .hex agree
    over = build_bundle(program_of(tmp_path, largest + 1), board)
    with pytest.raises(UserError, match="do not fit") as simulator:
        check_fits(over)
    with pytest.raises(UserError, match="do not fit") as flash:
        build_hex(over)
    assert str(simulator.value) == str(flash.value)
    used, room = fs_usage(over)
    assert used == room + 128 and f"they take {used} B of its {room} B" in str(flash.value)


@pytest.mark.parametrize("board_id", ["microbit-v1", "microbit-v2"])
def test_boards_toml_gives_the_filesystem_the_runtime_gives(board_id):
    # what boards.toml (and the design notes) say a micro:bit holds is what its runtime's .hex
    # offers: the 128-byte chunks between the end of its code and its persistent-data page
    board = load_boards().get(board_id)
    version = int(board.firmware_version.split(".")[0])
    assert board.filesystem.size == _room(version, board.firmware_version)


def read_hex_files_text(text: str) -> dict[str, bytes]:
    return {f.name: f.content for f in mbfs.get_files(text)}
