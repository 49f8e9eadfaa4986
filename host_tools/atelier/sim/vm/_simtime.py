# `time` / `utime` for simulated boards: every clock read and sleep goes to the host's
# virtual clock, so sleeping costs no wall time and runs are deterministic.
import _simhost
import _simproto as P

_PERIOD = 1 << 30  # ticks wrap like on a 32-bit board (MICROPY_PY_TIME_TICKS_PERIOD)
_HALF = _PERIOD // 2


_timers = []  # [due_us, period_us, periodic, callback, timer]; they fire during sleeps


def add_timer(timer, period_us, periodic, callback):
    remove_timer(timer)
    _timers.append([_now_us() + period_us, period_us, periodic, callback, timer])


def remove_timer(timer):
    for t in _timers:
        if t[4] is timer:
            _timers.remove(t)
            return


def sleep_us(us):
    if not isinstance(us, int):
        raise TypeError("can't convert float to int")
    us = max(0, us)
    if not _timers:
        _simhost.call(P.SLEEP, "%d" % us)
        return
    now = _now_us()
    end = now + us
    while True:
        t = min(_timers, key=lambda t: t[0]) if _timers else None
        if t is None or t[0] > end:
            _simhost.call(P.SLEEP, "%d" % (end - now))
            return
        if t[0] > now:
            _simhost.call(P.SLEEP, "%d" % (t[0] - now))
            now = t[0]
        if t[2]:
            t[0] += t[1]
        else:
            _timers.remove(t)
        if t[3] is not None:
            t[3](t[4])


def sleep_ms(ms):
    if not isinstance(ms, int):
        raise TypeError("can't convert float to int")  # like MicroPython: whole ms only
    sleep_us(ms * 1000)


def sleep(seconds):
    sleep_us(int(seconds * 1000000))


def _sleep_any(us):
    sleep_us(int(us))  # for the shims: microbit.sleep() takes floats


def _now_us():
    return int(_simhost.call(P.TIME_US))


def ticks_us():
    return _now_us() % _PERIOD


def ticks_ms():
    return (_now_us() // 1000) % _PERIOD


def ticks_cpu():
    return ticks_us()


def ticks_add(ticks, delta):
    return (ticks + delta) % _PERIOD


def ticks_diff(end, start):
    return ((end - start + _HALF) % _PERIOD) - _HALF
