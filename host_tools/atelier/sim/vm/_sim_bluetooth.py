# `bluetooth` of a simulated ESP32 (MicroPython 1.22): UUIDs and the constants a program
# reads; the radio itself (BLE()) says in one line it is not simulated.
from _sim_notsim import refusing

FLAG_BROADCAST = 0x0001
FLAG_READ = 0x0002
FLAG_WRITE_NO_RESPONSE = 0x0004
FLAG_WRITE = 0x0008
FLAG_NOTIFY = 0x0010
FLAG_INDICATE = 0x0020

BLE = refusing("bluetooth.BLE (Bluetooth)")


class UUID:
    def __init__(self, value):
        if not isinstance(value, (int, str, bytes, bytearray)):
            raise TypeError
        self._v = value

    def __eq__(self, other):
        return isinstance(other, UUID) and self._v == other._v

    def __repr__(self):
        if isinstance(self._v, int):
            return "UUID(0x%04x)" % self._v
        return "UUID(%r)" % (self._v,)
