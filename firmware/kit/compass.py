"""compass: which way the board points (boussole).

Example:
    from kit import compass
    if compass.heading() < 10:
        print("nord / north")
"""

from kit import hw as _hw


def heading():
    """Degrees 0-359, clockwise from magnetic north, of the board's top edge.

    Example: angle = compass.heading()
    """
    return _hw.heading()


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
