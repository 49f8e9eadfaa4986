# `rtc` of a simulated CircuitPython board: see _sim_cp.py.
from _sim_cp import RTC, set_time_source  # noqa: F401
