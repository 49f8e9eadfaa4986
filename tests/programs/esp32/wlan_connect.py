# Connect to a Wi-Fi network.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (Networking)
# On the board: the station starts connecting (STAT_CONNECTING, 1001); with no network
# "school" in range it is not connected yet (the simulated world has no access point).
# > False 1001
import network

wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect("school", "password")
print(wlan.isconnected(), wlan.status())
