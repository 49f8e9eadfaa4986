# `sys` of a simulated board: the VM's own sys, but naming the board's platform and runtime.
import _simhost

_s = _simhost.real_sys
argv = _s.argv
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
version_info = _simhost.runtime_version
version = "3.4.0; MicroPython v%d.%d.0" % version_info[:2]


class _Implementation:
    name = "circuitpython" if platform == "nRF52840" else "micropython"
    version = version_info
    # the .mpy version the VM loads (what deploy checks against); the micro:bit's 1.18 has none
    if platform not in ("microbit", "nRF52840"):
        _mpy = getattr(_s.implementation, "_mpy", 0)

    def __repr__(self):
        return "(name='%s', version=%r)" % (self.name, self.version)


implementation = _Implementation()
