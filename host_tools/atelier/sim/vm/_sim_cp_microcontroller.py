# `microcontroller` of a simulated CircuitPython board: see _sim_cp.py.
from _sim_cp import cpu, reset, Pin  # noqa: F401
