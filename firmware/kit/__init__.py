"""kit: one small API for the kit's sensors, display, sound and buttons, on every board.

Example:
    from kit import compass, display, sleep_ms
    while True:
        display.arrow(360 - compass.heading())  # an arrow that points north
        sleep_ms(100)

Parts are imported only when a program uses them (`kit.compass`, `kit.buzzer`, ...), and only
the backend of this board is loaded, so a micro:bit does not pay for what it does not use.
The file `kitconfig.py` beside the kit is generated for each board from boards.toml.
"""

from kitconfig import BACKEND, FLAT

_PARTS = ("compass", "buzzer", "display", "buttons", "motion", "door", "env", "digits", "strip")
# `from kit import *` takes these (loaded lazily through __getattr__ on MicroPython >= 1.20;
# older runtimes, micro:bit's among them, only copy what is loaded: name the parts instead)
__all__ = ("sleep_ms",) + _PARTS

try:
    from time import sleep_ms as _sleep
except ImportError:  # CircuitPython has only time.sleep(seconds)
    from time import sleep as _s

    def _sleep(ms):
        _s(ms / 1000)


def sleep_ms(ms):
    """Wait `ms` milliseconds. Example: sleep_ms(500)"""
    _sleep(ms)


def _load(name):
    # A micro:bit has no folders: there the kit's files sit flat as kit_<name>.py.
    if FLAT:
        return __import__("kit_" + name)
    import sys

    __import__("kit." + name)
    return sys.modules["kit." + name]


def __getattr__(name):
    if name == "hw":
        mod = _load("hw_" + BACKEND)
    elif name in _PARTS:
        # a part that is one object (`strip[0] = (255, 0, 0)`) gives it as `part`
        mod = _load(name)
        mod = getattr(mod, "part", mod)
    else:
        raise AttributeError("kit has no '%s'; it has: %s" % (name, ", ".join(_PARTS)))
    globals()[name] = mod
    return mod
