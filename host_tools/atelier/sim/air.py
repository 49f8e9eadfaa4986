"""The air between the simulated boards of one world: who hears a radio message, how strong.

A board's radio (the micro:bit's in `components/radio.py`, the ESP32's ESP-NOW in
`components/espnow.py`) hands a message to `Air.transmit`; every other board whose radio of the
same kind is tuned the same may receive it. Each board's `world` places it and sets the air:

- `world.position`: where the board is, in metres (all boards start at the same spot);
- `world.radio_range`: metres beyond which nothing is received, at the radio's default power
  (None: only the radio's own sensitivity limits it); a lower power reaches less far, a higher
  one further, as the signal falls with distance;
- `world.radio_loss`: the chance (0-1) that each message is lost on the way.

Between two boards the worse of their two settings counts (the higher loss, the shorter
range). Losses are drawn from a generator per sender and receiver, seeded from the world's
seed and the two boards' names: the same run loses the same messages, whatever else happens.

Signal strength follows a log-distance path loss: RSSI = power - 45 dB at 1 m, minus
25 dB per decade of distance (a classroom, indoors). At the default power (0 dBm) that gives
-45 dBm side by side (within 1 m) and -70 dBm at 10 m.
"""

from __future__ import annotations

import hashlib
import math
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from atelier.sim.board import Sim, SimBoard

LOSS_AT_1M_DB = 45.0
PATH_LOSS_EXPONENT = 2.5


def rssi_at(distance_m: float, power_dbm: float) -> float:
    """Received strength in dBm at `distance_m` from a radio sending at `power_dbm` (closer
    than 1 m reads as 1 m: boards side by side)."""
    d = max(distance_m, 1.0)
    return power_dbm - LOSS_AT_1M_DB - 10 * PATH_LOSS_EXPONENT * math.log10(d)


def reach_m(sensitivity_dbm: float, power_dbm: float) -> float:
    """How far a radio sending at `power_dbm` is heard by one of `sensitivity_dbm`."""
    return 10 ** ((power_dbm - LOSS_AT_1M_DB - sensitivity_dbm) / (10 * PATH_LOSS_EXPONENT))


class Air:
    """The radio space of one world (one `Sim`)."""

    def __init__(self, sim: Sim, seed: int | None = 0):
        self.sim = sim
        self.seed = 0 if seed is None else seed
        self._draws: dict[tuple[str, str], random.Random] = {}
        self.sent = 0  # messages handed to the air (each to every board that could hear)
        self.lost = 0  # deliveries lost to world.radio_loss

    def _rng(self, sender: SimBoard, receiver: SimBoard) -> random.Random:
        key = (sender.name, receiver.name)
        rng = self._draws.get(key)
        if rng is None:
            h = hashlib.sha256(f"{self.seed}:{sender.name}->{receiver.name}".encode()).digest()
            rng = self._draws[key] = random.Random(int.from_bytes(h[:8], "big"))
        return rng

    def transmit(self, sender: SimBoard, kind: str, message, power_dbm: float,
                 default_power_dbm: float) -> list:  # fmt: skip
        """Offer `message` to the radios of `kind` on the other boards; each radio's
        `hears(message)` says if it is tuned to it, `sensitivity_dbm` how weak a signal it
        still decodes, and `deliver(message, rssi, sender)` takes it. Returns the radios that
        received it (ESP-NOW's acknowledgement)."""
        self.sent += 1
        got = []
        for board in self.sim.boards:
            if board is sender:
                continue
            for radio in getattr(board.hardware, "radios", lambda: ())():
                if radio.kind != kind or not radio.hears(message):
                    continue
                w_s, w_r = sender.world, board.world
                dist = math.dist(w_s.position, w_r.position)
                reach = reach_m(radio.sensitivity_dbm, power_dbm)
                ranges = [r for r in (w_s.radio_range, w_r.radio_range) if r is not None]
                if ranges:  # set by the test: at the default power, scaled by the power used
                    scale = 10 ** ((power_dbm - default_power_dbm) / (10 * PATH_LOSS_EXPONENT))
                    reach = min(ranges) * scale
                if dist > reach:
                    continue
                loss = max(w_s.radio_loss, w_r.radio_loss)
                # one draw per delivery, lost or not: the sequence does not depend on settings
                if self._rng(sender, board).random() < loss:
                    self.lost += 1
                    continue
                radio.deliver(message, rssi_at(dist, power_dbm), sender)
                got.append(radio)
        return got
