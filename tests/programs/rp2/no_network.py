# Wi-Fi on a plain Pico (not a Pico W).
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (the Pico W alone has
# `network`). On the board: the module does not exist.
#! ImportError: no module named 'network'
import network

network.WLAN(network.STA_IF)
