"""motion: the accelerometer (accéléromètre): tilt, movement, shakes.

Example:
    from kit import motion
    x, y, z = motion.acceleration()
"""

from kit import hw as _hw


def acceleration():
    """(x, y, z) in milli-g; lying flat face up: about (0, 0, -1000).

    Example: x, y, z = motion.acceleration()
    """
    return _hw.acceleration()


def was_shaken():
    """True if the board was shaken since the last call.

    Example: if motion.was_shaken(): display.show("!")
    """
    return _hw.was_shaken()
