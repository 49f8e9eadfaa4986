"""Thonny against `atelier sim serve`: its MicroPython back-end drives a served Pico.

Thonny's front-end (a Tk window) starts its back-end as a process,
`python -u -B thonny/plugins/rp2040/rp2040_back.py "{'port': ..., ...}"`, and talks to it
over stdin/stdout in Thonny's message protocol (thonny.common). These tests take the
front-end's place, send what its Shell, Files view, editor and Run/Stop buttons send, and
check what a teacher would see. No display is needed, but Thonny's back-end package imports
tkinter, so the tests skip where Thonny or tkinter is missing.
"""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from atelier.sim import vm_available

pytest.importorskip("thonny")
pytest.importorskip("tkinter", reason="Thonny's back-end imports tkinter")
from thonny.common import (  # noqa: E402
    EOFCommand,
    ImmediateCommand,
    InlineCommand,
    InputSubmission,
    ToplevelCommand,
    parse_message,
    read_one_incoming_message_str,
    serialize_message,
)

pytestmark = [
    pytest.mark.skipif(not vm_available(), reason="MicroPython VM not installed here"),
    pytest.mark.timeout(30),
]


def _launcher() -> str:
    import importlib.util

    spec = importlib.util.find_spec("thonny.plugins.rp2040.rp2040_back")
    assert spec is not None and spec.origin
    return spec.origin


