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
from atelier.i18n import LANGUAGES, _

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
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    expose_value=False,
    is_eager=True,
    help=_("Language of the messages (default: the system's)."),
)
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


def _fan_out(items: list, work, title: str, columns: tuple[str, str], place, name,
             total: int | None = None) -> list:  # fmt: skip
    """`work(item, progress, set_total)` for every item (drive or port) at once, a progress bar
    each, then a summary table whose first two columns are `columns`, filled by
    place(result) and name(result). Exit 1 if any failed; a re-run finishes the job."""
    from concurrent.futures import ThreadPoolExecutor

    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn
    from rich.text import Text

    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                  console=console, transient=not console.is_terminal) as bars:  # fmt: skip
        tasks = [bars.add_task(str(getattr(i, "label", i)), total=total) for i in items]

        def one(k: int):
            task = tasks[k]
            return work(items[k], lambda n: bars.advance(task, n),
                        lambda n: bars.update(task, total=max(n, 1)))  # fmt: skip

        with ThreadPoolExecutor(max_workers=max(1, min(64, len(items)))) as pool:
            results = list(pool.map(one, range(len(items))))
    table = Table(title=title)
    for col in (*columns, "result", "files", "bytes", "time"):
        table.add_column(col)
    for r in results:
        style = "green" if r.ok else "red"
        table.add_row(escape(place(r)), escape(name(r) or "-"),
                      f"[{style}]{escape(r.message)}[/]", str(r.files), str(r.bytes),
                      f"{r.seconds:.1f} s")  # fmt: skip
    console.print(table)
    for r in results:
        for w in getattr(r, "warnings", ()):
            err_console.print(Text(w, style="yellow"), soft_wrap=True)
    failed = [r for r in results if not r.ok]
    if failed:
        _fail(f"{len(failed)} of {len(results)} board(s) failed; fix what the table says "
              "(plugged in?) and run the same command again: it finishes the job")  # fmt: skip
    return results


def _run_on_drives(drives, work, total_bytes: int, title: str) -> list:
    """`work(drive, progress)` on every drive at once (see _fan_out)."""
    return _fan_out(drives, lambda d, progress, _total: work(d, progress), title,
                    ("drive", "board"), lambda r: str(r.drive.path),
                    lambda r: r.drive.board_id or "?", total_bytes)  # fmt: skip


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


