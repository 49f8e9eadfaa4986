"""relay: switch something on and off with a relay module, or an LED (relais).

Example:
    from kit import relay
    relay.on()
    sleep_ms(1000)
    relay.off()
"""

from kitconfig import BACKEND

from kit import _wiring

_pin = _wiring("relay")["pin"]
_on = False

if BACKEND == "microbit":
    import microbit

    _write = getattr(microbit, "pin%d" % _pin).write_digital
elif BACKEND == "circuitpython":
    import board
    import digitalio

    _d = digitalio.DigitalInOut(getattr(board, _pin))
    _d.switch_to_output(False)

    def _write(v):
        _d.value = bool(v)

else:
    from machine import Pin

    _write = Pin(_pin, Pin.OUT, value=0).value


def _set(v):
    global _on
    _on = v
    _write(1 if v else 0)


_set(False)  # off until the program says otherwise


def on():
    """Switch on (the relay clicks, the LED lights).

    Example: relay.on()
    """
    _set(True)


def off():
    """Switch off.

    Example: relay.off()
    """
    _set(False)


def is_on():
    """True while switched on.

    Example: if relay.is_on(): print("ON")
    """
    return _on
