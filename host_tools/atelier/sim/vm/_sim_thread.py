# `_thread` of a simulated Pico / ESP32 (MicroPython code, runs in the VM): the VM's own
# threads, run on the virtual clock (_simtime's scheduler: time passes when every thread
# waits). A thread's uncaught error is printed as the board prints it, and the threads keep
# the board running after main.py returns, as under the board's REPL.
import _simhost
import _simtime

_real = _simhost.real_import("_thread")
_RP2 = _simhost.platform == "rp2"
_live = [0]
_MAIN = _real.get_ident()
_size = [0]
_simhost.keep_alive.append(lambda: _live[0] > 0)


class LockType:
    def __init__(self):
        self._lock = _real.allocate_lock()

    def acquire(self, waitflag=1, timeout=-1):
        # a blocked thread waits in virtual time, so the thread holding the lock can run on
        waited = 0
        while not self._lock.acquire(0):
            if not waitflag or 0 <= timeout * 1000000 <= waited:
                return False
            _simtime.sleep_us(1000)
            waited += 1000
        return True

    def release(self):
        self._lock.release()

    def locked(self):
        return self._lock.locked()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()


def allocate_lock():
    return LockType()


def _run(fn, args, kwargs):
    try:
        fn(*args, **kwargs)
    except SystemExit:
        pass
    except BaseException as e:  # noqa: B036 - what the board prints for any error
        print("Unhandled exception in thread started by", repr(fn))
        _simhost.print_exception(e)
    finally:
        _live[0] -= 1
        thread_done()


def start_new_thread(fn, args, kwargs=None):
    if _RP2 and _live[0]:  # the second core runs one thread at a time (mpthreadport.c)
        raise OSError("core1 in use")
    start_threads(_real.allocate_lock)
    _live[0] += 1
    thread_started()
    ident = _real.start_new_thread(_run, (fn, args, kwargs or {}))
    return 1 if _RP2 else ident  # rp2: the thread runs on core 1


def get_ident():
    if _RP2:  # the core's number
        return 0 if _real.get_ident() == _MAIN else 1
    return _real.get_ident()


def stack_size(size=None):
    old = _size[0]
    if size is not None:
        _size[0] = size
    return old


def exit():
    raise SystemExit


# -- the scheduler: virtual time passes only when every thread waits ---------------------------
# Once the program starts a thread, a sleep registers the thread's wake-up time and waits; the
# last thread to wait drives the clock: it sleeps the host to the earliest wake-up (or timer),
# wakes that thread, and waits itself. A thread that computes without ever waiting keeps the
# others asleep (on the board they would run beside it).
_sched = [None]  # the scheduler's lock, once a thread started
_sleepers = []  # [wake_us, lock] of each waiting thread
_running = [1]  # threads not waiting (main.py's at first)
_new_lock = [None]


def start_threads(allocate_lock):
    if _sched[0] is None:
        _new_lock[0] = allocate_lock
        _sched[0] = allocate_lock()
        _simtime._sched[0] = _thread_sleep
        _simhost.after_call = _after_call


_calls = [0, False]  # requests since the last look at the clock; looking now


def _after_call():
    # a thread that keeps using the hardware moves the clock on: every 32 requests, wake the
    # sleeping threads whose time has come (on the board they would run beside it)
    _calls[0] += 1
    if _calls[0] < 32 or _calls[1] or not _sleepers:
        return
    _calls[0], _calls[1] = 0, True
    try:
        now = _simtime._now_us()
        with _sched[0]:
            for s in [s for s in _sleepers if s[0] <= now]:
                _sleepers.remove(s)
                _running[0] += 1
                s[1].release()
    finally:
        _calls[1] = False


def thread_started():
    with _sched[0]:
        _running[0] += 1


def thread_done():
    with _sched[0]:
        _running[0] -= 1
        drive = _running[0] == 0
    if drive:
        _drive()


def _thread_sleep(us):
    me = _new_lock[0]()
    me.acquire()
    due = _simtime._now_us() + us
    with _sched[0]:
        _sleepers.append([due, me])
        _running[0] -= 1
        drive = _running[0] == 0
    if drive:
        _drive()
    me.acquire()  # until the driver wakes this thread


def _drive():
    while True:
        with _sched[0]:
            if not _sleepers and not _simtime._timers:
                return
            due = min([s[0] for s in _sleepers] + [t[0] for t in _simtime._timers])
        now = _simtime._now_us()
        if due > now:
            _simtime.host_sleep(due - now)
        for t in sorted(_simtime._timers, key=lambda t: t[0]):
            if t[0] <= due and t in _simtime._timers:
                _simtime._fire(t)
        with _sched[0]:
            ready = [s for s in _sleepers if s[0] <= due]
            if ready:
                s = min(ready, key=lambda s: s[0])
                _sleepers.remove(s)
                _running[0] += 1
                s[1].release()
                return
