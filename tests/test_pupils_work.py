"""Nothing a pupil wrote is lost: a class set as a teacher drives it (served boards, the
`atelier` command, mpremote for the pupils' edits), and each finding of issue 10 reproduced."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import needs_vm

from atelier.plan import MANIFEST

pytestmark = [needs_vm, pytest.mark.timeout(240)]
ROOT = Path(__file__).resolve().parents[1]
MPREMOTE = [sys.executable, "-m", "mpremote"]


def atelier(*args, env: dict | None = None, columns: int = 80, timeout: float = 240):
    full = {**os.environ, "COLUMNS": str(columns), **(env or {}),
            "PYTHONPATH": os.pathsep.join([str(ROOT / "host_tools"),
                                           os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "atelier", *args], capture_output=True,
                          text=True, cwd=ROOT, env=full, timeout=timeout)  # fmt: skip


def mpremote(port: str, *args: str) -> str:
    r = subprocess.run([*MPREMOTE, "connect", port, *args], capture_output=True, text=True,
                       timeout=60)  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def _wipe(flash: Path) -> None:
    for p in flash.iterdir():
        shutil.rmtree(p) if p.is_dir() else p.unlink()


@pytest.fixture(scope="module")
def picos():
    from atelier.sim.serve import serve

    with serve(3, board="pico") as served:
        yield list(zip(served.ports, served.boards, strict=True))


@pytest.fixture
def boards(picos, tmp_path, monkeypatch):
    """Three clean served Picos, and this test's own inventory and backups folder."""
    for _port, board in picos:
        _wipe(board.flash)
    monkeypatch.setenv("ATELIER_INVENTORY", str(tmp_path / "data" / "inventory.sqlite"))
    return picos


def _row(out: str, port: str) -> str:
    port = port.removeprefix("/dev/")  # as the table shows it
    rows = [ln for ln in out.splitlines() if port in ln.split()]
    assert len(rows) == 1, out
    return rows[0]


