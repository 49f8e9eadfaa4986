# `power` of a simulated micro:bit V2 (runtime 2.1.2, codal_port/modpower.c).
import _simhost
import _simproto as _P
import _simtime


def off():
    raise SystemExit(0)


def _source(item):
    # a button or a pin, named as the host's wake-up sources are
    name = getattr(item, "_n", None)
    if isinstance(name, str):  # a button: "A" | "B"
        return name
    if isinstance(name, int):  # a pin: P0..P20, the logo
        return "logo" if name == -1 else "P%d" % name
    raise ValueError("expecting a pin or button")


def deep_sleep(ms=None, wake_on=None, run_every=True):
    """Sleep until `ms` have passed or a button/pin of `wake_on` acts; run_every callbacks still
    run while asleep unless run_every=False."""
    if wake_on is None:
        items = ()
    elif isinstance(wake_on, (tuple, list)):
        items = wake_on
    else:
        items = (wake_on,)
    sources = ",".join(_source(i) for i in items) or "-"
    if ms is not None and not isinstance(ms, int):
        raise TypeError("can't convert %s to int" % type(ms).__name__)
    if not run_every:
        _simhost.send(_P.TIMER_DUE, "-1")  # no callback wakes the board (microbit's run_every)
    now = _simtime._now_us()
    end = None if ms is None else now + ms * 1000
    while True:
        us = -1 if end is None else max(0, end - now)
        due = [t[0] for t in _simtime._timers]
        if run_every and due:
            us = max(0, min(due) - now) if us < 0 else max(0, min(us, min(due) - now))
        woken = _simhost.call(_P.DEEP_SLEEP, "%d %s" % (us, sources)) == "woken"
        now = _simtime._now_us()
        if run_every:
            _simtime.sleep_us(0)  # the callbacks that fell due while asleep
        else:
            for t in _simtime._timers:  # paused: those that fell due are skipped
                while t[2] and t[0] <= now:
                    t[0] += t[1]
        if woken or (end is not None and now >= end):
            if not run_every and _simtime._timers:
                import microbit

                microbit._next_due()  # awake: callbacks run again, in busy loops too
            return
