"""The board inventory: a real SQLite file that many deploy threads write at once."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor

from atelier.inventory import Inventory, default_path


def test_the_default_file_is_in_the_users_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("ATELIER_INVENTORY", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "atelier" / "inventory.sqlite"


def test_thirty_boards_deployed_at_once_are_all_recorded(tmp_path):
    path = tmp_path / "inv.sqlite"
    with Inventory(path) as inv:

        def one(i: int) -> None:
            uid = f"e6614c31{i:08x}"
            inv.seen(uid, type="pico", port=f"/dev/ttyACM{i}", label=None)
            inv.record_deploy(uid=uid, port=f"/dev/ttyACM{i}", board_type="pico",
                              label=f"table {i}", lesson="alarme-casier", version="1.0.0",
                              ok=i != 7, result="ok" if i != 7 else "not enough flash",
                              files=16, bytes_=21076, seconds=2.5)  # fmt: skip

        with ThreadPoolExecutor(max_workers=30) as pool:
            list(pool.map(one, range(30)))
    # a new process (here: a new connection) sees everything
    with Inventory(path) as inv:
        rows = inv.history(limit=100)
        assert len(rows) == 30 and len(inv.boards()) == 30
        failed = [r for r in rows if not r["ok"]]
        assert [(r["label"], r["result"]) for r in failed] == [("table 7", "not enough flash")]
        assert [r["uid"] for r in inv.history("table 3")] == ["e6614c3100000003"]
    assert sqlite3.connect(path).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_a_label_stays_until_changed(tmp_path):
    with Inventory(tmp_path / "inv.sqlite") as inv:
        inv.seen("abc", type="pico", label="table 1")
        inv.seen("abc", port="/dev/ttyACM3", label=None, lesson="")  # a deploy: label unknown
        row = inv.board("abc")
        assert (row.label, row.port, row.type) == ("table 1", "/dev/ttyACM3", "pico")
        inv.seen("abc", label="table 2")
        assert inv.board("abc").label == "table 2"
        assert inv.board("nope") is None