class Thonny:
    """Thonny's back-end for a board on `port`, driven the way Thonny's front-end drives it."""

    def __init__(self, port: str, user_dir: Path, clean: bool = False):
        # what Thonny's "MicroPython (RP2040)" interpreter passes (defaults of its options)
        args = {
            "clean": clean,  # False at start-up, True after Stop/Restart
            "port": port,
            "dtr": None,
            "rts": None,
            "submit_mode": "raw_paste",
            "interrupt_on_connect": True,
            "write_block_size": 64,
            "write_block_delay": None,
            "proxy_class": "RP2040BackendProxy",
            "sync_time": True,
            "validate_time": False,
            "local_rtc": True,
        }
        user_dir.mkdir(parents=True, exist_ok=True)
        self.log = user_dir / "backend.log"
        env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
        env["THONNY_USER_DIR"] = str(user_dir)  # its log goes there, not to ~/.config
        env.pop("THONNY_DEBUG", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-B", _launcher(), repr(args)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=0,
            env=env,
            cwd=user_dir,
        )
        ack = self.proc.stdout.readline()
        assert ack.strip() == "OK", f"Thonny's back-end did not start: {ack!r}"
        self.messages: queue.Queue = queue.Queue()
        self.stderr: list[str] = []
        self.n = 0
        self.readers = [
            threading.Thread(target=self._read, daemon=True),
            threading.Thread(target=self._read_stderr, daemon=True),
        ]
        for t in self.readers:
            t.start()

    def _read(self) -> None:
        while True:
            try:
                s = read_one_incoming_message_str(self.proc.stdout.readline)
            except (OSError, ValueError):  # closed
                s = ""
            if s == "":
                self.messages.put(None)
                return
            try:
                self.messages.put(parse_message(s))
            except Exception:  # a plain line (the back-end prints progress too)
                pass

    def _read_stderr(self) -> None:
        try:
            for line in iter(self.proc.stderr.readline, ""):
                self.stderr.append(line)
        except (OSError, ValueError):  # closed
            pass

    def send(self, msg):
        if not isinstance(msg, (ImmediateCommand, InputSubmission, EOFCommand)):
            self.n += 1
            msg["id"] = f"cmd{self.n}"
        self.proc.stdin.write(serialize_message(msg) + "\n")
        self.proc.stdin.flush()
        return msg

    def until(self, pred, timeout: float = 15) -> list:
        """The messages up to and including the first that satisfies `pred`."""
        end = time.monotonic() + timeout
        got = []
        while True:
            try:
                m = self.messages.get(timeout=max(0.01, end - time.monotonic()))
            except queue.Empty:
                m = False
            if m is None or (m is False and time.monotonic() >= end):
                log = self.log.read_text()[-3000:] if self.log.exists() else ""
                why = "ended" if m is None else f"no answer within {timeout} s"
                raise AssertionError(
                    f"Thonny's back-end {why}; got {got!r}\nstderr: {''.join(self.stderr)}"
                    f"\nbackend.log: ...{log}"
                )
            if m is False:
                continue
            got.append(m)
            if pred(m):
                return got

    # -- what the front-end does ------------------------------------------------------------
    def ready(self, timeout: float = 20):
        """The first ToplevelResponse: the Shell shows the welcome text and a prompt."""
        return self.until(_toplevel, timeout)[-1]

    def shell(self, source: str, timeout: float = 15) -> tuple[str, str]:
        """Type `source` at the Shell's prompt: (stdout, stderr) it shows."""
        self.send(ToplevelCommand("execute_source", source=source, tty_mode=True))
        return _output(self.until(_toplevel, timeout))

    def run(self, source: str) -> None:
        """Run (F5) an editor's content: Thonny soft-reboots the board, then pastes it."""
        self.send(
            ToplevelCommand(
                "Run",
                args=["-c"],
                source=source,
                tty_mode=True,
                cmd_line="%Run -c $EDITOR_CONTENT",
            )
        )

    def inline(self, name: str, timeout: float = 15, **kw):
        """An inline command (Files view, editor): its response."""
        cmd = self.send(InlineCommand(name, **kw))
        return self.until(
            lambda m: m.get("command_id") == cmd["id"] and m["event_type"] == name + "_response",
            timeout,
        )[-1]

    def close(self) -> None:
        """What Stop/Restart and closing Thonny do to the back-end process: kill it."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(5)
        for t in self.readers:
            t.join(timeout=2)
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass


def _toplevel(m) -> bool:
    return m["event_type"] == "ToplevelResponse"


def _output(msgs) -> tuple[str, str]:
    out = {"stdout": "", "stderr": ""}
    for m in msgs:
        if m["event_type"] == "ProgramOutput":
            out[m["stream_name"]] += m["data"]
    return out["stdout"].replace("\r\n", "\n"), out["stderr"].replace("\r\n", "\n")


@contextmanager
def served_pico(tmp_path: Path):
    from atelier.sim.serve import serve

    with serve(1, board="pico", workdir=tmp_path / "served") as s:
        yield s.ports[0], s.boards[0]


@pytest.fixture
def thonny(tmp_path):
    """(Thonny's back-end connected to a served Pico and ready, the board)."""
    with served_pico(tmp_path) as (port, board):
        th = Thonny(port, tmp_path / "thonny")
        try:
            th.ready()
            yield th, board
        finally:
            th.close()


# -- connecting ----------------------------------------------------------------------------------
def test_thonny_connects_and_shows_the_micropython_version(tmp_path):
    from atelier.boards import load_boards

    pico = load_boards().get("pico")
    with served_pico(tmp_path) as (port, _):
        th = Thonny(port, tmp_path / "thonny")
        try:
            ready = th.ready()
        finally:
            th.close()
    welcome = ready["welcome_text"]
    assert welcome.startswith(f"MicroPython v{pico.runtime_version}"), welcome
    assert pico.name in welcome
    assert ready["cwd"] == "/"  # the board's files, not the computer's


# -- the Shell -----------------------------------------------------------------------------------
def test_the_shell_prints_results_values_and_errors(thonny):
    th, _ = thonny
    assert th.shell("print(6*7)\n") == ("42\n", "")
    out, _ = th.shell("6*7\n")  # an expression's value, as a link to the object inspector
    assert "42" in out
    out, err = th.shell("1/0\n")
    assert "ZeroDivisionError" in err, (out, err)
    assert th.shell("x = 5\n") == ("", "")
    assert th.shell("print(x + 1)\n") == ("6\n", "")


def test_input_reads_what_the_pupil_types_in_the_shell(thonny):
    th, _ = thonny
    th.send(ToplevelCommand("execute_source", source="name = input('Name? ')\n", tty_mode=True))
    th.until(lambda m: m["event_type"] == "ProgramOutput" and "Name? " in m["data"])
    th.send(InputSubmission("Ada\n"))  # Thonny sends the line with CRLF, reads its echo
    out, err = _output(th.until(_toplevel))
    assert err == "", err
    assert th.shell("print('Hello', name)\n") == ("Hello Ada\n", "")


# -- files ---------------------------------------------------------------------------------------
def test_upload_lands_on_the_flash_byte_exact_and_downloads_back(thonny, tmp_path):
    th, board = thonny
    tag = uuid.uuid4().hex[:8]  # names nobody else uses: they must not appear in /
    blob, lesson = f"atelier-{tag}.bin", f"atelier_{tag}.py"
    data = os.urandom(3000) + bytes(range(256))  # binary: Thonny sends it hexlified
    text = "print('leçon prête')\n".encode()  # a .py: sent as a bytes literal
    src = tmp_path / "pc"
    src.mkdir()
    (src / blob).write_bytes(data)
    (src / lesson).write_bytes(text)
    items = [
        {"kind": "file", "size": len(b), "source_path": str(src / n), "target_path": "/" + n}
        for n, b in ((blob, data), (lesson, text))
    ]
    assert th.inline("prepare_upload", target_paths=[i["target_path"] for i in items]) is not None
    r = th.inline("upload", items=items, make_shebang_scripts_executable=False)
    assert r["errors"] == []

    assert (board.flash / blob).read_bytes() == data  # the board's flash folder, byte-exact
    assert (board.flash / lesson).read_bytes() == text
    assert not Path("/" + blob).exists()  # not the computer's root

    listing = th.inline("get_dirs_children_info", node_id="n", paths=["/"], include_hidden=False)
    files = listing["data"]["/"]
    assert files[blob]["kind"] == "file" and files[blob]["size"] == len(data)
    assert files[lesson]["size"] == len(text)

    back = tmp_path / "back"
    r = th.inline(
        "download",
        items=[
            {
                "kind": "file",
                "size": len(data),
                "source_path": "/" + blob,
                "target_path": str(back / blob),
            }
        ],  # fmt: skip
    )
    assert r["errors"] == []
    assert (back / blob).read_bytes() == data

    th.inline("delete", paths=["/" + lesson])
    assert not (board.flash / lesson).exists()


def test_the_editor_saves_to_and_opens_from_the_board(thonny):
    th, board = thonny
    code = "for i in range(3):\n    print('tour', i)\n"
    th.inline("write_file", path="/main.py", content_bytes=code.encode(),
              make_shebang_scripts_executable=False, editor_id=1)  # fmt: skip
    assert (board.flash / "main.py").read_text() == code
    assert th.inline("read_file", path="/main.py")["content_bytes"] == code.encode()
    info = th.inline("get_fs_info", path="/")
    assert info["total"] > info["free"] > 0


# -- running and stopping ------------------------------------------------------------------------
def test_run_soft_reboots_then_runs_the_script(thonny):
    th, _ = thonny
    th.shell("old = 1\n")
    th.run("import time\nfor i in range(3):\n    print('tick', i)\n    time.sleep(0.1)\n")
    out, err = _output(th.until(_toplevel))
    assert err == ""
    assert out.endswith("tick 0\ntick 1\ntick 2\n"), out
    assert "MPY: soft reboot\n" in out  # as with a real Pico
    _, err = th.shell("print(old)\n")
    assert "NameError" in err  # a fresh interpreter


@pytest.mark.parametrize(
    "body",
    [
        "print(n)\n    time.sleep(0.05)",
        "if n % 100 == 0:\n        print(n)",  # prints without ever sleeping: still shows
        "pass",  # computes only
    ],
    ids=["sleeping", "busy-printing", "busy-silent"],
)
def test_stop_interrupts_a_running_loop(thonny, body):
    th, _ = thonny
    th.run(f"import time\nprint('start')\nn = 0\nwhile True:\n    n += 1\n    {body}\n")
    seen = ""

    def shown(m) -> bool:
        nonlocal seen
        if m["event_type"] == "ProgramOutput":
            seen += m["data"].replace("\r", "")
        return "start\n" in seen and (body == "pass" or "\n500\n" in seen or "\n5\n" in seen)

    th.until(shown)
    th.send(ImmediateCommand("interrupt"))  # Ctrl-C in the Shell / the Stop button
    _, err = _output(th.until(_toplevel, 10))
    assert "KeyboardInterrupt" in err, err
    assert th.shell("print(n > 3)\n") == ("True\n", "")  # the board answers again


def test_stop_restart_reconnects_to_a_board_running_a_loop(tmp_path):
    with served_pico(tmp_path) as (port, _):
        th = Thonny(port, tmp_path / "thonny")
        try:
            th.ready()
            th.run("import time\nn = 0\nwhile True:\n    n += 1\n    time.sleep(0.05)\n")
            time.sleep(0.5)
        finally:
            th.close()  # Stop/Restart kills the back-end; the board keeps running
        th = Thonny(port, tmp_path / "thonny", clean=True)
        try:
            th.ready()
            _, err = th.shell("print(n)\n")
            assert "NameError" in err  # interrupted, then soft-rebooted: a clean board
            assert th.shell("print(6*7)\n") == ("42\n", "")
        finally:
            th.close()


def test_ctrl_d_in_the_shell_soft_reboots_and_runs_main_py(thonny):
    th, board = thonny
    (board.flash / "main.py").write_text("print('main.py ici')\n")
    th.send(EOFCommand())
    out, err = _output(th.until(_toplevel))
    assert "main.py ici" in out, (out, err)
    assert th.shell("print(6*7)\n") == ("42\n", "")
