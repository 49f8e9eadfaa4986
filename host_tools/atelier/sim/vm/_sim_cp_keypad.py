# `keypad` of a simulated CircuitPython board: see _sim_cp.py.
from _sim_cp import Event, Keys  # noqa: F401
