"""What the kit costs on a micro:bit V2: flash (bytes of files) and heap (in the VM).

Targets from the issue: <= 8 KB of kit files on the micro:bit, <= 8 KB of heap for
`import kit` + compass, buzzer and display. Prints each figure as a ratio of its budget.
Run: python bench/kit_cost.py
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from atelier.boards import load_boards
from atelier.bundle import KIT_PARTS, build_bundle
from atelier.lessons import all_lessons
from atelier.sim import simulate

BUDGET = 8 * 1024
HEAP_PROGRAM = """\
import gc
import microbit, music, utime  # ROM on the board: not the kit's cost
gc.collect()
before = gc.mem_free()
import kit
from kit import compass, buzzer, display
gc.collect()
print("heap", before - gc.mem_free())
"""


def main() -> None:
    board = load_boards().get("microbit-v2")
    with tempfile.TemporaryDirectory() as tmp:
        everything = Path(tmp) / "all.py"
        everything.write_text("from kit import " + ", ".join(KIT_PARTS) + "\n")
        full = build_bundle(everything, board)
        print(
            f"kit, every part, on {board.id}: {full.kit_size()} B of files "
            f"= {full.kit_size() / BUDGET:.2f} x the 8 KB budget"
        )
        for lesson in all_lessons():
            if board.id in lesson.info.boards:
                b = build_bundle(lesson, board)
                print(
                    f"  {lesson.id}: kit {b.kit_size()} B, lesson {b.size - b.kit_size()} B, "
                    f"total {b.size} B of {board.filesystem.size} B"
                )
        prog = Path(tmp) / "heap.py"
        prog.write_text(HEAP_PROGRAM)
        with simulate(prog, board=board.id) as sim:
            sim.run(1)
        used = int(re.search(r"heap (\d+)", sim.output).group(1))
        print(
            f"heap of import kit + compass, buzzer, display: {used} B in the 64-bit VM "
            f"= {used / BUDGET:.2f} x the 8 KB budget (a 32-bit board needs less)"
        )


if __name__ == "__main__":
    main()