@main.command("bundle")
@click.argument("lesson")
@click.option("--board", "-b", required=True, help="Board type (see boards.toml).")
@click.option("--out", "-o", "out", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write.")  # fmt: skip
@click.option("--no-compile", is_flag=True, help="Keep .py sources (no .mpy).")
def bundle_cmd(lesson: str, board: str, out: Path, no_compile: bool) -> None:
    """Write the exact files deploy would put on a board of type BOARD into --out."""
    bundle = _bundle_for(lesson, board, no_compile)
    if out.exists() and any(out.iterdir()):
        raise UserError(f"{out}: folder is not empty; choose a new folder")
    bundle.write(out)
    table = Table(title=f"{bundle.lesson.id if bundle.lesson else lesson} → {board}")
    table.add_column("file")
    table.add_column("bytes", justify="right")
    for name, data in sorted(bundle.files.items()):
        table.add_row(name, str(len(data)))
    table.add_row("[b]total[/]", f"[b]{bundle.size}[/]")
    console.print(table)
    console.print(f"written to {out}")


def _bundle_for(lesson: str, board: str, no_compile: bool):
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle, compile_bundle

    board_type = load_boards().get(board)
    bundle = build_bundle(_lesson_source(lesson), board_type)
    _warn(bundle)
    return bundle if no_compile else compile_bundle(bundle)


def _serial_ports(ports: tuple[str, ...], all_: bool, board_id: str | None) -> list[str]:
    from atelier.boards import load_boards
    from atelier.targets.serial import find_ports

    if ports and all_:
        raise UserError("say either --port PORT (repeatable) or --all, not both")
    if all_:
        found = [p.device for p in find_ports(load_boards(), board_id)]
        if not found:
            what = f"{board_id} " if board_id else ""
            hint = ""
            if board_id and "hex" in load_boards().get(board_id).transports:
                hint = " (micro:bits on their MICROBIT drive take a .hex: atelier flash --all)"
            raise UserError(f"no {what}board found on a serial port: plug them in, or name "
                            f"them with --port{hint}")  # fmt: skip
        return found
    if not ports:
        raise UserError("say which boards: --port PORT (repeatable) or --all")
    return list(dict.fromkeys(ports))


def _on_ports(ports: list[str], work, title: str) -> list:
    """`work(port, progress, set_total)` on every port at once (see _fan_out)."""
    return _fan_out(ports, work, title, ("board", "label"), lambda r: r.port,
                    lambda r: r.label)  # fmt: skip


@main.command("deploy")
@click.argument("lesson")
@click.option("--board", "-b", required=True, help="Board type (see boards.toml).")
@click.option("--port", "ports", multiple=True, metavar="PORT",
              help="A board's serial port (repeat for several).")  # fmt: skip
@click.option("--drive", "drives", multiple=True, metavar="PATH",
              help="A mounted CIRCUITPY drive (repeat for several).")  # fmt: skip
@click.option(
    "--all",
    "all_",
    is_flag=True,
    help="Every connected board of this type (serial ports, or CIRCUITPY drives).",
)
@click.option("--no-compile", is_flag=True, help="Send .py sources instead of .mpy.")
def deploy_cmd(lesson: str, board: str, ports: tuple[str, ...], drives: tuple[str, ...],
               all_: bool, no_compile: bool) -> None:  # fmt: skip
    """Put LESSON on boards: over their serial port, or a CIRCUITPY drive.

    Only what changed is sent; each file goes to a temporary name, is checked, then renamed, and
    the lesson's manifest is written last, so a board unplugged mid-way keeps a working set of
    files and the next deploy finishes the job. Files the pupils wrote stay.
    """
    from atelier.boards import load_boards

    board_type = load_boards().get(board)
    reach = [t for t in board_type.transports if t in ("drive", "serial")]
    use_drives = bool(drives) or (all_ and reach[:1] == ["drive"])
    if use_drives:
        _deploy_drives(lesson, board_type, drives, all_)
        return
    if "serial" not in board_type.transports:
        raise UserError(f"{board_type.id} is not reached over a serial port; use --drive/--all")
    targets = _serial_ports(ports, all_, board_type.id)
    bundle = _bundle_for(lesson, board, no_compile)
    _deploy_serial(bundle, targets)


def _deploy_serial(bundle, targets: list[str]) -> list:
    from atelier.inventory import Inventory
    from atelier.targets.serial import deploy

    lesson_id = bundle.lesson.id if bundle.lesson else "program"
    version = bundle.lesson.info.version if bundle.lesson else ""
    inv = Inventory()

    def label_for(uid: str) -> str:
        row = inv.board(uid)
        return row.label if row else ""

    def work(port, progress, total):
        r = deploy(port, bundle, lesson_id, version, progress, total, label_for=label_for)
        if r.uid:
            inv.seen(r.uid, type=bundle.board.id, port=port, label=r.label or None,
                     runtime=None, lesson=lesson_id if r.ok else None,
                     lesson_version=version if r.ok else None)  # fmt: skip
        inv.record_deploy(uid=r.uid, port=port, board_type=bundle.board.id, label=r.label,
                          lesson=lesson_id, version=version, ok=r.ok, result=r.message,
                          files=r.files, bytes_=r.bytes, seconds=r.seconds)  # fmt: skip
        return r

    try:
        return _on_ports(targets, work, f"{lesson_id} {version} → {len(targets)} board(s)")
    finally:
        inv.close()


def _deploy_drives(lesson: str, board_type, drives: tuple[str, ...], all_: bool) -> None:
    from atelier.bundle import build_bundle
    from atelier.targets.drives import DriveResult, sync_drive

    if board_type.runtime != "circuitpython" or "drive" not in board_type.transports:
        raise UserError(f"{board_type.id} has no CIRCUITPY drive; for a micro:bit use "
                        "atelier flash --drive/--all")  # fmt: skip
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
@click.option("--port", "ports", multiple=True, metavar="PORT",
              help="Also ask the board on this serial port (repeatable).")  # fmt: skip
@click.option("--quick", is_flag=True, help="Do not ask the serial boards (USB ids only).")
def boards_cmd(ports: tuple[str, ...], quick: bool) -> None:
    """Boards plugged in: serial boards (asked what they run), MICROBIT and CIRCUITPY drives.

    Asking a serial board stops its program for a moment; it restarts right after.
    """
    from concurrent.futures import ThreadPoolExecutor

    from atelier.boards import load_boards
    from atelier.inventory import Inventory
    from atelier.targets.drives import find_drives
    from atelier.targets.serial import Port, find_ports

    known = load_boards()
    found = find_ports(known)
    found += [Port(p, []) for p in ports if all(f.device != p for f in found)]
    table = Table(title="Cartes branchées / Connected boards")
    for col in ("where", "type", "unique id", "label", "runtime", "lesson", "free flash"):
        table.add_column(col)

    def ask(port: Port):
        if quick:
            return port, None, ""
        from atelier.targets.serial import BoardError, Link, probe

        try:
            with Link(port.device, timeout=5) as link:
                link.enter()
                info = probe(link)
                link.soft_reboot()
                return port, info, ""
        except BoardError as e:
            return port, None, str(e).removeprefix(port.device + ": ")

    with ThreadPoolExecutor(max_workers=max(1, min(32, len(found)))) as pool:
        answers = list(pool.map(ask, found))
    with Inventory() as inv:
        for port, info, problem in answers:
            types = " / ".join(port.types) or "?"
            if info is None:
                table.add_row(port.device, types, port.serial_number or "?", "",
                              f"[red]{escape(problem)}[/]" if problem else "", "", "")  # fmt: skip
                continue
            kind = _type_of(known, info, port.types)
            row = inv.board(info.uid) if info.uid else None
            label = info.label or (row.label if row else "")
            inv.seen(info.uid, type=kind if kind != "?" else None, port=port.device,
                     runtime=f"{info.runtime} {info.version}")  # fmt: skip
            lesson = f"{info.lesson} {info.lesson_version}".strip() or "-"
            fs = known.get(kind).filesystem.size if kind in known.ids() else 0
            free = info.free_bytes(fs)
            table.add_row(port.device, kind, info.uid or "?", escape(label or "-"),
                          f"{info.runtime} {info.version}", escape(lesson),
                          f"{free // 1024} KB")  # fmt: skip
    for d in find_drives():
        table.add_row(str(d.path), d.board_id or d.kind, d.unique_id or "?", "",
                      d.version or "?", "", "")  # fmt: skip
    if not table.rows:
        console.print("no board found: plug one in (serial port, MICROBIT or CIRCUITPY drive)")
        return
    console.print(table)


def _type_of(known, info, usb_types: list[str]) -> str:
    """The board type from what the board says (platform) and its USB ids."""
    same = [b for b in known if b.platform == info.platform]
    # boards of one platform (micro:bit V1 / V2) differ by their runtime's version
    ver = info.version.split(".")[:2]
    same.sort(key=lambda b: b.runtime_version.split(".")[:2] != ver)
    by_platform = [b.id for b in same]
    both = [t for t in usb_types if t in by_platform]
    return (both or by_platform or usb_types or ["?"])[0]


@main.command("label")
@click.argument("port")
@click.argument("name")
def label_cmd(port: str, name: str) -> None:
    """Name the board on PORT (e.g. "table 3"): kept on the board and in the inventory."""
    from atelier.inventory import Inventory
    from atelier.targets.serial import Link, write_label

    name = name.strip()
    if not name or len(name) > 40 or any(c in name for c in "\n\r\"'\\"):
        raise UserError("a label is 1 to 40 characters, without quotes or line breaks")
    with Link(port) as link:
        info = write_label(link, name)
        link.soft_reboot()
    with Inventory() as inv:
        inv.seen(info.uid, label=name, port=port)
    console.print(f"{port}: {info.uid or '?'} is now [b]{escape(name)}[/]")


def _board_work(ports: tuple[str, ...], all_: bool, title: str, job) -> list:
    from atelier.targets.serial import BoardError, DeployResult, Link

    targets = _serial_ports(ports, all_, None)

    def work(port, progress, total):
        t0 = time.monotonic()
        try:
            with Link(port) as link:
                r = job(link)
                r.seconds = time.monotonic() - t0
                return r
        except BoardError as e:
            return DeployResult(port, message=str(e).removeprefix(port + ": "),
                                seconds=time.monotonic() - t0)  # fmt: skip

    return _on_ports(targets, work, title)


@main.command("reset")
@click.option("--port", "ports", multiple=True, metavar="PORT", help="A board's serial port.")
@click.option("--all", "all_", is_flag=True, help="Every connected board.")
def reset_cmd(ports: tuple[str, ...], all_: bool) -> None:
    """Remove the lesson from boards; leave a harmless main.py and the pupils' own files."""
    from atelier.targets.serial import DeployResult, reset_board

    def job(link):
        n, info = reset_board(link)
        link.soft_reboot()
        return DeployResult(link.port, ok=True, message=f"lesson removed ({n} files)",
                            deleted=n, label=info.label, uid=info.uid)  # fmt: skip

    _board_work(ports, all_, "reset", job)


@main.command("collect")
@click.option("--port", "ports", multiple=True, metavar="PORT", help="A board's serial port.")
@click.option("--all", "all_", is_flag=True, help="Every connected board.")
@click.option("--out", "-o", "out", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to fill.")  # fmt: skip
def collect_cmd(ports: tuple[str, ...], all_: bool, out: Path) -> None:
    """Copy the data files pupils' programs wrote: one folder per board (its label)."""
    import re

    from atelier.inventory import Inventory
    from atelier.targets.serial import DeployResult, collect, probe

    inv = Inventory()

    def job(link):
        link.enter()
        info = probe(link)
        row = inv.board(info.uid) if info.uid else None
        name = info.label or (row.label if row else "") or info.uid or Path(link.port).name
        folder = out / re.sub(r"[^\w.-]+", "_", name).strip("_")
        got = collect(link, folder, info)
        link.soft_reboot()
        size = sum((folder / p).stat().st_size for p in got)
        msg = f"{len(got)} file(s) → {folder}" if got else "no data files"
        return DeployResult(link.port, ok=True, message=msg, label=name, files=len(got),
                            bytes=size)  # fmt: skip

    try:
        _board_work(ports, all_, "collect", job)
    finally:
        inv.close()


@main.command("history")
@click.argument("who", required=False)
@click.option("--limit", "-n", type=click.IntRange(1, 10000), default=30, show_default=True)
def history_cmd(who: str | None, limit: int) -> None:
    """Past deploys, newest first (WHO: a label, unique id or port)."""
    from atelier.inventory import Inventory

    with Inventory() as inv:
        rows = inv.history(who, limit)
    if not rows:
        console.print("no deploy recorded yet" + (f" for {who}" if who else ""))
        return
    table = Table(title="Historique / Deploy history")
    for col in ("when", "board", "label", "lesson", "result", "files", "time"):
        table.add_column(col)
    for r in rows:
        style = "green" if r["ok"] else "red"
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r["at"]))
        table.add_row(when, r["uid"] or r["port"], escape(r["label"] or "-"),
                      f"{r['lesson']} {r['version']}", f"[{style}]{escape(r['result'])}[/]",
                      str(r["files"]), f"{r['seconds']:.1f} s")  # fmt: skip
    console.print(table)


