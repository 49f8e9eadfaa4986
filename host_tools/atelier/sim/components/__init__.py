"""Simulated devices, one file per kind, each owning its state and answering its own requests
of the VM (`@handles`, see sim/hardware.py); a board's simulated hardware is assembled from
them (sim/microbit.py, machine_hw.py, cp_hw.py: `parts()`)."""
