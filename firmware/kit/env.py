"""env: temperature, air pressure and humidity (environnement).

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


def humidity():
    """Relative humidity in % (needs a humidity module: a DHT20 / AHT20).

    Example: if env.humidity() > 70: buzzer.tone(880, 200)
    """
    return _hw.humidity()
