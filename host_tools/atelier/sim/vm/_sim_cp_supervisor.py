# `supervisor` of a simulated CircuitPython board: see _sim_cp.py.
from _sim_cp import (  # noqa: F401
    RunReason,
    get_previous_traceback,
    reload,
    runtime,
    set_next_code_file,
    ticks_ms,
)
