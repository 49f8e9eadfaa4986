# `errno` of a simulated MicroPython board: the VM's names; on the ESP32 with the numbers of
# its toolchain's newlib (ports/esp32/mpconfigport.h: MICROPY_USE_INTERNAL_ERRNO 0), which its
# sockets raise (_sim_socket): ETIMEDOUT 116, EHOSTUNREACH 118... The Pico's port uses
# MicroPython's own numbers, the VM's.
import _simhost

_real = _simhost.real_import("errno")
_NEWLIB = {"EADDRINUSE": 112, "EALREADY": 120, "ECONNABORTED": 113, "ECONNREFUSED": 111,
           "ECONNRESET": 104, "EHOSTUNREACH": 118, "EINPROGRESS": 119, "ENOBUFS": 105,
           "ENOTCONN": 128, "EOPNOTSUPP": 95, "ETIMEDOUT": 116}  # fmt: skip
_esp32 = _simhost.platform == "esp32"
errorcode = {}
for _name in dir(_real):
    if _name.startswith("E"):
        _n = _NEWLIB.get(_name, getattr(_real, _name)) if _esp32 else getattr(_real, _name)
        globals()[_name] = _n
        errorcode[_n] = _name

_Base = OSError


class OSError(_Base):  # noqa: A001 - its name in tracebacks, as the board's
    # printed as the board prints an errno its table names: "[Errno 116] ETIMEDOUT"
    def __str__(self):
        n = self.args[0]
        return "[Errno %d] %s" % (n, errorcode[n]) if n in errorcode else str(n)


_BoardOSError = OSError
del OSError  # errno has no OSError of its own


def _error(n):
    """OSError(n) as the board raises it (n in the board's numbers)."""
    return _BoardOSError(n) if _esp32 else _Base(n)
