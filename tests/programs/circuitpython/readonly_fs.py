# Write a log file while the board is plugged into a computer.
# Modelled on: the Adafruit "CircuitPython Storage" guide: CIRCUITPY is read-only to code while
# the computer sees it. On the board: OSError 30 (EROFS).
#! OSError: [Errno 30] Read-only filesystem
with open("/log.txt", "a") as f:
    f.write("21.0\n")
