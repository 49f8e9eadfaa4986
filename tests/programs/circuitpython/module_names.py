# What the modules a program imports say about themselves.
# Modelled on: https://docs.circuitpython.org/en/9.2.x/shared-bindings/ (board, digitalio,
# touchio). On the board: modules print by their own name and hold only their API.
# > <module 'board'> <module 'digitalio'> <module 'touchio'>
# > <class 'DigitalInOut'> <class 'TouchIn'>
# > False False
# > []
import sys

import board
import digitalio
import touchio

print(board, digitalio, touchio)
print(digitalio.DigitalInOut, touchio.TouchIn)
print("P" in dir(touchio), "P" in dir(board))
print(sys.argv)
