# `sys` of a simulated board: the VM's own sys, but naming the board's platform and runtime.
import _simhost

_s = _simhost.real_sys
argv = []  # the board starts main.py with no arguments (the VM has its own)
byteorder = _s.byteorder
exit = _s.exit
maxsize = _s.maxsize
modules = _s.modules
path = _s.path
print_exception = _simhost.print_exception  # the board's frames only, never the shims'
stdin = _s.stdin
stdout = _s.stdout
stderr = _s.stdout  # one serial console on the board; the VM's stderr is the host's channel
platform = _simhost.platform
version_info = (3, 4, 0)  # the Python language version, on every board (py/modsys.c)
_u = _simhost.uname  # os.uname()'s five strings (boards.toml), or None
if _u:  # since 1.22 (and CircuitPython 9) the banner follows: "3.4.0; MicroPython v1.22.2 on ..."
    version = "3.4.0; %s %s" % (
        "CircuitPython" if platform == "nRF52840" else "MicroPython",
        _u[3],
    )
else:  # the micro:bit's 1.18 and 1.9.2
    version = "3.4.0"
# the native code the port's .mpy files may hold (py/persistentcode.h: ARMV6M, XTENSAWIN)
_ARCH = {"rp2": 4, "esp32": 10}


class _Implementation:
    name = "circuitpython" if platform == "nRF52840" else "micropython"
    version = _simhost.runtime_version
    # the .mpy version the VM loads (what deploy checks against); the micro:bit's 1.18 has none
    if platform not in ("microbit", "nRF52840"):
        _mpy = getattr(_s.implementation, "_mpy", 0)
    if platform in _ARCH and _u:  # MicroPython 1.22: (1, 22, 2, ''), the board, its .mpy arch
        version = tuple(int(v) for v in _u[2].split(".")) + ("",)
        _machine = _u[4]
        _mpy = 6 | (2 << 8) | (_ARCH[platform] << 10)  # .mpy 6.2 (the VM's own may be newer)

    def __repr__(self):
        if hasattr(self, "_machine"):
            return "(name='%s', version=%r, _machine=%r, _mpy=%d)" % (
                self.name,
                self.version,
                self._machine,
                self._mpy,
            )
        return "(name='%s', version=%r)" % (self.name, self.version)


implementation = _Implementation()
