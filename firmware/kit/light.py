"""light: how bright it is, from the light sensor module, in % (capteur de lumière).

Example:
    from kit import light
    if light.level() < 30:
        print("sombre / dark")
"""

from kitconfig import BACKEND

from kit import _wiring

_pin = _wiring("light")["pin"]

if BACKEND == "microbit":
    import microbit

    _p = getattr(microbit, "pin%d" % _pin)

    def _fraction():
        return _p.read_analog() / 1023

elif BACKEND == "circuitpython":
    import analogio
    import board

    _p = analogio.AnalogIn(getattr(board, _pin))

    def _fraction():
        return _p.value / 65535

else:
    from machine import ADC, Pin

    try:  # an ESP32 reads 0-1.1 V unless told the module gives up to 3.3 V (11 dB)
        _p = ADC(Pin(_pin), atten=ADC.ATTN_11DB)
    except AttributeError:  # other boards read 0-3.3 V and have no attenuation
        _p = ADC(Pin(_pin))

    def _fraction():
        return _p.read_u16() / 65535


def level():
    """Light level in %: 0 dark, 100 very bright.

    Example: print(light.level())
    """
    return round(100 * _fraction())
