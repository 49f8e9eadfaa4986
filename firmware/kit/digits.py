"""digits: the 4-digit display (TM1637, Grove 4-digit display): numbers and short words.

Example:
    from kit import digits, sleep_ms
    for n in range(100):
        digits.show(n)
        sleep_ms(1000)

Where its CLK and DIO are wired comes from `kitconfig.DIGITS` (boards.toml, or the school's
kit.toml).
"""

import kitconfig

from kit import _wiring

_display = None


def _tm():
    # the driver gets the runtime's own line operations: drive CLK, drive DIO, let DIO go and
    # read it (the module's pull-ups hold a released line high)
    global _display
    if _display is None:
        from tm1637 import TM1637

        w = _wiring("digits")
        if kitconfig.BACKEND == "microbit":
            import microbit

            c = getattr(microbit, "pin%d" % w["clk"])
            d = getattr(microbit, "pin%d" % w["dio"])
            _display = TM1637(c.write_digital, d.write_digital, d.read_digital)
        elif kitconfig.BACKEND == "circuitpython":
            import board
            import digitalio

            c = digitalio.DigitalInOut(getattr(board, w["clk"]))
            d = digitalio.DigitalInOut(getattr(board, w["dio"]))
            c.switch_to_output()

            def clk(v):
                c.value = v

            _display = TM1637(
                clk,
                lambda v: d.switch_to_output(value=bool(v)),
                lambda: d.switch_to_input(pull=digitalio.Pull.UP) or d.value,
            )
        else:
            from machine import Pin

            c, d = Pin(w["clk"], Pin.OUT), Pin(w["dio"])
            _display = TM1637(
                c.value,
                lambda v: d.init(Pin.OUT, value=v),
                lambda: d.init(Pin.IN, Pin.PULL_UP) or d.value(),
            )
    return _display


def show(value):
    """Show a number (-999 to 9999) or up to 4 letters; "12:34" lights the colon.

    Example: digits.show(42) or digits.show("HI")
    """
    _tm().show(value)


def clear():
    """Turn every digit off.

    Example: digits.clear()
    """
    _tm().clear()
