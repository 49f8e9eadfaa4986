# `time` / `utime` for simulated boards: every clock read and sleep goes to the host's
# virtual clock, so sleeping costs no wall time and runs are deterministic.
import _simhost
import _simproto as _P

_PERIOD = 1 << 30  # ticks wrap like on a 32-bit board (MICROPY_PY_TIME_TICKS_PERIOD)
_HALF = _PERIOD // 2


_timers = []  # [due_us, period_us, periodic, callback, timer, protected]; fire during sleeps
IDLE_US = 20000  # after main.py, how often the idle board looks for pin interrupts


def add_timer(timer, period_us, periodic, callback, protected=True):
    # protected: the callback's error is printed and the program goes on (the scheduler of
    # MicroPython 1.22 ports); else it stops the program (the micro:bit's run_every)
    remove_timer(timer)
    _timers.append([_now_us() + period_us, period_us, periodic, callback, timer, protected])


def remove_timer(timer):
    for t in _timers:
        if t[4] is timer:
            _timers.remove(t)
            return


def has_timer(timer):
    return any(t[4] is timer for t in _timers)


def _fire(t):
    if t[2]:
        t[0] += t[1]
    else:
        _timers.remove(t)
    if t[3] is not None and not t[5]:
        t[3](t[4])
    elif t[3] is not None:
        try:  # as the board's scheduler: the callback's error is printed, the program goes on
            t[3](t[4])
        except Exception as e:  # noqa: BLE001
            _simhost.print_exception(e)


def run_due():
    """Fire the timers that are due now."""
    if _timers:
        now = _now_us()
        for t in sorted(_timers, key=lambda t: t[0]):
            if t[0] <= now and t in _timers:
                _fire(t)


def busy():
    """Whether something still runs once main.py has returned: timers, pin interrupts, threads
    (on the board they go on under the REPL)."""
    return bool(_timers) or any(f() for f in _simhost.keep_alive)


_sched = [None]  # once a thread started: the sleep that waits in turn with the others


def threads_run():
    return _sched[0] is not None


def idle_wait_us(repl=False):
    """How long the idle board (main.py over) may wait before it has work: the next timer, or
    IDLE_US while pin interrupts or threads may come; None: nothing will ever come. At a
    served board's prompt the host itself ends the wait for a pin interrupt."""
    waits = [max(0, t[0] - _now_us()) for t in _timers]
    if threads_run() if repl else any(f() for f in _simhost.keep_alive):
        waits.append(IDLE_US)
    return min(waits) if waits else None


main_ended = []  # f() run as main.py returns (the micro:bit stops its run_every timers then)


def linger():
    """After main.py: keep the timers, pin interrupts and threads going (the board's REPL)."""
    for f in main_ended:
        f()
    while busy():
        sleep_us(idle_wait_us() or 0)


def host_sleep(us):
    # the host's clock moves on us; a sleep it ends early (to run a scheduled callback, which
    # came with its answer) says how long is left, and goes on
    left = _simhost.call(_P.SLEEP, "%d" % us)
    while left:
        left = _simhost.call(_P.SLEEP, left)


def sleep_us(us):
    if not isinstance(us, int):
        raise TypeError("can't convert float to int")
    us = max(0, us)
    if _sched[0] is not None:  # threads run: _sim_thread's scheduler
        _sched[0](us)
        return
    if not _timers:
        host_sleep(us)
        return
    now = _now_us()
    end = now + us
    while True:
        t = min(_timers, key=lambda t: t[0]) if _timers else None
        if t is None or t[0] > end:
            host_sleep(end - now)
            return
        if t[0] > now:
            host_sleep(t[0] - now)
            now = t[0]
        _fire(t)


def sleep_ms(ms):
    if not isinstance(ms, int):
        raise TypeError("can't convert float to int")  # like MicroPython: whole ms only
    sleep_us(ms * 1000)


def sleep(seconds):
    sleep_us(int(seconds * 1000000))


def _sleep_any(us):
    sleep_us(int(us))  # for the shims: microbit.sleep() takes floats


def _now_us():
    return int(_simhost.call(_P.TIME_US))


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
