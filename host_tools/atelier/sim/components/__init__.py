"""Simulated devices, one file per kind, each owning its state; a board's simulated hardware
is assembled from them (sim/microbit.py, machine_hw.py, cp_hw.py)."""
