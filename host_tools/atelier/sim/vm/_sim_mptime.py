# `time` of a simulated Pico / ESP32 (MicroPython code, runs in the VM): the virtual clock of
# _simtime, plus the calendar the port has (MicroPython 1.22). rp2 counts from 1970 and its
# RTC starts at 2021-01-01 00:00:00 (ports/rp2/main.c); the ESP32 counts from 2000 and its
# clock starts there at power-on. No time zone: localtime() is gmtime().
import _simhost
import _simtime
from _simtime import (  # noqa: F401 - what `time` offers
    sleep,
    sleep_ms,
    sleep_us,
    ticks_add,
    ticks_diff,
)


# the ticks count from this start of the board (a reset, the watchdog, a deep sleep restart them)
def ticks_us():
    return (_simtime._now_us() - _simhost.boot_us) % _simtime._PERIOD


def ticks_ms():
    return (_simtime._now_us() - _simhost.boot_us) // 1000 % _simtime._PERIOD


ticks_cpu = ticks_us

_ESP32 = _simhost.platform == "esp32"
_EPOCH = 2000 if _ESP32 else 1970
# the clock at the board's start, µs since _EPOCH: rp2's RTC is set to 2021-01-01 at every
# boot (ports/rp2/main.c); the ESP32's RTC counts on from power-on through resets
_boot_us = [0 if _ESP32 else 1609459200 * 1000000 - _simhost.boot_us]
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def _days_since_epoch(y, m, d):
    # whole years, then months, then days (m may run past 12: the next years, as mktime does)
    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    n = 0
    for year in range(_EPOCH, y) if y >= _EPOCH else ():
        n += 366 if _leap(year) else 365
    for year in range(y, _EPOCH):
        n -= 366 if _leap(year) else 365
    for i in range(m - 1):
        n += 29 if i == 1 and _leap(y) else _DAYS[i]
    return n + d - 1


def _now_us():
    return _boot_us[0] + _simtime._now_us()


def set_clock(secs, us=0):
    """Set the clock (machine.RTC().datetime(...)): `secs` since the epoch now."""
    _boot_us[0] = secs * 1000000 + us - _simtime._now_us()


def time():
    return _now_us() // 1000000


def time_ns():
    return _now_us() * 1000


def gmtime(secs=None):
    if secs is None:
        secs = time()
    secs = int(secs)
    days, rest = divmod(secs, 86400)
    weekday = (days + (5 if _ESP32 else 3)) % 7  # 2000-01-01 a Saturday, 1970-01-01 a Thursday
    y = _EPOCH
    while True:
        n = 366 if _leap(y) else 365
        if days < n:
            break
        days -= n
        y += 1
    yday = days + 1
    m = 0
    while True:
        n = 29 if m == 1 and _leap(y) else _DAYS[m]
        if days < n:
            break
        days -= n
        m += 1
    return (y, m + 1, days + 1, rest // 3600, rest // 60 % 60, rest % 60, weekday, yday)


localtime = gmtime


def mktime(t):
    if len(t) not in (8, 9):
        raise TypeError("mktime needs a tuple of length 8 or 9")  # extmod/modtime.c, 1.22
    y, m, d, hh, mm, ss = (int(v) for v in t[:6])
    return _days_since_epoch(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss
