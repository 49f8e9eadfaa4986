# `network` of a simulated ESP32 (MicroPython 1.22): the constants a program reads, and Wi-Fi
# and Ethernet interfaces that say in one line they are not simulated (WLAN switches on and off).
from _sim_notsim import refuse, refusing
from _sim_wifi_if import WLAN  # noqa: F401  (on/off only, for ESP-NOW's radio)

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
