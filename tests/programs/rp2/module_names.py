# What the modules a program imports say about themselves.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/machine.html and sys.html
# (argv). On the board: built-in modules print by their own name, hold only their API, and
# main.py runs with no arguments.
# > <module 'machine'> <module 'time'> <module 'rp2'>
# > <class 'Pin'> <class 'Timer'>
# > False False
# > []
import sys
import time

import machine
import rp2

print(machine, time, rp2)
print(machine.Pin, machine.Timer)
print("P" in dir(machine), "P" in dir(rp2))
print(sys.argv)
