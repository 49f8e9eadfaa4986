"""How much heap importing a module costs on a simulated board, measured in the VM.

The heap delta around the import, in the board's bytes: the simulated gc.mem_free() counts
the VM's bytes divided by sim/board.py heap_scale() (its objects are 64-bit, the board's 32-bit).
Corrected for MicroPython's qstr pools: they grow in doubling chunks, so whichever import
happens to fill the pool would be charged a whole new chunk. We charge the module its own
names (string bytes plus a pool entry each) instead.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

_PROGRAM = """\
import gc, micropython
{preload}
gc.collect()
micropython.qstr_info()
before = gc.mem_free()
{imports}
gc.collect()
print("heap", before - gc.mem_free())
micropython.qstr_info()
"""
_QSTR_ENTRY = 4 + 2 + 1  # pointer, hash and length of one interned name (32-bit board)


def measure_import(
    imports: str,
    board: str = "microbit-v2",
    preload: str = "import microbit, music, utime",
    room: int = 1,
) -> int:
    """Bytes of heap that `imports` costs (modules in `preload` are ROM on the board); with
    `room` > 1, on a board with that many times its heap (what does not fit costs too)."""
    from atelier.boards import load_boards
    from atelier.sim import board as sim_board
    from atelier.sim import simulate

    with tempfile.TemporaryDirectory() as tmp:
        prog = Path(tmp) / "heap.py"
        prog.write_text(_PROGRAM.format(preload=preload, imports=imports))
        sim_board.measuring_room = room
        try:
            with simulate(prog, board=board) as b:
                b.run(2)
                out = b.output
        finally:
            sim_board.measuring_room = 1
    delta = int(re.search(r"heap (-?\d+)", out).group(1))
    pools = [tuple(int(v) for v in m) for m in re.findall(
        r"n_qstr=(\d+), n_str_data_bytes=(\d+), n_total_bytes=(\d+)", out)]  # fmt: skip
    (q0, s0, t0), (q1, s1, t1) = pools
    scale = sim_board.heap_scale(load_boards().get(board))
    return delta - int((t1 - t0) / scale) + (s1 - s0) + (q1 - q0) * _QSTR_ENTRY


# -- a program's room on a small board (the micro:bit V1) ---------------------------------------
# What a program has left at its worst moment (the kit's import, where the V1 compiles the flat
# kit; or later, a buffer it builds) is found the way one finds it on the board: hold N bytes
# at the top of the program and see whether it still runs. (Its own compile, at start with all
# the heap free, is not squeezed: it is rarely the peak.) The simulated heap is deterministic
# (tests/test_sim_heap.py): the same N gives the same answer.
_HOLD = "_r = bytearray({n})\n"


def _error_line(bundle, board: str, seconds: float) -> str:
    """The program's error line on a simulated `board` ("" if it runs `seconds` without one)."""
    from atelier.sim import LessonError, simulate

    with simulate(bundle, board=board) as b:
        try:
            b.run(seconds)
        except LessonError as e:
            return e.exc_line
    return ""


def holding(bundle, n: int):
    """`bundle` whose main file first holds `n` of the board's bytes (as gc.mem_free() counts
    them), then runs as it was."""
    from dataclasses import replace

    from atelier.sim.board import heap_scale

    main = bundle.board.main_file
    vm_bytes = round(n * heap_scale(bundle.board))  # a raw buffer: one VM byte per byte
    held = _HOLD.format(n=vm_bytes).encode() + bundle.files[main]
    return replace(bundle, files={**bundle.files, main: held})


def room_at_peak(bundle, board: str, seconds: float = 2.0, resolution: int = 16) -> int | str:
    """The most bytes (the board's, to `resolution`) `bundle`'s program can find taken at start
    and still run `seconds`: its free heap at its peak. The program's error line if it does
    not run with none taken."""
    err = _error_line(holding(bundle, 0), board, seconds)
    if err:
        return err
    free = bundle.board.heap_free or bundle.board.heap
    lo, hi = 0, free  # lo runs, hi does not
    while hi - lo > resolution:
        mid = (lo + hi) // 2
        if _error_line(holding(bundle, mid), board, seconds):
            hi = mid
        else:
            lo = mid
    return lo


def runs_with_room(bundle, board: str, room: int, seconds: float = 2.0) -> str:
    """ "" if `bundle`'s program runs `seconds` with `room` bytes of the board taken at start,
    else its error line (a MemoryError: it has less than `room` free at its peak)."""
    return _error_line(holding(bundle, room), board, seconds)


def free_after_imports(bundle, board: str) -> int:
    """gc.mem_free() after the main file's top-level imports (the kit's) and a collect."""
    import ast
    from dataclasses import replace

    main = bundle.board.main_file
    src = bundle.files[main].decode("utf-8")
    lines = [ast.get_source_segment(src, s) for s in ast.parse(src).body
             if isinstance(s, (ast.Import, ast.ImportFrom))]  # fmt: skip
    probe = "\n".join(["import gc", *lines, "gc.collect()", "print('free', gc.mem_free())", ""])
    return free_of(replace(bundle, files={**bundle.files, main: probe.encode()}), board)


def free_of(bundle, board: str) -> int:
    """The last `free N` line `bundle`'s program prints on a simulated `board`."""
    from atelier.sim import simulate

    with simulate(bundle, board=board) as b:
        b.run(1)
        out = b.output
    return int(re.findall(r"^free (-?\d+)", out, re.M)[-1])


def step_bundles(lesson, board):
    """(step file name, bundle) for each of `lesson`'s tutorial steps on `board` (a Board), the
    step as the lesson's main file, as `atelier check --lesson-author` builds it."""
    from atelier.authoring import _StepCopy, steps_of
    from atelier.bundle import build_bundle
    from atelier.lessons import load_lesson

    for step in steps_of(lesson):
        copy = _StepCopy(lesson, step)
        try:
            yield step.name, build_bundle(load_lesson(copy.path), board)
        finally:
            copy.close()
