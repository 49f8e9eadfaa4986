"""The micro:bit V1's room: for every lesson that runs on the V1 and each of its tutorial steps,
the free heap after the program's imports (the kit's) and at the program's peak, next to a bare
`from microbit import *` program's, all measured in this run on the simulated V1.

"after import": gc.mem_free() after the step's top-level imports and a gc.collect().
"at peak": the most bytes that can be taken before the step starts and leave it running its
first seconds (sim/heap.py room_at_peak): where it has the least room, usually while the V1
compiles the flat kit. A pupil's added lines need room there. The simulated V1's heap is the
real one's within a few %, deterministic (tests/test_sim_heap.py); tests/test_v1_room.py fails
below its margin.
Run: python bench/v1_headroom.py [LESSON ...]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.lessons import all_lessons
from atelier.sim.heap import free_after_imports, free_of, room_at_peak, step_bundles

V1 = "microbit-v1"


def baseline(board) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "main.py"
        p.write_text(
            "from microbit import *\nimport gc\ngc.collect()\nprint('free', gc.mem_free())\n"
        )
        return free_of(build_bundle(p, board), V1)


def main(only: list[str]) -> None:
    board = load_boards().get(V1)
    base = baseline(board)
    print(f"{V1}: a bare `from microbit import *` program has {base} B free")
    print(f"{'lesson':<24} {'step':<6} {'after import':>12} {'at peak':>8}")
    worst = None
    for lesson in all_lessons():
        if V1 not in lesson.info.boards or (only and lesson.id not in only):
            continue
        for name, bundle in step_bundles(lesson, board):
            after = free_after_imports(bundle, V1)
            peak = room_at_peak(bundle, V1)
            shown = f"{peak:>8}" if isinstance(peak, int) else f"  fails: {peak}"
            print(f"{lesson.id:<24} {name:<6} {after:>12} {shown}", flush=True)
            if isinstance(peak, int) and (worst is None or peak < worst[0]):
                worst = (peak, f"{lesson.id} {name}")
    if worst:
        print(f"least room at peak: {worst[0]} B ({worst[1]})")


if __name__ == "__main__":
    main(sys.argv[1:])
