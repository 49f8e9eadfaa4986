# Open a socket to the computer before joining a Wi-Fi network.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/socket.html (connect) and
# extmod/modlwip.c of v1.22.2: with no link lwIP has no route (ERR_RTE), which is
# EHOSTUNREACH in MicroPython's own numbers (113; the ESP32's newlib says 118).
# board: pico-w
# > [Errno 113] EHOSTUNREACH
import socket

s = socket.socket()
try:
    s.connect(("192.168.1.10", 8080))
except OSError as e:
    print(e)
s.close()