# -- sim serve ----------------------------------------------------------------------------------
@main.group("sim")
def sim_group() -> None:
    """The simulator: simulated boards for other tools."""


@sim_group.command("serve")
@click.argument("n", type=click.IntRange(1, 64), default=1)
@click.option("--board", "-b", default="microbit-v2", show_default=True, help="Board type.")
@click.option("--bps", type=click.FloatRange(min=100), default=None,
              help="Throttle each serial line to this many bytes per second.")  # fmt: skip
@click.option("--drives", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=_("micro:bits: give each one a MICROBIT drive folder in this folder "
                     "(copy a .hex there to flash it)."))  # fmt: skip
def sim_serve_cmd(n: int, board: str, bps: float | None, drives: Path | None) -> None:
    """Serve N simulated boards as serial ports speaking the MicroPython REPL.

    Prints one port per line (with --drives: the port, a tab, the board's drive folder);
    mpremote, Thonny and atelier can connect to them, and `--all` finds them. Ctrl-C stops.
    """
    import signal

    from atelier.sim.serve import serve

    def stop(*_):  # `kill` stops the boards as Ctrl-C does: VMs ended, flash folders removed
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    with serve(n, board=board, bps=bps, drives=drives) as served:
        for p, d in zip(served.ports, served.drives, strict=True):
            click.echo(p if d is None else f"{p}\t{d}")
        sys.stdout.flush()
        try:
            while served.alive():
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass


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
