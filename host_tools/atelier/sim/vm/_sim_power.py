# `power` of a simulated micro:bit V2.
import _simhost
import _simproto as P


def off():
    raise SystemExit(0)


def deep_sleep(ms=None, wake_on=None, run_every=True):
    _simhost.call(P.SLEEP, "%d" % ((ms or 0) * 1000))
