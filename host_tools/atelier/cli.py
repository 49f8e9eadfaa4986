"""The `atelier` command: parse, call, print. The work is done in the modules it calls."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from atelier.errors import UserError

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def _fail(message: str, code: int = 1) -> None:
    from rich.text import Text

    err_console.print(Text("error: ", style="bold red") + Text(message), soft_wrap=True)
    sys.exit(code)


class _Group(click.Group):
    """Turns user errors into one line and exit 1; our own bugs keep their traceback."""

    def invoke(self, ctx):
        from atelier.boards import BoardsError

        try:
            return super().invoke(ctx)
        except (UserError, BoardsError) as e:
            from atelier.sim import LessonError

            if isinstance(e, LessonError):
                if e.traceback.strip():
                    err_console.print(e.traceback, markup=False, highlight=False)
                _fail(e.summary)
            _fail(str(e))
        except KeyboardInterrupt:
            err_console.print("interrupted")
            sys.exit(130)


@click.group(cls=_Group)
@click.version_option(package_name="atelier")
def main() -> None:
    """atelier: lessons for micro:bit, Pico, ESP32 and CircuitPython kits.

    Run a lesson in the simulator, test lessons, list them.
    """


# -- lessons ----------------------------------------------------------------------------------
@main.command("lessons")
def lessons_cmd() -> None:
    """List the lessons with their level, duration and boards."""
    from atelier.lessons import all_lessons

    table = Table(title="Leçons / Lessons")
    table.add_column("id", no_wrap=True)
    table.add_column("titre / title")
    table.add_column("niveau / level", no_wrap=True)
    table.add_column("durée / duration", no_wrap=True)
    table.add_column("cartes / boards", no_wrap=True)
    for lesson in all_lessons():
        i = lesson.info
        table.add_row(
            i.id,
            f"{i.title.fr}\n[dim]{i.title.en}[/]",
            i.level,
            f"{i.duration_min} min",
            "\n".join(i.boards),
        )
    console.print(table)


# -- run --------------------------------------------------------------------------------------
def _parse_set(items: tuple[str, ...]) -> dict[str, object]:
    """--set NAME=VALUE for the simulated world, each value checked for its field."""
    from atelier.sim.microbit import GESTURES
    from atelier.sim.world import World

    numbers = {"heading", "pitch", "roll", "temperature", "pressure", "light", "sound_level",
               "earth_field_nt", "inclination_deg"}  # fmt: skip
    vectors = {"acceleration", "magnetic_field", "hard_iron"}
    fields = {f for f in World.__dataclass_fields__ if not f.startswith("_")}
    out: dict[str, object] = {}
    for item in items:
        name, sep, raw = item.partition("=")
        name, raw = name.strip(), raw.strip()
        if not sep or name not in fields:
            raise UserError(
                f"--set {item}: expected NAME=VALUE with NAME one of: {', '.join(sorted(fields))}"
            )
        try:
            if name in numbers:
                value: object = float(raw)
                if value != value or value in (float("inf"), float("-inf")):
                    raise ValueError
            elif name in vectors:
                value = tuple(float(v) for v in raw.split(","))
                if len(value) != 3:
                    raise ValueError
            elif name == "magnet_near":
                if raw.lower() not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                    raise ValueError
                value = raw.lower() in ("1", "true", "yes", "on")
            elif name == "gesture":
                if raw not in GESTURES:
                    raise ValueError
                value = raw
            elif name == "pins":  # --set pins=0:1,26:30000
                value = {int(p): int(v) for p, v in (x.split(":") for x in raw.split(","))}
            elif name == "touched":  # --set touched=logo,P0
                value = {x.strip() for x in raw.split(",") if x.strip()}
            else:
                value = float(raw)
        except ValueError:
            hint = {
                "gesture": "one of: " + ", ".join(GESTURES),
                "pins": "PIN:LEVEL pairs, e.g. pins=0:1,26:30000",
                "touched": "pad names, e.g. touched=logo,P0",
                "magnet_near": "1 or 0",
            }.get(name, "3 numbers, e.g. 0,0,-1000" if name in vectors else "a number")
            raise UserError(f"--set {item}: expected {hint}") from None
        out[name] = value
    return out


def _warn(bundle) -> None:
    from rich.text import Text

    for w in bundle.warnings:
        err_console.print(Text(w, style="yellow"), soft_wrap=True)


def _lesson_source(lesson: str):
    """A .py program, a folder with just main.py, or a lesson (folder or id)."""
    p = Path(lesson)
    if p.suffix == ".py":
        if not p.is_file():
            raise UserError(f"{lesson}: no such file")
        return p
    if p.is_dir() and not (p / "lesson.toml").exists() and (p / "main.py").is_file():
        return p / "main.py"  # an ordinary program folder
    from atelier.lessons import load_lesson

    return load_lesson(lesson)


@main.command("run")
@click.argument("lesson")
@click.option("--board", "-b", default="microbit-v2", show_default=True, help="Board type.")
@click.option(
    "--seconds",
    "-s",
    type=click.FloatRange(min=0, max=1e7),
    default=None,
    help="Virtual seconds to run (default: until Ctrl-C, or 10 with --fast).",
)
@click.option("--fast", is_flag=True, help="Run as fast as possible, not in real time.")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set the simulated world, e.g. --set heading=90 --set magnet_near=1.",
)
def run_cmd(
    lesson: str, board: str, seconds: float | None, fast: bool, settings: tuple[str, ...]
) -> None:
    """Run LESSON (a folder, a lesson id or a .py file) on a simulated board.

    In a terminal, keys act on the board: a / b press the buttons, left / right arrows turn the
    board by 15°, m puts the magnet near or away, q quits.
    """
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle
    from atelier.sim import simulate
    from atelier.sim.terminal import LiveView

    board_type = load_boards().get(board)  # unknown board: one line listing the known ones
    source = _lesson_source(lesson)
    bundle = build_bundle(source, board_type)
    _warn(bundle)
    world = _parse_set(settings)
    if seconds is None and fast:
        seconds = 10.0
    view = LiveView(console, live=not fast and console.is_terminal, keys=sys.stdin.isatty())
    with simulate(bundle, board=board, realtime=not fast, on_output=view.printed) as b:
        where = getattr(source, "path", source)
        console.print(f"{where} · {board}", style="dim", markup=False, highlight=False,
                      soft_wrap=True)  # fmt: skip
        for k, v in world.items():
            setattr(b.world, k, v)
        view.attach(b)
        try:
            with view:
                step = 1.0 if seconds is None else seconds
                while True:
                    b.run(step if seconds is None else seconds)
                    if seconds is not None or view.quit:
                        break
        finally:
            view.summary()


# -- flash, deploy to drives, boards ----------------------------------------------------------
def _drives(paths: tuple[str, ...], all_: bool, kind: str):
    from atelier.targets.drives import drive_at, find_drives

    name = "MICROBIT" if kind == "microbit" else "CIRCUITPY"
    if all_:
        found = find_drives(kind)
        if not found:
            raise UserError(f"no {name} drive is mounted: plug the boards in (and wait a moment)")
        return found
    return [drive_at(p, kind) for p in paths]


def _run_on_drives(drives, work, total_bytes: int, title: str) -> list:
    """`work(drive, progress)` for every drive at once, a progress bar each, then a summary."""
    from concurrent.futures import ThreadPoolExecutor

    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                  console=console, transient=not console.is_terminal) as bars:  # fmt: skip
        tasks = {d.path: bars.add_task(d.label, total=total_bytes) for d in drives}

        def one(d):
            return work(d, lambda n: bars.advance(tasks[d.path], n))

        with ThreadPoolExecutor(max_workers=max(1, min(32, len(drives)))) as pool:
            results = list(pool.map(one, drives))
    table = Table(title=title)
    for col in ("drive", "board", "result", "files", "bytes", "time"):
        table.add_column(col)
    for r in results:
        style = "green" if r.ok else "red"
        table.add_row(str(r.drive.path), r.drive.board_id or "?",
                      f"[{style}]{escape(r.message)}[/]", str(r.files), str(r.bytes),
                      f"{r.seconds:.1f} s")  # fmt: skip
    console.print(table)
    failed = [r for r in results if not r.ok]
    if failed:
        _fail(f"{len(failed)} of {len(results)} board(s) failed; plug them in and run the same "
              "command again")  # fmt: skip
    return results


@main.command("flash")
@click.argument("lesson")
@click.option("--board", "-b", default="microbit-v2", show_default=True,
              help="microbit-v2 or microbit-v1.")  # fmt: skip
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the .hex to this file.")  # fmt: skip
@click.option("--drive", "drives", multiple=True, metavar="PATH",
              help="A mounted MICROBIT drive (repeat for several).")  # fmt: skip
@click.option("--all", "all_", is_flag=True, help="Every mounted MICROBIT drive.")
def flash_cmd(lesson: str, board: str, out: Path | None, drives: tuple[str, ...],
              all_: bool) -> None:  # fmt: skip
    """Put LESSON on micro:bits: a MicroPython .hex with the lesson inside.

    --out writes the file (drag it onto the MICROBIT drive, or open it in python.microbit.org);
    --drive / --all copy it onto every MICROBIT drive at once.
    """
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle
    from atelier.targets.microbit_hex import build_hex, write_hex

    if sum((out is not None, bool(drives), all_)) != 1:
        raise UserError("say where the .hex goes: --out FILE, --drive PATH (repeatable) or --all")
    board_type = load_boards().get(board)
    bundle = build_bundle(_lesson_source(lesson), board_type)
    _warn(bundle)
    if out is not None:
        size = write_hex(bundle, out)
        console.print(f"{out}: {size} bytes, {len(bundle.files)} files ({bundle.size} B) for "
                      f"{board_type.name}; copy it onto the MICROBIT drive")  # fmt: skip
        return
    targets = _drives(drives, all_, "microbit")
    data = build_hex(bundle).encode()
    name = f"{bundle.lesson.id if bundle.lesson else 'program'}.hex"
    from atelier.targets.drives import DriveResult, copy_hex

    def work(d, progress):
        if d.board_id and d.board_id != board_type.id:
            r = DriveResult(d, message=f"this is a {d.board_id}: use --board {d.board_id}")
            return r
        return copy_hex(d, data, name, progress)

    _run_on_drives(targets, work, len(data), f"{name} → {len(targets)} micro:bit(s)")


@main.command("deploy")
@click.argument("lesson")
@click.option("--board", "-b", required=True, help="Board type (see boards.toml).")
@click.option("--drive", "drives", multiple=True, metavar="PATH",
              help="A mounted CIRCUITPY drive (repeat for several).")  # fmt: skip
@click.option("--all", "all_", is_flag=True, help="Every mounted CIRCUITPY drive.")
@click.option("--port", "ports", multiple=True, metavar="PORT", help="A serial port.")
def deploy_cmd(lesson: str, board: str, drives: tuple[str, ...], all_: bool,
               ports: tuple[str, ...]) -> None:  # fmt: skip
    """Put LESSON on boards: CircuitPython boards through their CIRCUITPY drive.

    Only what changed is written; each file goes to a temporary name first and code.py last, so
    a half-copied lesson never starts; files the pupils wrote stay.
    """
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle
    from atelier.targets.drives import DriveResult, sync_drive

    board_type = load_boards().get(board)
    if ports:
        raise UserError(
            "deploying over a serial port is not available yet; for a micro:bit use atelier "
            "flash, for a CircuitPython board its CIRCUITPY drive"
        )
    if board_type.runtime != "circuitpython" or "drive" not in board_type.transports:
        raise UserError(f"{board_type.id} has no CIRCUITPY drive; for a micro:bit use "
                        "atelier flash --drive/--all")  # fmt: skip
    if not drives and not all_:
        raise UserError("say which boards: --drive PATH (repeatable) or --all")
    bundle = build_bundle(_lesson_source(lesson), board_type)
    _warn(bundle)
    targets = _drives(drives, all_, "circuitpython")
    lesson_id = bundle.lesson.id if bundle.lesson else "program"
    want = board_type.runtime_version.split(".")[0]

    def work(d, progress):
        if d.version and d.version.split(".")[0] != want:
            msg = (
                f"CircuitPython {d.version} on the board; this lesson is for "
                f"{board_type.runtime_version}: update CircuitPython"
            )
            return DriveResult(d, message=msg)
        return sync_drive(d, bundle.files, lesson_id, board_type.main_file, progress)

    _run_on_drives(targets, work, bundle.size, f"{lesson_id} → {len(targets)} board(s)")


@main.command("boards")
def boards_cmd() -> None:
    """Boards plugged in: MICROBIT and CIRCUITPY drives, and serial ports of known boards."""
    from atelier.boards import load_boards
    from atelier.targets.drives import find_drives

    known = load_boards()
    table = Table(title="Cartes branchées / Connected boards")
    for col in ("where", "type", "unique id", "runtime / interface"):
        table.add_column(col)
    for d in find_drives():
        table.add_row(str(d.path), d.board_id or d.kind, d.unique_id or "?", d.version or "?")
    try:
        from serial.tools import list_ports

        ports = list(list_ports.comports())
    except Exception:  # noqa: BLE001 - no serial support here: drives are still listed
        ports = []
    for p in ports:
        kinds = [b.id for b in known for u in b.usb if (u.vid, u.pid) == (p.vid, p.pid)]
        if kinds:
            table.add_row(p.device, " / ".join(dict.fromkeys(kinds)), p.serial_number or "?", "")
    if not table.rows:
        console.print("no board found: plug one in (MICROBIT / CIRCUITPY drive or serial port)")
        return
    console.print(table)


# -- test -------------------------------------------------------------------------------------
@main.command("test")
@click.argument("lessons", nargs=-1)
@click.option("-k", "keyword", default=None, help="Only tests matching this pytest -k expression.")
def test_cmd(lessons: tuple[str, ...], keyword: str | None) -> None:
    """Run the simulator tests of LESSONS (default: every lesson) and report per lesson."""
    from atelier.lessons import all_lessons, load_lesson

    try:
        import pytest  # noqa: F401
    except ImportError:
        raise UserError(
            "atelier test needs pytest: from the atelier folder, pip install -e '.[test]'"
        ) from None
    chosen = [load_lesson(x) for x in lessons] if lessons else all_lessons()
    table = Table(title="Tests des leçons / Lesson tests")
    for col in ("lesson", "boards", "result", "time"):
        table.add_column(col)
    failed = 0
    for lesson in chosen:
        tests = sorted(lesson.path.glob("test_*.py")) + sorted(lesson.path.glob("tests/test_*.py"))
        if not tests:
            table.add_row(lesson.id, ", ".join(lesson.info.boards), "[yellow]no tests[/]", "")
            failed += 1
            continue
        t0 = time.monotonic()
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--rootdir",
            str(lesson.path),
            *map(str, tests),
        ]
        if keyword:
            cmd += ["-k", keyword]
        r = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ})
        last = (r.stdout.strip().splitlines() or [""])[-1].strip("= ")
        ok = r.returncode == 0
        if not ok:
            failed += 1
            console.print(f"[bold red]{lesson.id}[/]")
            console.print(r.stdout[-4000:], markup=False, highlight=False)
        table.add_row(
            lesson.id,
            ", ".join(lesson.info.boards),
            f"[green]{last}[/]" if ok else f"[red]{last}[/]",
            f"{time.monotonic() - t0:.1f} s",
        )
    console.print(table)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
