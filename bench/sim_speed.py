"""Simulator speed: virtual seconds per wall second, and how long simulate() takes to start.

The workload is the issue's: a lesson that reads the compass and updates the display at 10 Hz,
run for 10 virtual minutes. Baseline: real time (1 virtual second per wall second); target
>= 100x. Run: python bench/sim_speed.py [--minutes 10] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from atelier.sim import simulate

PROGRAM = """\
from kit import compass, display, sleep_ms
while True:
    display.arrow(360 - compass.heading())
    sleep_ms(100)
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        prog = Path(tmp) / "compass10hz.py"
        prog.write_text(PROGRAM)
        starts, ratios = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            with simulate(prog) as b:
                b.run(0)  # program started and waiting on its first sleep
                starts.append(time.perf_counter() - t0)
                virtual = args.minutes * 60
                t1 = time.perf_counter()
                for step in range(int(args.minutes * 60)):
                    b.world.heading = (step * 7) % 360  # the pupil turns the board
                    b.run(1)
                wall = time.perf_counter() - t1
                ratios.append(virtual / wall)
    print(
        f"workload: compass + display at 10 Hz, {args.minutes:g} virtual minutes, "
        f"{args.repeat} runs"
    )
    print(
        f"simulate() start-up: median {statistics.median(starts) * 1000:.0f} ms "
        f"(min {min(starts) * 1000:.0f} ms)"
    )
    print(
        f"speed: median {statistics.median(ratios):.0f}x real time "
        f"(min {min(ratios):.0f}x, max {max(ratios):.0f}x); target >= 100x "
        f"-> {'OK' if statistics.median(ratios) >= 100 else 'BELOW TARGET'}"
    )


if __name__ == "__main__":
    main()
