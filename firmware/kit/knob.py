"""knob: where the knob (potentiometer) is turned, in % (potentiomètre).

Example:
    from kit import knob
    print(knob.value())
"""

from kit import _wiring, hw

_read = hw.analog(_wiring("knob")["pin"])


def value():
    """The knob's position in %: 0 turned fully left, 100 fully right.

    Example: print(knob.value())
    """
    return round(100 * _read())
