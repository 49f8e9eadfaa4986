# `power` of a simulated micro:bit V2.
import _simhost


def off():
    raise SystemExit(0)


def deep_sleep(ms=None, wake_on=None, run_every=True):
    _simhost.call("sl %d" % ((ms or 0) * 1000))
