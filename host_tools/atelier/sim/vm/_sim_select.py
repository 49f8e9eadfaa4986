# `select` of a simulated MicroPython board (MicroPython code, runs in the VM): a poll that
# waits with nothing registered (asyncio's sleeps) waits in virtual time; streams are the VM's.
# The ESP32's sockets (_sim_socket) are polled through their real socket, and a poll watching
# one waits on the network as the socket's own calls do: real time, then as much virtual time.
import _simhost
import _simtime

_real = _simhost.real_import("select")
POLLIN = _real.POLLIN
POLLOUT = _real.POLLOUT
POLLERR = _real.POLLERR
POLLHUP = _real.POLLHUP


def _inner(obj):
    # a simulated socket: the VM's real socket inside it
    real = getattr(obj, "_real", None)
    return obj if real is None or type(obj).__name__ != "socket" else real


def _cut_off():
    import _sim_socket

    return _sim_socket._cut


class poll:
    def __init__(self):
        self._p = _real.poll()
        self._n = 0
        self._outer = []  # (real object, what the program registered)

    def register(self, obj, mask=POLLIN | POLLOUT):
        inner = _inner(obj)
        self._p.register(inner, mask)
        if inner is not obj and not any(r is inner for r, _o in self._outer):
            self._outer.append((inner, obj))
        self._n += 1

    def unregister(self, obj):
        inner = _inner(obj)
        self._p.unregister(inner)
        self._outer = [(r, o) for r, o in self._outer if r is not inner]
        self._n -= 1

    def modify(self, obj, mask):
        self._p.modify(_inner(obj), mask)

    def ipoll(self, timeout=-1, flags=0):
        return self.poll(timeout)

    def _ready(self, ms):
        got = self._p.poll(ms) if self._n else []
        out = []
        cut = self._outer and _cut_off()
        for item in got:
            obj = item[0]
            for r, o in self._outer:
                if r is obj:
                    obj = o
            if cut and obj is not item[0]:
                continue  # a board's socket while nothing gets through (_sim_socket._cut)
            out.append((obj,) + tuple(item[1:]))
        return out

    def poll(self, timeout=-1):
        # ready streams at once, else wait in virtual time (steps of 10 ms while streams are
        # registered, to look at them again; with a socket among them, 10 ms of real time each,
        # charged to the board's clock)
        waited = 0
        while True:
            got = self._ready(0)
            if got or (0 <= timeout <= waited):
                return got
            step = 10 if self._n or timeout < 0 else timeout - waited
            if timeout >= 0:
                step = min(step, timeout - waited)
            if self._outer:
                import _sim_socket

                t0 = _sim_socket._rtime.ticks_ms()
                got = self._ready(step)
                took = _sim_socket._rtime.ticks_diff(_sim_socket._rtime.ticks_ms(), t0)
                _sim_socket._net(_simhost.call(_sim_socket._P.NET_WAIT, str(max(took, 0) * 1000)))
                if got:
                    return got
                waited += max(took, 1)
                continue
            _simtime.sleep_us(step * 1000)
            waited += step
