# A watchdog that is never fed resets the board, which runs main.py again.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/machine.WDT.html
# On the board: 1 s after WDT(timeout=1000) the board resets; then reset_cause() is WDT_RESET (3).
# run: 1.6
# > boot 1
# > boot 3
import machine

print("boot", machine.reset_cause())
if machine.reset_cause() != machine.WDT_RESET:
    machine.WDT(timeout=1000)
    while True:
        machine.idle()
