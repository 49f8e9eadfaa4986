# `digitalio` of a simulated CircuitPython board: see _sim_cp.py.
from _sim_cp import DigitalInOut, Direction, DriveMode, Pull  # noqa: F401
