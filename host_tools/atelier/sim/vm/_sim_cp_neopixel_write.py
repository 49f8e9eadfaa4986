# `neopixel_write` of a simulated CircuitPython board: see _sim_cp.py.
from _sim_cp import neopixel_write  # noqa: F401
