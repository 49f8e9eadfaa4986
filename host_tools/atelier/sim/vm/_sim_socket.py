# `socket` of a simulated ESP32 (MicroPython 1.22, ports/esp32/modsocket.c over lwIP) or Pico W
# (extmod/modlwip.c), over the VM's real sockets, so a program talks to real servers (a
# Mosquitto broker) and the computer reaches the board's servers. What the board's lwIP does,
# here too:
# - getaddrinfo() gives [(2, 1, 0, '', (ip, port))], a name not resolved is OSError(-202) on
#   the ESP32, OSError(-2) on the Pico W (modlwip's own code);
# - with no Wi-Fi link (network.WLAN not connected) connect() is EHOSTUNREACH, and an open
#   connection fails at its next use with ECONNABORTED once the link drops;
# - errors carry the board's numbers (_sim_errno: newlib's on the ESP32, "[Errno 116]
#   ETIMEDOUT"; MicroPython's own on the Pico W, "[Errno 110] ETIMEDOUT"); a refused
#   connection is ECONNRESET (lwIP's answer to the peer's RST); on the Pico W a connect()
#   whose timeout passes is EINPROGRESS (modlwip), on the ESP32 ETIMEDOUT;
# - blocking calls wait in steps of at most STEP_MS of real time on the real socket, each
#   step then told to the host (NET_WAIT), which moves the board's virtual clock on by as
#   much: a board waiting on the network follows the wall clock (a broker's answer, a
#   timeout mean what they mean on the board) and is never silent long enough to be taken
#   for a stuck program;
# - while the access point is out of reach and the board has not noticed yet (the beacon
#   timeout, components/wifi.py: NET_LINK's "epoch~"), nothing gets through: what a socket
#   sends is held (up to _SND_BUF bytes, lwIP's send buffer) and a blocking call waits, in
#   virtual time only; the link's end aborts them (ECONNABORTED), the access point back in time
#   lets the held bytes go; on the Pico W the link's end ("epoch!") aborts nothing: they wait
#   for the chip to rejoin (lwIP's own give-up after its retransmissions is not simulated);
# - a server bound on the board's port N listens on a free port of the computer's loopback
#   (NET_BIND), which a test asks for: board.host_port(N).
import sys

import _sim_errno as _errno
import _simhost
import _simproto as _P

try:
    _real = _simhost.real_import("socket")
except ImportError:  # a VM built without sockets (not the unix port's): one clear line
    _simhost.call(_P.NOT_SIMULATED, "socket (the MicroPython VM on this computer has none)")


def _real_module(name):
    # the VM's own module, even when the board's shim already holds its name
    held = sys.modules.pop(name, None)
    try:
        return _simhost.real_import(name)
    finally:
        if held is not None:
            sys.modules[name] = held


_rtime = _real_module("time")
_rselect = _real_module("select")

AF_INET = 2
AF_INET6 = 10
SOCK_STREAM = 1
SOCK_DGRAM = 2
SOCK_RAW = 3
IPPROTO_IP = 0
IPPROTO_TCP = 6
IPPROTO_UDP = 17
SOL_SOCKET = 0xFFF
SO_REUSEADDR = 0x0004
SO_BROADCAST = 0x0020
SO_BINDTODEVICE = 0x100B
IP_ADD_MEMBERSHIP = 3

_E = _errno  # the board's numbers, by name
_ESP32 = _simhost.platform == "esp32"
_EISCONN = 127 if _ESP32 else 106  # (the VM's errno module has no EISCONN)
_NO_NAME = -202 if _ESP32 else -2  # getaddrinfo() of a name not found
# the computer's (Linux) errno -> the board's
_ERRNO = {104: _E.ECONNRESET, 111: _E.ECONNRESET, 110: _E.ETIMEDOUT, 113: _E.EHOSTUNREACH,
          115: _E.EINPROGRESS, 107: _E.ENOTCONN, 32: _E.ENOTCONN, 98: _E.EADDRINUSE,
          103: _E.ECONNABORTED, 114: _E.EALREADY, 106: _EISCONN, 11: 11, 9: 9, 22: 22}  # fmt: skip
