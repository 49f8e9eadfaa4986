# `microcontroller` of a simulated CircuitPython board: see _sim_cp.py.
import _sim_cp_mcpin as pin  # noqa: F401
from _sim_cp import Pin, cpu, delay_us, reset  # noqa: F401
