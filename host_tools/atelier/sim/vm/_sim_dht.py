# `dht` of a simulated Pico / ESP32 (MicroPython code, runs in the VM): DHT11 and DHT22 on one
# pin, with the firmware module's API. No DHT sensor is simulated: nothing answers the start
# signal, so measure() raises OSError ETIMEDOUT as the port's dht_readinto does (110 on the
# Pico; newlib's 116 on the ESP32).
import _sim_errno
import _simtime


class DHTBase:
    def __init__(self, pin):
        self.pin = pin
        self.buf = bytearray(5)

    def measure(self):
        _simtime.sleep_us(18000 + 100)  # the start signal, then the wait for an answer
        raise _sim_errno._error(_sim_errno.ETIMEDOUT)


class DHT11(DHTBase):
    def humidity(self):
        return self.buf[0]

    def temperature(self):
        return self.buf[2]


class DHT22(DHTBase):
    def humidity(self):
        return (self.buf[0] << 8 | self.buf[1]) * 0.1

    def temperature(self):
        t = ((self.buf[2] & 0x7F) << 8 | self.buf[3]) * 0.1
        return -t if self.buf[2] & 0x80 else t
