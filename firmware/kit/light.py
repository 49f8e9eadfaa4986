"""light: how bright it is, from the light sensor module, in % (capteur de lumière).

Example:
    from kit import light
    if light.level() < 30:
        print("sombre / dark")
"""

from kit import _wiring, hw

_read = hw.analog(_wiring("light")["pin"])


def level():
    """Light level in %: 0 dark, 100 very bright.

    Example: print(light.level())
    """
    return round(100 * _read())