def _all_bytes(folder: Path) -> set[bytes]:
    return {p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# -- 1. a pupil's edited main.py, added files: saved, collected, restored ----------------------
def test_every_pupil_byte_reaches_the_teacher(boards, tmp_path):
    (port, board), *_ = boards
    data = tmp_path / "data"
    r = atelier("deploy", "alarme-casier", "--board", "pico", "--port", port)
    assert r.returncode == 0, r.stdout + r.stderr
    lesson_main = (board.flash / "main.py").read_bytes()
    # the pupils, in Thonny or mpremote: their own main.py, a helper module, a data log
    pupil = tmp_path / "pupil"
    pupil.mkdir()
    (pupil / "main.py").write_text("# mon alarme à moi\nprint('alarme de Léa')\n")
    (pupil / "outils.py").write_text("def double(x):\n    return 2 * x\n")
    mpremote(port, "fs", "cp", str(pupil / "main.py"), ":main.py")
    mpremote(port, "fs", "cp", str(pupil / "outils.py"), ":outils.py")
    mpremote(port, "exec", "f = open('mesures.csv', 'w'); f.write('t,lux\\n0,312\\n'); f.close()")
    edits = {(pupil / "main.py").read_bytes(), (pupil / "outils.py").read_bytes(),
             b"t,lux\n0,312\n"}  # fmt: skip

    r = atelier("deploy", "alarme-casier", "--board", "pico", "--port", port)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "main.py changed by the pupil: saved on this computer" in r.stdout
    assert (board.flash / "main.py").read_bytes() == lesson_main  # the lesson is back
    assert (board.flash / "outils.py").is_file() and (board.flash / "mesures.csv").is_file()
    r = atelier("backups")
    assert r.returncode == 0 and "main.py" in r.stdout and "replaced by alarme-casier" in r.stdout
    saved = list((data / "backups").rglob("main.py"))
    assert [p.read_bytes() for p in saved] == [(pupil / "main.py").read_bytes()]
    assert "main.py" in atelier("history").stdout  # listed beside the deploys

    # the pupil edits main.py again; the teacher resets the board at the end of the class
    (pupil / "main.py").write_text("# deuxième version\nprint('v2')\n")
    mpremote(port, "fs", "cp", str(pupil / "main.py"), ":main.py")
    edits.add((pupil / "main.py").read_bytes())
    r = atelier("reset", "--port", port)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "main.py changed by the pupil: saved" in r.stdout
    assert (board.flash / "main.py").read_bytes().startswith(b"# Cette carte attend")
    r = atelier("collect", "--port", port, "--out", str(tmp_path / "collected"))
    assert r.returncode == 0, r.stdout + r.stderr
    got = _all_bytes(tmp_path / "collected")
    assert {(pupil / "outils.py").read_bytes(), b"t,lux\n0,312\n"} <= got
    # every byte a pupil wrote is on the teacher's side
    assert edits <= got | _all_bytes(data / "backups")

    # the teacher puts the first version back onto the board
    first = atelier("backups").stdout
    ident = next(ln.split()[0] for ln in first.splitlines() if "replaced by alarme" in ln)
    r = atelier("restore", ident, "--port", port)
    assert r.returncode == 0, r.stdout + r.stderr
    assert (board.flash / "main.py").read_text() == "# mon alarme à moi\nprint('alarme de Léa')\n"


# -- 2. labels are unique; collect never puts two boards in one folder -------------------------
def test_labels_are_unique_and_collect_keeps_boards_apart(boards, tmp_path):
    (p1, b1), (p2, b2), _ = boards
    assert atelier("label", p1, "Poste 1").returncode == 0
    r = atelier("label", p2, "poste 1")
    assert r.returncode == 1 and "already board" in r.stderr and "--force" in r.stderr
    assert "Traceback" not in r.stderr
    # two boards that both call themselves "Poste 1" (named on another computer)
    for board in (b1, b2):
        (board.flash / MANIFEST).write_text('{"label": "Poste 1", "files": {}}')
        (board.flash / "mesures.csv").write_text(f"{board.unique_id}\n")
    r = atelier("collect", "--port", p1, "--port", p2, "--out", str(tmp_path / "out"))
    assert r.returncode == 0, r.stdout + r.stderr
    logs = sorted(p.read_text() for p in (tmp_path / "out").rglob("mesures.csv"))
    assert logs == sorted(f"{b.unique_id}\n" for b in (b1, b2))  # both, in two folders
    r = atelier("label", p2, "Poste 1", "--force")
    assert r.returncode == 0, r.stderr
    r = atelier("boards", "--port", p1, "--port", p2)
    assert "Poste 1" in _row(r.stdout, p2) and "Poste 1" not in _row(r.stdout, p1), r.stdout
    # the board that lost its label no longer calls itself so, even after a deploy
    r = atelier("deploy", "alarme-casier", "--board", "pico", "--port", p1, "--port", p2)
    assert "Poste 1" in _row(r.stdout, p2) and "Poste 1" not in _row(r.stdout, p1), r.stdout
    assert '"Poste 1"' not in (b1.flash / MANIFEST).read_text()


# -- 3. a label typed in a Latin-1 terminal ---------------------------------------------------
def test_a_latin1_label_works_everywhere(boards, tmp_path):
    (port, board), *_ = boards
    latin1 = "Poste n°3".encode("latin-1")  # what an old Windows console sends
    cmd = [sys.executable, "-m", "atelier", "label", port.encode(), latin1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "host_tools"), "LC_ALL": "C.UTF-8"}
    r = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env, timeout=60)
    assert r.returncode == 0, r.stderr.decode()
    from atelier.plan import Manifest

    assert Manifest.parse((board.flash / MANIFEST).read_bytes()).label == "Poste n°3"
    (board.flash / "mesures.csv").write_text("0,21\n")
    for args in (("boards", "--port", port), ("deploy", "alarme-casier", "--board", "pico",
                 "--port", port), ("collect", "--port", port, "--out", str(tmp_path / "c")),
                 ("reset", "--port", port), ("history",)):  # fmt: skip
        r = atelier(*args)
        assert r.returncode == 0, (args, r.stdout + r.stderr)
        assert "Poste n°3" in r.stdout + r.stderr and "Traceback" not in r.stderr, args
    assert (tmp_path / "c" / "Poste n°3").is_dir()


# -- 4. the wrong --board stops before anything is written -------------------------------------
def test_a_lesson_for_another_board_is_refused_before_writing(boards):
    (port, board), *_ = boards
    assert atelier("label", port, "Poste 7").returncode == 0
    before = sorted(p.name for p in board.flash.iterdir())
    r = atelier("deploy", "boussole-numerique", "--board", "microbit-v2", "--port", port)
    assert r.returncode == 1
    assert "this board is a pico, not a microbit-v2" in r.stderr and "--board pico" in r.stderr
    assert sorted(p.name for p in board.flash.iterdir()) == before  # nothing written
    assert "Poste 7" in _row(r.stdout, port)  # the failed board is still named
    assert "Poste 7" in atelier("history", "Poste 7").stdout


