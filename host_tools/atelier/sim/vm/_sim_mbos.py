# `os` of a simulated micro:bit: a flat filesystem with only what the real runtime offers
# (listdir, remove, size, uname, ilistdir, stat) - no mkdir, no rename.
import _simhost

__name__ = "os"  # errors name the module the pupil imported

_os = _simhost.real_os


def listdir():
    # in the order the files were made, as the board's chunks hold them: those flashed with the
    # program first, then those the program wrote (one written again moves to the end)
    names = [n for n in _os.listdir() if not _os.stat(n)[0] & 0x4000]
    made = [n for n in _simhost.created if n in names]
    return sorted(n for n in names if n not in made) + made


def remove(name):
    _os.remove(_simhost.inside(name))
    if name in _simhost.created:
        _simhost.created.remove(name)


def size(name):
    return _os.stat(_simhost.inside(name))[6]


def stat(name):
    return _os.stat(_simhost.inside(name))


def ilistdir():
    return iter([(n, 0x8000, 0, size(n)) for n in listdir()])


class _Uname:
    sysname = "microbit"
    nodename = "microbit"
    release = "2.1.2"
    version = "micro:bit v2.1.2+0697c6d on 2023-10-30; MicroPython v1.18 on 2023-10-30"
    machine = "micro:bit with nRF52833"
    if _simhost.runtime_version < (1, 12):  # the V1's runtime 1.1.1 (strings in its .hex)
        release = "1.1.1"
        version = ("micro:bit v1.1.1+58405de on 2022-11-10; MicroPython v1.9.2-34-gd64154c73 "
                   "on 2017-09-01")  # fmt: skip
        machine = "micro:bit with nRF51822"

    def __getitem__(self, i):
        return (self.sysname, self.nodename, self.release, self.version, self.machine)[i]

    def __repr__(self):
        return (
            "(sysname='microbit', nodename='microbit', release='%s', version='%s', "
            "machine='%s')" % (self.release, self.version, self.machine)
        )


def uname():
    return _Uname()
