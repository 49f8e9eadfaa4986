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
    """Degrees 0-359 clockwise from north of the board's top edge (declination: °, east +).

    `acc` is the kit's acceleration (it points down at rest, micro:bit style).
    """
    m = (field[0] - offset[0], field[1] - offset[1], field[2] - offset[2])
    east = _cross(acc, m)
    north = _cross(east, acc)
    ne, nn = sqrt(sum(v * v for v in east)), sqrt(sum(v * v for v in north))
    if ne == 0 or nn == 0:
        raise ValueError("pas de cap / no heading: field along gravity")
    h = degrees(atan2(east[1] / ne, north[1] / nn)) + declination
    return int(h + 0.5) % 360


class Calibration:
    """Hard-iron calibration: the centre of the sphere the field draws while the board turns.

    A least-squares sphere fit (|m - c|^2 = r^2 is linear in c and r^2 - |c|^2), kept as
    running sums so no sample is stored: exact even when the board never points an axis
    straight along the field, unlike the middle of min and max.
    """

    def __init__(self):
        self.lo = [1e9, 1e9, 1e9]
        self.hi = [-1e9, -1e9, -1e9]
        self.ata = [[0.0] * 4 for _ in range(4)]
        self.atb = [0.0] * 4
        self.n = 0

    def add(self, field):
        x, y, z = field
        for i in range(3):
            if field[i] < self.lo[i]:
                self.lo[i] = field[i]
            if field[i] > self.hi[i]:
                self.hi[i] = field[i]
        row = (x, y, z, 1.0)
        b = x * x + y * y + z * z
        for i in range(4):
            self.atb[i] += row[i] * b
            for j in range(4):
                self.ata[i][j] += row[i] * row[j]
        self.n += 1

    def spread(self):
        """The smallest swing of the three axes: how well the board has been turned."""
        return min(self.hi[i] - self.lo[i] for i in range(3))

    def offset(self):
        if self.n < 8:
            return tuple((self.hi[i] + self.lo[i]) / 2 for i in range(3))
        a = [self.ata[i][:] + [self.atb[i]] for i in range(4)]
        for c in range(4):  # Gauss-Jordan with partial pivoting on the 4x5 system
            p = max(range(c, 4), key=lambda r: abs(a[r][c]))
            a[c], a[p] = a[p], a[c]
            if abs(a[c][c]) < 1e-12:
                return tuple((self.hi[i] + self.lo[i]) / 2 for i in range(3))
            for r in range(4):
                if r != c:
                    f = a[r][c] / a[c][c]
                    for k in range(c, 5):
                        a[r][k] -= f * a[c][k]
        return tuple(a[i][4] / a[i][i] / 2 for i in range(3))
