# `network` of a simulated Pico W (MicroPython 1.22, extmod/modnetwork.c and
# extmod/network_cyw43.c): the constants, network.country() and network.hostname() (module
# settings, "XX" and "PicoW" at start), and the CYW43's station (WLAN: the host's
# components/cyw43.py keeps its state over virtual time). Its access point says in one line
# it is not simulated.
import _simhost
import _simproto as _P

STA_IF = 0
AP_IF = 1
STAT_IDLE = 0
STAT_CONNECTING = 1
STAT_GOT_IP = 3
STAT_CONNECT_FAIL = -1
STAT_NO_AP_FOUND = -2
STAT_WRONG_PASSWORD = -3

_country = "XX"
_hostname = "PicoW"  # MICROPY_PY_NETWORK_HOSTNAME_DEFAULT of RPI_PICO_W


def _ask(method, interface, *args):
    return _simhost._json.loads(
        _simhost.call(_P.WLAN, _simhost._json.dumps([method, interface] + list(args)))
    )


def _text(value):
    # what mp_get_buffer_raise takes: str, bytes, bytearray
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode()
    raise TypeError("object with buffer protocol required")


class WLAN:
    PM_NONE = 0xA11140
    PM_PERFORMANCE = 0xA11142
    PM_POWERSAVE = 0xA11C82

    def __new__(cls, interface=STA_IF):
        # network_cyw43_make_new: interface 0 is the station, any other number the AP
        itf = STA_IF if interface == STA_IF else AP_IF
        one = _IFACES.get(itf)
        if one is None:
            one = _IFACES[itf] = object.__new__(cls)
            one._if = itf
        return one

    def __init__(self, interface=STA_IF):
        pass

    def active(self, *value):
        if len(value) > 1:
            raise TypeError("function takes at most 2 positional arguments")
        return _ask("active", self._if, bool(value[0]) if value else None)

    def deinit(self):
        _ask("deinit", self._if)

    def connect(self, ssid, key=None, *, auth=-1, security=-1, bssid=None, channel=0):
        ssid = _text(ssid)
        key = None if key is None else _text(key)
        if bssid is not None and len(bssid) != 6:
            raise ValueError
        if self._if != STA_IF:
            _simhost.call(_P.NOT_SIMULATED, "network.WLAN(network.AP_IF) (Wi-Fi access point)")
        _ask("connect", self._if, ssid, key)

    def disconnect(self):
        _ask("disconnect", self._if)

    def status(self, *param):
        if len(param) > 1:
            raise TypeError("function takes at most 2 positional arguments")
        return _ask("status", self._if, *param)

    def isconnected(self):
        return _ask("isconnected", self._if)

    def scan(self, *, passive=False, ssid=None, essid=None, bssid=None):
        out = []
        for name, mac, channel, rssi, security, seen in _ask("scan", self._if):
            out.append((name.encode(), bytes.fromhex(mac), channel, rssi, security, seen))
        return out

    def ifconfig(self, *value):
        if len(value) > 1:
            raise TypeError("function takes at most 2 positional arguments")
        got = _ask("ifconfig", self._if, *[list(v) for v in value])
        return None if got is None else tuple(got)

    def config(self, *args, **kw):
        if kw:
            if args:
                raise TypeError("can't specify pos and kw args")
            if "hostname" in kw:
                hostname(kw["hostname"])
            _ask("config", self._if, None, kw)
            return None
        if len(args) != 1:
            raise TypeError("must query one param")
        if args[0] == "hostname":  # deprecated here: network.hostname()
            return hostname()
        got = _ask("config", self._if, args[0])
        return bytes.fromhex(got) if args[0] == "mac" else got

    def ioctl(self, *args):
        _simhost.call(_P.NOT_SIMULATED, "WLAN.ioctl (the CYW43's own commands)")

    def send_ethernet(self, *args):
        _simhost.call(_P.NOT_SIMULATED, "WLAN.send_ethernet (raw Ethernet frames)")

    def __repr__(self):
        if self._if != STA_IF:
            return "<CYW43 AP down 0.0.0.0>"
        return _ask("repr", self._if)


_IFACES = {}


def country(code=None):
    global _country
    if code is None:
        return _country
    if not isinstance(code, str) or len(code) != 2:
        raise ValueError
    _country = code


def hostname(name=None):
    global _hostname
    if name is None:
        return _hostname
    if not isinstance(name, str):
        raise TypeError("can't convert '%s' object to str implicitly" % type(name).__name__)
    if len(name) > 32:  # MICROPY_PY_NETWORK_HOSTNAME_MAX_LEN
        raise ValueError
    _hostname = name


def route():
    return []
