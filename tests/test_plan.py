"""The deploy planner, without boards: what is written, saved first, deleted or kept."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from atelier.plan import FileState, Manifest, plan, pupil_files


def S(h: str, size: int = 10) -> FileState:
    return FileState(size, h)


def test_a_fresh_board_gets_every_file_and_nothing_is_saved():
    p = plan({"main.py": "a", "lib/k.py": "b"}, None, {})
    assert p.write == ["lib/k.py", "main.py"] and p.save == [] and p.delete == []
    assert p.files == {"main.py": "a", "lib/k.py": "b"}


def test_unchanged_files_are_not_written_again():
    last = Manifest(files={"main.py": "a"})
    p = plan({"main.py": "a"}, last, {"main.py": S("a")})
    assert p.unchanged == ["main.py"] and not p.changes


def test_the_pupils_edited_main_is_saved_before_it_is_replaced():
    last = Manifest(files={"main.py": "a"})
    p = plan({"main.py": "new"}, last, {"main.py": S("edited")})
    assert p.write == ["main.py"] and p.save == ["main.py"]


def test_our_own_main_is_replaced_without_a_copy():
    last = Manifest(files={"main.py": "a"})
    p = plan({"main.py": "new"}, last, {"main.py": S("a")})
    assert p.write == ["main.py"] and p.save == []


def test_a_board_without_manifest_has_only_pupils_files():
    """Thonny-written main.py on a board atelier never touched: saved, then replaced."""
    p = plan({"main.py": "new"}, None, {"main.py": S("thonny")})
    assert p.save == ["main.py"]


def test_files_of_the_last_deploy_are_deleted_unless_the_pupil_changed_them():
    last = Manifest(files={"main.py": "a", "lib/old.py": "o", "lib/mine.py": "m", "gone.py": "g"})
    board = {"main.py": S("a"), "lib/old.py": S("o"), "lib/mine.py": S("pupil")}
    p = plan({"main.py": "a"}, last, board)
    assert p.delete == ["lib/old.py"] and p.keep == ["lib/mine.py"]
    assert p.files == {"main.py": "a", "lib/mine.py": "m"}  # ours to delete once undone


def test_the_pupils_own_files_are_collected_and_ours_are_not():
    last = Manifest(files={"main.py": "a", "lib/k.py": "k"})
    board = {"main.py": S("edited"), "lib/k.py": S("k"), "mesures.csv": S("x"),
             "prog.py": S("y"), ".atelier.json": S("m"), "lib/k.py.at~": S("t")}  # fmt: skip
    assert pupil_files(last, board) == ["main.py", "mesures.csv", "prog.py"]


def test_manifest_reads_json_and_the_microbits_python_literal():
    m = Manifest(lesson="boussole", label="Poste n°3", files={"main.py": "ab"})
    assert Manifest.parse(m.to_bytes()).label == "Poste n°3"
    literal = "{'label': 'Poste n°3', 'files': {'main.py': 'ab'}, 'lesson': 'x'}"
    assert Manifest.parse(literal.encode()).files == {"main.py": "ab"}
    assert Manifest.parse(b"{broken") is None and Manifest.parse(b"[1]") is None
    assert m.to_bytes().isascii()  # the board may have no UTF-8 aware json


names = st.sampled_from(["main.py", "a.py", "lib/b.py", "d.csv", "e.txt"])
hashes = st.sampled_from(["h1", "h2", "h3"])


@given(
    want=st.dictionaries(names, hashes),
    last=st.none() | st.dictionaries(names, hashes),
    board=st.dictionaries(names, hashes),
)
def test_no_pupil_file_is_ever_replaced_or_deleted_without_a_copy(want, last, board):
    manifest = None if last is None else Manifest(files=last)
    state = {p: S(h) for p, h in board.items()}
    p = plan(want, manifest, state)
    pupils = set(pupil_files(manifest, state))
    for path in p.write:
        assert path not in pupils or path in p.save
    assert not set(p.delete) & pupils  # deleted: only atelier's own unchanged files
    assert set(p.save) <= pupils
    # after the deploy, the board holds what was wanted, and every pupil file not replaced
    after = {k: v for k, v in board.items() if k not in p.delete} | want
    assert all(after[k] == v for k, v in want.items())
    assert all(k in after for k in pupils)
