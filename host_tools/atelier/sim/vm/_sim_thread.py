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
        _simtime.thread_done()


def start_new_thread(fn, args, kwargs=None):
    if _RP2 and _live[0]:  # the second core runs one thread at a time (mpthreadport.c)
        raise OSError("core1 in use")
    _simtime.start_threads(_real.allocate_lock)
    _live[0] += 1
    _simtime.thread_started()
    return _real.start_new_thread(_run, (fn, args, kwargs or {}))


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
