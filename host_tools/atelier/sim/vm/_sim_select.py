# `select` of a simulated MicroPython board (MicroPython code, runs in the VM): a poll that
# waits with nothing registered (asyncio's sleeps) waits in virtual time; streams are the VM's.
import _simhost
import _simtime

_real = _simhost.real_import("select")
POLLIN = _real.POLLIN
POLLOUT = _real.POLLOUT
POLLERR = _real.POLLERR
POLLHUP = _real.POLLHUP


class poll:
    def __init__(self):
        self._p = _real.poll()
        self._n = 0

    def register(self, obj, mask=POLLIN | POLLOUT):
        self._p.register(obj, mask)
        self._n += 1

    def unregister(self, obj):
        self._p.unregister(obj)
        self._n -= 1

    def modify(self, obj, mask):
        self._p.modify(obj, mask)

    def ipoll(self, timeout=-1, flags=0):
        return self.poll(timeout)

    def poll(self, timeout=-1):
        # ready streams at once, else wait in virtual time (steps of 10 ms while streams are
        # registered, to look at them again)
        waited = 0
        while True:
            got = self._p.poll(0) if self._n else []
            if got or (0 <= timeout <= waited):
                return got
            step = 10 if self._n or timeout < 0 else timeout - waited
            if timeout >= 0:
                step = min(step, timeout - waited)
            _simtime.sleep_us(step * 1000)
            waited += step
