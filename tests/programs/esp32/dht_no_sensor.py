# A DHT22 read with no sensor on the pin.
# Modelled on: https://docs.micropython.org/en/v1.22.0/esp32/quickref.html (DHT driver)
# On the board: nothing answers the start signal: drivers/dht/dht.c raises MP_ETIMEDOUT, which
# on the ESP32 is newlib's ETIMEDOUT (116; ports/esp32/mpconfigport.h MICROPY_USE_INTERNAL_ERRNO 0).
# > [Errno 116] ETIMEDOUT
# > True
from errno import ETIMEDOUT

import dht
from machine import Pin

try:
    dht.DHT22(Pin(17)).measure()
except OSError as e:
    print(e)
    print(e.args[0] == ETIMEDOUT)
