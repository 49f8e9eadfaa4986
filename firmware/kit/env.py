"""env: temperature and air pressure (environnement).

Example:
    from kit import env
    print(env.temperature())
"""

from kit import hw as _hw


def temperature():
    """Temperature in °C.

    Example: t = env.temperature()
    """
    return _hw.temperature()


def pressure():
    """Air pressure in hPa (needs a pressure sensor, e.g. a BMP280 module).

    Example: p = env.pressure()
    """
    return _hw.pressure()
