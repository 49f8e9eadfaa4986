"""The micro:bit's radio: its settings, the queue of messages received, and sending through
the simulation to every other board in the world (`RADIO_*`)."""

from __future__ import annotations

import json

from atelier.sim.devices import SimError
from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P


class Radio:
    def __init__(self, board):
        self._board = board
        self.on = False
        self.cfg = {"group": 0, "channel": 7, "length": 32, "queue": 3, "address": 0x75626974}
        self.inbox: list[tuple[bytes, int, int]] = []

    def reset(self) -> None:
        self.on = False
        self.inbox.clear()

    def receive(self, sender_cfg: dict, data: bytes) -> None:
        """A message another board sent: kept if this radio is on and tuned the same."""
        cfg = self.cfg
        same = all(cfg[k] == sender_cfg[k] for k in ("group", "channel", "address"))
        if self.on and same and len(self.inbox) < cfg["queue"]:
            self.inbox.append((data, -50, self._board.now_us))

    @handles(P.RADIO_SET_ON)
    def radio_set_on(self, args):
        self.on = args == "1"
        if not self.on:
            self.inbox.clear()

    @handles(P.RADIO_CONFIG)
    def radio_config(self, args):
        self.cfg.update(json.loads(args))

    @handles(P.RADIO_SEND)
    def radio_send(self, args):  # send bytes (hex)
        if not self.on:
            raise SimError("ValueError", "radio is not enabled")
        data = bytes.fromhex(args)[: self.cfg["length"]]
        self._board.sim.broadcast(self._board, data)

    @handles(P.RADIO_RECEIVE)
    def radio_receive(self, args):
        if not self.on:
            raise SimError("ValueError", "radio is not enabled")
        if not self.inbox:
            return ""
        data, rssi, t = self.inbox.pop(0)
        return f"{data.hex()} {rssi} {t}"