STEP_MS = 20
_SND_BUF = 5744  # lwIP's TCP send buffer (ESP-IDF's CONFIG_LWIP_TCP_SND_BUF_DEFAULT)
_cut = False  # nothing gets through now (the access point out of reach, not yet noticed)
_route = True  # a new connection can start (False: the Pico W's link down, address kept)


def OSError(n):  # noqa: N802 - raised as the board raises it: "[Errno 116] ETIMEDOUT"
    return _errno._error(n)


_Base = _errno._Base


def _board_error(e):
    n = e.args[0] if e.args and isinstance(e.args[0], int) else 22
    return OSError(_ERRNO.get(n, n))


def _net(reply):
    # NET_LINK's and NET_WAIT's answer: the link's epoch (-1: none), "~" while cut off, "!"
    # while cut off with no route (a Pico W whose link is down: its connections wait)
    global _cut, _route
    _cut = reply[-1] in "~!"
    _route = reply[-1] != "!"
    return int(reply.rstrip("~!"))


def _link():
    return _net(_simhost.call(_P.NET_LINK))


def _idle(us):
    # nothing gets through: only the board's clock moves (no real time to follow)
    return _net(_simhost.call(_P.NET_WAIT, str(us)))


def _step(real, mask, ms=STEP_MS):
    """Wait up to `ms` real milliseconds for `real` (events), then charge the board's clock."""
    p = _rselect.poll()
    p.register(real, mask)
    t0 = _rtime.ticks_us()
    got = p.poll(ms)
    waited = _rtime.ticks_diff(_rtime.ticks_us(), t0)
    link = _net(_simhost.call(_P.NET_WAIT, str(waited)))
    return (got[0][1] if got else 0), link, waited


def _inet(addr):
    """(ip, port) as the board takes it -> the VM's sockaddr."""
    try:
        host, port = addr
    except (TypeError, ValueError):
        raise TypeError("requested length 2 but object has length %d" % len(addr)) from None
    ip = _resolve(host)
    return ip, int(port), _real.getaddrinfo(ip, int(port))[0][-1]


def _ip_port(sockaddr):
    got = _real.sockaddr(sockaddr)  # (family, ip as 4 bytes, port) on the VM
    ip = got[1]
    if not isinstance(ip, str):
        ip = _real.inet_ntop(_real.AF_INET, ip)
    return (ip, got[2])


def _numeric(host):
    parts = host.split(".")
    return len(parts) == 4 and all(p.isdigit() and int(p) < 256 for p in parts)


def _resolve(host):
    if not isinstance(host, str):
        raise TypeError("can't convert %s to str" % type(host).__name__)
    if host == "":
        return "0.0.0.0"
    if _numeric(host):
        return host
    got = _simhost.call(_P.NET_RESOLVE, host)
    if got.startswith("-"):
        raise OSError(_NO_NAME)
    return got


def getaddrinfo(host, port, af=0, type=0, proto=0, flags=0):  # noqa: A002 - the board's names
    return [(AF_INET, SOCK_STREAM, 0, "", (_resolve(host), int(port)))]


