"""compass: which way the board points (boussole).

Example:
    from kit import compass
    if compass.heading() < 10:
        print("nord / north")
"""

from kit import hw as _hw

_declination = 0


def heading():
    """Degrees 0-359, clockwise from north, of the board's top edge.

    Example: angle = compass.heading()
    """
    return (_hw.heading() + _declination) % 360


def set_declination(degrees):
    """Where true north is from magnetic north, in degrees (east +); 0 = magnetic north.

    Example: compass.set_declination(2)  # France, 2025: about 2° east
    """
    global _declination
    _declination = int(round(degrees))


def calibrate():
    """Calibrate the compass: turn the board in every direction until it is done.

    Example: compass.calibrate()
    """
    _hw.calibrate()


def field_strength():
    """Strength of the magnetic field in nanotesla (Earth: about 47 000; a magnet: far more).

    Example: if compass.field_strength() > 200000: print("aimant / magnet")
    """
    return _hw.field_strength()
