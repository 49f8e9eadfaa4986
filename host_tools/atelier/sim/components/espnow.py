"""The ESP32's Wi-Fi radio as ESP-NOW uses it (MicroPython 1.22's ports/esp32/modespnow.c):
the Wi-Fi interfaces that are up, ESP-NOW's receive buffer, and sending to the other ESP32s of
the world (sim/air.py). ESP32s hear ESP32s, not micro:bits (another radio).

A message reaches an ESP32 whose Wi-Fi interface is up on the same channel, sent to its MAC
address or to the broadcast address; it is acknowledged then (a unicast send's success), and
kept if that board's ESP-NOW is active and its ring buffer has room: each message takes 13
bytes (header, MAC) + its length, and is dropped when that is not less than the room left
(`rxbuf` - 1 - used: the default 526 holds one full 250-byte message). The shim
(`vm/_sim_espnow.py`) keeps the peers and raises the board's errors.

Encryption (ESP-IDF's CCMP with the PMK and the peer's LMK): a message to a peer added with a
key goes out encrypted; the receiver keeps it only if it registered the sender with the same
LMK and has the same PMK. Otherwise it still acknowledges it (the Wi-Fi's acknowledgement comes
before decryption: esp-idf issue 9545), so the sender's send() says True, and drops it.
A peer added on a channel other than the radio's makes send() fail (ESP_ERR_ESPNOW_CHAN).

With a receive callback set (`ESPNow.irq`), each message kept schedules one call
(`mp_sched_schedule` in recv_cb; at most MICROPY_SCHEDULER_DEPTH, 8, wait): the board takes
them with its next answer (`take_callbacks`), and a board asleep wakes for them at once.
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
DEFAULT_PMK = b"pmk1234567890123"  # ESP-IDF's, until esp_now_set_pmk()
SCHEDULER_DEPTH = 8  # MICROPY_SCHEDULER_DEPTH of the esp32 port (mpconfigport.h)
# a send: the frame at 1 Mbit/s (MAC header, vendor action frame, payload: ~8 µs a byte), then
# the peer's acknowledgement, which sync=True waits for
FRAME_US = 400
US_PER_BYTE = 8
# config(rate=): ESP-IDF 5.0's wifi_phy_rate_t -> Mbit/s (802.11b long and short preamble,
# 802.11g, 802.11n HT20 MCS0-7 long and short guard interval, Espressif's long range)
PHY_RATES = {
    0x00: 1, 0x01: 2, 0x02: 5.5, 0x03: 11, 0x05: 2, 0x06: 5.5, 0x07: 11,
    0x08: 48, 0x09: 24, 0x0A: 12, 0x0B: 6, 0x0C: 54, 0x0D: 36, 0x0E: 18, 0x0F: 9,
    **dict(zip(range(0x10, 0x18), (6.5, 13, 19.5, 26, 39, 52, 58.5, 65), strict=True)),
    **dict(zip(range(0x18, 0x20), (7.2, 14.4, 21.7, 28.9, 43.3, 57.8, 65, 72.2), strict=True)),
    0x29: 0.25, 0x2A: 0.5,
}  # fmt: skip


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
        self.pmk = DEFAULT_PMK
        self.keys: dict[str, str] = {}  # an encrypted peer's MAC -> its LMK (hex)
        self.irq = False  # a receive callback is set
        self.mbps = 1.0  # ESP-NOW's default rate
        self.callbacks = 0  # calls of it due, not yet taken by the board

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
        channel, _src, dest, _data, _key = message
        self._follow_wifi()
        return self.wifi_up() and channel == self.channel and dest in (self.mac, BROADCAST)

    def deliver(self, message, rssi: float, sender) -> None:
        _channel, src, _dest, data, key = message
        if not self.active:
            return  # acknowledged by the Wi-Fi, not kept: ESP-NOW is off
        if key is not None and key != self._key_for(src):
            return  # acknowledged, but it does not decrypt: dropped, uncounted
        used = sum(PACKET_OVERHEAD + len(m) for _s, m, _r, _t in self.inbox)
        if PACKET_OVERHEAD + len(data) >= self.rxbuf - 1 - used:
            self.stats[4] += 1
            return
        board = self._board
        ms = (board.now_us - board._config.get("boot_us", 0)) // 1000
        self.inbox.append((src, data, max(-127, min(0, round(rssi))), ms))
        self.stats[3] += 1
        if self.irq:  # recv_cb schedules the callback, unless the scheduler's queue is full
            self.callbacks = min(SCHEDULER_DEPTH, self.callbacks + 1)
        asleep = self.irq and getattr(board.hardware, "asleep_until", None) is not None
        if (self._waiting or asleep) and board.state == "waiting":  # a recv() returns now;
            board.wake_us = min(board.wake_us, board.now_us)  # a sleep runs the callback

    def _key_for(self, mac: str) -> str | None:
        """The key a message to or from the peer `mac` is encrypted with (None: not)."""
        lmk = self.keys.get(mac)
        return None if lmk is None else self.pmk.hex() + lmk

    def take_callbacks(self) -> int:
        """How many calls of the receive callback are due (the board runs them now)."""
        n, self.callbacks = self.callbacks, 0
        return n

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
        else:
            self.keys = {}  # esp_now_deinit() removes every peer
        return self.mac

    @handles(P.ESPNOW_KEYS)
    def espnow_keys(self, args):  # pmk, then mac=lmk of each encrypted peer (hex)
        parts = args.split()
        self.pmk = bytes.fromhex(parts[0])
        self.keys = dict(p.split("=") for p in parts[1:])

    @handles(P.ESPNOW_IRQ)
    def espnow_irq(self, args):  # 1 | 0
        self.irq = args.strip() == "1"

    @handles(P.ESPNOW_RATE)
    def espnow_rate(self, args):  # wifi_phy_rate_t
        self.mbps = PHY_RATES.get(int(args), self.mbps)

    @handles(P.ESPNOW_SEND)
    def espnow_send(self, args):  # ifidx sync(1|0) hex msg, then mac:channel -> acks failures
        parts = args.split()
        ifidx, sync, data = int(parts[0]), parts[1] == "1", bytes.fromhex(parts[2])
        self._follow_wifi()
        if not self.if_up[ifidx]:
            return "IF"
        dests = [(p + ":0").split(":")[:2] for p in parts[3:]]
        if any(int(ch) not in (0, self.channel) for _mac, ch in dests):
            return "CHAN"  # "Peer channel is not equal to the home channel, send fail!"
        acks = fails = 0
        for dest, _ch in dests:
            message = (self.channel, self.mac, dest, data, self._key_for(dest))
            got = self._board.sim.air.transmit(
                self._board, self.kind, message, TX_POWER_DBM, TX_POWER_DBM)  # fmt: skip
            ok = bool(got) or dest == BROADCAST  # a broadcast is not acknowledged: "sent"
            acks, fails = acks + ok, fails + (not ok)
        n = len(parts) - 3
        self.stats[0] += n
        self.stats[1] += n
        self.stats[2] += fails
        us = n * (FRAME_US + round(US_PER_BYTE * len(data) / self.mbps)) if sync else 100
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
