# `ds18x20` of a simulated Pico / ESP32 (MicroPython code, runs in the VM): DS18S20, DS18B20 and
# DS1822 thermometers on a `onewire` bus, with the firmware module's API. No thermometer is
# simulated, so a scan finds none and a conversion raises OneWireError, as on an empty bus.
from onewire import OneWireError  # noqa: F401 - what the firmware's module raises

_CONVERT = 0x44
_READ = 0xBE
_WRITE = 0x4E
_FAMILIES = (0x10, 0x22, 0x28)


class DS18X20:
    def __init__(self, onewire):
        self.ow = onewire
        self.buf = bytearray(9)

    def scan(self):
        return [rom for rom in self.ow.scan() if rom[0] in _FAMILIES]

    def convert_temp(self):
        self.ow.reset(True)
        self.ow.writebyte(self.ow.SKIP_ROM)
        self.ow.writebyte(_CONVERT)

    def read_scratch(self, rom):
        self.ow.reset(True)
        self.ow.select_rom(rom)
        self.ow.writebyte(_READ)
        self.ow.readinto(self.buf)
        if self.ow.crc8(self.buf):
            raise Exception("CRC error")
        return self.buf

    def write_scratch(self, rom, buf):
        self.ow.reset(True)
        self.ow.select_rom(rom)
        self.ow.writebyte(_WRITE)
        self.ow.write(buf)

    def read_temp(self, rom):
        b = self.read_scratch(rom)
        raw = b[0] | b[1] << 8
        if raw & 0x8000:
            raw -= 0x10000
        if rom[0] == 0x10:  # DS18S20: half degrees, refined by the count registers
            return (raw >> 1) - 0.25 + (b[7] - b[6]) / b[7]
        return raw / 16
