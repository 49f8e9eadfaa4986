"""heading: a tilt-compensated compass from a magnetometer and an accelerometer.

Example:
    from kit.heading import heading
    h = heading((20.0, 0.0, -42.0), (0, 0, -1000))  # field in µT, acceleration in mg

Board frame: x to the right, y to the top edge, z out of the face. At rest the accelerometer
reads gravity's reaction, so its vector points down; east = down × field, north = east × down,
and the heading is where the top edge (y) points in that north/east plane: any tilt works
as long as the board is not standing upright.
"""

from math import atan2, degrees, sqrt


def _cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def heading(field, acc, offset=(0, 0, 0), declination=0):
    """Degrees 0-359 clockwise from north of the board's top edge (declination: °, east +)."""
    m = (field[0] - offset[0], field[1] - offset[1], field[2] - offset[2])
    east = _cross(acc, m)
    north = _cross(east, acc)
    ne, nn = sqrt(sum(v * v for v in east)), sqrt(sum(v * v for v in north))
    if ne == 0 or nn == 0:
        raise ValueError("no heading: field along gravity / pas de cap")
    h = degrees(atan2(east[1] / ne, north[1] / nn)) + declination
    return int(h + 0.5) % 360


class Calibration:
    """Hard-iron calibration: the centre of the field's min/max while the board turns."""

    def __init__(self):
        self.lo = [1e9, 1e9, 1e9]
        self.hi = [-1e9, -1e9, -1e9]

    def add(self, field):
        for i in range(3):
            if field[i] < self.lo[i]:
                self.lo[i] = field[i]
            if field[i] > self.hi[i]:
                self.hi[i] = field[i]

    def spread(self):
        return min(self.hi[i] - self.lo[i] for i in range(3))

    def offset(self):
        return tuple((self.hi[i] + self.lo[i]) / 2 for i in range(3))
