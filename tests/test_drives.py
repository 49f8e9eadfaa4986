"""Flashing MICROBIT drives and deploying to CIRCUITPY drives. Drives are folders here, with
the marker files the real drives carry (DETAILS.TXT, boot_out.txt)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from atelier.targets.drives import (
    MANIFEST,
    find_drives,
    flash_drives,
    read_boot_out,
    read_details,
    sync_drive,
)

ROOT = Path(__file__).resolve().parents[1]
V2_DETAILS = (
    "# DAPLink Firmware - see https://mbed.com/daplink\n"
    "Unique ID: 9904360258994e45002a00160000002e0000000097969901\n"
    "HIC ID: 97969901\nInterface Version: 0255\n"
)
V1_DETAILS = "Unique ID: 9900000036224e45002200030000003d0000000097969901\n"
BOOT_OUT = (
    "Adafruit CircuitPython {v} on 2024-11-20; Adafruit Circuit Playground Bluefruit with "
    "nRF52840\nBoard ID:circuitplayground_bluefruit\nUID:A1B2C3D4E5F6\n"
)


def microbit_drive(root: Path, name: str, details: str = V2_DETAILS) -> Path:
    d = root / name
    d.mkdir(parents=True)
    (d / "DETAILS.TXT").write_text(details)
    (d / "MICROBIT.HTM").write_text("<html></html>")
    return d


def circuitpy_drive(root: Path, name: str, version: str = "9.2.1") -> Path:
    d = root / name
    d.mkdir(parents=True)
    (d / "boot_out.txt").write_text(BOOT_OUT.format(v=version))
    (d / "lib").mkdir()
    return d


def atelier(*args: str, roots: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "ATELIER_DRIVE_ROOTS": str(roots), "COLUMNS": "200",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "host_tools"),
                                          os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "atelier", *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=300)  # fmt: skip


def test_markers_say_what_board_it_is(tmp_path):
    assert read_details(microbit_drive(tmp_path, "M2")).board_id == "microbit-v2"
    assert read_details(microbit_drive(tmp_path, "M1", V1_DETAILS)).board_id == "microbit-v1"
    cp = read_boot_out(circuitpy_drive(tmp_path, "C"))
    assert (cp.version, cp.unique_id) == ("9.2.1", "A1B2C3D4E5F6")
    os.environ["ATELIER_DRIVE_ROOTS"] = str(tmp_path)
    try:
        assert [d.path.name for d in find_drives("microbit")] == ["M1", "M2"]
        assert [d.path.name for d in find_drives("circuitpython")] == ["C"]
    finally:
        del os.environ["ATELIER_DRIVE_ROOTS"]


def test_flash_all_microbits_at_once(tmp_path):
    from mbhex_reader import read_files

    drives = [microbit_drive(tmp_path, f"MICROBIT{i}") for i in range(5)]
    r = atelier("flash", "boussole-numerique", "--all", roots=tmp_path)
    assert r.returncode == 1  # folders with no board behind them: the files cannot be read
    assert r.stderr.count("cannot read the pupil's files before flashing") == 5, r.stderr
    assert not list(tmp_path.rglob("*.hex"))  # nothing flashed
    r = atelier("flash", "boussole-numerique", "--all", "--overwrite", roots=tmp_path)
    assert r.returncode == 0, r.stderr + r.stdout
    hexes = [(d / "boussole-numerique.hex").read_text() for d in drives]
    assert len(set(hexes)) == 1
    files = read_files(hexes[0])  # our own reader, not the library that wrote it
    assert files["main.py"] == (ROOT / "lessons/boussole-numerique/main.py").read_bytes()
    assert r.stdout.count("flashed") == 5


def test_flash_named_drives_and_bad_drives(tmp_path):
    good = microbit_drive(tmp_path, "MICROBIT")
    v1 = microbit_drive(tmp_path, "OLD", V1_DETAILS)
    r = atelier("flash", "boussole-numerique", "--board", "microbit-v2", "--drive", str(good),
                "--drive", str(v1), "--overwrite", roots=tmp_path / "none")  # fmt: skip
    assert r.returncode == 1
    assert (good / "boussole-numerique.hex").is_file()  # the other board carried on
    assert not (v1 / "boussole-numerique.hex").exists()
    assert "this is a microbit-v1: nothing was flashed; use --board microbit-v1" in r.stderr
    not_a_drive = tmp_path / "USB"
    not_a_drive.mkdir()
    r = atelier("flash", "boussole-numerique", "--drive", str(not_a_drive), roots=tmp_path)
    assert r.returncode == 1 and "not a MICROBIT drive (no DETAILS.TXT)" in r.stderr
    r = atelier("flash", "boussole-numerique", "--all", roots=tmp_path / "none")
    assert r.returncode == 1 and "no MICROBIT drive is mounted" in r.stderr


def test_a_drive_unplugged_mid_copy_is_reported_and_the_others_carry_on(tmp_path):
    drives = [read_details(microbit_drive(tmp_path, f"M{i}")) for i in range(4)]
    gone = drives[2]
    seen = threading.Event()

    def progress(drive, n):
        if drive is gone and not seen.is_set():
            seen.set()
            shutil.rmtree(gone.path)  # the pupil pulls the cable

    results = flash_drives(drives, b":" * 300_000, "x.hex", progress=progress)
    ok = {r.drive.path.name: r.ok for r in results}
    assert ok == {"M0": True, "M1": True, "M2": False, "M3": True}
    assert "went away" in results[2].message or "failed" in results[2].message


def test_circuitpython_deploy_is_incremental_safe_and_keeps_pupils_files(tmp_path):
    drive = circuitpy_drive(tmp_path, "CIRCUITPY")
    (drive / "data.csv").write_text("t,temp\n")  # a pupil's own file
    src = tmp_path / "prog"
    src.mkdir()
    (src / "main.py").write_text("from kit import buttons, door\nprint(door.is_open())\n")
    r = atelier("deploy", str(src / "main.py"), "--board", "circuitplayground-bluefruit",
                "--all", roots=tmp_path)  # fmt: skip
    assert r.returncode == 0, r.stderr + r.stdout
    assert (drive / "code.py").read_text().startswith("from kit import")
    assert (drive / "lib/kit/hw_circuitpython.py").is_file()
    assert (drive / "lib/adafruit_lis3dh.py").is_file()  # copied from the pip package
    assert not list(drive.rglob("*.atelier-tmp"))
    manifest = (drive / MANIFEST).read_text()
    assert '"code.py"' in manifest
    # nothing changed: nothing is rewritten
    mtimes = {p: p.stat().st_mtime_ns for p in drive.rglob("*") if p.is_file()}
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle

    board = load_boards().get("circuitplayground-bluefruit")
    bundle = build_bundle(src / "main.py", board)
    written = []
    res = sync_drive(read_boot_out(drive), bundle.files, "program", on_write=written.append)
    assert res.ok and res.files == 0 and written == []
    # a changed program: only code.py, and last
    (src / "main.py").write_text("from kit import buttons, door\nprint(not door.is_open())\n")
    bundle = build_bundle(src / "main.py", board)
    bundle.files["lib/extra.py"] = b"X = 1\n"
    res = sync_drive(read_boot_out(drive), bundle.files, "program", on_write=written.append)
    assert written == ["lib/extra.py", "code.py"]
    unchanged = [p for p, t in mtimes.items() if p.exists() and p.stat().st_mtime_ns == t]
    assert drive / "lib/adafruit_lis3dh.py" in unchanged
    # the next deploy without extra.py removes it, and never the pupil's data
    bundle = build_bundle(src / "main.py", board)
    sync_drive(read_boot_out(drive), bundle.files, "program")
    assert not (drive / "lib/extra.py").exists()
    assert (drive / "data.csv").read_text() == "t,temp\n"


def test_circuitpython_version_is_checked(tmp_path):
    old = circuitpy_drive(tmp_path, "OLD", "8.2.0")
    new = circuitpy_drive(tmp_path, "NEW", "9.1.4")
    src = tmp_path / "p.py"
    src.write_text("print('hi')\n")
    r = atelier("deploy", str(src), "--board", "circuitplayground-bluefruit", "--all",
                roots=tmp_path)  # fmt: skip
    assert r.returncode == 1
    assert "CircuitPython 8.2.0" in r.stderr  # the failing board says why
    assert (new / "code.py").is_file() and not (old / "code.py").exists()


def test_deploy_without_boards_says_where_to_look(tmp_path):
    r = atelier("deploy", "boussole-numerique", "--board", "microbit-v2", "--all", roots=tmp_path)
    assert r.returncode == 1 and "atelier flash" in r.stderr
    r = atelier("deploy", "boussole-numerique", "--board", "pico", "--port",
                str(tmp_path / "ttyACM7"), roots=tmp_path)  # fmt: skip
    assert r.returncode == 1 and "no such serial port" in r.stderr


def test_boards_lists_the_drives(tmp_path):
    microbit_drive(tmp_path, "MICROBIT")
    circuitpy_drive(tmp_path, "CIRCUITPY")
    r = atelier("boards", roots=tmp_path)
    assert r.returncode == 0
    assert "microbit-v2" in r.stdout and "9.2.1" in r.stdout and "circuitpla" in r.stdout
    assert "0255" not in r.stdout  # DAPLink's interface version is not the board's runtime


def test_a_circuitpython_board_of_another_kind_gets_a_warning(tmp_path):
    drive = circuitpy_drive(tmp_path, "CIRCUITPY")
    text = (drive / "boot_out.txt").read_text()
    (drive / "boot_out.txt").write_text(text.replace("Adafruit Circuit Playground Bluefruit",
                                                     "Adafruit Feather RP2040"))  # fmt: skip
    src = tmp_path / "p.py"
    src.write_text("print('hi')\n")
    r = atelier("deploy", str(src), "--board", "circuitplayground-bluefruit", "--all",
                roots=tmp_path)  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    assert "does not know this board (Adafruit Feather RP2040)" in r.stderr
