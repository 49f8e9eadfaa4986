"""`atelier sim serve`: simulated boards behind pseudo-terminals, driven like real boards.

The boards are driven the way users drive real ones: with the `mpremote` command (a
subprocess), with mpremote's serial transport as a library, and by typing into the friendly
REPL over the pseudo-terminal (what Thonny and a terminal program do).
"""

from __future__ import annotations

import binascii
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from atelier.sim import vm_available

pytest.importorskip("mpremote")
from mpremote.transport import TransportExecError  # noqa: E402
from mpremote.transport_serial import SerialTransport  # noqa: E402

pytestmark = [
    pytest.mark.skipif(not vm_available(), reason="MicroPython VM not installed here"),
    pytest.mark.timeout(60),
]

HOST_TOOLS = Path(__file__).resolve().parents[1] / "host_tools"
_MPREMOTE_EXE = shutil.which("mpremote")
MPREMOTE = [_MPREMOTE_EXE] if _MPREMOTE_EXE else [sys.executable, "-m", "mpremote"]


# -- helpers -------------------------------------------------------------------------------------
@contextmanager
def served(n: int = 1, board: str = "pico", bps: float | None = None, workdir=None):
    """Serve `n` boards; always stop them (threads, VMs, pseudo-terminals)."""
    from atelier.sim.serve import serve

    with serve(n, board=board, bps=bps, workdir=workdir) as s:
        yield s.ports, s.boards


@pytest.fixture
def pico():
    """(port, board) of one served Pico."""
    with served(1, "pico") as (paths, boards):
        yield paths[0], boards[0]


def mpremote(port: str, *args: str, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*MPREMOTE, "connect", port, *args], capture_output=True, text=True, timeout=timeout
    )


def ok(port: str, *args: str, timeout: float = 20) -> str:
    """Run mpremote, expect success, return its standard output."""
    r = mpremote(port, *args, timeout=timeout)
    assert r.returncode == 0, f"mpremote {' '.join(args)}: {r.returncode}\n{r.stdout}\n{r.stderr}"
    return r.stdout


class Line:
    """The serial line as a terminal program sees it: raw bytes in and out of the pty."""

    def __init__(self, path: str):
        self.fd = os.open(path, os.O_RDWR | os.O_NOCTTY)
        self.buf = b""

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def read_until(self, marker: bytes, timeout: float = 10) -> bytes:
        """Everything up to and including `marker` (the rest stays for the next read)."""
        end = time.monotonic() + timeout
        while marker not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {marker!r} within {timeout} s; got {self.buf!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                self.buf += os.read(self.fd, 4096)
        i = self.buf.index(marker) + len(marker)
        out, self.buf = self.buf[:i], self.buf[i:]
        return out

    def type(self, text: str, until: bytes = b">>> ") -> bytes:
        self.write(text.encode())
        return self.read_until(until)

    def close(self) -> None:
        os.close(self.fd)


@contextmanager
def line(path: str):
    ln = Line(path)
    try:
        yield ln
    finally:
        ln.close()


@contextmanager
def transport(path: str):
    t = SerialTransport(path, timeout=1)
    try:
        yield t
    finally:
        try:
            if t.in_raw_repl:
                t.exit_raw_repl()
        finally:
            t.close()


def wait_for(cond, timeout: float = 10, what: str = "condition") -> None:
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


# -- 1. exec -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "board, platform", [("pico", "rp2"), ("esp32", "esp32"), ("microbit-v2", "microbit")]
)
def test_exec_prints_and_names_the_platform(board, platform):
    with served(1, board) as (paths, _):
        out = ok(paths[0], "exec", "print(1+1)", "exec", "import sys; print(sys.platform)")
    assert out.splitlines() == ["2", platform]


# -- 2. files ------------------------------------------------------------------------------------
@pytest.mark.parametrize("board", ["pico", "microbit-v2"])
def test_fs_cp_ls_cat_rm(board, tmp_path):
    src = tmp_path / "hello.txt"
    src.write_text("bonjour\nhello\n")
    with served(1, board) as (paths, boards):
        port, flash = paths[0], boards[0].flash
        ok(port, "fs", "cp", str(src), ":hello.txt")
        assert (flash / "hello.txt").read_text() == "bonjour\nhello\n"  # on the host too

        listing = ok(port, "fs", "ls")
        assert re.search(r"^\s*14 hello\.txt$", listing, re.M), listing
        assert ok(port, "fs", "cat", "hello.txt") == "bonjour\nhello\n"

        ok(port, "fs", "rm", ":hello.txt")
        assert not (flash / "hello.txt").exists()
        assert "hello.txt" not in ok(port, "fs", "ls")


