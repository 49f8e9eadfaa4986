# Boots one simulated board inside the MicroPython VM (MicroPython code).
#
# argv: _simboot.py FD_OUT FD_IN CONFIG_JSON. The config names the flash folder (the bundle),
# the modules the real board can import, and the shims that stand in for the board's own
# modules. An import hook makes the VM no more capable than the real board: anything the
# board's runtime lacks raises ImportError exactly as on the board.
import builtins
import gc
import io
import json
import os
import sys

_argv = sys.argv
with open(_argv[3]) as _f:
    _cfg = json.load(_f)
# this script is a copy in the board's own folder (the VM puts its realpath() on sys.path, a
# string on the heap: one length wherever atelier is installed); the shims' folder, padded to
# one length too (vmproc._fixed), is where the modules below come from
sys.path[0] = _cfg["shim_dir"]

import _simhost  # noqa: E402
import _simproto as P  # noqa: E402
import _simtime  # noqa: E402

_simhost._open(_argv[1], _argv[2], json)
_simhost.real_os = os  # the VM's own os, for shims that stand in for `os`
_simhost.real_sys = sys
_simhost.io = io

_SHIMS = _cfg["shims"]  # module name on the board -> shim module name in the VM
_simhost.platform = _cfg.get("platform", "linux")
_simhost.reset_cause = _cfg.get("reset_cause", "power")  # how the board last started
_simhost.boot_us = _cfg.get("boot_us", 0)  # the virtual time this start of the board began
_simhost.gpio = _cfg.get("gpio") or {}  # the pin ids the board's runtime takes (boards.toml)
_simhost.storage = _cfg.get("storage")  # CircuitPython's CIRCUITPY (_sim_cp_storage)
_simhost.read_only = bool(_simhost.storage and _simhost.storage["read_only"])
_simhost.uname = _cfg.get("uname")  # os.uname() of the board (boards.toml), or None
_simhost.runtime_version = tuple(int(v) for v in _cfg.get("runtime_version", "1.22").split("."))
if len(_simhost.runtime_version) < 3:
    _simhost.runtime_version += (0,) * (3 - len(_simhost.runtime_version))
_ALLOWED = set(_cfg["available"])
# the shims' file names, from the host: a listdir here would leave garbage on the heap that
# depends on what else the folder holds (a __pycache__ the host's Python wrote, or not)
_INTERNAL = set(_cfg["internal"])
_INTERNAL = set(n[:-3] for n in _INTERNAL)  # the shims' own modules
_LIBS = _cfg["path"]
_orig_import = builtins.__import__
_simhost.real_import = _orig_import  # for shims that stand in for a module of the VM's


def _plain(path):
    sep = "\\" if "\\" in path else "/"
    lead = sep if path.startswith(sep) else ""
    return lead + sep.join(p for p in path.split(sep) if p not in ("", "."))


_simhost.shim_dir = _cfg["shim_dir"]  # as the VM names the sources it finds there
_disk = {}
_ROM_DIRS = _cfg.get("rom_dirs") or []
_FROZEN_MISSING = _cfg.get("frozen_missing") or {}  # frozen module -> package not installed


# The heap the program has is the board's: the VM's heap is bigger (it holds the shims, which
# are ROM on the board, and its objects are 64-bit), so a ballast holds all of it but the
# board's free heap (scaled to the VM's bytes, sim/board.py HEAP_SCALE). What the board has in
# ROM (its built-in modules: the shims, and the frozen libraries) loads on the ballast's room.
_HEAP = _cfg.get("heap")
_ballast = [None]  # (chunks, ..., previous): see _fill
_rom_depth = 0


