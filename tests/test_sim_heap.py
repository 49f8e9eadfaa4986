"""The simulated board's heap is the real board's: gc.mem_free() reads what the board reads at
start, a program that needs clearly more than the board has fails with MemoryError, the
board's built-in modules (ROM there, Python shims in the VM) cost the program nothing, and a
served board has the same free heap after every soft reboot."""

from __future__ import annotations

import pytest
from conftest import needs_vm

from atelier.boards import load_boards
from atelier.bundle import Bundle
from atelier.sim import LessonError, simulate
from atelier.sim.board import heap_scale

pytestmark = [needs_vm, pytest.mark.timeout(120)]

BOARDS = ["microbit-v1", "microbit-v2", "pico", "esp32", "circuitplayground-bluefruit"]
FREE = "import gc\ngc.collect()\nprint('free', gc.mem_free())\n"


def run(board: str, main: str, seconds: float = 1) -> tuple[str, str]:
    """(output, error line or "") of `main` on a simulated `board`."""
    board_type = load_boards().get(board)
    bundle = Bundle(board=board_type, files={board_type.main_file: main.encode()})
    with simulate(bundle, board=board) as b:
        try:
            b.run(seconds)
        except LessonError as e:
            return b.output, e.exc_line
        return b.output, ""


def free_in(out: str) -> list[int]:
    return [int(line.split()[1]) for line in out.splitlines() if line.startswith("free ")]


def expected_free(board: str) -> int:
    b = load_boards().get(board)
    return b.heap_free or b.heap


def slack(board: str) -> float:
    """What the accounting may be off by, in the board's bytes: 1 KB of the VM's heap, or 3 %
    of the program's room (the VM's GC scans its C stack conservatively: a stale pointer there
    keeps some garbage, a piece of the ballast or of the program's room alive a while)."""
    scale = heap_scale(load_boards().get(board))
    return max(1024 / scale, expected_free(board) * 0.03)


@pytest.mark.parametrize("board", BOARDS)
def test_gc_mem_free_reads_what_the_board_reads_at_start(board):
    out, err = run(board, FREE)
    assert not err, err
    (free,) = free_in(out)
    want = expected_free(board)
    # main.py's own code takes some too (a real V1 read 8832 at the start of a main.py)
    assert abs(free - want) <= want * 0.05 + slack(board), (free, want)


def test_a_v1_program_needing_12_kb_fails_and_one_needing_4_kb_works():
    # the V1's heap: 10 KB, about 9.4 KB free at start (boards.toml)
    out, err = run("microbit-v1", "b = bytearray(4 * 1024)\nprint('ok', len(b))\n")
    assert not err and "ok 4096" in out, err
    out, err = run("microbit-v1", "b = bytearray(12 * 1024)\nprint('ok')\n")
    assert err.startswith("MemoryError") and "ok" not in out, (out, err)
    # 1000 small ints: a 4 KB list on the board; 3000: 12 KB
    out, err = run("microbit-v1", "x = list(range(1000))\nprint('ok', len(x))\n")
    assert not err and "ok 1000" in out, err
    out, err = run("microbit-v1", "x = list(range(3000))\nprint('ok')\n")
    assert err.startswith("MemoryError") and "ok" not in out, (out, err)


def test_a_v2_has_six_times_the_v1s_room():
    out, err = run("microbit-v2", "b = bytearray(48 * 1024)\nprint('ok', len(b))\n")
    assert not err and "ok" in out, err
    out, err = run("microbit-v2", "x = list(range(20000))\nprint('ok')\n")  # 80 KB on the board
    assert err.startswith("MemoryError"), (out, err)
    # a raw buffer is as big in the VM as on the board, objects twice as big: the VM gives
    # the program 1.75 x the board's bytes (sim/board.py heap_scale), so a bytearray fails
    # only past 1.75 x the board's free heap
    out, err = run("microbit-v2", "b = bytearray(120 * 1024)\nprint('ok')\n")
    assert err.startswith("MemoryError"), (out, err)


@pytest.mark.parametrize("board", ["microbit-v1", "microbit-v2"])
def test_the_boards_built_in_modules_take_none_of_the_programs_heap(board):
    # ROM on the board: importing them leaves gc.mem_free() as it was
    main = FREE + "import microbit, music, utime\n" + FREE.split("\n", 1)[1]
    out, err = run(board, main)
    assert not err, err
    before, after = free_in(out)
    assert abs(after - before) <= slack(board), (before, after)


