# int() of a word typed by the user.
# Modelled on: https://docs.micropython.org/en/v1.22.0/genrst/builtin_types.html and
# py/parsenum.c. On the board: the rp2 port's extra-features level reports errors in detail
# (MICROPY_ERROR_REPORTING_DETAILED): the message repeats the text.
#! ValueError: invalid syntax for integer with base 10: 'douze'
print(int("douze"))
