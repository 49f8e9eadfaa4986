# `machine` of a simulated micro:bit: the few functions the real one has.
import _simhost
import _simproto as _P


def unique_id():
    h = _simhost.call(_P.UNIQUE_ID)
    return bytes(int(h[i : i + 2], 16) for i in range(0, len(h), 2))


def reset():
    _simhost.flush()
    _simhost.call(_P.RESET)  # the host restarts the board
    raise SystemExit(0)


def freq():
    return 64000000


def disable_irq():
    return 0


def enable_irq(state=0):
    pass


def time_pulse_us(pin, level, timeout_us=1000000):
    # the host times the pulse on the pin in virtual time (extmod/machine_pulse.c: -2 when the
    # pin never reaches `level`, -1 when the pulse outlasts the timeout)
    return int(_simhost.call(_P.PULSE_TIME, "%d %d %d" % (pin._n, level, timeout_us)))


def lightsleep(ms=0):
    _simhost.call(_P.SLEEP, "%d" % (ms * 1000))
