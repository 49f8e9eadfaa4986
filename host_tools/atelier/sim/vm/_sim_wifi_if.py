# The ESP32's Wi-Fi interfaces as its radio sees them (MicroPython code). network.WLAN's
# active() tells the host through set_active(), which ESP-NOW needs (components/espnow.py).
import _simhost
import _simproto as _P

_up = [False, False]  # STA_IF, AP_IF


def set_active(if_id, active, channel=0):
    """Interface `if_id` (0 STA, 1 AP) goes up or down (on Wi-Fi `channel`, 0: unchanged)."""
    _up[if_id] = bool(active)
    _simhost.call(_P.WIFI_IF, "%d %d %d" % (if_id, 1 if active else 0, channel))
