# What the modules a program imports say about themselves.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/machine.html and esp32.html
# On the board: built-in modules print by their own name and hold only their API.
# > <module 'machine'> <module 'esp32'> <module 'network'>
# > <class 'PWM'>
# > False False False
# > []
import sys

import esp32
import machine
import network

print(machine, esp32, network)
print(machine.PWM)
print("P" in dir(machine), "P" in dir(esp32), "P" in dir(network))
print(sys.argv)
