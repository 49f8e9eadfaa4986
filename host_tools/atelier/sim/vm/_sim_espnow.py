# `espnow` of a simulated ESP32 (MicroPython 1.22: ports/esp32/modespnow.c and its frozen
# modules/espnow.py): the peers and the checks are here, the radio (what reaches the other
# ESP32s, the receive buffer) is the host's (sim/components/espnow.py). Errors as the board
# raises them: OSError(-code, "ESP_ERR_ESPNOW_...") with ESP-IDF 5.0's codes.
import _simhost
import _simproto as _P
from _sim_notsim import refuse

MAX_DATA_LEN = 250
ADDR_LEN = 6
KEY_LEN = 16
MAX_TOTAL_PEER_NUM = 20
MAX_ENCRYPT_PEER_NUM = 6
_BASE = 0x3064  # ESP_ERR_ESPNOW_BASE (ESP_ERR_WIFI_BASE + 100)
_CODES = ("NOT_INIT", "ARG", "NO_MEM", "FULL", "NOT_FOUND", "INTERNAL", "EXIST", "IF")
_BROADCAST = b"\xff" * 6


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


def _hex(b):
    return "".join("%02x" % x for x in b)


def _unhex(h):
    return bytes(int(h[i : i + 2], 16) for i in range(0, len(h), 2))


class ESPNowBase:
    _self = None
    _on = False
    _ring = None
    _rxbuf = 526
    _timeout = 300000
    _peers = []  # [mac, lmk, channel, ifidx, encrypt], in the order added
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

    def config(self, *param, rxbuf=-1, timeout_ms=None, rate=-1):
        if len(param) > 1:
            raise TypeError("function takes 2 positional arguments but %d were given"
                            % (len(param) + 1))  # fmt: skip
        if rxbuf >= 0:
            ESPNowBase._rxbuf = rxbuf  # the next active(True) allocates it
        if timeout_ms is not None:
            ESPNowBase._timeout = timeout_ms
        if not param:
            return None
        if param[0] == "rxbuf":
            return ESPNowBase._rxbuf
        if param[0] == "timeout_ms":
            return ESPNowBase._timeout
        raise ValueError("unknown config param")

    def irq(self, *args):
        refuse("espnow.ESPNow.irq (a callback on each message)")

    def stats(self):
        return tuple(int(n) for n in _simhost.call(_P.ESPNOW_STATS).split())

    def any(self):
        self._init()
        return _simhost.call(_P.ESPNOW_ANY) == "1"

    def recvinto(self, data, timeout_ms=None):
        self._init()
        timeout = ESPNowBase._timeout if timeout_ms is None else int(timeout_ms)
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
        r = _simhost.call(_P.ESPNOW_SEND, "%d %d %s %s" % (
            ifidx, 1 if sync else 0, _hex(body), " ".join(_hex(p[0]) for p in dests)))  # fmt: skip
        if r == "IF":
            _fail("IF")
        fails = int(r.split()[1])
        return not (sync and fails)

    def set_pmk(self, pmk):
        _mac(pmk, KEY_LEN)

    def add_peer(self, mac, lmk=None, channel=None, ifidx=None, encrypt=None):
        mac = _mac(mac)
        self._init()
        peer = [mac, bytes(KEY_LEN), 0, 0, False]
        self._update(peer, lmk, channel, ifidx, encrypt)
        if any(p[0] == mac for p in ESPNowBase._peers):
            _fail("EXIST")
        if len(ESPNowBase._peers) >= MAX_TOTAL_PEER_NUM:
            _fail("FULL")
        ESPNowBase._peers.append(peer)

    def _update(self, peer, lmk, channel, ifidx, encrypt):
        if lmk is not None:
            peer[4] = bool(lmk)
            if peer[4]:
                peer[1] = _mac(lmk, KEY_LEN)
        if channel is not None:
            if not 0 <= channel <= 14:
                _fail("ARG")
            peer[2] = channel
        if ifidx is not None:
            if ifidx not in (0, 1):
                _fail("ARG")
            peer[3] = ifidx
        if encrypt is not None:
            peer[4] = bool(encrypt)

    def _find(self, mac):
        mac = _mac(mac)
        self._init()
        for p in ESPNowBase._peers:
            if p[0] == mac:
                return p
        _fail("NOT_FOUND")

    def del_peer(self, mac):
        ESPNowBase._peers.remove(self._find(mac))

    def mod_peer(self, mac, lmk=None, channel=None, ifidx=None, encrypt=None):
        self._update(self._find(mac), lmk, channel, ifidx, encrypt)

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
    # what the board's frozen espnow.py adds: recv() and irecv() over recvinto()
    _data = [None, bytearray(MAX_DATA_LEN)]
    _none_tuple = (None, None)

    def irecv(self, timeout_ms=None):
        n = self.recvinto(self._data, timeout_ms)
        return self._data if n else self._none_tuple

    def recv(self, timeout_ms=None):
        n = self.recvinto(self._data, timeout_ms)
        return [bytes(x) for x in self._data] if n else self._none_tuple

    def __iter__(self):
        return self

    def __next__(self):
        return self.irecv()
