"""An ultrasonic ranger (Grove, one signal pin; HC-SR04, trigger + echo), at the level of its
pins: a high pulse of ≥ 10 µs on the trigger starts a measure; about 0.5 ms later the echo pin
goes high for as long as the sound takes there and back (58.3 µs per cm at 343 m/s). With
nothing in range (`world.distance_cm` None, or farther than the module reaches) the echo stays
high 38 ms, as the HC-SR04's datasheet says, longer than the kit waits."""

from __future__ import annotations

from atelier.sim.components.pin_io import pin_io

US_PER_CM = 2 / 0.0343  # there and back at 343 m/s
ECHO_DELAY_US = 500  # the 8-cycle 40 kHz burst and the module's own start
NO_ECHO_US = 38_000
REACH_CM = {"grove": (3.0, 350.0), "hcsr04": (2.0, 400.0)}  # the modules' datasheet ranges


class Ranger:
    def __init__(self, hardware, wiring: dict):
        self.io = io = pin_io(hardware)
        self.world = hardware.board.world
        self.kind = wiring["kind"]
        self.trig = io.pin_id(wiring.get("trig", wiring.get("pin")))
        self.echo = io.pin_id(wiring.get("echo", wiring.get("pin")))
        self.echo_us: tuple[int, int] | None = None  # when the echo pin is high
        self.pings = 0
        self._high_since: int | None = None
        io.on_write(self._written)
        io.signal(self.echo, self)
        io.drive(self.echo, lambda: self.level_at(io.now_us()))

    def _written(self, pin: str, level: int) -> None:
        if pin != self.trig:
            return
        now = self.io.now_us()
        if level:
            self._high_since = now
        elif self._high_since is not None:
            self._high_since = None
            self._ping(now)

    def _ping(self, t: int) -> None:
        self.pings += 1
        nearest, farthest = REACH_CM[self.kind]
        d = self.world.distance_cm
        width = NO_ECHO_US if d is None or d > farthest else max(d, nearest) * US_PER_CM
        start = t + ECHO_DELAY_US
        self.echo_us = (start, start + int(round(width)))

    def level_at(self, t: int) -> int:
        return int(self.echo_us is not None and self.echo_us[0] <= t < self.echo_us[1])

    def edge_after(self, t: int) -> int | None:
        if self.echo_us is None:
            return None
        return next((e for e in self.echo_us if e > t), None)
