# `log` of a simulated micro:bit V2: data-logging rows are kept on the host.
import _simhost
import _simproto as _P

SECONDS = 1
MILLISECONDS = 10
MINUTES = 600
HOURS = 36000
DAYS = 864000
_labels = []


def set_labels(*labels, timestamp=SECONDS):
    _labels[:] = list(labels)


def add(data=None, **kw):
    row = dict(data or {})
    row.update(kw)
    _simhost.send(_P.LOG_ROW, _simhost.dumps(row))


def delete(full=False):
    pass


def set_mirroring(serial):
    pass
