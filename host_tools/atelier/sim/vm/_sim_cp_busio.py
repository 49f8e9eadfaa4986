# `busio` of a simulated CircuitPython board: see _sim_cp.py.
from _sim_cp import I2C, SPI, UART  # noqa: F401
