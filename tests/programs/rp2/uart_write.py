# UART(0) at 9600 baud: write some bytes; nothing was received.
# Modelled on: https://docs.micropython.org/en/v1.22.0/rp2/quickref.html (UART)
# On the board: write() returns the count of bytes; any() is 0; read() is None.
# > 5
# > 0
# > None
from machine import UART

uart = UART(0, 9600)
print(uart.write(b"hello"))
print(uart.any())
print(uart.read())
