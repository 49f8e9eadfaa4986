"""The simulator: lessons run in the real MicroPython VM against simulated hardware.

from atelier.sim import simulate

with simulate("lessons/boussole-numerique", board="microbit-v2") as board:
    board.world.heading = 90
    board.run(seconds=2)
    board.display.image        # 5x5 brightness rows
    board.buzzer.tones         # [Tone(start, frequency, duration), ...]
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from atelier.boards import load_boards
from atelier.bundle import Bundle, build_bundle, too_big
from atelier.errors import UserError
from atelier.i18n import _
from atelier.lessons import Lesson, load_lesson
from atelier.sim.board import LessonError, LessonStuck, Sim, SimBoard
from atelier.sim.components.buzzer import Tone
from atelier.sim.vmproc import require_vm, vm_available
from atelier.sim.world import World

__all__ = [
    "simulate",
    "simulate_many",
    "LessonError",
    "LessonStuck",
    "Sim",
    "SimBoard",
    "Tone",
    "World",
    "vm_available",
]


def _hardware_for(board_type):
    from atelier.backends import BACKENDS, hardware_class

    backend = BACKENDS.get(board_type.backend)
    if backend is not None and backend.hardware:
        return hardware_class(backend)
    raise UserError(
        _("{board}: the simulator does not model this board yet; flash a real one").format(
            board=board_type.id
        )
    )


def _bundle_for(source, board_type) -> Bundle:
    if isinstance(source, Bundle):
        return source
    if isinstance(source, Lesson):
        return build_bundle(source, board_type)
    p = Path(source)
    if p.suffix == ".py" and p.is_file():
        return build_bundle(p, board_type)
    return build_bundle(load_lesson(source), board_type)


def _check_room(bundle: Bundle) -> None:
    """Refuse files the real board's filesystem cannot hold, counted as putting them there
    counts: on a micro:bit as its .hex does (`atelier flash` refuses the same bundles)."""
    board = bundle.board
    if "hex" in board.transports:
        from atelier.targets.microbit_hex import check_fits

        check_fits(bundle)
    elif bundle.size > board.filesystem.size:
        raise too_big(bundle, bundle.size, board.filesystem.size)


def _sweep_stale_workdirs() -> None:
    """Remove the folders of simulations whose process was killed (they could not clean up)."""
    for d in Path(tempfile.gettempdir()).glob("atelier-sim-*"):
        parts = d.name.split("-")
        pid = int(parts[2]) if len(parts) > 3 and parts[2].isdigit() else None
        if pid is None:
            continue  # an older layout: leave it
        if not _process_exists(pid):
            shutil.rmtree(d, ignore_errors=True)


def _process_exists(pid: int) -> bool:
    """Whether process `pid` runs (True when unsure). Not os.kill(pid, 0) on Windows: there
    signal 0 is CTRL_C_EVENT, a Ctrl-C sent to a console's processes."""
    if os.name == "nt":
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:  # ERROR_INVALID_PARAMETER: no such process (else: not ours to open)
            return ctypes.get_last_error() != 87
        code = ctypes.c_ulong()
        ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return not ok or code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        pass
    return True


def start_board(
    sim: Sim,
    source,
    board: str = "microbit-v2",
    *,
    name: str = "",
    seed: int | None = 0,
    on_output: Callable[[str], None] | None = None,
    workdir: Path | None = None,
) -> SimBoard:
    """Add one board running `source` (lesson folder/id, a .py program, or a Bundle)."""
    board_type = load_boards().get(board)
    require_vm()
    hardware = _hardware_for(board_type)
    bundle = _bundle_for(source, board_type)
    board_type = bundle.board  # with the school's kit.toml wiring, if it has one
    from atelier.netsettings import board_settings, uses_net, with_net_settings

    bundle = with_net_settings(bundle, simulated=True)  # kit.net's settings, on the board only
    _check_room(bundle)  # what the board cannot hold does not run here either
    _sweep_stale_workdirs()
    root = Path(workdir or tempfile.mkdtemp(prefix=f"atelier-sim-{os.getpid()}-"))
    flash = root / "flash"
    bundle.write(flash)
    b = SimBoard(
        sim,
        board_type,
        flash,
        hardware,
        name=name,
        seed=seed,
        on_output=on_output,
    )
    b._root = root
    settings = board_settings(simulated=True) if uses_net(bundle) else None
    if settings is not None:  # the network the settings name is around the board
        b.world.wifi = {settings.ssid: {"password": settings.password, "rssi": -60}}
    b.origins = dict(bundle.origins)
    b.user_files = set(bundle.user_files)
    return b


@contextmanager
def simulate(
    source,
    board: str = "microbit-v2",
    *,
    wall_budget: float = 10.0,
    seed: int | None = 0,
    realtime: bool = False,
    on_output: Callable[[str], None] | None = None,
) -> Iterator[SimBoard]:
    """Run a lesson (folder or id), a .py program or a Bundle on one simulated board."""
    sim = Sim(wall_budget=wall_budget, realtime=realtime)
    b = start_board(sim, source, board, seed=seed, on_output=on_output)
    try:
        yield b
    finally:
        b.close()
        shutil.rmtree(b._root, ignore_errors=True)


@contextmanager
def simulate_many(
    sources: list,
    board: str = "microbit-v2",
    *,
    wall_budget: float = 10.0,
    seed: int | None = 0,
    realtime: bool = False,
    on_output: list[Callable[[str], None]] | None = None,
) -> Iterator[list[SimBoard]]:
    """Several boards in one world (one virtual clock, one radio space: sim/air.py).

    `sources` are lessons, programs or bundles, each on a `board`, or (source, board) pairs
    for boards of different types: simulate_many([("lessons/x", "microbit-v2"),
    ("lessons/y", "microbit-v1")]). `seed` makes the world's chance (radio losses) repeat;
    `on_output`, one per board, takes what each prints (atelier run --boards).
    """
    sim = Sim(wall_budget=wall_budget, realtime=realtime, seed=seed)
    boards = []
    try:
        for i, item in enumerate(sources):
            src, kind = item if isinstance(item, tuple) else (item, board)
            printed = on_output[i] if on_output else None
            boards.append(start_board(sim, src, kind, name=f"{kind}#{i + 1}", seed=i,
                                      on_output=printed))  # fmt: skip
        yield boards
    finally:
        for b in boards:
            b.close()
            shutil.rmtree(b._root, ignore_errors=True)
