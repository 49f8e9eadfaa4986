# `time` / `utime` for simulated boards: every clock read and sleep goes to the host's
# virtual clock, so sleeping costs no wall time and runs are deterministic.
import _simhost

_PERIOD = 1 << 30  # ticks wrap like on a 32-bit board (MICROPY_PY_TIME_TICKS_PERIOD)
_HALF = _PERIOD // 2


def sleep_us(us):
    if us > 0:
        _simhost.call("sl %d" % us)
    else:
        _simhost.call("sl 0")


def sleep_ms(ms):
    sleep_us(int(ms * 1000))


def sleep(seconds):
    sleep_us(int(seconds * 1000000))


def _now_us():
    return int(_simhost.call("tm"))


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
