"""soil: how wet the soil is, from the moisture probe, in % (humidité du sol).

Example:
    from kit import soil
    if soil.moisture() < 40:
        print("arrose-moi / water me")
"""

from kit import _wiring, hw

_read = hw.analog(_wiring("soil")["pin"])


def moisture():
    """Soil moisture in %: 0 dry (or in the air), 100 in water.

    Example: print(soil.moisture())
    """
    return round(100 * _read())
