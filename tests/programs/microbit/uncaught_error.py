# An error in a function: the traceback names the lines of main.py.
# Modelled on: https://microbit-micropython.readthedocs.io/en/v2-docs/tutorials/ (errors) -
# int() of a word. On the board: ValueError; the V2 build (MicroPython 1.18, core features)
# reports errors at MICROPY_ERROR_REPORTING_NORMAL: the message does not repeat the text.
#! ValueError: invalid syntax for integer with base 10
def read_number(text):
    return int(text)


print(read_number("douze"))
