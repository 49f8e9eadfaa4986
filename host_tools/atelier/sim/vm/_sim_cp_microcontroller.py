# `microcontroller` of a simulated CircuitPython board: see _sim_cp.py.
from _sim_cp import Pin, cpu, reset  # noqa: F401
