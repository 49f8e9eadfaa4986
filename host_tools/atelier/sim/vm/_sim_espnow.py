# `espnow` of a simulated ESP32 (MicroPython 1.22: ports/esp32/modespnow.c and its frozen
# modules/espnow.py): the peers and the checks are here, the radio (what reaches the other
# ESP32s, the receive buffer) is the host's (sim/components/espnow.py). Errors as the board
# raises them: OSError(-code, "ESP_ERR_ESPNOW_...") with ESP-IDF 5.0's codes. The keys of the
# encrypted peers and whether a receive callback is set go to the host, which encrypts, decides
# who can decrypt, and counts the callbacks due (_simhost.radio_hook runs them).
import io

import _simhost
import _simproto as _P

MAX_DATA_LEN = 250
ADDR_LEN = 6
KEY_LEN = 16
MAX_TOTAL_PEER_NUM = 20
MAX_ENCRYPT_PEER_NUM = 6  # esp_now.h's constant; the limit esp_now_add_peer() applies is
_ENCRYPT_LIMIT = 7  # CONFIG_ESP_WIFI_ESPNOW_MAX_ENCRYPT_NUM's default (esp_wifi's Kconfig)
_BASE = 0x3064  # ESP_ERR_ESPNOW_BASE (ESP_ERR_WIFI_BASE + 100)
_CODES = ("NOT_INIT", "ARG", "NO_MEM", "FULL", "NOT_FOUND", "INTERNAL", "EXIST", "IF", "CHAN")
_BROADCAST = b"\xff" * 6
_POLLIN = 1  # MP_STREAM_POLL_RD


def _fail(name):
    raise OSError(-(_BASE + 1 + _CODES.index(name)), "ESP_ERR_ESPNOW_" + name)


def _mac(obj, n=ADDR_LEN):
    # _get_bytes_len: a buffer of exactly n bytes
    try:
        b = bytes(memoryview(obj)) if not isinstance(obj, str) else obj.encode()
    except TypeError:
        raise TypeError("object with buffer protocol required") from None
    if len(b) != n:
        raise ValueError("invalid buffer length")
    return b


_UNSET = object()


def _int(v):
    # mp_obj_get_int(): an int or a bool, else the port's TypeError
    if isinstance(v, int):
        return int(v)
    raise TypeError("can't convert %s to int" % type(v).__name__)


def _hex(b):
    return "".join("%02x" % x for x in b)


def _unhex(h):
    return bytes(int(h[i : i + 2], 16) for i in range(0, len(h), 2))


_due = [0, False]  # calls of the receive callback due, one running


def _run_callbacks(n):
    # mp_sched_schedule(recv_cb, arg) for each message, run as the scheduler does: one at a
    # time (never inside another), an error printed and the program goes on
    _due[0] += n
    if _due[1]:
        return
    _due[1] = True
    try:
        while _due[0]:
            _due[0] -= 1
            cb = ESPNowBase._cb
            if cb is not None:
                try:
                    cb(ESPNowBase._cb_arg)
                except Exception as e:  # noqa: BLE001
                    _simhost.print_exception(e)
    finally:
        _due[1] = False


# the host announces them after the pins whose interrupt fired ("~n": _sim_machine's
# _run_irqs passes it on); a program that never imports machine gets this hook instead
def _fired(tokens):
    if tokens[-1][0] == "~":
        _run_callbacks(int(tokens[-1][1:]))


_simhost.radio_hook = _run_callbacks
if _simhost.irq_hook is None:
    _simhost.irq_hook = _fired
# a callback set keeps the board busy after main.py, as under the board's REPL
_simhost.keep_alive.append(lambda: ESPNowBase._on and ESPNowBase._cb is not None)


