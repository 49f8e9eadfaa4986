# `time` of a simulated CircuitPython board: see _sim_cp.py.
from _sim_cp import monotonic, monotonic_ns, sleep, time  # noqa: F401