def test_a_damaged_manifest_counts_as_none_and_every_file_is_saved(boards, tmp_path):
    (port, board), *_ = boards
    (board.flash / MANIFEST).write_text('{"files": ["main.py"]}')  # not what atelier writes
    (board.flash / "main.py").write_text("print('le programme de Noé')\n")
    r = atelier("deploy", "alarme-casier", "--board", "pico", "--port", port)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "main.py changed by the pupil: saved" in r.stdout
    assert b"print('le programme de No\xc3\xa9')\n" in _all_bytes(tmp_path / "data" / "backups")


# -- 6. Ctrl-C prints the table, exit 130, files whole; a re-run finishes ----------------------
def test_ctrl_c_stops_and_prints_what_was_done(tmp_path, monkeypatch):
    from atelier.sim.serve import serve

    monkeypatch.setenv("ATELIER_INVENTORY", str(tmp_path / "inv.sqlite"))
    with serve(2, board="pico", bps=5000) as served:
        ports = served.ports
        env = {**os.environ, "COLUMNS": "80", "PYTHONPATH": str(ROOT / "host_tools")}
        proc = subprocess.Popen([sys.executable, "-m", "atelier", "deploy", "alarme-casier",
                                 "--board", "pico", "--port", ports[0], "--port", ports[1]],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                cwd=ROOT, env=env)  # fmt: skip
        time.sleep(1.6)  # python start-up, bundle, the first files on the way
        t0 = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
        stopped_in = time.monotonic() - t0
        assert proc.returncode == 130, out + err
        assert stopped_in < 6, stopped_in
        assert "stopped" in out and all(p.removeprefix("/dev/") in out for p in ports), out
        assert "run the same command again" in err
        assert "Traceback" not in err
        r = atelier("deploy", "alarme-casier", "--board", "pico", "--port", ports[0],
                    "--port", ports[1])  # fmt: skip
        assert r.returncode == 0, r.stdout + r.stderr
        assert not list(served.boards[0].flash.rglob("*.at~"))


# -- 8. 80 columns, one row per board, one progress line for many --------------------------------
def test_tables_fit_80_columns_one_row_per_board(boards, tmp_path):
    ports = [p for p, _b in boards]
    missing = [str(tmp_path / f"ttyACM{i}") for i in range(8)]  # 11 boards: "many"
    atelier("label", ports[0], "Poste 12 — fenêtre")
    r = atelier("deploy", "alarme-casier", "--board", "pico",
                *[a for p in ports + missing for a in ("--port", p)])  # fmt: skip
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert all(len(ln) <= 80 for ln in lines), "\n".join(ln for ln in lines if len(ln) > 80)
    for p in ports:
        assert "ok" in _row(r.stdout, p)
    assert "Poste 12 — fenêtre" in r.stdout  # the label whole
    assert sum("failed" in ln for ln in lines) == 8  # one row each
    assert r.stderr.count("no such serial port") == 8  # and why, one line each
    short_id = _row(r.stdout, ports[0]).split()[4]  # after the label's four words
    r = atelier("history", short_id)  # the short id finds the board: its whole id shown
    assert boards[0][1].unique_id in r.stdout and "Poste 12 — fenêtre" in r.stdout, r.stdout
    r = atelier("reset", "--port", ports[0])
    row = _row(r.stdout, ports[0])
    assert "lesson removed" in row and row.split()[-3] != "0"  # the files column counts them
    for args in (("boards", *[a for p in ports for a in ("--port", p)]), ("history",)):
        r = atelier(*args)
        lines = r.stdout.splitlines()
        assert all(len(ln) <= 80 for ln in lines), "\n".join(lines)
        for p in ports[1:] if args[0] == "boards" else ():
            assert "alarme-casier" in _row(r.stdout, p)  # one row per board, the lesson whole


