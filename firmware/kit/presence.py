"""presence: has the motion sensor (PIR) seen someone move? (détecteur de présence)

Example:
    from kit import presence
    if presence.detected():
        print("quelqu'un / someone")
"""

from kitconfig import BACKEND

from kit import _wiring

_pin = _wiring("presence")["pin"]

if BACKEND == "microbit":
    import microbit

    _read = getattr(microbit, "pin%d" % _pin).read_digital
elif BACKEND == "circuitpython":
    import board
    import digitalio

    _d = digitalio.DigitalInOut(getattr(board, _pin))

    def _read():
        return _d.value

else:
    from machine import Pin

    _read = Pin(_pin, Pin.IN).value


def detected():
    """True while the sensor sees movement (its output stays high a few seconds after).

    Example: if presence.detected(): relay.on()
    """
    return bool(_read())
