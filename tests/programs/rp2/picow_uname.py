# What a Pico W says it is.
# Modelled on: https://docs.micropython.org/en/v1.22.0/library/os.html (uname): the RPI_PICO_W
# build's MICROPY_HW_BOARD_NAME "Raspberry Pi Pico W" with its MCU, the same platform as a Pico.
# board: pico-w
# > Raspberry Pi Pico W with RP2040
# > rp2
import os
import sys

print(os.uname().machine)
print(sys.platform)
