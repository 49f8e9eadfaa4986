"""Every tutorial step of every lesson that runs on the micro:bit V1 keeps some of its 10 KB
heap free at its peak (mostly the kit's import, where the V1 compiles the flat kit): a pupil
who adds a few lines to a step must not get a MemoryError. The simulated V1's heap is
deterministic (tests/test_sim_heap.py); bench/v1_headroom.py prints each step's room."""

from __future__ import annotations

import pytest
from conftest import needs_vm

from atelier.authoring import steps_of
from atelier.boards import load_boards
from atelier.bundle import build_bundle
from atelier.lessons import all_lessons
from atelier.sim import LessonError, simulate
from atelier.sim.heap import room_at_peak, runs_with_room, step_bundles

pytestmark = [needs_vm, pytest.mark.timeout(300)]

V1 = "microbit-v1"
# bytes every V1 step keeps free at its peak: room for a pupil's few added lines (a line of
# code is 20-60 bytes of bytecode on the V1, a short list or string some 50 more), and for
# the simulated V1 being off: its compile model (sim/board.py COMPILE_SCALE) gave a step from
# 1.2 KB less room than the V1 runtime in QEMU (feu-tricolore 04: 504 B, runtime 1727 B) to
# 500 B more (serre-automatique 05, whose TM1637 driver compiles in the loop: 918 B, runtime
# 404 B), before the flat kit got smaller (bench/v1_qemu.py --room)
MARGIN = 1024

LESSONS = sorted(lesson.id for lesson in all_lessons() if V1 in lesson.info.boards)


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_every_v1_step_keeps_room_at_its_peak(lesson_id):
    lesson = next(lesson for lesson in all_lessons() if lesson.id == lesson_id)
    assert steps_of(lesson), lesson_id
    short = []
    for name, bundle in step_bundles(lesson, load_boards().get(V1)):
        err = runs_with_room(bundle, V1, MARGIN)
        if err.startswith("MemoryError"):
            short.append(
                f"{lesson_id} steps/{name}: less than {MARGIN} B free at its peak on the "
                f"micro:bit V1 ({err}); bench/v1_headroom.py says how much"
            )
        elif err:
            short.append(f"{lesson_id} steps/{name}: fails on the micro:bit V1: {err}")
    assert not short, "\n".join(short)


def test_a_step_short_of_room_fails_the_check(tmp_path):
    # the check itself: the room bench/v1_headroom.py finds is what the program can spare;
    # asking for more than that gives a MemoryError (a step with less room than the margin)
    main = tmp_path / "main.py"
    program = "from kit import strip, sleep_ms\nb = bytearray({})\nstrip.show()\n" + (
        "while True:\n    sleep_ms(100)\n"
    )
    main.write_text(program.format(1000))
    bundle = build_bundle(main, load_boards().get(V1))
    room = room_at_peak(bundle, V1)
    assert isinstance(room, int) and room > 2 * MARGIN, room
    assert runs_with_room(bundle, V1, room - 32) == ""
    assert runs_with_room(bundle, V1, room + 64).startswith("MemoryError")


@pytest.mark.parametrize("program, wired", [
    ("from kit import presence\nprint(presence.detected())\n", False),
    ("from kit import relay\nrelay.on()\nprint(relay.is_on())\n", True),
    ("from kit import strip\nstrip[0] = (1, 2, 3)\nstrip.show()\nprint(len(strip))\n", True),
])  # fmt: skip
def test_the_v1_kit_reads_its_wiring_as_on_every_board(tmp_path, program, wired):
    # the flat kit has the wiring written in (no kitconfig to compile on the V1); a part the
    # board's wiring lacks still says which, and where to wire it
    main = tmp_path / "main.py"
    main.write_text(program)
    for board in (V1, "microbit-v2"):
        with simulate(main, board=board) as b:
            try:
                b.run(0.5)
                err = ""
            except LessonError as e:
                err = e.summary
            out = b.output
        if wired:
            assert not err and out.split()[-1] in ("True", "10"), (board, err, out)
        else:
            assert "RuntimeError" in err and f"presence is not wired on {board}" in err
            assert f"[{board}] in kit.toml" in err