def test_the_shims_load_compiled():
    from atelier.sim.shimcode import compiled_shims
    from atelier.sim.vmproc import VM_DIR

    folder = compiled_shims(str(VM_DIR))
    assert folder is not None
    from pathlib import Path

    mpy = Path(folder) / "_sim_microbit.mpy"
    assert mpy.read_bytes()[:2] == b"M\x06"
    out, err = run("microbit-v2", "import microbit, mbdata\nprint(mbdata.__file__)\n")
    assert not err and out.strip().endswith("mbdata.mpy"), (out, err)


@pytest.mark.parametrize("board", ["microbit-v1", "microbit-v2"])
def test_a_served_board_has_the_same_free_heap_after_soft_reboots(board):
    pytest.importorskip("mpremote")
    from mpremote.transport_serial import SerialTransport

    from atelier.sim.serve import serve

    code = "import microbit\nimport gc\ngc.collect()\nprint(gc.mem_free())\n"
    with serve(1, board=board) as s:
        t = SerialTransport(s.ports[0], baudrate=115200)
        try:
            seen = []
            for _ in range(3):
                t.enter_raw_repl(soft_reset=True)
                seen.append(int(t.exec(code).decode().split()[-1]))
                t.exit_raw_repl()
        finally:
            t.close()
    assert max(seen) - min(seen) <= 64, seen  # a soft reboot starts a new VM: the same
    assert abs(seen[0] - expected_free(board)) <= expected_free(board) * 0.05 + slack(board), seen


@pytest.mark.parametrize("board", ["pico", "esp32"])
def test_a_bus_write_costs_the_program_no_more_heap_than_on_the_board(board, tmp_path):
    # the OLED's frame goes out as one I2C write of 1 KB: the simulated bus must not build
    # big temporary lists on the program's heap (a data logger filling its heap with rows hit
    # MemoryError after a few dozen frames, which the board does not)
    main = (
        "import gc\nfrom kit import display\nrows = []\n"
        "for i in range(400):\n"
        "    rows.append('%d,21.5,48' % i)\n"
        "    display.show(i % 100)\n"
        "    if i % 50 == 0:\n"
        "        gc.collect()\n"
        "print('done', len(rows))\n"
    )
    prog = tmp_path / "main.py"
    prog.write_text(main, encoding="utf-8")
    with simulate(prog, board=board) as b:
        b.run(60)
        assert "done 400" in b.output


def test_the_free_heap_does_not_depend_on_where_atelier_is_installed(tmp_path):
    # the same checkout copied into folders of other lengths, one with the host's bytecode
    # beside the shims: the VM is given padded paths (vmproc._fixed), the shims' .mpy one
    # source name, its boot script a copy in the board's folder and the shims' names from the
    # host (no listdir), so the program has the same room wherever atelier is
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    program = tmp_path / "program" / "main.py"  # a folder of its own: it is the bundle
    program.parent.mkdir()
    program.write_text("import gc\nfrom kit import strip, buttons, sleep_ms\ngc.collect()\n"
                       "print('free', gc.mem_free())\n")  # fmt: skip
    probe = ("import sys\nfrom atelier.sim import simulate\n"
             "with simulate(sys.argv[1], board='microbit-v1') as b:\n"
             "    b.run(0.5)\n    print(b.output.strip())\n")  # fmt: skip
    seen = {}
    for name in ("a", "abcdefghijkl", "a-much-longer-folder-name-for-the-same-checkout"):
        copy = tmp_path / name  # a copy, not a link: the VM takes its script's realpath()
        copy.mkdir()
        shutil.copytree(root / "host_tools", copy / "host_tools",
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
        shutil.copytree(root / "firmware", copy / "firmware")
        shutil.copy(root / "boards.toml", copy / "boards.toml")
        if name == "abcdefghijkl":  # the host's Python wrote its bytecode beside the shims
            cache = copy / "host_tools" / "atelier" / "sim" / "vm" / "__pycache__"
            cache.mkdir()
            (cache / "_simproto.cpython-311.pyc").write_bytes(b"\0" * 100)
        env = {**os.environ, "PYTHONPATH": str(copy / "host_tools")}
        r = subprocess.run([sys.executable, "-c", probe, str(program)], capture_output=True,
                           text=True, env=env, timeout=120)  # fmt: skip
        assert r.returncode == 0, r.stderr
        seen[name] = free_in(r.stdout)
    assert len(set(map(tuple, seen.values()))) == 1 and seen["a"], seen
