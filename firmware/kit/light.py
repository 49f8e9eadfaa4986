"""light: how bright it is, in % (capteur de lumière): the light sensor module, or on a
micro:bit its display, whose LEDs sense the light.

Example:
    from kit import light
    if light.level() < 30:
        print("sombre / dark")
"""

from kit import _wiring, hw

_w = _wiring("light")
if _w == "display":  # a micro:bit: its LEDs sense the light (display.read_light_level, 0-255)
    from microbit import display as _display

    def _read():
        return _display.read_light_level() / 255

else:
    _read = hw.analog(_w["pin"])


def level():
    """Light level in %: 0 dark, 100 very bright.

    Example: print(light.level())
    """
    return round(100 * _read())
