# The ESP32's Wi-Fi interfaces as its radio sees them (MicroPython code). network.WLAN's
# active() tells the host through set_active(), which ESP-NOW needs (components/espnow.py).
# Until Wi-Fi itself is simulated, WLAN here only switches its interface on and off.
import _simhost
import _simproto as _P
from _sim_notsim import refuse

_up = [False, False]  # STA_IF, AP_IF


def set_active(if_id, active, channel=0):
    """Interface `if_id` (0 STA, 1 AP) goes up or down (on Wi-Fi `channel`, 0: unchanged)."""
    _up[if_id] = bool(active)
    _simhost.call(_P.WIFI_IF, "%d %d %d" % (if_id, 1 if active else 0, channel))


class WLAN:
    def __init__(self, interface_id=0):
        if interface_id not in (0, 1):
            raise ValueError("invalid WLAN interface identifier")
        self._if = interface_id

    def active(self, *is_active):
        if is_active:
            set_active(self._if, bool(is_active[0]))
        return _up[self._if]

    def __getattr__(self, name):
        refuse("network.WLAN.%s (Wi-Fi)" % name)
