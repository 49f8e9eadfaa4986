# `aioespnow` of a simulated ESP32 (MicroPython code, runs in the VM). MicroPython 1.22's ESP32
# firmware freezes micropython-lib's aioespnow (ports/esp32/boards/manifest.py:
# require("aioespnow")): AIOESPNow is espnow.ESPNow whose receive and send wait in asyncio's
# poller on the ESPNow stream (its ioctl: _sim_espnow.ESPNowBase.ioctl), so other tasks run
# meanwhile. Written here as generators, which MicroPython's asyncio awaits like coroutines.
import asyncio

import espnow


class AIOESPNow(espnow.ESPNow):
    def arecv(self):
        # a message in the buffer: [mac, msg] as recv() gives it
        yield asyncio.core._io_queue.queue_read(self)
        return self.recv(0)

    def airecv(self):
        # the same, in irecv()'s reused buffers
        yield asyncio.core._io_queue.queue_read(self)
        return self.irecv(0)

    def asend(self, mac, msg=None, sync=None):
        if msg is None:  # asend(msg): to every registered peer
            mac, msg = None, mac
        yield asyncio.core._io_queue.queue_write(self)
        return self.send(mac, msg, sync)

    def __aiter__(self):
        return self

    def __anext__(self):
        return self.airecv()
