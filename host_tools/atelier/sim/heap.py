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
