"""The micro:bit's radio (nRF51 on the V1, nRF52833 on the V2), as its MicroPython drives it
(bbcmicrobit/micropython source/microbit/modradio.cpp, micropython-microbit-v2
src/codal_port/drv_radio.c): the settings the radio runs with, and its receive queue.

The queue is one buffer of `queue` x (`length` + 6) bytes; each message takes its length + 6
(length byte, RSSI byte, 4-byte timestamp), so more short messages fit than `queue` says, and
a message that does not fit in what is left is dropped. A message longer than the receiver's
`length` is cut to it. Switching the radio on (or changing `length` or `queue`) allocates a new,
empty queue. The shim (`vm/_sim_radio.py`) keeps the settings the program sets and checks them
as the board does; this part holds what the radio hardware runs with.
"""

from __future__ import annotations

from atelier.sim.devices import Delay, SimError
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

PACKET_OVERHEAD = 6
TICKS_PERIOD = 1 << 30  # the timestamp is ticks_us(): MicroPython's small-int period
# Receiver sensitivity (dBm) at each data rate (0: 1 Mbit/s, 1: 2 Mbit/s, 2: 250 kbit/s),
# from the nRF51822 and nRF52833 product specifications.
SENSITIVITY_DBM = {"v1": {0: -90, 1: -85, 2: -96}, "v2": {0: -93, 1: -89, 2: -97}}
DEFAULT_POWER_DBM = 0
# Sending is synchronous on the board: the transmitter ramps up (~140 µs), sends the packet
# (preamble 1 + address 5 + length 1 + payload + CRC 2 bytes), and the receiver ramps up again.
RAMP_US = 140
US_PER_BYTE = {0: 8, 1: 4, 2: 32}

DEFAULTS = {"length": 32, "queue": 3, "channel": 7, "power": DEFAULT_POWER_DBM,
            "address": 0x75626974, "group": 0, "data_rate": 0}  # fmt: skip


class Radio:
    kind = "nrf"  # micro:bits hear micro:bits (Air.transmit)

    def __init__(self, board):
        self._board = board
        self.on = False
        self.cfg = dict(DEFAULTS)
        self.inbox: list[tuple[bytes, int, int]] = []
        self.dropped = 0  # messages that arrived with the queue full
        v1 = board.type.firmware_version.startswith("1.")
        self._sensitivity = SENSITIVITY_DBM["v1" if v1 else "v2"]

    def reset(self) -> None:
        self.on = False
        self.cfg = dict(DEFAULTS)
        self.inbox.clear()

    # -- the air (sim/air.py) -----------------------------------------------------------------
    @property
    def sensitivity_dbm(self) -> float:
        return self._sensitivity[self.cfg["data_rate"]]

    def _tuning(self, cfg: dict) -> tuple:
        return cfg["channel"], cfg["address"], cfg["group"], cfg["data_rate"]

    def hears(self, message) -> bool:
        cfg, _data = message
        return self.on and self._tuning(cfg) == self._tuning(self.cfg)

    def deliver(self, message, rssi: float, sender) -> None:
        data = message[1][: self.cfg["length"]]
        used = sum(len(d) + PACKET_OVERHEAD for d, _r, _t in self.inbox)
        room = self.cfg["queue"] * (self.cfg["length"] + PACKET_OVERHEAD)
        if used + len(data) + PACKET_OVERHEAD > room:
            self.dropped += 1
            return
        ticks = (self._board.now_us - self._board._config.get("boot_us", 0)) % TICKS_PERIOD
        self.inbox.append((data, max(-127, min(0, round(rssi))), ticks))  # RSSISAMPLE: 7 bits

    # -- the program's requests -----------------------------------------------------------------
    def _apply(self, args: str) -> None:
        keys = ("length", "queue", "channel", "power", "address", "group", "data_rate")
        new = dict(zip(keys, (int(v) for v in args.split()), strict=True))
        self.cfg = new

    @handles(P.RADIO_SET_ON)
    def radio_set_on(self, args):  # "1 <settings>" | "0"
        self.inbox.clear()  # on() frees the old queue and allocates a new one
        self.on = args[:1] == "1"
        if self.on:
            self._apply(args[2:])

    @handles(P.RADIO_CONFIG)
    def radio_config(self, args):  # realloc(1|0) <settings>
        if not self.on:
            return  # the settings wait for on()
        if args[:1] == "1":  # a new length or queue: a new buffer, empty
            self.inbox.clear()
            self._apply(args[2:])
        else:  # only the registers: the queue and the packet length stay
            keep = self.cfg["length"], self.cfg["queue"]
            self._apply(args[2:])
            self.cfg["length"], self.cfg["queue"] = keep

    @handles(P.RADIO_SEND)
    def radio_send(self, args):  # send bytes (hex)
        if not self.on:
            raise SimError("ValueError", "radio is not enabled")
        data = bytes.fromhex(args)[: self.cfg["length"]]
        cfg = dict(self.cfg)
        self._board.sim.air.transmit(self._board, self.kind, (cfg, data), cfg["power"],
                                     DEFAULT_POWER_DBM)  # fmt: skip
        air_us = (9 + len(data)) * US_PER_BYTE[cfg["data_rate"]]
        return Delay(2 * RAMP_US + air_us)

    @handles(P.RADIO_RECEIVE)
    def radio_receive(self, args):
        if not self.on:
            raise SimError("ValueError", "radio is not enabled")
        if not self.inbox:
            return ""
        data, rssi, t = self.inbox.pop(0)
        return f"{rssi} {t} {data.hex()}"
