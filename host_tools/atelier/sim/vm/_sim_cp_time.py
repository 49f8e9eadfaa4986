# `time` of a simulated CircuitPython board: see _sim_cp.py.
from _sim_cp import (  # noqa: F401
    localtime,
    mktime,
    monotonic,
    monotonic_ns,
    sleep,
    struct_time,
    time,
)
