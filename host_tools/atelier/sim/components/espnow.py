"""The ESP32's Wi-Fi radio as ESP-NOW uses it (MicroPython 1.22's ports/esp32/modespnow.c):
the Wi-Fi interfaces that are up, ESP-NOW's receive buffer, and sending to the other ESP32s of
the world (sim/air.py). ESP32s hear ESP32s, not micro:bits (another radio).

A message reaches an ESP32 whose Wi-Fi interface is up on the same channel, sent to its MAC
address or to the broadcast address; it is acknowledged then (a unicast send's success), and
kept if that board's ESP-NOW is active and its ring buffer has room: each message takes 13
bytes (header, MAC) + its length, and is dropped when that is not less than the room left
(`rxbuf` - 1 - used: the default 526 holds one full 250-byte message). The shim
(`vm/_sim_espnow.py`) keeps the peers and raises the board's errors.
"""

from __future__ import annotations

import math

from atelier.sim.devices import Delay
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

BROADCAST = "ff" * 6
PACKET_OVERHEAD = 13  # espnow_pkt_t: magic, length, time (4), RSSI, MAC (6)
TX_POWER_DBM = 20  # network.WLAN's default txpower
SENSITIVITY_DBM = -97  # ESP32 datasheet: 802.11b 1 Mbit/s (ESP-NOW's default rate)
DEFAULT_CHANNEL = 1
# a send: the frame at 1 Mbit/s (MAC header, vendor action frame, payload: ~8 µs a byte), then
# the peer's acknowledgement, which sync=True waits for
FRAME_US = 400
US_PER_BYTE = 8


class EspNow:
    kind = "espnow"  # ESP32s hear ESP32s (Air.transmit)
    sensitivity_dbm = SENSITIVITY_DBM

    def __init__(self, board):
        self._board = board
        self.reset()

    def reset(self) -> None:
        self.if_up = [False, False]  # STA, AP (network.WLAN(...).active())
        self.channel = DEFAULT_CHANNEL
        self.active = False
        self.rxbuf = 526
        self.inbox: list[tuple[str, bytes, int, int]] = []  # mac, msg, rssi, time_ms
        self.stats = [0, 0, 0, 0, 0]  # tx, tx responses, tx failures, rx, rx dropped
        self._waiting = False

    @property
    def mac(self) -> str:
        return self._board.unique_id  # the ESP32's station MAC is its base MAC

    def _follow_wifi(self) -> None:
        """Joining goes on while the program waits: the channel the radio is on now."""
        wifi = getattr(self._board.hardware, "wifi", None)
        if wifi is not None:
            wifi.link()

    def wifi_up(self) -> bool:
        """Whether a Wi-Fi interface is up (ESP-NOW's radio is on)."""
        return any(self.if_up)

    # -- the air ------------------------------------------------------------------------------
    def hears(self, message) -> bool:
        channel, _src, dest, _data = message
        self._follow_wifi()
        return self.wifi_up() and channel == self.channel and dest in (self.mac, BROADCAST)

    def deliver(self, message, rssi: float, sender) -> None:
        _channel, src, _dest, data = message
        if not self.active:
            return  # acknowledged by the Wi-Fi, not kept: ESP-NOW is off
        used = sum(PACKET_OVERHEAD + len(m) for _s, m, _r, _t in self.inbox)
        if PACKET_OVERHEAD + len(data) >= self.rxbuf - 1 - used:
            self.stats[4] += 1
            return
        board = self._board
        ms = (board.now_us - board._config.get("boot_us", 0)) // 1000
        self.inbox.append((src, data, max(-127, min(0, round(rssi))), ms))
        self.stats[3] += 1
        if self._waiting:  # a recv() waiting: it returns now
            board.wake_us = min(board.wake_us, board.now_us)

    # -- the program's requests -----------------------------------------------------------------
    @handles(P.WIFI_IF)
    def wifi_if(self, args):  # if_id active(1|0) [channel]
        parts = [int(v) for v in args.split()]
        self.if_up[parts[0]] = bool(parts[1])
        if len(parts) > 2 and parts[2] > 0:
            self.channel = parts[2]

    @handles(P.ESPNOW_ACTIVE)
    def espnow_active(self, args):  # rxbuf (active) | -1 (off)
        n = int(args)
        self.inbox.clear()
        self.active = n >= 0
        if self.active:
            self.rxbuf = n
        return self.mac

    @handles(P.ESPNOW_SEND)
    def espnow_send(self, args):  # ifidx sync(1|0) hex msg, then the MACs -> acks failures
        parts = args.split()
        ifidx, sync, data = int(parts[0]), parts[1] == "1", bytes.fromhex(parts[2])
        self._follow_wifi()
        if not self.if_up[ifidx]:
            return "IF"
        acks = fails = 0
        for dest in parts[3:]:
            got = self._board.sim.air.transmit(
                self._board, self.kind, (self.channel, self.mac, dest, data),
                TX_POWER_DBM, TX_POWER_DBM)  # fmt: skip
            ok = bool(got) or dest == BROADCAST  # a broadcast is not acknowledged: "sent"
            acks, fails = acks + ok, fails + (not ok)
        n = len(parts) - 3
        self.stats[0] += n
        self.stats[1] += n
        self.stats[2] += fails
        us = n * (FRAME_US + US_PER_BYTE * len(data)) if sync else 100
        return Delay(us, f"{acks} {fails}")

    @handles(P.ESPNOW_RECV)
    def espnow_recv(self, args):  # timeout_ms (< 0: forever) -> "rssi ms mac hex" | ""
        timeout = int(args)
        if self.inbox or timeout == 0:
            return self._take()
        self._waiting = True
        return Delay(math.inf if timeout < 0 else timeout * 1000, self._take)

    def _take(self) -> str:
        self._waiting = False
        if not self.inbox:
            return ""
        mac, data, rssi, ms = self.inbox.pop(0)
        return f"{rssi} {ms} {mac} {data.hex()}"

    @handles(P.ESPNOW_ANY)
    def espnow_any(self, args):
        return "1" if self.inbox else "0"

    @handles(P.ESPNOW_STATS)
    def espnow_stats(self, args):
        return " ".join(str(n) for n in self.stats)
