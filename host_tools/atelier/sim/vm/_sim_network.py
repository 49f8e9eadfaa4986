# `network` of a simulated ESP32 (MicroPython 1.22): the constants a program reads, the Wi-Fi
# station (WLAN: the host's components/wifi.py keeps its state over virtual time), and the
# access point mode and Ethernet, which say in one line they are not simulated.
import _sim_wifi_if
import _simhost
import _simproto as _P
from _sim_notsim import refuse, refusing

STA_IF = 0
AP_IF = 1
STAT_IDLE = 1000
STAT_CONNECTING = 1001
STAT_GOT_IP = 1010
STAT_NO_AP_FOUND = 201
STAT_WRONG_PASSWORD = 202
STAT_BEACON_TIMEOUT = 200
STAT_ASSOC_FAIL = 203
STAT_HANDSHAKE_TIMEOUT = 204
AUTH_OPEN = 0
AUTH_WEP = 1
AUTH_WPA_PSK = 2
AUTH_WPA2_PSK = 3
AUTH_WPA_WPA2_PSK = 4
AUTH_WPA2_ENTERPRISE = 5
AUTH_WPA3_PSK = 6
AUTH_WPA2_WPA3_PSK = 7
AUTH_WAPI_PSK = 8
AUTH_OWE = 9
MODE_11B = 1
MODE_11G = 2
MODE_11N = 4
MODE_LR = 8


def _ask(method, interface, *args):
    return _simhost.call(_P.WLAN, _simhost._json.dumps([method, interface] + list(args)))


class WLAN:
    def __new__(cls, interface=STA_IF):
        if interface not in (STA_IF, AP_IF):
            raise ValueError("invalid WLAN interface identifier")
        one = _IFACES.get(interface)
        if one is None:
            one = _IFACES[interface] = object.__new__(cls)
            one._if = interface
        return one

    def __init__(self, interface=STA_IF):
        pass

    def _call(self, method, *args):
        return _simhost._json.loads(_ask(method, self._if, *args))

    def active(self, *value):
        if len(value) > 1:
            raise TypeError("function takes at most 2 positional arguments")
        up = self._call("active", bool(value[0]) if value else None)
        if value:  # ESP-NOW's radio is on while an interface is (components/espnow.py)
            _sim_wifi_if.set_active(self._if, up)
        return up

    def connect(self, ssid=None, key=None, *, bssid=None):
        if ssid is not None and not isinstance(ssid, str):
            raise TypeError("can't convert '%s' object to str implicitly" % type(ssid).__name__)
        if key is not None and not isinstance(key, str):
            raise TypeError("can't convert '%s' object to str implicitly" % type(key).__name__)
        got = self._call("connect", ssid, key)
        if got:  # the driver is busy trying: ESP-IDF logs it, then MicroPython raises
            print("E (%d) wifi:sta is connecting, return error" % got["busy"])
            raise OSError("Wifi Internal Error")

    def disconnect(self):
        self._call("disconnect")

    def status(self, *param):
        return self._call("status", *param)

    def isconnected(self):
        return self._call("isconnected")

    def scan(self):
        out = []
        for ssid, bssid, channel, rssi, auth, hidden in self._call("scan"):
            out.append((ssid.encode(), bytes.fromhex(bssid), channel, rssi, auth, hidden))
        return out

    def ifconfig(self, *value):
        got = self._call("ifconfig", *[list(v) for v in value])
        return None if got is None else tuple(got)

    def config(self, *args, **kw):
        if args and kw:
            raise TypeError("either pos or kw args are allowed")
        if kw:
            self._call("config", None, kw)
            return
        if len(args) != 1:
            raise TypeError("can query only one param")
        got = self._call("config", args[0])
        return bytes.fromhex(got) if args[0] == "mac" else got

    def __repr__(self):
        return "<WLAN>"


_IFACES = {}
LAN = refusing("network.LAN (Ethernet)")
PPP = refusing("network.PPP")


def hostname(name=None):
    if name is None:
        return "mpy-esp32"


def country(code=None):
    if code is None:
        return "XX"


def phy_mode(mode=None):
    refuse("network.phy_mode (Wi-Fi)")
