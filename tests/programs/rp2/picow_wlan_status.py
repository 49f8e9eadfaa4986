# Join a Wi-Fi network, waiting on status() as Raspberry Pi's guide does.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/network.WLAN.html (status) and
# "Connecting to the Internet with Raspberry Pi Pico W" (the wait loop). On the board, with
# no network "school" in range: STAT_CONNECTING (1) while the chip looks for it, then
# STAT_NO_AP_FOUND (-2), and the program stops (the simulated world has no access point).
# board: pico-w
# run: 5
# > waiting for connection... 1
# > waiting for connection... 1
# > waiting for connection... 1
# > status -2
#! RuntimeError: network connection failed
import time

import network

wlan = network.WLAN(network.STA_IF)
wlan.active(True)
wlan.connect("school", "password")
max_wait = 10
while max_wait > 0:
    if wlan.status() < 0 or wlan.status() >= 3:
        break
    max_wait -= 1
    print("waiting for connection...", wlan.status())
    time.sleep(1)
print("status", wlan.status())
if wlan.status() != 3:
    raise RuntimeError("network connection failed")