def test_fs_cp_recursive_folder_with_subfolder(pico, tmp_path):
    port, board = pico
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("from .sub.y import y\n")
    (pkg / "notes.txt").write_text("abc")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "y.py").write_text("def y():\n    return 'why'\n")

    ok(port, "fs", "cp", "-r", str(pkg), ":")  # like on a board: lands in :pkg
    flash = board.flash
    assert (flash / "pkg" / "notes.txt").read_text() == "abc"
    assert (flash / "pkg" / "sub" / "y.py").read_text() == "def y():\n    return 'why'\n"
    assert re.search(r"^\s*0 sub/$", ok(port, "fs", "ls", ":pkg"), re.M)
    assert re.search(r"^\s*\d+ y\.py$", ok(port, "fs", "ls", ":pkg/sub"), re.M)
    assert ok(port, "exec", "import pkg; print(pkg.y())") == "why\n"

    ok(port, "fs", "rm", "-r", ":pkg")
    assert not (flash / "pkg").exists()


# -- 3. a large binary file ----------------------------------------------------------------------
def test_large_binary_file_arrives_byte_exact(pico, tmp_path):
    port, board = pico
    data = os.urandom(20 * 1024)
    src = tmp_path / "blob.bin"
    src.write_bytes(data)
    ok(port, "fs", "cp", str(src), ":blob.bin")
    assert (board.flash / "blob.bin").read_bytes() == data
    assert re.search(r"^\s*20480 blob\.bin$", ok(port, "fs", "ls"), re.M)
    back = tmp_path / "back.bin"
    ok(port, "fs", "cp", ":blob.bin", str(back))  # and back again, through the board's output
    assert back.read_bytes() == data


# -- 4. exceptions -------------------------------------------------------------------------------
def test_exception_gives_traceback_exit_code_1_and_board_still_answers(pico):
    port, _ = pico
    r = mpremote(port, "exec", "x = 20\ny = x + 1\nraise ValueError('boom')")
    assert r.returncode == 1
    out = r.stdout + r.stderr
    assert "Traceback (most recent call last):" in out
    assert 'File "<stdin>", line 3' in out
    assert "ValueError: boom" in out
    assert "_simboot" not in out and "/vm/" not in out  # no simulator frames
    # the board answers, and (no soft reset) still has what ran before the error
    assert ok(port, "resume", "exec", "print(y * 2)") == "42\n"
    assert ok(port, "exec", "print('alive')") == "alive\n"


# -- 5. an endless main.py -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "loop",
    ["while True:\n    pass\n", "import time\nwhile True:\n    time.sleep(1)\n"],
    ids=["busy", "sleeping"],
)
def test_endless_main_py_runs_after_soft_reboot_and_mpremote_still_gets_in(pico, loop):
    port, board = pico
    marker = board.flash / "ran.txt"
    with line(port) as ln:
        ln.read_until(b">>> ")  # booted (no main.py yet)
        (board.flash / "main.py").write_text("open('ran.txt', 'w').write('1')\n" + loop)
        ln.write(b"\x04")  # friendly REPL Ctrl-D: soft reboot, main.py runs
        ln.read_until(b"soft reboot")
        wait_for(marker.exists, what="main.py to run")
    time.sleep(0.2)  # let it loop

    marker.unlink()
    # `resume`: Ctrl-C stops main.py, then the raw REPL without a soft reset
    assert ok(port, "resume", "exec", "print('in', 6*7)") == "in 42\n"
    assert ok(port, "exec", "print(2+3)") == "5\n"  # Ctrl-C, raw REPL, soft reset
    assert not marker.exists()  # mpremote's raw-REPL soft reset does not run main.py


def test_main_py_variables_are_at_the_prompt_after_ctrl_c(pico):
    # On a board main.py runs in the REPL's namespace: interrupt it and its variables are there.
    port, board = pico
    with line(port) as ln:
        ln.read_until(b">>> ")
        (board.flash / "main.py").write_text(
            "import time\ncount = 0\nopen('ran.txt', 'w').write('1')\n"
            "while True:\n    count += 1\n    time.sleep(0.01)\n"
        )
        ln.write(b"\x04")
        ln.read_until(b"soft reboot")
        wait_for((board.flash / "ran.txt").exists, what="main.py to run")
        time.sleep(0.1)
        ln.write(b"\x03")
        tb = ln.read_until(b">>> ")
        assert b"KeyboardInterrupt" in tb
        out = ln.type("print(count > 0)\r")
    assert b"True\r\n>>> " in out


def test_ctrl_c_right_at_power_on_stops_main_py(tmp_path):
    # A Ctrl-C while the board is still starting must stop main.py, not kill the board.
    flash = tmp_path / "board1" / "flash"
    flash.mkdir(parents=True)
    (flash / "main.py").write_text("n = 0\nwhile True:\n    n += 1\n")
    with served(1, "pico", workdir=tmp_path) as (paths, boards), line(paths[0]) as ln:
        ln.write(b"\x03")
        out = ln.read_until(b">>> ")
        assert ln.type("print(6*7)\r").endswith(b"42\r\n>>> ")
    assert b"stopped" not in out, out
    assert boards[0].resets == 0


# -- 6. raw-REPL soft reboot ---------------------------------------------------------------------
def test_raw_repl_soft_reboot_clears_variables_and_skips_main_py(pico):
    port, board = pico
    marker = board.flash / "marker.txt"
    with transport(port) as t:
        t.enter_raw_repl(soft_reset=False)
        t.exec("x = 42")
        assert t.eval("x") == 42
        (board.flash / "main.py").write_text("open('marker.txt', 'w').write('main ran')\n")

        t.enter_raw_repl(soft_reset=True)
        out, err = t.exec_raw("print(x)")
        assert b"NameError" in err, (out, err)
        with pytest.raises(TransportExecError, match="NameError"):
            t.exec("x")
        assert t.eval("6 * 7") == 42  # still answers
        assert "marker.txt" not in t.fs_listdir("")
    assert not marker.exists()