class ESPNowBase(io.IOBase):  # a stream to the board's poll (asyncio: aioespnow)
    _self = None
    _on = False
    _ring = None
    _rxbuf = 526
    _timeout = 300000
    _peers = []  # [mac, lmk, channel, ifidx, encrypt], in the order added
    _pmk = b"pmk1234567890123"  # ESP-IDF's default primary master key
    _cb = None
    _cb_arg = None
    peers_table = {}  # mac -> [rssi, time_ms] of the last message from it

    def __new__(cls):
        if ESPNowBase._self is None:  # a singleton: every ESPNow() is the same object
            ESPNowBase._self = object.__new__(cls)
        return ESPNowBase._self

    def __init__(self):
        pass

    def _init(self):
        if not ESPNowBase._on:
            _fail("NOT_INIT")

    def active(self, *flag):
        if flag:
            if flag[0]:
                if not ESPNowBase._on:
                    # the receive buffer, from the heap as on the board (ringbuf_alloc)
                    ESPNowBase._ring = _simhost.board_bytes(ESPNowBase._rxbuf)
                    _simhost.call(_P.ESPNOW_ACTIVE, str(ESPNowBase._rxbuf))
                    ESPNowBase._on = True
            elif ESPNowBase._on:
                _simhost.call(_P.ESPNOW_ACTIVE, "-1")
                ESPNowBase._ring = None
                ESPNowBase._on = False
                del ESPNowBase._peers[:]  # esp_now_deinit() removes every peer
        return ESPNowBase._on

    def _tell_keys(self):
        # the host's copy of the keys: the PMK, each encrypted peer's LMK
        enc = ["%s=%s" % (_hex(p[0]), _hex(p[1])) for p in ESPNowBase._peers if p[4]]
        _simhost.send(_P.ESPNOW_KEYS, " ".join([_hex(ESPNowBase._pmk)] + enc))

    def config(self, *param, rxbuf=-1, timeout_ms=_UNSET, rate=-1):
        if len(param) > 1:
            raise TypeError("function takes 2 positional arguments but %d were given"
                            % (len(param) + 1))  # fmt: skip
        rxbuf, rate = _int(rxbuf), _int(rate)  # MP_ARG_INT: mp_obj_get_int()
        if rxbuf >= 0:
            ESPNowBase._rxbuf = rxbuf  # the next active(True) allocates it
        if timeout_ms is not _UNSET:
            ESPNowBase._timeout = _int(timeout_ms)
        if rate >= 0:  # esp_wifi_config_espnow_rate(): the PHY rate of what it sends
            _simhost.send(_P.ESPNOW_RATE, str(rate))
        if not param:
            return None
        if param[0] == "rxbuf":
            return ESPNowBase._rxbuf
        if param[0] == "timeout_ms":
            return ESPNowBase._timeout
        raise ValueError("unknown config param")

    def irq(self, callback, arg=None):
        if callback is not None and not callable(callback):
            raise ValueError("invalid handler")
        ESPNowBase._cb = callback
        ESPNowBase._cb_arg = arg
        _simhost.send(_P.ESPNOW_IRQ, "0" if callback is None else "1")

    def ioctl(self, req, arg):
        # MP_STREAM_POLL as espnow_stream_ioctl answers it (its XOR included); every send's
        # response is in by the time send() returns, so writing is always ready
        if req != 3:
            return -22  # MP_EINVAL (io.IOBase's ioctl: a negative errno)
        if not ESPNowBase._on:
            return 0
        return arg ^ (0 if _simhost.call(_P.ESPNOW_ANY) == "1" else _POLLIN)

    def stats(self):
        return tuple(int(n) for n in _simhost.call(_P.ESPNOW_STATS).split())

    def any(self):
        self._init()
        return _simhost.call(_P.ESPNOW_ANY) == "1"

    def recvinto(self, data, timeout_ms=None):
        self._init()
        timeout = ESPNowBase._timeout if timeout_ms is None else _int(timeout_ms)
        if not isinstance(data, list) or len(data) < 2:
            raise ValueError("ESPNow.recvinto(): Invalid argument")
        msg = data[1]
        if isinstance(msg, bytearray) and id(msg) in _shrunk:  # all its room again
            msg.extend(bytes(MAX_DATA_LEN - len(msg)))
            _shrunk.remove(id(msg))
        if isinstance(msg, (bytes, str)):
            raise TypeError("object with buffer protocol required")
        if len(msg) != MAX_DATA_LEN:
            raise ValueError("invalid buffer length")
        r = _simhost.call(_P.ESPNOW_RECV, str(timeout))
        if not r:
            return 0
        rssi, ms, mac, h = (r + " ").split(" ", 3)
        body = _unhex(h.strip())
        n = len(body)
        if isinstance(msg, bytearray):
            msg[n:] = b""  # the bytearray's length becomes the message's
            _shrunk.append(id(msg))
        memoryview(msg)[:n] = body
        mac = _unhex(mac)
        table = ESPNowBase.peers_table
        for known in table:  # the same bytes object for a peer, every time
            if known == mac:
                mac = known
                break
        table[mac] = [int(rssi), int(ms)]
        data[0] = mac
        if len(data) >= 4:
            data[2], data[3] = int(rssi), int(ms)
        return n

    def send(self, *args):
        if not 1 <= len(args) <= 3:
            raise TypeError("function takes from 2 to 4 positional arguments")
        self._init()
        if len(args) == 1:
            peer, msg, sync = None, args[0], True
        else:
            peer = _mac(args[0]) if args[0] else None
            msg = args[1]
            sync = len(args) < 3 or args[2] is None or bool(args[2])
        body = msg.encode() if isinstance(msg, str) else _buffer(msg)
        if not 0 < len(body) <= MAX_DATA_LEN:
            _fail("ARG")
        if peer is None:  # every registered peer, not the broadcast ones
            dests = [p for p in ESPNowBase._peers if p[0][0] & 1 == 0]
            if not dests:
                _fail("NOT_FOUND")
        else:
            dests = [p for p in ESPNowBase._peers if p[0] == peer]
            if not dests:
                _fail("NOT_FOUND")
        ifidx = dests[0][3]
        to = " ".join("%s:%d" % (_hex(p[0]), p[2]) for p in dests)
        r = _simhost.call(_P.ESPNOW_SEND, "%d %d %s %s" % (ifidx, int(sync), _hex(body), to))
        if r in ("IF", "CHAN"):
            _fail(r)
        fails = int(r.split()[1])
        return not (sync and fails)

    def set_pmk(self, pmk):
        pmk = _mac(pmk, KEY_LEN)  # ValueError first (_get_bytes_len), then esp_now_set_pmk()
        self._init()
        ESPNowBase._pmk = pmk
        self._tell_keys()

    def add_peer(self, mac, lmk=None, channel=None, ifidx=None, encrypt=None):
        mac = _mac(mac)
        peer = [mac, bytes(KEY_LEN), 0, 0, False]
        self._update(peer, lmk, channel, ifidx, encrypt)
        self._init()  # esp_now_add_peer()'s checks, in its order
        self._check(peer)
        if any(p[0] == mac for p in ESPNowBase._peers):
            _fail("EXIST")
        if len(ESPNowBase._peers) >= MAX_TOTAL_PEER_NUM:
            _fail("FULL")
        if peer[4] and self.peer_count()[1] >= _ENCRYPT_LIMIT:
            _fail("FULL")
        ESPNowBase._peers.append(peer)
        if peer[4]:
            self._tell_keys()

    def _update(self, peer, lmk, channel, ifidx, encrypt):
        # _update_peer_info(): the LMK's length checked here, the rest by ESP-IDF
        if lmk is not None:
            peer[4] = bool(lmk)
            if peer[4]:
                peer[1] = _mac(lmk, KEY_LEN)
        if channel is not None:
            peer[2] = _int(channel) & 0xFF  # a uint8_t in esp_now_peer_info_t
        if ifidx is not None:
            peer[3] = _int(ifidx)
        if encrypt is not None:
            peer[4] = bool(encrypt)

    def _check(self, peer):
        if peer[2] > 14 or peer[3] not in (0, 1):
            _fail("ARG")

    def _find(self, mac):
        mac = _mac(mac)
        self._init()
        for p in ESPNowBase._peers:
            if p[0] == mac:
                return p
        _fail("NOT_FOUND")

    def del_peer(self, mac):
        peer = self._find(mac)
        ESPNowBase._peers.remove(peer)
        if peer[4]:
            self._tell_keys()

    def mod_peer(self, mac, lmk=None, channel=None, ifidx=None, encrypt=None):
        old = self._find(mac)
        peer = list(old)
        self._update(peer, lmk, channel, ifidx, encrypt)
        self._check(peer)
        if peer[4] and not old[4] and self.peer_count()[1] >= _ENCRYPT_LIMIT:
            _fail("FULL")
        old[:] = peer
        self._tell_keys()

    def get_peer(self, mac):
        return tuple(self._find(mac))

    def get_peers(self):
        self._init()
        return tuple(tuple(p) for p in ESPNowBase._peers if p[0][0] & 1 == 0)

    def peer_count(self):
        self._init()
        enc = sum(1 for p in ESPNowBase._peers if p[4])
        return (len(ESPNowBase._peers), enc)


_shrunk = []  # ids of bytearrays recvinto() cut to a message's length


def _buffer(msg):
    try:
        return bytes(memoryview(msg))
    except TypeError:
        raise TypeError("object with buffer protocol required") from None


class ESPNow(ESPNowBase):
    # what the board's frozen espnow.py adds: recv() and irecv() over recvinto(), and irq()
    # that hands the callback this object
    _data = [None, bytearray(MAX_DATA_LEN)]
    _none_tuple = (None, None)

    def irecv(self, timeout_ms=None):
        n = self.recvinto(self._data, timeout_ms)
        return self._data if n else self._none_tuple

    def recv(self, timeout_ms=None):
        n = self.recvinto(self._data, timeout_ms)
        return [bytes(x) for x in self._data] if n else self._none_tuple

    def irq(self, callback):
        super().irq(callback, self)

    def __iter__(self):
        return self

    def __next__(self):
        return self.irecv()
