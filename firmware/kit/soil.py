"""soil: how wet the soil is, from the moisture probe, in % (humidité du sol).

Example:
    from kit import soil
    if soil.moisture() < 40:
        print("arrose-moi / water me")
"""

from kitconfig import BACKEND

from kit import _wiring

_pin = _wiring("soil")["pin"]

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


def moisture():
    """Soil moisture in %: 0 dry (or in the air), 100 in water.

    Example: print(soil.moisture())
    """
    return round(100 * _fraction())
