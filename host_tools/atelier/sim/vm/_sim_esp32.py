# `esp32` of a simulated ESP32 (MicroPython 1.22, ports/esp32/modesp32.c): wake-up sources are
# taken, the chip's temperature sensor reads the world (in °F, as raw_temperature() does);
# the flash partitions, NVS, RMT and ULP say in one line they are not simulated.
import _simhost
import _simproto as _P
from _sim_notsim import refuse, refusing

WAKEUP_ALL_LOW = False
WAKEUP_ANY_HIGH = True
HEAP_DATA = 4
HEAP_EXEC = 1


def wake_on_touch(wake):
    pass


def wake_on_ulp(wake):
    pass


def wake_on_ext0(pin, level):
    pass


def wake_on_ext1(pins, level):
    pass


def gpio_deep_sleep_hold(enable):
    pass


def raw_temperature():
    return int(float(_simhost.call(_P.CPU_TEMPERATURE)) * 9 / 5 + 32)


def idf_heap_info(capabilities):
    refuse("esp32.idf_heap_info")


NVS = refusing("esp32.NVS (the flash's key store)")
Partition = refusing("esp32.Partition (the flash's partitions)")
RMT = refusing("esp32.RMT")
ULP = refusing("esp32.ULP")