class socket:
    def __init__(self, af=AF_INET, type=SOCK_STREAM, proto=0, *, _accepted=None):  # noqa: A002
        self._af, self._type = af, type
        self._real = _accepted or _real.socket(2, 1 if type == SOCK_STREAM else 2)
        self._real.setblocking(False)
        self._timeout = None  # None: blocking, 0: non-blocking, else seconds
        # new | connected | listening | closed | peer closed
        self._state = "connected" if _accepted or type != SOCK_STREAM else "new"
        self._epoch = None  # the link's epoch when connected: it ends with the link
        self._port = None  # the board's port a server listens on
        self._error = None
        self._held = b""  # sent while nothing got through: it goes once something does

    def __repr__(self):
        return "<socket>"

    # -- state -------------------------------------------------------------------------------
    def _check(self):
        """Fail as lwIP does once the Wi-Fi link this connection used is gone."""
        if self._error is not None:
            raise OSError(self._error)
        if self._real is None:
            raise OSError(9)
        if self._epoch is not None and _link() != self._epoch:
            self._drop(_E.ECONNABORTED)

    def _drop(self, errno):
        # the board's connection is aborted: the peer sees it closed
        self._error = errno
        try:
            self._real.close()
        except _Base:
            pass
        raise OSError(errno)

    def _wait(self, mask):
        """Wait until the real socket has `mask` events, as long as the timeout allows."""
        if self._timeout == 0:
            raise OSError(_E.EAGAIN)
        waited = 0
        limit = None if self._timeout is None else int(self._timeout * 1000000)
        while True:
            left = STEP_MS if limit is None else min(STEP_MS, (limit - waited) // 1000)
            if _cut:
                us = max(left, 1) * 1000
                ev, link = 0, _idle(us)
            else:
                self._release()
                ev, link, us = _step(self._real, mask, max(left, 0))
            if self._epoch is not None and link != self._epoch:
                self._drop(_E.ECONNABORTED)
            if ev and not _cut:
                return ev
            waited += us
            if limit is not None and waited >= limit:
                raise OSError(_E.ETIMEDOUT)

    def _again(self, fn, mask):
        while True:
            if not _cut:
                self._release()
                try:
                    return fn()
                except _Base as e:
                    if e.args[0] != 11:
                        raise _board_error(e) from None
            self._wait(mask)

    def _release(self):
        # the bytes held while nothing got through go now (lwIP sends its queue again)
        while self._held:
            try:
                self._held = self._held[self._real.send(self._held) :]
            except _Base as e:
                if e.args[0] != 11:
                    raise _board_error(e) from None
                _step(self._real, _rselect.POLLOUT)

    # -- the board's API ---------------------------------------------------------------------
    def settimeout(self, value):
        self._timeout = None if value is None else float(value)

    def setblocking(self, flag):
        self._timeout = None if flag else 0

    def setsockopt(self, level, option, value):
        # (the VM's compiler folds a program's socket.SOL_SOCKET to its own 1, SO_REUSEADDR 2)
        if (level, option) in ((SOL_SOCKET, SO_REUSEADDR), (1, 2)):
            self._real.setsockopt(_real.SOL_SOCKET, _real.SO_REUSEADDR, value)

    def fileno(self):
        return self._real.fileno() if self._real is not None else -1

    def makefile(self, mode="rb", buffering=0):
        return self

    def bind(self, addr):
        ip, port, _sa = _inet(addr)
        self._port = port
        host_port = int(_simhost.call(_P.NET_BIND, str(port)))
        self._real.setsockopt(_real.SOL_SOCKET, _real.SO_REUSEADDR, 1)
        try:
            self._real.bind(_real.getaddrinfo("127.0.0.1", host_port)[0][-1])
        except _Base as e:
            raise _board_error(e) from None
        self._state = "connected"

    def listen(self, backlog=5):
        try:
            self._real.listen(max(0, backlog))
        except _Base as e:
            raise _board_error(e) from None
        self._state = "listening"

    def accept(self):
        self._check()
        while True:
            got = self._again(lambda: self._real.accept(), _rselect.POLLIN)
            link = _link()
            if link >= 0:
                break
            got[0].close()  # without Wi-Fi nobody reaches the board: the computer is refused
        s = socket(_accepted=got[0])
        s._epoch = link
        return s, _ip_port(got[1])

    def connect(self, addr):
        if self._real is None:
            raise OSError(9)
        ip, port, sa = _inet(addr)
        link = _link()
        if link < 0 or not _route:
            raise OSError(_E.EHOSTUNREACH)  # no route: lwIP has no interface up
        self._epoch = link
        self._state = "connected"
        waited = 0
        while _cut and self._timeout != 0:  # the SYN goes nowhere: wait for the AP or the end
            if _idle(STEP_MS * 1000) != link:
                self._drop(_E.ECONNABORTED)
            waited += STEP_MS * 1000
            if self._timeout is not None and waited >= self._timeout * 1000000:
                raise OSError(_E.ETIMEDOUT if _ESP32 else _E.EINPROGRESS)
        try:
            self._real.connect(sa)
            return
        except _Base as e:
            if e.args[0] != 115:  # EINPROGRESS
                raise _board_error(e) from None
        if self._timeout == 0:
            raise OSError(_E.EINPROGRESS)
        try:
            ev = self._wait(_rselect.POLLOUT)
        except _Base as e:
            if e.args[0] == _E.ETIMEDOUT and not _ESP32:
                raise OSError(_E.EINPROGRESS) from None  # modlwip: still connecting
            raise
        if ev & (_rselect.POLLERR | _rselect.POLLHUP):
            self._error = _E.ECONNRESET  # refused: the peer's RST
            raise OSError(_E.ECONNRESET)

    def _recv(self, n):
        if self._state == "new":
            raise OSError(_E.ENOTCONN)
        if self._state == "peer closed":
            return b""
        self._check()
        data = self._again(lambda: self._real.recv(n), _rselect.POLLIN)
        if not data and n:
            self._state = "peer closed"
        return data

    def recv(self, n):
        return self._recv(n)

    def recvfrom(self, n):
        self._check()
        data, sa = self._again(lambda: self._real.recvfrom(n), _rselect.POLLIN)
        return data, _ip_port(sa)

    def send(self, data):
        self._check()
        data = memoryview(data)
        while _cut and self._epoch is not None:  # lwIP queues it; it goes nowhere yet
            room = _SND_BUF - len(self._held)
            if room > 0:
                self._held += bytes(data[:room])
                return min(len(data), room)
            self._wait(_rselect.POLLOUT)
        return self._again(lambda: self._real.send(data), _rselect.POLLOUT)

    def sendall(self, data):
        data = memoryview(data)
        sent = 0
        while sent < len(data):
            sent += self.send(data[sent:])

    def sendto(self, data, addr):
        self._check()
        ip, port, sa = _inet(addr)
        if _link() < 0 or not _route:
            raise OSError(_E.EHOSTUNREACH)
        if _cut:
            return len(data)  # a datagram into the void
        return self._again(lambda: self._real.sendto(data, sa), _rselect.POLLOUT)

    # stream methods: the ESP32's socket is a stream (read, readinto, readline, write)
    def write(self, data, n=None):
        data = memoryview(data)
        if n is not None:
            data = data[:n]
        if self._timeout == 0:
            try:
                return self.send(data)
            except _Base as e:
                if e.args[0] == 11:
                    return None
                raise
        self.sendall(data)
        return len(data)

    def read(self, n=-1):
        if n is None or n < 0:
            out = b""
            while True:
                got = self._read_some(4096)
                if not got:
                    return out if got is not None or out else None
                out += got
        out = b""
        while len(out) < n:
            got = self._read_some(n - len(out))
            if got is None:
                return out if out else None
            if not got:
                break
            out += got
        return out

    def _read_some(self, n):
        try:
            return self._recv(n)
        except _Base as e:
            if e.args[0] == 11:
                return None
            raise

    def readinto(self, buf, n=None):
        n = len(buf) if n is None else n
        got = self.read(n)
        if got is None:
            return None
        buf[: len(got)] = got
        return len(got)

    def readline(self):
        out = b""
        while True:
            c = self._read_some(1)
            if c is None:
                return out if out else None
            if not c:
                return out
            out += c
            if c == b"\n":
                return out

    def close(self):
        if self._real is not None:
            self._real.close()
            self._real = None
        if self._port is not None:
            _simhost.send(_P.NET_UNBIND, str(self._port))
            self._port = None
        self._state = "closed"
