# The VM side of the simulator's channel to the host (MicroPython code, runs in the VM).
#
# Requests are text lines "?op args" (the host answers) or "!op args" (no answer), `op` one of
# the codes declared in _simproto (call(P.SLEEP, "100") sends "?10 100"). An answer
# is one length byte (or 255 + two more bytes) then the payload: "=value" or "Ename:message".
# Everything that touches time or hardware goes through here so that the host's virtual clock
# and device models stay the single source of truth.
import sys

import _simproto as P

try:
    import _thread

    _lock = _thread.allocate_lock()  # one request at a time when the program runs threads
except ImportError:
    _lock = None

_w = None
_r = None
_json = None
_ERRORS = {}


def _open(fd_out, fd_in, json_module):
    # the channel's two file descriptors (the host's stdin and stderr pipes, see vmproc.py)
    global _w, _r, _json
    _w = open(int(fd_out), "wb")
    _r = open(int(fd_in), "rb")
    _json = json_module
    for e in (
        OSError,
        ValueError,
        TypeError,
        RuntimeError,
        KeyboardInterrupt,
        MemoryError,
        NotImplementedError,
        AttributeError,
        IndexError,
        EOFError,
    ):
        _ERRORS[e.__name__] = e


platform = "linux"
gpio = {}  # set by _simboot: numbers, names (name -> its pin), input_only
uname = None  # set by _simboot: os.uname()'s five strings, where boards.toml gives them
_out = []
irq_hook = None  # set by the machine shim: called with the pins whose interrupt fired
after_call = None  # set by _sim_thread: called after each request while threads run
keep_alive = []  # what keeps the board busy after main.py (timers, pin IRQs, threads): f() -> bool
shim_dir = ""  # set by _simboot: the shims' folder, whose frames a board's traceback never shows
io = None  # set by _simboot: the VM's io
boot_us = 0  # set by _simboot: the virtual time at which this start of the board began
storage = None  # set by _simboot on CircuitPython boards: CIRCUITPY's state (_sim_cp_storage)
read_only = False  # the board's files are read-only to the program (CIRCUITPY seen over USB)
real_import = None  # set by _simboot: the VM's own __import__
heap = None  # set by _simboot: the board's heap ({"scale": VM bytes per board byte, ...})


def board_bytes(n):
    """A buffer the board's C code takes from its heap (a radio's queue): `n` of the board's
    bytes, as many of the VM's as gc.mem_free() counts for them (_sim_gc)."""
    scale = heap["scale"] if heap else 1
    return bytearray(int(n * scale))


def refuse_write():
    """OSError 30 (EROFS) as the board raises it, when the files are read-only to Python."""
    if read_only:
        real_import("_sim_cp_storage").erofs()


def print_exception(exc, file=None):
    """Print `exc`'s traceback as the board would: without the simulator's own frames."""
    buf = io.StringIO()
    sys.print_exception(exc, buf)
    lines = buf.getvalue().split("\n")
    i, out = 0, []
    while i < len(lines):
        line = lines[i]
        if line.startswith("  File ") and (
            shim_dir and shim_dir in line or "_simboot" in line or "atelier-shims/" in line
        ):  # shimcode.py
            i += 1
            continue
        out.append(line)
        i += 1
    text = "\n".join(out)
    if isinstance(exc, OSError) and type(exc) is not OSError:  # the board's text of an errno
        text = text.replace("OSError: %s\n" % exc.args[0], "OSError: %s\n" % exc)
    if file is None:
        print(text, end="")
    else:
        file.write(text)


def send(op, args=""):
    """Tell the host something that needs no answer (sent along with the next request)."""
    if _lock is not None:
        with _lock:
            _out.append("!" + op + " " + args + "\n")
    else:
        _out.append("!" + op + " " + args + "\n")
    if len(_out) > 16:
        call(P.FLUSH)  # a request: lets the host charge the time these took


