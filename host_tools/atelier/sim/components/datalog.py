"""The micro:bit's data logger (`log`): the rows the program wrote, each with its virtual time
(`LOG_ROW`)."""

from __future__ import annotations

import json

from atelier.sim.hardware import handles
from atelier.sim.vm import _simproto as P

US = 1_000_000


class DataLog:
    def __init__(self, board):
        self._board = board
        self.rows: list[dict] = []

    @handles(P.LOG_ROW)
    def log_row(self, args):
        self.rows.append({"t": self._board.now_us / US, **json.loads(args)})
