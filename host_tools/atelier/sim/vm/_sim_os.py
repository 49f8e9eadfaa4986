# `os` of a simulated MicroPython / CircuitPython board: the VM's own os, with "/" being the
# board's flash folder (never the computer's root) and statvfs giving the board's flash size.
import _simhost

__name__ = "os"  # errors name the module the pupil imported

_os = _simhost.real_os
_root = _simhost.flash_root
sep = "/"


def _p(path):
    return _simhost.inside(path)


def listdir(path=""):
    return _os.listdir(_p(path)) if path else _os.listdir()


def ilistdir(path=""):
    # (name, type, inode, size) as on the board (the unix port gives no size)
    base = _p(path) if path else "."
    for e in _os.ilistdir(base):
        size = 0 if e[1] == 0x4000 else _os.stat(base + "/" + e[0])[6]
        yield (e[0], e[1], 0, size)


def stat(path):
    # "" is the current folder, as on the board (mpremote's `cp -r dir :` asks for it)
    return _os.stat(_p(path) if path != "" else ".")


def remove(path):
    _simhost.refuse_write()
    _os.remove(_p(path))


unlink = remove


def rename(old, new):
    _simhost.refuse_write()
    _os.rename(_p(old), _p(new))


def mkdir(path):
    _simhost.refuse_write()
    _os.mkdir(_p(path))


def rmdir(path):
    _simhost.refuse_write()
    _os.rmdir(_p(path))


def getcwd():
    cwd = _simhost.cwd()
    if cwd.startswith(_root):
        return "/" + cwd[len(_root) :].lstrip("/")
    return cwd


def chdir(path):
    target = _simhost.inside(path, strict=True)
    _os.chdir(target)
    if not _simhost.cwd().startswith(_root):  # no way above the board's root
        _os.chdir(_root)
        raise OSError(2)


def _used(path):
    total = 0
    for entry in _os.ilistdir(path):
        name, kind = entry[0], entry[1]
        full = path + "/" + name
        if kind == 0x4000:
            total += 4096 + _used(full)
        else:
            total += ((_os.stat(full)[6] + 4095) // 4096) * 4096
    return total


def statvfs(path="/"):
    bsize = 4096
    blocks = _simhost.fs_size // bsize
    free = max(0, blocks - _used(_root) // bsize)
    return (bsize, bsize, blocks, free, free, 0, 0, 0, 0, 255)


def urandom(n):
    return _os.urandom(n)


def sync():
    pass


_UNAME = ("sysname", "nodename", "release", "version", "machine")


class _UnameResult:
    # the firmware's attribute tuple: indexed and named, printed "(sysname='nrf52', ...)"
    def __init__(self, values):
        self._v = tuple(values)
        for k, v in zip(_UNAME, self._v):
            setattr(self, k, v)

    def __getitem__(self, i):
        return self._v[i]

    def __len__(self):
        return 5

    def __iter__(self):
        return iter(self._v)

    def __eq__(self, other):
        return tuple(self) == tuple(other)

    def __repr__(self):
        return "(%s)" % ", ".join("%s=%r" % kv for kv in zip(_UNAME, self._v))


def uname():
    if _simhost.uname:
        return _UnameResult(_simhost.uname)
    return ("sim", "sim", "1.22.2", "MicroPython (atelier simulator)", "simulated board")
