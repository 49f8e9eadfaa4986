"""servo: turn a 180° hobby servo (SG90 and the like) to an angle (servomoteur).

Example:
    from kit import servo
    servo.angle(90)   # the middle
"""

from kitconfig import BACKEND

from kit import _wiring

_pin = _wiring("servo")["pin"]
_PERIOD_US = 20000  # 50 Hz, what hobby servos expect
_MIN_US, _MAX_US = 500, 2500  # pulse at 0° and at 180° (SG90)

if BACKEND == "microbit":
    import microbit

    _p = getattr(microbit, "pin%d" % _pin)
    _p.set_analog_period(_PERIOD_US // 1000)

    def _pulse(us):
        _p.write_analog(round(us * 1023 / _PERIOD_US))

elif BACKEND == "circuitpython":
    import board
    import pwmio

    _p = pwmio.PWMOut(getattr(board, _pin), frequency=1000000 // _PERIOD_US, duty_cycle=0)

    def _pulse(us):
        _p.duty_cycle = round(us * 65535 / _PERIOD_US)

else:
    from machine import PWM, Pin

    _p = PWM(Pin(_pin))  # then freq and duty: the constructor's keywords vary by port and version
    _p.freq(1000000 // _PERIOD_US)
    _p.duty_u16(0)

    def _pulse(us):
        _p.duty_u16(round(us * 65535 / _PERIOD_US))


def angle(degrees):
    """Turn the servo to `degrees`, 0 to 180 (90 is the middle).

    Example: servo.angle(45)
    """
    if not 0 <= degrees <= 180:
        raise ValueError("angle de 0 à 180 / servo angle must be 0-180, got %r" % (degrees,))
    _pulse(_MIN_US + (_MAX_US - _MIN_US) * degrees / 180)
