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


def test_boards_saving_at_once_never_mix_their_copies(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    with Inventory(tmp_path / "inv.sqlite") as inv:
        store = Backups(inv)

        def one(k: int):  # eight boards that all call themselves "Poste 12"
            board = Board(f"{k:08x}aa", "Poste 12", "pico", f"/dev/ttyACM{k}")
            return [store.save(board, "main.py", f"{k}-{i}".encode(), "x") for i in range(20)]

        with ThreadPoolExecutor(max_workers=8) as pool:
            rows = [r for rs in pool.map(one, range(8)) for r in rs]
        got = {(r.uid, store.read(r)) for r in rows}
        assert got == {(f"{k:08x}aa", f"{k}-{i}".encode()) for k in range(8) for i in range(20)}


def test_a_copy_saved_again_is_kept_by_the_command_that_needs_it(tmp_path):
    with Inventory(tmp_path / "inv.sqlite") as inv:
        old = Backups(inv).save(LEA, "main.py", b"v1", "x")
        with inv.lock, inv.db:
            inv.db.execute("UPDATE saved SET at = ? WHERE id = ?", (time.time() - 400 * 86400,
                                                                     old.id))  # fmt: skip
        now = Backups(inv)
        assert now.save(LEA, "main.py", b"v1", "x").id == old.id  # the same content
        now.prune(days=365, megabytes=500)
        assert now.read(inv.saved_by_id(old.id)) == b"v1"  # still there


@pytest.mark.parametrize(
    "path, want",
    [("mesure:1.csv", "mesure_1.csv"), ("../../x.py", "x.py"), ("/lib/a?.py", "lib/a_.py"),
     ("lib/CON.py", "lib/_CON.py")])  # fmt: skip
def test_a_boards_file_name_becomes_a_safe_path_here(path, want):
    from atelier.backups import safe_path

    assert safe_path(path).as_posix() == want