# -- 7. friendly REPL ----------------------------------------------------------------------------
def test_friendly_repl_over_the_pty(pico):
    port, _ = pico
    with line(port) as ln:
        ln.read_until(b">>> ")
        assert ln.type("x = 6*7\r") == b"x = 6*7\r\n>>> "
        assert ln.type("print(x)\r") == b"print(x)\r\n42\r\n>>> "
        assert ln.type("x + 1\r") == b"x + 1\r\n43\r\n>>> "  # a value is echoed

        assert ln.type("for i in range(3):\r", until=b"... ") == b"for i in range(3):\r\n... "
        assert ln.type("    print(i * 10)\r", until=b"... ").endswith(b"\r\n... ")
        assert ln.type("\r") == b"\r\n0\r\n10\r\n20\r\n>>> "

        out = ln.type("1/0\r")
        assert b"ZeroDivisionError" in out and out.endswith(b"\r\n>>> ")
        ln.type("while True: pass\r", until=b"pass\r\n")
        time.sleep(0.2)
        ln.write(b"\x03")  # Ctrl-C stops what runs (Thonny's Stop)
        out = ln.read_until(b">>> ")
        assert b"KeyboardInterrupt" in out, out

        ln.write(b"abc\x03")  # Ctrl-C drops the half-typed line
        ln.read_until(b"\r\n>>> ")
        assert ln.type("print(x)\r").endswith(b"42\r\n>>> ")


# -- 8. --bps ------------------------------------------------------------------------------------
def _time_exec(port: str, code: str) -> float:
    with transport(port) as t:
        t.enter_raw_repl(soft_reset=False)
        t0 = time.monotonic()
        out = t.exec(code)
        took = time.monotonic() - t0
    assert out.strip() == b"4000"
    return took


def test_bps_throttles_the_line():
    code = "s = " + repr("a" * 4000) + "\nprint(len(s))"  # ~4 KB over the line
    with served(1, "pico", bps=2000) as (slow_paths, _), served(1, "pico") as (fast_paths, _):
        slow = _time_exec(slow_paths[0], code)
        fast = _time_exec(fast_paths[0], code)
    assert slow >= 1.5, (slow, fast)
    assert slow > 5 * fast, (slow, fast)


# -- 9. several boards ---------------------------------------------------------------------------
def test_several_boards_are_independent(tmp_path):
    src = tmp_path / "only1.txt"
    src.write_text("one")
    with served(3, "pico") as (paths, boards):
        assert len(set(paths)) == 3
        assert len({b.flash for b in boards}) == 3
        ok(paths[0], "fs", "cp", str(src), ":only1.txt")
        assert (boards[0].flash / "only1.txt").exists()
        for port, b in zip(paths[1:], boards[1:], strict=True):
            assert not (b.flash / "only1.txt").exists()
            assert ok(port, "exec", "import os; print('only1.txt' in os.listdir())") == "False\n"

        code = "import machine, binascii; print(binascii.hexlify(machine.unique_id()).decode())"
        ids = [ok(p, "exec", code).strip() for p in paths]
    assert all(len(binascii.unhexlify(i)) == 8 for i in ids), ids
    assert len(set(ids)) == 3, ids


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_stopping_frees_the_pseudo_terminals_and_vms():
    before = len(os.listdir("/proc/self/fd"))
    with served(2, "pico") as (paths, boards):
        ok(paths[0], "exec", "pass")
    assert len(os.listdir("/proc/self/fd")) <= before
    assert all(b.vm.proc.poll() is not None for b in boards)


# -- 10. the CLI ---------------------------------------------------------------------------------
def test_cli_serve_prints_ports_that_answer():
    env = dict(os.environ, PYTHONPATH=str(HOST_TOOLS))
    proc = subprocess.Popen(
        [sys.executable, "-m", "atelier", "sim", "serve", "2", "--board", "pico"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        ports, buf = [], b""
        end = time.monotonic() + 20
        while len(ports) < 2:
            left = end - time.monotonic()
            assert left > 0 and proc.poll() is None, (buf, proc.poll())
            ready, _, _ = select.select([proc.stdout], [], [], left)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 4096)
                assert chunk, f"the CLI ended: {proc.stderr.read()!r}"
                buf += chunk
                *done, rest = buf.split(b"\n")
                ports += [p.decode().strip() for p in done if p.strip()]
                buf = rest
        assert len(ports) == 2 and ports[0] != ports[1], ports
        for port in ports:
            assert port.startswith("/dev/"), port
            assert ok(port, "exec", "import sys; print(1+1, sys.platform)") == "2 rp2\n"
        proc.send_signal(signal.SIGINT)  # Ctrl-C stops it
        assert proc.wait(timeout=10) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
