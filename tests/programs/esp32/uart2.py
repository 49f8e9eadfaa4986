# UART 2 on its default pins.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (UART)
# On the board: write() returns the byte count; nothing to read: any() is 0, read() None.
# > 3
# > 0 None
from machine import UART

uart = UART(2, baudrate=9600)
print(uart.write(b"abc"))
print(uart.any(), uart.read())