def flush():
    if _lock is not None:
        with _lock:
            _flush()
    else:
        _flush()


def _flush():
    if _out:
        _w.write("".join(_out))
        del _out[:]


_sync = [0]


def _resync():
    # After a Ctrl-C inside a request (a served board) what is left of its answer, or the
    # whole answer if it comes late, must not pass for the next one: ask the host for a
    # marker (RESYNC) and skip everything up to it. Again if another Ctrl-C comes meanwhile.
    while True:
        try:
            _sync[0] += 1
            tag = ("\x00sync%d\x00" % _sync[0]).encode()
            _w.write("!" + P.RESYNC + " %d\n" % _sync[0])
            got = b""
            while not got.endswith(tag):
                c = _r.read(1)
                if not c:
                    raise SystemExit(3)  # host went away
                got = (got + c)[-len(tag) :]
            return
        except KeyboardInterrupt:
            pass


def call(op, args="", patient=False):
    """Ask the host (`op` from _simproto) and return its answer as a str (may raise what the
    host says). A patient call (a served board waiting for its REPL input) asks again after a
    Ctrl-C."""
    if _lock is not None:
        _lock.acquire()
        try:
            data = _ask(op, args, patient)
        finally:
            _lock.release()
    else:
        data = _ask(op, args, patient)
    if after_call is not None:  # threads run: the scheduler looks at the clock now and then
        after_call()
    if data[0] == "I":  # pin interrupts came first: run their handlers, like soft IRQs
        head, _, data = data.partition("|")
        if irq_hook is not None:
            irq_hook(head[1:].split(","))
    if data[0] == "=":
        return data[1:]
    name, _, text = data[1:].partition(":")
    exc = _ERRORS.get(name, RuntimeError)
    if exc is OSError and text.isdigit():
        raise OSError(int(text))
    raise exc(text)


def _ask(op, args, patient):
    msg = "?" + op + " " + args + "\n"
    _out.append(msg)
    while True:
        try:
            _w.write("".join(_out))
            del _out[:]
            n = _r.read(1)
            if not n:
                raise SystemExit(3)  # host went away
            n = n[0]
            if n == 255:
                b = _r.read(2)
                n = b[0] << 8 | b[1]
            elif n == 254:
                b = _r.read(4)
                n = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]
            data = _r.read(n).decode() if n else "="
            break
        except KeyboardInterrupt:  # it can land anywhere, even between a read and its use
            del _out[:]
            _resync()
            if not patient:
                raise
            _out.append(msg)
    return data


def dumps(obj):
    return _json.dumps(obj)


def loads(text):
    return _json.loads(text)


def stdout_flush():
    try:
        sys.stdout.flush()
    except AttributeError:
        pass


flash_root = "/"  # set by _simboot: the board's flash folder on the computer
created = []  # names of the files the program wrote, oldest first (a micro:bit's listdir order)
real_os = None  # set by _simboot: the VM's own os


def cwd():
    """The VM's working folder with "/" between names (Windows says C:\\...)."""
    return real_os.getcwd().replace("\\", "/")


def inside(path, strict=False):
    """A path of the board as a path of the computer that never leaves the flash folder: "/"
    is the flash folder and ".." at its top stays there (with `strict`, OSError(ENOENT))."""
    if not isinstance(path, str):
        return path
    root = flash_root
    full = root + "/" + path if path.startswith("/") else cwd() + "/" + path
    keep = len([p for p in root.split("/") if p])
    parts = []
    for p in full.split("/"):
        if p == "" or p == ".":
            continue
        if p == "..":
            if len(parts) > keep:
                parts.pop()
            elif strict:
                raise OSError(2)
            continue
        parts.append(p)
    if parts[:keep] != [p for p in root.split("/") if p]:  # a cwd outside: root it there
        parts = [p for p in root.split("/") if p] + parts[keep:]
    return ("/" if root.startswith("/") else "") + "/".join(parts)  # Windows: C:/...