# -- 9. no library's words -----------------------------------------------------------------------
def test_a_port_that_is_not_a_serial_device_says_so_in_our_words(tmp_path):
    not_serial = tmp_path / "ttyFAKE"
    not_serial.write_text("")
    r = atelier("deploy", "alarme-casier", "--board", "pico", "--port", str(not_serial))
    assert r.returncode == 1
    assert f"{not_serial}: this is not a serial port" in r.stderr, r.stderr
    for leak in ("ioctl", "Errno", "configure port", "(25"):
        assert leak not in r.stdout + r.stderr


# -- 10. numbers are checked ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "args", [("--seconds", "nan"), ("--seconds", "inf"), ("--seconds", "1e7", "--fast"),
             ("--seconds", "-1")])  # fmt: skip
def test_run_refuses_durations_it_cannot_run(args):
    r = atelier("run", "boussole-numerique", *args, timeout=60)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "at most 86400" in r.stderr and "Traceback" not in r.stderr


def test_serve_refuses_a_rate_that_is_not_a_number():
    r = atelier("sim", "serve", "--bps", "nan", timeout=60)
    assert r.returncode == 2 and "nan is not a number" in r.stderr, r.stderr


# -- the teacher's French -------------------------------------------------------------------------
def test_the_class_set_commands_speak_french(boards, tmp_path):
    (port, board), *_ = boards
    env = {"LANG": "fr_FR.UTF-8", "ATELIER_LANG": "", "LANGUAGE": ""}
    r = atelier("deploy", "alarme-casier", "--board", "pico", "--port", port, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    (board.flash / "main.py").write_text("print('à moi')\n")
    r = atelier("deploy", "alarme-casier", "--board", "pico", "--port", port, "--port",
                str(tmp_path / "ttyACM9"), env=env)  # fmt: skip
    assert r.returncode == 1
    assert "main.py modifié par l'élève : sauvegardé" in r.stdout, r.stdout
    assert "étiquette" in r.stdout and "résultat" in r.stdout
    assert "aucun port série" in r.stderr and "cartes en échec : 1 sur 2" in r.stderr, r.stderr
    r = atelier("deploy", "alarme-casier", "--board", "pico", "--port", port,
                env={**env, "LANG": "en_US.UTF-8"}, columns=80)  # fmt: skip
    assert "result" in r.stdout  # English elsewhere
    r = atelier("--lang", "fr", "deploy", "--help")
    assert "Installe" in r.stdout or "Met" in r.stdout, r.stdout


# -- 5. a full drive: checked before, rolled back during ----------------------------------------
def test_a_full_circuitpy_drive_is_left_as_it_was(tmp_path, monkeypatch):
    from atelier.targets import drives as D

    drive = tmp_path / "CIRCUITPY"
    drive.mkdir()
    (drive / "boot_out.txt").write_text(
        "Adafruit CircuitPython 9.2.1 on 2024-11-20; Adafruit Circuit Playground Bluefruit "
        "with nRF52840\nUID:A1B2\n"
    )
    (drive / "code.py").write_text("print('le mien')\n")  # the pupil's program
    (drive / "journal.csv").write_bytes(b"x" * 5000)
    before = {p: p.read_bytes() for p in drive.rglob("*") if p.is_file()}
    files = {"code.py": b"print('lecon')\n", "lib/kit/a.py": b"A = 1\n" * 3000}
    d = D.read_boot_out(drive)
    saved = {}

    def save(res, path, data):
        saved[path] = data

    monkeypatch.setattr(D.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(1, 1, 8192))
    r = D.sync_drive(d, files, "lecon", save=save)
    assert not r.ok and "not enough room" in r.message and "nothing was written" in r.message
    assert "journal.csv (5 KB)" in r.message and "code.py" in r.message
    assert {p: p.read_bytes() for p in drive.rglob("*") if p.is_file()} == before
    monkeypatch.undo()

    real_open = open
    written = [0]

    def filling_open(path, mode="r", *a, **kw):  # the drive fills up half-way
        f = real_open(path, mode, *a, **kw)
        if "w" in mode and str(path).endswith(D.TMP):
            written[0] += 1
            if written[0] == 2:
                f.close()
                raise OSError(errno.ENOSPC, "No space left on device")
        return f

    monkeypatch.setattr("builtins.open", filling_open)
    r = D.sync_drive(d, files, "lecon", save=save)
    monkeypatch.undo()
    assert not r.ok and "not enough room" in r.message
    assert {p: p.read_bytes() for p in drive.rglob("*") if p.is_file()} == before
    assert not list(drive.rglob("*" + D.TMP))
    assert saved["code.py"] == b"print('le mien')\n"  # saved before anything was written


def test_a_full_microbit_drive_keeps_no_partial_hex(tmp_path, monkeypatch):
    from atelier.targets import drives as D

    drive = tmp_path / "MICROBIT"
    drive.mkdir()
    (drive / "DETAILS.TXT").write_text("Unique ID: 9904000000000000\n")
    d = D.read_details(drive)
    monkeypatch.setattr(D.shutil, "disk_usage", lambda p: shutil._ntuple_diskusage(1, 1, 100))
    r = D.copy_hex(d, b":" * 300_000, "x.hex")
    assert not r.ok and "not enough room" in r.message and not (drive / "x.hex").exists()
    monkeypatch.undo()
    real_open = open

    def full(path, mode="r", *a, **kw):
        f = real_open(path, mode, *a, **kw)
        if "w" in mode and str(path).endswith(".hex"):
            f.write(b":" * 1000)
            f.close()
            raise OSError(errno.ENOSPC, "No space left on device")
        return f

    monkeypatch.setattr("builtins.open", full)
    r = D.copy_hex(d, b":" * 300_000, "x.hex")
    monkeypatch.undo()
    assert not r.ok and "the drive is full" in r.message and not (drive / "x.hex").exists()


# -- a .hex flash erases the micro:bit: its pupil's files are read over serial first --------------
def test_flashing_microbits_saves_the_pupils_files_first(tmp_path, monkeypatch):
    from atelier.sim.serve import serve

    data = tmp_path / "data"
    drives = tmp_path / "drives"
    monkeypatch.setenv("ATELIER_INVENTORY", str(data / "inventory.sqlite"))
    with serve(2, board="microbit-v2", drives=drives) as served:
        (p1, p2), (b1, b2) = served.ports, served.boards
        r = atelier("flash", "boussole-numerique", "--all")  # found by the registry
        assert r.returncode == 0, r.stdout + r.stderr
        assert r.stdout.count("flashed") == 2
        deadline = time.monotonic() + 20  # each board flashes as the file arrives, then starts
        while not all((b.flash / "main.py").is_file() for b in (b1, b2)):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert (b1.flash / MANIFEST).is_file()  # the lesson's files are known as the lesson's
        mpremote(p1, "exec", "f = open('journal.txt', 'w'); f.write('boussole: 90\\n'); f.close()")
        mine = tmp_path / "main.py"
        mine.write_text("from microbit import *\ndisplay.scroll('Salut')\n")
        mpremote(p2, "fs", "cp", str(mine), ":main.py")
        r = atelier("flash", "boussole-numerique", "--all")
        assert r.returncode == 0, r.stdout + r.stderr
        assert "journal.txt changed by the pupil: saved" in r.stdout
        assert "main.py changed by the pupil: saved" in r.stdout
        saved = _all_bytes(data / "backups")
        assert {b"boussole: 90\n", mine.read_bytes()} <= saved
        assert not any(b"kit" in p.name.encode() for p in (data / "backups").rglob("*"))
        # a pupil's program that swallows Ctrl-C: its files cannot be read, so no flash
        stubborn = tmp_path / "main2.py"
        stubborn.write_text("from microbit import *\nwhile True:\n    try:\n        sleep(50)\n"
                            "    except:\n        pass\n")  # fmt: skip
        wait_flashed = time.monotonic() + 20  # the .hex leaves the drive once flashed
        while list(served.drives[0].glob("*.hex")) or not (b1.flash / "main.py").is_file():
            assert time.monotonic() < wait_flashed
            time.sleep(0.1)
        time.sleep(0.5)  # the board starts its new program
        mpremote(p1, "exec", "f = open('notes.txt', 'w'); f.write('à garder'); f.close()")
        mpremote(p1, "fs", "cp", str(stubborn), ":main.py")
        mpremote(p1, "reset")  # the loop starts
        time.sleep(0.5)
        r = atelier("flash", "boussole-numerique", "--drive", str(served.drives[0]))
        assert r.returncode == 1 and "no MicroPython answers" in r.stderr, r.stdout + r.stderr
        assert (b1.flash / "notes.txt").read_text() == "à garder"  # not flashed
        r = atelier("flash", "boussole-numerique", "--drive", str(served.drives[0]),
                    "--overwrite")  # fmt: skip
        assert r.returncode == 0, r.stdout + r.stderr
