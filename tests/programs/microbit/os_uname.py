# What the micro:bit says it is.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/os.html (uname)
# On the board (the v2.1.2 release .hex):
# > micro:bit with nRF52833
# > 2.1.2
import os

print(os.uname().machine)
print(os.uname().release)
