# Catch a bus error and print its traceback, as a logging program does.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/sys.html (print_exception)
# On the board: the error comes from C code, so the traceback names main.py's lines only.
# > Traceback (most recent call last):
# >   File "main.py", line 14, in <module>
# > OSError: [Errno 5] EIO
# > went on
import sys

from machine import I2C

i2c = I2C(0)
try:
    i2c.readfrom(0x50, 2)
except OSError as e:
    sys.print_exception(e)
print("went on")
