"""distance: how far away the thing in front of the ultrasonic ranger is (capteur de distance).

Example:
    from kit import distance
    d = distance.cm()
    if d is not None and d < 20:
        print("trop près / too close")
"""

from kitconfig import BACKEND

from kit import _wiring

_w = _wiring("distance")
_TIMEOUT_US = 25000  # 4.3 m there and back: an echo later than this is nothing in range
_US_PER_CM = 58.3  # sound goes there and back at 343 m/s: 2 / 0.0343 µs per cm

if BACKEND == "circuitpython":
    from kit import hw as _hw

    def _echo_us(trig, echo):
        return _hw.echo_us(trig, echo, _TIMEOUT_US)

else:
    from machine import time_pulse_us
    from utime import sleep_us

    if BACKEND == "microbit":
        import microbit

        def _echo_us(trig, echo):
            t = getattr(microbit, "pin%d" % trig)
            e = getattr(microbit, "pin%d" % echo)
            t.write_digital(0)
            sleep_us(2)
            t.write_digital(1)
            sleep_us(10)
            t.write_digital(0)
            e.read_digital()  # the pin listens now (the Grove ranger answers on the same pin)
            return time_pulse_us(e, 1, _TIMEOUT_US)

    else:
        from machine import Pin

        def _echo_us(trig, echo):
            t = Pin(trig, Pin.OUT, value=0)
            sleep_us(2)
            t.value(1)
            sleep_us(10)
            t.value(0)
            e = Pin(echo, Pin.IN)  # the same pin for a Grove ranger: it listens now
            return time_pulse_us(e, 1, _TIMEOUT_US)


_trig = _w.get("trig", _w.get("pin"))
_echo = _w.get("echo", _w.get("pin"))


def cm():
    """Distance in cm to what is in front of the ranger; None when nothing echoes (too far).

    Example: d = distance.cm()
    """
    us = _echo_us(_trig, _echo)
    if us < 0:  # no echo before the timeout: nothing in range, or the ranger is unplugged
        return None
    return round(us / _US_PER_CM, 1)
