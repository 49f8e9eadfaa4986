"""The micro:bit's compass: the world's magnetic field in the board's frame, the heading the
firmware computes from it, and the calibration (`COMPASS_*`)."""

from __future__ import annotations

import math

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

US = 1_000_000
CALIBRATION_US = 2 * US  # the tilt game takes a few seconds on the board


class Compass:
    def __init__(self, world, read_cost_us: int = 500):
        self._world = world
        self.read_cost_us = read_cost_us
        self.calibrated = True  # as if the pupil calibrated it already
        self.cal_offset = (0.0, 0.0, 0.0)

    def calibrate(self) -> None:
        # the tilt game samples the whole sphere: it finds the board's own hard iron
        self.calibrated = True
        self.cal_offset = tuple(self._world.hard_iron)

    def heading(self) -> int:
        """Tilt-compensated heading from the field, as the firmware computes it: right when
        the field is Earth's, wrong near a magnet or with uncalibrated hard iron."""
        w = self._world
        if (
            w.magnetic_field is None
            and not w.magnet_near
            and tuple(w.hard_iron) == tuple(self.cal_offset)
        ):
            return w.compass_heading()  # exact to the degree, as in the world
        m = [a - b for a, b in zip(w.field_nt(), self.cal_offset, strict=True)]
        d = w.acceleration_mg()
        east = (d[1] * m[2] - d[2] * m[1], d[2] * m[0] - d[0] * m[2], d[0] * m[1] - d[1] * m[0])
        north = (east[1] * d[2] - east[2] * d[1], east[2] * d[0] - east[0] * d[2],
                 east[0] * d[1] - east[1] * d[0])  # fmt: skip
        ne = math.sqrt(sum(v * v for v in east)) or 1.0
        nn = math.sqrt(sum(v * v for v in north)) or 1.0
        return int(round(math.degrees(math.atan2(east[1] / ne, north[1] / nn)))) % 360

    @handles(P.COMPASS_HEADING)
    def compass_heading(self, args):
        # heading() on an uncalibrated micro:bit starts the calibration game first
        cost = self.read_cost_us + (0 if self.calibrated else CALIBRATION_US)
        if not self.calibrated:
            self.calibrate()
        return Delay(cost, self.heading)

    @handles(P.COMPASS_VALUES)
    def compass_values(self, args):
        def answer():
            return " ".join(str(int(round(v))) for v in self._world.field_nt())

        return Delay(self.read_cost_us, answer)

    @handles(P.COMPASS_STRENGTH)
    def compass_strength(self, args):
        return Delay(self.read_cost_us, lambda: int(round(self._world.field_strength_nt())))

    @handles(P.COMPASS_CALIBRATE)
    def compass_calibrate(self, args):
        self.calibrate()
        return Delay(CALIBRATION_US)

    @handles(P.COMPASS_IS_CALIBRATED)
    def compass_is_calibrated(self, args):
        return int(self.calibrated)

    @handles(P.COMPASS_CLEAR_CALIBRATION)
    def compass_clear_calibration(self, args):
        self.calibrated = False
