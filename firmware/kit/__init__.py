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

_PARTS = ("compass", "buzzer", "display", "buttons", "motion", "door", "env", "distance",
          "servo", "presence", "light", "soil", "knob", "relay", "digits", "strip",
          "radio", "net")  # fmt: skip
# `from kit import *` takes these (loaded lazily through __getattr__ on MicroPython >= 1.20;
# older runtimes, micro:bit's among them, only copy what is loaded: name the parts instead).
# Not the Grove modules: importing one sets its pins up, so a program names those it uses.
__all__ = ("sleep_ms", "running_time") + _PARTS[:7]

try:
    from time import sleep_ms as _sleep
except ImportError:  # CircuitPython has only time.sleep(seconds)
    from time import sleep as _s

    def _sleep(ms):
        _s(ms / 1000)


def sleep_ms(ms):
    """Wait `ms` milliseconds. Example: sleep_ms(500)"""
    _sleep(ms)


try:
    from time import ticks_ms as _ticks
except ImportError:  # CircuitPython (its supervisor.ticks_ms wraps a minute after the start)
    from time import monotonic_ns as _ns

    def _ticks():
        return _ns() // 1000000


def running_time():
    """Milliseconds since the board started (as micro:bit's running_time()).

    Example: start = running_time()  ...  seconds = (running_time() - start) // 1000
    """
    return _ticks()


def _wiring(name):
    # A Grove module's wiring (kitconfig's constant), or one clear error naming the file to change
    import kitconfig

    w = getattr(kitconfig, name.upper(), None)
    if w is None:
        f, b = getattr(kitconfig, "KIT_FILE", "kit.toml"), kitconfig.BOARD
        raise RuntimeError(
            "%s n'est pas branché sur %s : ajoute-le dans %s [%s] / %s is not wired on %s: "
            "add it to [%s] in %s" % (name, b, f, b, name, b, b, f)
        )
    return w


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


# A runtime without module __getattr__ (MicroPython < 1.12: the micro:bit V1) never calls the
# one above: there the bundle lists in kitconfig.LOAD the backend and the parts the lesson uses,
# loaded now, so `from kit import compass` and `kit.compass` work as everywhere else.
try:
    from kitconfig import LOAD
except ImportError:
    LOAD = ()
for _name in LOAD:
    __getattr__(_name)
