# `onewire` of a simulated Pico / ESP32 (MicroPython code, runs in the VM): the 1-Wire bus on a
# pin, as the firmware's module offers it (MicroPython 1.22, micropython-lib's onewire). No
# 1-Wire device is simulated: nobody answers the reset pulse and the idle bus reads high.
import _simtime


class OneWireError(Exception):
    pass


class OneWire:
    SEARCH_ROM = 0xF0
    MATCH_ROM = 0x55
    SKIP_ROM = 0xCC

    def __init__(self, pin):
        self.pin = pin
        self.pin.init(pin.OPEN_DRAIN, pin.PULL_UP)

    def reset(self, required=False):
        _simtime.sleep_us(960)  # the reset pulse and the wait for a presence pulse
        if required:
            raise OneWireError
        return False

    def readbit(self):
        _simtime.sleep_us(65)
        return 1

    def readbyte(self):
        _simtime.sleep_us(8 * 65)
        return 0xFF

    def readinto(self, buf):
        for i in range(len(buf)):
            buf[i] = self.readbyte()

    def writebit(self, value):
        _simtime.sleep_us(65)

    def writebyte(self, value):
        _simtime.sleep_us(8 * 65)

    def write(self, buf):
        for _ in buf:
            self.writebyte(0)

    def select_rom(self, rom):
        self.reset()
        self.writebyte(self.MATCH_ROM)
        self.write(rom)

    def scan(self):
        self.reset()  # no presence pulse: no device on the bus
        return []

    def crc8(self, data):
        crc = 0
        for byte in data:
            for _ in range(8):
                mix = (crc ^ byte) & 1
                crc >>= 1
                if mix:
                    crc ^= 0x8C
                byte >>= 1
        return crc
