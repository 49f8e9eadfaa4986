# `espnow` of a simulated ESP32 (MicroPython 1.22): ESP-NOW says in one line it is not simulated.
from _sim_notsim import refusing

ESPNow = refusing("espnow.ESPNow (ESP-NOW radio)")
MAX_DATA_LEN = 250
KEY_LEN = 16
MAX_TOTAL_PEER_NUM = 20
MAX_ENCRYPT_PEER_NUM = 6
