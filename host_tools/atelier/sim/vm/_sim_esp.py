# `esp` of a simulated ESP32 (MicroPython 1.22, ports/esp32/modesp.c): what a program asks of
# the chip; the raw flash says in one line it is not simulated.
from _sim_notsim import refuse

LOG_NONE = 0
LOG_ERROR = 1
LOG_WARNING = 2
LOG_INFO = 3
LOG_DEBUG = 4
LOG_VERBOSE = 5


def osdebug(uart, level=LOG_ERROR):
    pass


def flash_size():
    return 4194304


def flash_user_start():
    return 0x200000


def flash_read(offset, buf):
    refuse("esp.flash_read (the raw flash)")


def flash_write(offset, buf):
    refuse("esp.flash_write (the raw flash)")


def flash_erase(sector):
    refuse("esp.flash_erase (the raw flash)")


def gpio_matrix_in(*args):
    pass


def gpio_matrix_out(*args):
    pass


def dht_readinto(pin, buf):
    import _simtime

    _simtime.sleep_us(18100)  # no DHT answers the start signal
    raise OSError(110)
