# `time` of a simulated CircuitPython board: see _sim_cp.py.
from _sim_cp import sleep, monotonic, monotonic_ns, time  # noqa: F401
