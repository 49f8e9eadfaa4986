"""The pupils' files saved on the teacher's computer: where they go, kept once, bounded."""

from __future__ import annotations

import time

import pytest

from atelier.backups import Backups, Board, folder_name
from atelier.errors import UserError
from atelier.inventory import Inventory


@pytest.fixture
def store(tmp_path):
    with Inventory(tmp_path / "inv.sqlite") as inv:
        yield Backups(inv)


LEA = Board("e6614c31aa", "Poste 3", "pico", "/dev/ttyACM2")


def test_a_copy_is_a_file_the_teacher_can_open_and_a_row_of_the_inventory(store, tmp_path):
    row = store.save(LEA, "lib/outils.py", b"def f(): pass\n", "replaced by alarme")
    path = tmp_path / "backups" / row.stored
    assert path.read_bytes() == b"def f(): pass\n"
    assert path.parts[-4] == "Poste 3" and path.parts[-2:] == ("lib", "outils.py")
    assert store.read(row) == b"def f(): pass\n"
    assert [r.path for r in store.inv.saved("Poste 3")] == ["lib/outils.py"]
    assert [r.path for r in store.inv.saved("e6614c")] == ["lib/outils.py"]  # a short id


def test_the_same_content_is_kept_once_and_a_new_one_again(store):
    a = store.save(LEA, "main.py", b"v1", "x")
    assert store.save(LEA, "main.py", b"v1", "x").id == a.id
    b = store.save(LEA, "main.py", b"v2", "x")
    assert b.id != a.id and len(store.inv.saved()) == 2


def test_a_changed_copy_is_not_given_back(store, tmp_path):
    row = store.save(LEA, "main.py", b"v1", "x")
    (tmp_path / "backups" / row.stored).write_bytes(b"tampered")
    with pytest.raises(UserError, match="was changed since it was saved"):
        store.read(row)


def test_old_copies_expire_and_the_folder_stays_bounded(tmp_path):
    with Inventory(tmp_path / "inv.sqlite") as inv:
        earlier = Backups(inv)
        old = earlier.save(LEA, "old.csv", b"o" * 1000, "x")
        big = [earlier.save(LEA, f"log{i}.csv", bytes([i]) * 400_000, "x") for i in range(3)]
        with inv.lock, inv.db:
            inv.db.execute("UPDATE saved SET at = ? WHERE id = ?", (time.time() - 400 * 86400,
                                                                     old.id))  # fmt: skip
        now = Backups(inv)  # the next command
        fresh = now.save(LEA, "main.py", b"m" * 600_000, "x")
        dropped = now.prune(days=365, megabytes=1)
        left = {r.id for r in inv.saved()}
        assert old.id not in left  # expired
        assert fresh.id in left  # this command's copy never goes
        assert dropped == 3 and big[2].id in left  # the oldest went first, down to 1 MB
        assert not (tmp_path / "backups" / old.stored).exists()


@pytest.mark.parametrize(
    "label, want",
    [("Poste n°3", "Poste n°3"), ("a/b\\c:d", "a_b_c_d"), ("CON", "_CON"), ("", "uid1"),
     ("..", "uid1")])  # fmt: skip
def test_folder_names_work_on_every_system(label, want):
    assert folder_name(label, "uid1") == want
