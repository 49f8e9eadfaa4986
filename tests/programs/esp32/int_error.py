# int() of a word typed by the user.
# Modelled on: https://docs.micropython.org/en/v1.22.0/genrst/builtin_types.html and
# py/parsenum.c. On the board: the esp32 port sets MICROPY_ERROR_REPORTING_NORMAL
# (ports/esp32/mpconfigport.h): the message does not repeat the text.
#! ValueError: invalid syntax for integer with base 10
print(int("douze"))
