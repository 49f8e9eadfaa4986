# What the board says it is.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/os.html (uname) and
# https://docs.micropython.org/en/v1.22.0/library/sys.html (platform)
# On the board (extmod/modos.c, the ESP32_GENERIC build of v1.22.2, 2024-02-22):
# > (sysname='esp32', nodename='esp32', release='1.22.2', version='v1.22.2 on 2024-02-22', machine='Generic ESP32 module with ESP32')
# > esp32
import os
import sys

print(os.uname())
print(sys.platform)
