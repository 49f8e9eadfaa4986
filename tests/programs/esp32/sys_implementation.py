# Which MicroPython the board runs.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/sys.html (implementation)
# On the board (py/modsys.c of v1.22.2; _mpy: .mpy v6.2 for xtensawin).
# > (name='micropython', version=(1, 22, 2, ''), _machine='Generic ESP32 module with ESP32', _mpy=10758)
# > 3.4.0; MicroPython v1.22.2 on 2024-02-22
import sys

print(sys.implementation)
print(sys.version)