def _fill(into, keep=0, chunk=4096):
    # Allocate the free heap but `keep` bytes, held by the 1-item list `into`: bytearrays of
    # `chunk` bytes (the VM's GC scans its C stack conservatively: a stale pointer there keeps
    # only one alive), smaller ones into the holes, then 1-tuples into the holes of one block (a
    # bytearray takes two). Nothing grows on the way (a growth that fails would leave garbage).
    # The GC is off meanwhile: an allocation that fails then fails at once, with no collection.
    was = gc.isenabled()
    gc.disable()
    try:
        over = gc.mem_free() - keep
        if over < 32:
            return
        try:
            box = [None, None]  # the chunks, the chain
            into[0] = (box, into[0])
        except MemoryError:
            return
        try:
            slots = box[0] = [None] * (over // (chunk // 2) + 16)
        except MemoryError:  # only small holes left: the chain fills them
            slots = ()
        over = gc.mem_free() - keep
        i = 0
        size = chunk
        while size >= 32 and i < len(slots) and over >= 96:
            n = min(size, over - 32) & ~31
            try:
                slots[i] = bytearray(n)
                i += 1
                over -= n + 32  # the object's block and the data's
            except MemoryError:
                size //= 2
        chain = None
        n = (gc.mem_free() - keep) // 32
        try:
            while n > 0:
                chain = (chain,)  # one block
                n -= 1
        except MemoryError:
            pass
        box[1] = chain
    finally:
        if was:
            gc.enable()


def _fill_all(into, keep=0):
    # _fill, then again for what a failed allocation left as garbage (once is enough)
    _fill(into, keep)
    gc.collect()
    if gc.mem_free() - keep >= 128:
        _fill(into, keep)


def _release(into):
    # Free what _fill holds, emptying each list in place: a stale pointer to one of them on
    # the C stack then keeps nothing else alive
    node = into[0]
    into[0] = None
    while node is not None:
        box, node = node
        slots = box[0]
        box[0] = box[1] = None
        i = len(slots) if slots is not None else 0
        while i:
            i -= 1
            slots[i] = None
    box = slots = None


def _hold(free):
    # The program's room first, in one piece (a fresh board's heap is not fragmented), then
    # the ballast everywhere else
    gc.collect()
    room = [None]
    try:
        room[0] = bytearray(free - 64)
    except MemoryError:
        _fill(room, gc.mem_free() - free)
    _fill_all(_ballast)
    room[0] = None
    gc.collect()
    _fill(_ballast, free)  # what the fill left as garbage, now free: hold it too


def _scrub(depth):
    # Overwrite the C stack below here: the VM's GC scans it conservatively, and stale
    # pointers there keep garbage alive (freed later, it would turn up in the program's room)
    a = b = c = d = e = f = g = h = None
    if depth:
        _scrub(depth - 1)
    return a, b, c, d, e, f, g, h


def _threads_live():
    # the program's own threads (_thread): they allocate while this one loads or reports
    t = sys.modules.get("_sim_thread")
    return t is not None and t._live[0] > 0


def _as_rom(load, *args):
    # The program's free heap is held while the module loads: it loads on the ballast's room.
    # Not while the program's threads run: holding its room would starve them (a MemoryError
    # the board never gives); the load then takes its bytes from the program's room.
    if _rom_depth or _ballast[0] is None or _threads_live():
        return load(*args)
    lent, share = _lent[0], _lent_share[0]
    _take_back()  # a module that compiles loads a built-in one: the lend waits
    try:
        return _as_rom_now(load, *args)
    finally:
        if lent:
            _lend_out(share)


def _as_rom_now(load, *args):
    global _rom_depth
    gc.collect()  # the program's garbage: its room, not the ballast's after the load
    room = [None]
    _fill(room, 0, 512)  # small: one kept alive by a stale pointer would be the program's loss
    _release(_ballast)
    _scrub(32)
    gc.collect()  # now, before deeper calls leave stale pointers to it on the stack
    _rom_depth = 1
    try:
        return load(*args)
    finally:
        _rom_depth = 0
        _scrub(32)
        gc.collect()
        _fill_all(_ballast)
        _release(room)
        _scrub(32)
        gc.collect()


# Compiling takes the VM more heap than the board, next to what stays: 64-bit parse nodes,
# bigger scopes (sim/board.py COMPILE_SCALE). While a program's module compiles (main.py, a
# module of the flash), the ballast lends the program the difference, taken back after.
_LEND = _HEAP.get("compile_lend", 0) if _HEAP else 0
_PASTE_LEND = _HEAP.get("paste_lend", 0) if _HEAP else 0  # a raw-REPL paste takes more
_lent = [0]  # VM bytes lent now
_lent_share = [0]  # the share of the program's free heap lent (a module's, or a paste's)


def _lend_out(share):
    _lent_share[0] = share
    gc.collect()
    free = gc.mem_free()
    left = int(free * share)
    node = _ballast[0]
    while node is not None and left > 0:
        box, node = node
        slots = box[0] or ()
        i = len(slots)
        while i and left > 0:
            i -= 1
            if slots[i] is not None:
                left -= len(slots[i])
                slots[i] = None
    slots = box = node = None
    gc.collect()
    _lent[0] = gc.mem_free() - free


def _take_back():
    # What was lent: all of it, if the program left it. The program's room is held first (in
    # small pieces: a stale pointer keeps one alive, not all), so what the ballast takes does
    # not leave the program only small holes.
    if _lent[0]:
        gc.collect()
        keep = gc.mem_free() - _lent[0]
        _lent[0] = 0
        room = [None]
        _fill(room, gc.mem_free() - keep, 512)
        _fill_all(_ballast)
        _release(room)
        _scrub(32)
        gc.collect()
        _fill(_ballast, keep)  # what was garbage meanwhile


def _compiling(fn, *args, share=None):
    share = _LEND if share is None else share
    if not share or _rom_depth or _ballast[0] is None or _lent[0]:
        return fn(*args)
    _lend_out(share)
    try:
        return fn(*args)
    finally:
        _take_back()


def _in_rom(top):
    if top in _INTERNAL:
        return True
    for d in _ROM_DIRS:
        for p in (d + "/" + top + ".py", d + "/" + top + ".mpy", d + "/" + top):
            try:
                os.stat(p)
                return True
            except OSError:
                pass
    return False


def _on_disk(name):
    found = _disk.get(name)
    if found is None:
        found = False
        for d in _LIBS:
            base = (d + "/" if d else "") + name
            for p in (base + ".py", base + ".mpy", base):
                try:
                    os.stat(p)
                    found = True
                    break
                except OSError:
                    pass
            if found:
                break
        _disk[name] = found
    return found


def _import(name, globals=None, locals=None, fromlist=(), level=0):
    if level == 0:
        top = name.split(".")[0]
        shim = _SHIMS.get(top)
        # a module of another board of the same backend (the Pico's `network`, the ESP32's
        # `rp2`; the V1's power and log) is not there; 1.21+ ports import `usys` as `sys`
        if (
            shim is not None
            and top not in _ALLOWED
            and (_MICROBIT_V1 or top[0] != "u" or top[1:] not in _ALLOWED)
        ):
            raise ImportError("no module named '%s'" % name)
        if shim is not None:
            mod = sys.modules.get(top)
            if mod is None:
                mod = _as_rom(_load_shim, top, shim)
            for n in fromlist or ():  # a name it lacks (a module __getattr__ would raise)
                if n == "*":
                    continue
                try:
                    getattr(mod, n)
                except AttributeError:
                    raise ImportError("can't import name %s" % n) from None
            return mod
        if _FROZEN_MISSING:
            _frozen_missing(name, top, fromlist)
        if not (top in _ALLOWED or top in _INTERNAL or _on_disk(top)):
            raise ImportError("no module named '%s'" % name)
        if _ballast[0] is not None and top not in sys.modules and _in_rom(top):
            return _as_rom(_import, name, globals, locals, fromlist, level)
        if _LEND and top not in sys.modules and _on_disk(top):
            return _compiling(_import_on_disk, name, globals, locals, fromlist, level)
        if _NO_MODULE_GETATTR:
            return _import_19(name, globals, locals, fromlist, level)
        if top in _ALLOWED and top not in sys.modules and not _on_disk(top):
            try:
                return _orig_import(name, globals, locals, fromlist, level)
            except ImportError as e:
                if str(e) != "no module named '%s'" % top:
                    raise
            # the board has it, the simulator not: one clear line, not "no module named"
            _simhost.call(P.NOT_SIMULATED, top)
    return _orig_import(name, globals, locals, fromlist, level)


def _frozen_missing(name, top, fromlist):
    # A module the board's firmware freezes, whose package this computer lacks: the board has
    # it, so no ImportError; the host says in one line how to install it.
    for n in [name] + [name + "." + n for n in fromlist or () if n != "*"]:
        if n in _FROZEN_MISSING:
            _simhost.call(P.FROZEN_MISSING, n)
    if name == top and not _on_disk(top):  # `import umqtt`: none of its modules installed
        for n in _FROZEN_MISSING:
            if n.split(".")[0] == top:
                _simhost.call(P.FROZEN_MISSING, n)


def _load_shim(top, shim):
    mod = _orig_import(shim)
    mod.__name__ = top  # what errors and repr() call it: "board", not the shim
    if _MICROBIT_V1:  # the V2's shims, less what the V1 lacks
        mod = _orig_import("_sim_v1").prune(top, mod)
    try:  # built in on the board: no file to show (once: time and utime share)
        del mod.__file__
    except Exception:  # noqa: BLE001 - gone already, or builtins' read-only dict
        pass
    sys.modules[top] = mod
    return mod


# MicroPython before 1.12 (the micro:bit V1's 1.9.2) has no module __getattr__: there a
# module's __getattr__ is a plain function, never called for a missing name. So
# `from m import x` fails while m is not done when x is not set yet, and once m is done
# its __getattr__ is dropped, so `m.x` fails too (calling m.__getattr__ by name then fails
# here, not on the board: no program of ours does).
_NO_MODULE_GETATTR = _simhost.runtime_version < (1, 12)
_MICROBIT_V1 = _NO_MODULE_GETATTR and _simhost.platform == "microbit"


def _import_on_disk(name, globals, locals, fromlist, level):
    if _NO_MODULE_GETATTR:
        return _import_19(name, globals, locals, fromlist, level)
    return _orig_import(name, globals, locals, fromlist, level)


def _import_19(name, globals, locals, fromlist, level):
    fresh = name not in sys.modules
    mod = _orig_import(name, globals, locals, fromlist, level)
    d = getattr(mod, "__dict__", None)
    if d is None or "__getattr__" not in d:
        return mod
    for n in fromlist or ():
        if n != "*" and n not in d:
            raise ImportError("cannot import name %s" % n)
    if fresh:  # its body has run
        d.pop("__getattr__")
    return mod


os.chdir(_cfg["flash"])
# The board's filesystem is the flash folder: "/" there, never the computer's own root.
_flash = _cfg["flash"].replace("\\", "/")  # Windows: C:/... as the VM's paths are joined
# the host pads every folder to one length (vmproc._fixed: "/./." and "//"): as getcwd() says it
_flash = _plain(_flash)
_simhost.flash_root = _flash
_simhost.fs_size = _cfg.get("fs_size", 0)
_real_open = builtins.open


_modes = _cfg.get("open_modes") or ""


class _Limited:
    """A file opened for writing: ENOSPC (28) when the board's flash is full, as on the board."""

    def __init__(self, f, room):
        self._f = f
        self._room = room

    def write(self, data):
        if len(data) > self._room:
            raise OSError(28)
        self._room -= len(data)
        return self._f.write(data)

    def __getattr__(self, name):
        return getattr(self._f, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._f.close()

    def __iter__(self):
        return iter(self._f)


def _used(d, skip):
    n = 0
    for e in os.ilistdir(d):
        full = (d + "/" if d else "") + e[0]
        if e[1] == 0x4000:
            n += _used(full, skip)
        elif full != skip:
            n += os.stat(full)[6]
    return n


def _open(path, mode="r", *args, **kw):
    path = _simhost.inside(path)
    if "w" in mode or "a" in mode or "x" in mode or "+" in mode:
        _simhost.refuse_write()
    for ch in mode:
        if _modes and ch not in _modes:
            raise ValueError("illegal mode")
    f = _real_open(path, mode, *args, **kw)
    if "w" in mode:  # a new file (or one written again) comes last in a micro:bit's listdir
        name = path.rsplit("/", 1)[-1]
        if name in _simhost.created:
            _simhost.created.remove(name)
        _simhost.created.append(name)
    if ("w" in mode or "a" in mode or "+" in mode) and _simhost.fs_size:
        rel = path[len(_flash) + 1 :] if path.startswith(_flash) else path
        return _Limited(f, _simhost.fs_size - _used("", rel))
    return f


builtins.open = _open
# what `import builtins` gives differs from the VM's builtins in these (see _sim_builtins)
_simhost.real_builtins = builtins
_simhost.board_builtins = {"open": _open, "__import__": _import}
if "builtins" in _ALLOWED:
    _SHIMS["builtins"] = "_sim_builtins"
if _HEAP and "gc" in _ALLOWED:  # gc.mem_free() and mem_alloc() in the board's bytes
    _SHIMS["gc"] = "_sim_gc"
    _simhost.real_gc = gc
    _simhost.heap = _HEAP


def _input(prompt=""):
    # A served board reads input() from its serial line, echoed, up to Enter (readline)
    if prompt:
        print(prompt, end="")
    return _simhost.call(P.INPUT_LINE)


if _cfg.get("repl"):
    builtins.input = _input
    _simhost.board_builtins["input"] = _input
# frozen modules (asyncio) come right after the current folder, as on the board; then the
# shims compiled to .mpy (sim/shimcode.py), else their sources
sys.path[:] = (
    _LIBS[:1]
    + [".frozen"]
    + _LIBS[1:]
    + ([_cfg["shim_mpy"]] if _cfg.get("shim_mpy") else [])
    + [_cfg["shim_dir"]]
)
if _cfg.get("seed") is not None:
    import random

    random.seed(_cfg["seed"])
builtins.__import__ = _import


_OLD_WORDS = _cfg.get("old_attr_words")
_NEW_ATTR = "AttributeError: module '"
_NO_ATTR = "' has no attribute '"


def _in_board_words(traceback):
    # The VM (MicroPython 1.26+) says "module 'board' has no attribute 'A0'"; the board's own
    # runtime may still say "'module' object has no attribute 'A0'": print it its way.
    if not _OLD_WORDS:
        return traceback
    if _NO_MODULE_GETATTR:  # 1.9.2's py/runtime.c: "cannot import name x"
        traceback = traceback.replace("ImportError: can't import", "ImportError: cannot import")
    out = []
    for line in traceback.split("\n"):
        i = line.find(_NO_ATTR)
        if line.startswith(_NEW_ATTR) and i > 0:
            line = "AttributeError: 'module' object has no attribute '" + line[i + len(_NO_ATTR) :]
        out.append(line)
    return "\n".join(out)


def _traceback(exc):
    buf = io.StringIO()
    sys.print_exception(exc, buf)
    text = _in_board_words(buf.getvalue())
    if isinstance(exc, OSError) and type(exc) is not OSError:  # the board's text of an errno
        text = text.replace("OSError: %s\n" % exc.args[0], "OSError: %s\n" % exc)
    return json.dumps(text)


def _tell(op, exc, call=False):
    # The error goes to the host in the ballast's room: the board prints it using none of the
    # program's heap (after a MemoryError there is none left)
    if call:
        _simhost.call(op, _traceback(exc), True)
    else:
        _simhost.send(op, _traceback(exc))
        _simhost.flush()  # now: joining the lines later takes heap the program may have none of


def _report(exc):
    _as_rom(_tell, P.PROGRAM_FAILED, exc)


# main.py and the REPL share one namespace, as on the board: after Ctrl-C (or when main.py
# ends) its variables are there at the prompt
_globals = {"__name__": "__main__"}


def _repl():
    # A served board (atelier sim serve): the host reads the serial line and hands us code,
    # "x" + source to run as a whole (raw REPL) or "s" + a line (friendly REPL, echoes values).
    g = _globals
    while True:
        try:
            # while timers, pin interrupts or threads run, ask again when they need the board
            wait = _simtime.idle_wait_us(repl=True)
            if wait and _simtime.threads_run():
                _simtime.sleep_us(wait)  # the threads run meanwhile; then a look at the line
                wait = 0
            src = _simhost.call(P.REPL_READ, "" if wait is None else "%d" % wait, patient=True)
            if not src:
                _simtime.run_due()
                continue
            try:
                mode = "single" if src[0] == "s" else "exec"
                exec(_compiling(compile, src[1:], "<stdin>", mode, share=_PASTE_LEND), g)
            except SystemExit:
                pass
            except BaseException as e:  # noqa: B036 - the user's code: report everything
                _as_rom(_tell, P.REPL_ERROR, e, True)
        except KeyboardInterrupt:  # a Ctrl-C between two commands: nothing to stop
            pass


def _serve():
    # Tell the host the VM runs: from now on a Ctrl-C (SIGINT) is a KeyboardInterrupt here,
    # not the end of the process. One that came while it started is the answer.
    try:
        _simhost.call(P.VM_UP)
        _start_heap()
        if _boot() and _cfg.get("run_main", True):
            _main()
    except KeyboardInterrupt:  # a Ctrl-C before main.py started or just as it ended
        pass
    _repl()


def _compile_file(path):
    # the board reads a program's source as it compiles it: here it is read in the lent room
    with open(path) as f:
        return compile(f.read(), path, "exec")


def _boot():
    # MicroPython's rp2 and esp32 ports run boot.py before main.py, after every reset, in the
    # same namespace (ports/rp2/main.c, ports/esp32/main.c: pyexec_file_if_exists): its error
    # is printed and main.py does not run; a sys.exit() in it skips main.py too. False then.
    boot = _cfg.get("boot_file")
    if not boot:
        return True
    try:
        os.stat(boot)
    except OSError:
        return True  # no boot.py: as an empty one
    try:
        code = _compiling(_compile_file, boot)
        exec(code, _globals)
    except SystemExit:
        _simhost.send(P.PROGRAM_ENDED, "ok")
        return False
    except BaseException as e:  # noqa: B036 - the board's own error, or the host's Ctrl-C
        _report(e)
        return False
    return True


def _main():
    main = _cfg["main"]
    try:
        os.stat(main)
    except OSError:
        _simhost.send(P.PROGRAM_ENDED, "nomain")
        return
    try:
        code = _compiling(_compile_file, main)
        _globals["__file__"] = main
        exec(code, _globals)
    except SystemExit:
        pass
    except BaseException as e:  # the lesson's error, or the host's KeyboardInterrupt
        _report(e)
        return
    if not _cfg.get("repl"):
        try:  # timers, pin interrupts and threads go on after main.py, as under the REPL
            _simtime.linger()
        except SystemExit:  # machine.reset() from a timer (the watchdog): the host restarts us
            pass
        except BaseException as e:  # noqa: B036 - the host's KeyboardInterrupt
            _report(e)
            return
    _simhost.send(P.PROGRAM_ENDED, "ok")


# The V1's built-in modules its flat kit imports: loaded before the program's heap is set (ROM
# on the board), so none loads while a module compiles in lent room (see _compiling)
_ROM_FIRST = ("microbit", "music", "time", "utime", "machine", "neopixel")


def _start_heap():
    if _HEAP and _ballast[0] is None:
        if _LEND:
            for top in _ROM_FIRST:
                if top in _SHIMS and top in _ALLOWED and top not in sys.modules:
                    _load_shim(top, _SHIMS[top])
        _hold(_HEAP["free"])


try:
    if _cfg.get("repl"):
        _serve()
    else:
        _start_heap()
        if _boot():
            _main()
finally:
    _simhost.flush()
