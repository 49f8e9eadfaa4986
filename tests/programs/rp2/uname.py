# What the board says it is.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/os.html (uname) and
# https://docs.micropython.org/en/v1.22.0/library/sys.html (platform)
# On the board (extmod/modos.c, the RPI_PICO build of v1.22.2, 2024-02-22):
# > (sysname='rp2', nodename='rp2', release='1.22.2', version='v1.22.2 on 2024-02-22', machine='Raspberry Pi Pico with RP2040')
# > rp2
import os
import sys

print(os.uname())
print(sys.platform)
