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

_display = None


def _wiring():
    import kit

    wiring = getattr(kit, "_wiring", None)  # the kit's shared check, where it exists
    if wiring is not None:
        return wiring("digits")
    w = getattr(kitconfig, "DIGITS", None)
    if w is None:
        raise OSError(
            "no 4-digit display in this kit's wiring: add digits = { clk = ..., dio = ... } to "
            "kit.toml / pas d'afficheur 4 chiffres dans le câblage : ajoute digits dans kit.toml"
        )
    return w


def _pin(p):
    # the runtime's own pin object for a pin of boards.toml
    if kitconfig.BACKEND == "microbit":
        import microbit

        return getattr(microbit, "pin%d" % p)
    if kitconfig.BACKEND == "circuitpython":
        import board
        import digitalio

        return digitalio.DigitalInOut(getattr(board, p))
    from machine import Pin

    return Pin(p)


def _tm():
    global _display
    if _display is None:
        from tm1637 import TM1637

        w = _wiring()
        _display = TM1637(_pin(w["clk"]), _pin(w["dio"]))
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
