# SPI(0) on its default pins.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (Hardware SPI bus)
# On the board (ports/rp2/machine_spi.c, pico-sdk boards/pico.h): SCK=18, MOSI=19, MISO=16;
# the baudrate printed is spi_set_baudrate's answer: 125 MHz / (2 x 63) = 992063 for 1 MHz.
# > SPI(0, baudrate=992063, polarity=0, phase=0, bits=8, sck=18, mosi=19, miso=16)
from machine import SPI

print(SPI(0))
