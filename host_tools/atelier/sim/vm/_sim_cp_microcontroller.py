# `microcontroller` of a simulated CircuitPython board: see _sim_cp.py.
import _sim_cp_mcpin as pin  # noqa: F401
from _sim_cp import (  # noqa: F401
    Pin,
    Processor,
    ResetReason,
    RunMode,
    cpu,
    delay_us,
    disable_interrupts,
    enable_interrupts,
    nvm,
    on_next_reset,
    reset,
)
