"""The `atelier` command: parse, call, print. The work is done in the modules it calls
(atelier.commands for the class-set commands, atelier.sim, atelier.bundle, ...)."""

from __future__ import annotations

import contextlib
import math
import os
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


def _fail(message: str, code: int = 1, more: list[str] | tuple[str, ...] = ()) -> None:
    from rich.text import Text

    err_console.print(Text(_("error: "), style="bold red") + Text(message), soft_wrap=True)
    for line in more:  # the pupil's line and what the error means (atelier.explain)
        err_console.print(Text(line), soft_wrap=True)
    sys.exit(code)


class _Group(click.Group):
    """Turns user errors into one line and exit 1; our own bugs keep their traceback."""

    def invoke(self, ctx):
        from atelier.boards import BoardsError

        try:
            return super().invoke(ctx)
        except (UserError, BoardsError) as e:
            from atelier.explain import explain

            explained = explain(e)  # a program's mistake: its line and what it means
            if explained is not None:
                first, *more = explained.lines()
                _fail(first, more=more)
            _fail(str(e))
        except KeyboardInterrupt:
            err_console.print(_("interrupted (Ctrl-C)"))
            sys.exit(130)


@click.group(
    cls=_Group,
    help=_("atelier: lessons for micro:bit, Pico, ESP32 and CircuitPython kits.\n\n"
           "Run a lesson in the simulator, put it on a class set of boards, collect what the "
           "pupils wrote."),
)  # fmt: skip
@click.version_option(package_name="atelier")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    expose_value=False,
    is_eager=True,
    help=_("Language of the messages (default: the system's)."),
)
def main() -> None:
    pass


# -- lessons ----------------------------------------------------------------------------------
def _use_kit_file(ctx, param, value):
    # every command that builds a bundle (and `atelier test`'s own process) reads $ATELIER_KIT
    if value is not None:
        from atelier.kitfile import ENV

        os.environ[ENV] = str(value)
    return value


_kit_opt = click.option(
    "--kit",
    "kit_file",
    type=click.Path(dir_okay=False, path_type=Path),
    expose_value=False,
    callback=_use_kit_file,
    help=_("The school's kit.toml (how its modules are wired), if not beside the lessons."),
)


@main.command("lessons", help=_("List the lessons with their level, duration and boards."))
@click.option("--level", "school_level", metavar="CLASS",
              help=_("Only the lessons for this class: 5e, 4e, 3e (Technologie), 2de (SNT), "
                     "1re (NSI)."))  # fmt: skip
@click.option("--topic", metavar="ID",
              help=_("Only the lessons that train this competence or theme (an id of "
                     "lesson.toml's [curriculum])."))  # fmt: skip
@click.option("--part", metavar="PART",
              help=_("Only the lessons that use this kit part (servo, strip, ...)."))  # fmt: skip
@click.option("--board", metavar="BOARD", help=_("Only the lessons that run on this board."))
def lessons_cmd(school_level: str | None, topic: str | None, part: str | None,
                board: str | None) -> None:  # fmt: skip
    from atelier.curriculum import LEVELS
    from atelier.lessons import filter_lessons

    table = Table(title=_("Lessons"))
    # the id under the titles, the duration and classes under the level: 80 columns hold all
    table.add_column(_("title"), min_width=18)
    table.add_column(_("level"), no_wrap=True)
    table.add_column(_("kit parts"), min_width=9)
    table.add_column(_("boards"), min_width=18, overflow="fold")
    from atelier import i18n

    found = filter_lessons(school_level, topic, part=part, board=board)
    if not found:  # a filter no lesson meets yet: say so rather than draw an empty table
        console.print(_("No lesson matches; `atelier lessons` lists them all."))
        return
    for lesson in found:
        i = lesson.info
        first, second = (i.title.fr, i.title.en) if i18n.language == "fr" else (
            i.title.en, i.title.fr)  # fmt: skip
        classes = " ".join(x for x in LEVELS if x in i.curriculum.levels())
        level = f"{i.level}\n{i.duration_min} min\n{classes}"
        table.add_row(f"{escape(first)}\n[dim]{escape(second)}[/]\n[bold]{i.id}[/]", level,
                      ", ".join(i.hardware.parts), "\n".join(i.boards))  # fmt: skip
    console.print(table)


# -- run --------------------------------------------------------------------------------------
MAX_SECONDS = 86400.0  # one virtual day: --fast runs it in minutes, not hours


class _Finite(click.FloatRange):
    """A FloatRange that refuses nan (which compares as inside every range)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(_("{value} is not a number").format(value=value), param, ctx)
        return number


class _Seconds(click.ParamType):
    """A duration in seconds: a finite number above 0, at most one day."""

    name = "seconds"

    def convert(self, value, param, ctx):
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(_("{value} is not a number of seconds").format(value=value), param, ctx)
        if not math.isfinite(seconds) or not 0 < seconds <= MAX_SECONDS:
            self.fail(_("{value}: give a number of seconds above 0 and at most {max:.0f} (one "
                        "day)").format(value=value, max=MAX_SECONDS), param, ctx)  # fmt: skip
        return seconds


def _warn(bundle) -> None:
    from rich.text import Text

    for w in bundle.warnings:
        err_console.print(Text(w, style="yellow"), soft_wrap=True)


def _lesson_source(lesson: str):
    """A .py program, a folder with just main.py, or a lesson (folder or id)."""
    p = Path(lesson)
    if not p.exists() and p.parts[:1] == ("firmware",):  # a program atelier ships (gateway)
        from atelier.paths import firmware_dir

        p = firmware_dir().joinpath(*p.parts[1:])
    if p.suffix == ".py":
        if not p.is_file():
            raise UserError(_("{path}: no such file").format(path=lesson))
        return p
    if p.is_dir() and not (p / "lesson.toml").exists() and (p / "main.py").is_file():
        return p / "main.py"  # an ordinary program folder
    from atelier.lessons import load_lesson

    return load_lesson(lesson)


@main.command(
    "run",
    help=_("Run LESSON (a folder, a lesson id or a .py file) on a simulated board.\n\n"
           "In a terminal, keys act on the board: a / b press the buttons, left / right arrows "
           "turn the board by 15°, m puts the magnet near or away, q quits. Keys also change "
           "what the Grove modules sense: d / D brings the obstacle 5 cm nearer / farther "
           "(ultrasonic ranger), p makes someone move or stop (PIR sensor), l / L, s / S, "
           "k / K and h / H lower / raise by a step the light, the soil moisture, the knob and "
           "the humidity.\n\n"
           "--set gives them a value from the start, e.g. --set distance_cm=40 --set "
           "presence=1 --set knob=50 --set light=128 --set soil_moisture=30 --set humidity=60."),
)  # fmt: skip
@click.argument("lesson")
@_kit_opt
@click.option("--board", "-b", default="microbit-v2", show_default=True, help=_("Board type."))
@click.option("--seconds", "-s", type=_Seconds(), default=None,
              help=_("Virtual seconds to run, at most one day (default: until Ctrl-C, or 10 "
                     "with --fast)."))  # fmt: skip
@click.option("--fast", is_flag=True, help=_("Run as fast as possible, not in real time."))
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help=_("Set the simulated world, e.g. --set heading=90 --set magnet_near=1."),
)
@click.option("--boards", "count", type=int, default=1, show_default=True,
              help=_("Run the lesson on 2 to 4 boards in one world, side by side, that hear "
                     "each other's radio (or ESP-NOW); keys 1 to 4 choose the board the other "
                     "keys act on; --set sets every board's world."))  # fmt: skip
def run_cmd(
    lesson: str,
    board: str,
    seconds: float | None,
    fast: bool,
    settings: tuple[str, ...],
    count: int,
) -> None:
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle
    from atelier.sim import simulate
    from atelier.sim.terminal import LiveView

    board_type = load_boards().get(board)  # unknown board: one line listing the known ones
    source = _lesson_source(lesson)
    from atelier.sim.world import World

    world = World.parse_settings(settings)
    if count != 1:
        _check_boards(count, board_type)
    bundle = build_bundle(source, board_type)
    _warn(bundle)
    if seconds is None and fast:
        seconds = 10.0
    if count != 1:
        return _run_boards(bundle, board, count, seconds, fast, world, source)
    view = LiveView(console, live=not fast and console.is_terminal, keys=sys.stdin.isatty())
    with contextlib.ExitStack() as stack:
        own = _run_broker(bundle, view, stack, timed=not fast)  # no net.toml: a broker its own
        b = stack.enter_context(simulate(bundle, board=board, realtime=not fast,
                                         on_output=view.printed))  # fmt: skip
        where = getattr(source, "path", source)
        console.print(f"{where} · {board}", style="dim", markup=False, highlight=False,
                      soft_wrap=True)  # fmt: skip
        _say_own_broker(view, own)
        for k, v in world.items():
            setattr(b.world, k, v)
        view.attach(b)
        if (wifi := getattr(b.hardware, "wifi", None)) is not None:
            wifi.on_listen = lambda port, there: view.note(_server_line(port, there))
        try:
            with view:
                step = 1.0 if seconds is None else seconds
                while True:
                    b.run(step if seconds is None else seconds)
                    if seconds is not None or view.quit:
                        break
        finally:
            if own is not None:
                time.sleep(0.3)  # what the board published last, on its way to the run's lines
            view.ended = True
            view.summary()


def _check_boards(count: int, board_type) -> None:
    """`atelier run --boards N`: 2 to 4 boards of a type that has a radio (or ESP-NOW)."""
    if not 2 <= count <= 4:
        raise UserError(_("--boards {count}: give 2, 3 or 4 boards (1, the default, runs one "
                          "board)").format(count=count))  # fmt: skip
    if not board_type.has("radio") and "espnow" not in board_type.modules.available:
        raise UserError(_("--boards: a {board} has no radio and no ESP-NOW, its boards would "
                          "not hear each other; try --board microbit-v2 or --board esp32").format(
                              board=board_type.id))  # fmt: skip


def _run_boards(bundle, board: str, count: int, seconds, fast: bool, world, source) -> None:
    """`atelier run --boards N`: N boards running the lesson in one world (one virtual clock,
    one radio space), drawn side by side; keys act on the chosen board."""
    from atelier.sim import simulate_many
    from atelier.sim.terminal import BoardsView

    view = BoardsView(console, count, live=not fast and console.is_terminal,
                      keys=sys.stdin.isatty())  # fmt: skip
    with contextlib.ExitStack() as stack:
        own = _run_broker(bundle, view, stack, timed=not fast)  # no net.toml: one for them all
        # entered after the broker, so closed before it: their last will reaches it
        boards = stack.enter_context(simulate_many(
            [bundle] * count, board, realtime=not fast,
            on_output=[v.printed for v in view.views]))  # fmt: skip
        sim = boards[0].sim
        for b in boards:
            for k, value in world.items():
                setattr(b.world, k, value)
        where = getattr(source, "path", source)
        console.print(f"{where} · {count} × {board}", style="dim", markup=False,
                      highlight=False, soft_wrap=True)  # fmt: skip
        _say_own_broker(view, own)
        view.attach(boards)
        try:
            with view:
                while True:
                    sim.run(1.0 if seconds is None else seconds)
                    for b in boards:
                        b._raise_error()  # a board's program failed: its error, one line
                    if seconds is not None or view.quit:
                        break
        finally:
            if own is not None:
                time.sleep(0.3)  # what the boards published last, on its way to the run's lines
            view.ended = True
            view.summary()


def _run_broker(bundle, view, stack, timed: bool):
    """`atelier run` of a program that publishes with kit.net on a computer without net.toml:
    a broker of the run's own (atelier.netrun), each message shown as a line, with the board's
    time when it came (`timed`: in real time; --fast runs ahead of the messages); else None."""
    from atelier.netrun import HOST, RunBroker, needs_own_broker
    from atelier.netsettings import own_broker

    if not needs_own_broker(bundle):
        return None
    told: set[str] = set()

    def shown(topic: str, text: str) -> None:
        if view.ended:  # the board's last will as it stops: not after the run's summary
            return
        t = f"{view.board.time:7.2f} s   " if timed and view.board is not None else " " * 12
        view.note(f"{t}MQTT {topic} = {text}")
        parts = topic.split("/")
        if len(parts) == 3 and parts[2] == "etat" and parts[1] not in told:
            told.add(parts[1])  # the board's label: how to send it a command
            view.note(_("send it a command from another terminal: atelier net send "
                        "classe/{label}/cmd/NAME VALUE --broker {host}:{port}").format(
                            label=parts[1], host=HOST, port=own.port))  # fmt: skip

    own = stack.enter_context(RunBroker(shown))
    stack.enter_context(own_broker(HOST, own.port))
    return own


def _say_own_broker(view, own) -> None:
    if own is not None:
        view.note(_("no class network settings (net.toml): the board publishes to this "
                    "run's own broker (127.0.0.1:{port}), its messages are shown below; "
                    "for the class's hub: atelier net set").format(port=own.port))  # fmt: skip


def _server_line(port: int, there: int) -> str:
    """Where the computer reaches a server the simulated board listens on."""
    if port == 80:
        return _("the board's web server (its port 80): open http://127.0.0.1:{there} in a "
                 "browser on this computer").format(there=there)  # fmt: skip
    return _("the board's server on its port {port}: 127.0.0.1:{there} on this computer").format(
        port=port, there=there
    )


# -- net: the class's network settings ----------------------------------------------------------
@main.group("net", invoke_without_command=True,
            help=_("Show the class's network settings (net.toml: the Wi-Fi and the MQTT broker "
                   "of kit.net), write them (atelier net set), or send a board a command "
                   "(atelier net send). The password is never shown."))  # fmt: skip
@click.pass_context
def net_cmd(ctx: click.Context) -> None:
    if ctx.invoked_subcommand is None:
        _show_net()


def _show_net() -> None:
    from atelier.netsettings import load_net_settings, settings_file

    path = settings_file()
    settings = load_net_settings()
    if settings is None:
        console.print(_("no class network settings: {file} does not exist; write it with "
                        "atelier net set --ssid NETWORK --broker ADDRESS").format(file=path),
                      markup=False, highlight=False, soft_wrap=True)  # fmt: skip
        return
    password = _("(hidden)") if settings.password else _("(none: an open network)")
    rows = [(_("file"), str(path)), (_("Wi-Fi network"), settings.ssid),
            (_("password"), password), (_("broker"), f"{settings.broker}:{settings.port}"),
            (_("label"), settings.label or _("(each board's own)"))]  # fmt: skip
    for name, value in rows:
        console.print(f"{name}: {value}", markup=False, highlight=False, soft_wrap=True)


@net_cmd.command("set", help=_("Write net.toml: the class's Wi-Fi network and MQTT broker (the "
                               "computer running atelier hub). The password is asked for, "
                               "hidden, when --password is not given."))  # fmt: skip
@click.option("--ssid", required=True, help=_("The Wi-Fi network the boards join."))
@click.option("--password", prompt=_("Wi-Fi password (empty: an open network)"),
              hide_input=True, default="", show_default=False,
              help=_("The Wi-Fi password (else asked for, hidden)."))  # fmt: skip
@click.option(
    "--broker",
    required=True,
    help=_("The MQTT broker: HOST or HOST:PORT (the computer running atelier hub)."),
)
@click.option("--label", default="", help=_("One board's label at home (else each board's own)."))
def net_set_cmd(ssid: str, password: str, broker: str, label: str) -> None:
    from atelier.hub.broker import parse_address
    from atelier.netsettings import write_net_settings

    host, port = parse_address(broker)
    path, kept = write_net_settings(ssid, password, host, port, label)
    console.print(_("written: {file}").format(file=path), markup=False, highlight=False,
                  soft_wrap=True)  # fmt: skip
    if kept is not None:
        console.print(_("the previous settings are kept in {file}").format(file=kept),
                      markup=False, highlight=False, soft_wrap=True)  # fmt: skip
    _show_net()


@net_cmd.command("send", help=_("Publish VALUE on TOPIC (e.g. classe/poste-12/cmd/intervalle "
                                "5): a command to a board."))  # fmt: skip
@click.argument("topic")
@click.argument("value")
@click.option(
    "--broker",
    default=None,
    help=_("HOST or HOST:PORT (default: net.toml's broker, else 127.0.0.1:1883)."),
)
def net_send_cmd(topic: str, value: str, broker: str | None) -> None:
    from atelier.hub.broker import parse_address
    from atelier.netsettings import load_net_settings

    if broker is not None:
        host, port = parse_address(broker)
    elif (settings := load_net_settings()) is not None:
        host, port = settings.broker, settings.port
    else:
        host, port = "127.0.0.1", 1883
    if not topic or "#" in topic or "+" in topic:
        raise UserError(_("{topic}: not a topic to publish on (no # or +)").format(topic=topic))
    import logging

    import paho.mqtt.publish as publish

    # publish.single logs through paho's module logger, and its last loop after disconnecting
    # says "Client is not connected" there: with no handler, Python printed it on stderr
    logging.getLogger("paho.mqtt.client").addHandler(logging.NullHandler())
    logging.getLogger("paho.mqtt.client").propagate = False
    try:
        publish.single(topic, value, qos=1, hostname=host, port=port, keepalive=10)
    except OSError as e:
        raise UserError(_("MQTT broker {host}:{port} does not answer ({error})").format(
            host=host, port=port, error=e.strerror or e)) from None  # fmt: skip
    console.print(_("sent: {topic} = {value}").format(topic=topic, value=value), markup=False,
                  highlight=False, soft_wrap=True)  # fmt: skip


# -- bundle -------------------------------------------------------------------------------------
def _bundle_for(lesson: str, board: str, no_compile: bool):
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle, compile_bundle

    board_type = load_boards().get(board)
    bundle = build_bundle(_lesson_source(lesson), board_type)
    _warn(bundle)
    return bundle if no_compile else compile_bundle(bundle)


@main.command("bundle", help=_("Write the exact files deploy would put on a board of type BOARD "
                               "into --out."))  # fmt: skip
@click.argument("lesson")
@_kit_opt
@click.option("--board", "-b", required=True, help=_("Board type (see boards.toml)."))
@click.option(
    "--out",
    "-o",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=_("Folder to write."),
)
@click.option("--no-compile", is_flag=True, help=_("Keep .py sources (no .mpy)."))
def bundle_cmd(lesson: str, board: str, out: Path, no_compile: bool) -> None:
    bundle = _bundle_for(lesson, board, no_compile)
    if out.exists() and any(out.iterdir()):
        raise UserError(_("{path}: folder is not empty; choose a new folder").format(path=out))
    bundle.write(out)
    table = Table(title=f"{bundle.lesson.id if bundle.lesson else lesson} → {board}")
    table.add_column(_("file"))
    table.add_column(_("bytes"), justify="right")
    if bundle.packages:  # the libraries: which pip package each file came from
        table.add_column(_("from package"))
    for name, data in sorted(bundle.files.items()):
        row = [name, str(len(data))]
        if bundle.packages:
            row.append(bundle.packages.get(name, ""))
        table.add_row(*row)
    table.add_row(f"[b]{_('total')}[/]", f"[b]{bundle.size}[/]")
    console.print(table)
    console.print(_("written to {path}").format(path=out))


# -- class sets: flash, deploy, reset, collect, label, restore ----------------------------------
def _session():
    from atelier.commands import Session

    return Session(console, err_console)


def _exit(code: int) -> None:
    if code:
        sys.exit(code)


@main.command(
    "flash",
    help=_("Put LESSON on micro:bits: a MicroPython .hex with the lesson inside.\n\n"
           "--out writes the file (drag it onto the MICROBIT drive, or open it in "
           "python.microbit.org); --drive / --all copy it onto every MICROBIT drive at once. "
           "Flashing erases the board's files: the pupils' files are first copied to this "
           "computer over the board's serial port (atelier backups lists them)."),
)  # fmt: skip
@click.argument("lesson")
@_kit_opt
@click.option("--board", "-b", default=None,
              help=_("microbit-v2 (the default) or microbit-v1; without it, each MICROBIT drive "
                     "gets the .hex of its own version."))  # fmt: skip
@click.option("--out", "-o", "out", type=click.Path(dir_okay=False, path_type=Path),
              help=_("Write the .hex to this file."))  # fmt: skip
@click.option("--universal", is_flag=True,
              help=_("With --out: one .hex for the V1 and the V2 (as python.microbit.org "
                     "gives); the lesson must claim both."))  # fmt: skip
@click.option("--drive", "drive_paths", multiple=True, metavar="PATH",
              help=_("A mounted MICROBIT drive (repeat for several)."))  # fmt: skip
@click.option("--all", "all_", is_flag=True, help=_("Every mounted MICROBIT drive."))
@click.option(
    "--overwrite",
    is_flag=True,
    help=_("Flash even a board whose files cannot be read first (they are lost)."),
)
def flash_cmd(lesson: str, board: str, out: Path | None, universal: bool,
              drive_paths: tuple[str, ...], all_: bool, overwrite: bool) -> None:  # fmt: skip
    from atelier import commands
    from atelier.boards import load_boards
    from atelier.bundle import build_bundle
    from atelier.targets.microbit_hex import build_hex, write_hex

    if sum((out is not None, bool(drive_paths), all_)) != 1:
        raise UserError(_("say where the .hex goes: --out FILE, --drive PATH (repeatable) or "
                          "--all"))  # fmt: skip
    if universal and (out is None or board):
        raise UserError(_("--universal writes one .hex for every micro:bit version: use it "
                          "with --out FILE and without --board"))  # fmt: skip
    board_type = load_boards().get(board or "microbit-v2")
    source = _lesson_source(lesson)
    bundle = build_bundle(source, board_type)
    _warn(bundle)
    if universal:
        bundles = [bundle, build_bundle(source, load_boards().get("microbit-v1"))]
        size = write_hex(bundles, out)
        console.print(
            _(
                "{path}: {size} bytes, one .hex for the micro:bit V1 and V2; copy it onto the "
                "MICROBIT drive"
            ).format(path=out, size=size)  # fmt: skip
        )
        return
    if out is not None:
        size = write_hex(bundle, out)
        console.print(
            _(
                "{path}: {size} bytes, {n} files ({bytes} B) for {board}; copy it onto "
                "the MICROBIT drive"
            ).format(
                path=out, size=size, n=len(bundle.files), bytes=bundle.size, board=board_type.name
            )
        )
        return
    targets = commands.drives(drive_paths, all_, "microbit")
    data = build_hex(bundle).encode()
    others: dict = {}  # V1 and V2 plugged in together: each drive gets its own version's .hex
    for d in targets if board is None else ():
        if d.board_id and d.board_id not in others and d.board_id != board_type.id:
            try:
                other = build_bundle(source, load_boards().get(d.board_id))
                others[d.board_id] = (other, build_hex(other).encode())
            except UserError as e:  # e.g. the lesson does not claim that board
                others[d.board_id] = str(e)
    name = f"{bundle.lesson.id if bundle.lesson else 'program'}.hex"
    with _session() as s:
        code = commands.flash(s, bundle, data, name, targets, overwrite, others)
    _exit(code)


@main.command(
    "deploy",
    help=_("Put LESSON on boards: over their serial port, or a CIRCUITPY drive.\n\n"
           "Only what changed is sent; each file goes to a temporary name, is checked, then "
           "renamed, and the lesson's manifest is written last, so a board unplugged mid-way "
           "keeps a working set of files and the next deploy finishes the job. A file a pupil "
           "changed or added is copied to this computer before it is replaced (atelier "
           "backups); the pupils' other files stay on the board."),
)  # fmt: skip
@click.argument("lesson")
@_kit_opt
@click.option("--board", "-b", required=True, help=_("Board type (see boards.toml)."))
@click.option("--port", "ports", multiple=True, metavar="PORT",
              help=_("A board's serial port (repeat for several)."))  # fmt: skip
@click.option("--drive", "drive_paths", multiple=True, metavar="PATH",
              help=_("A mounted CIRCUITPY drive (repeat for several)."))  # fmt: skip
@click.option("--all", "all_", is_flag=True,
              help=_("Every connected board of this type (serial ports, or CIRCUITPY "
                     "drives)."))  # fmt: skip
@click.option("--no-compile", is_flag=True, help=_("Send .py sources instead of .mpy."))
def deploy_cmd(lesson: str, board: str, ports: tuple[str, ...], drive_paths: tuple[str, ...],
               all_: bool, no_compile: bool) -> None:  # fmt: skip
    from atelier import commands
    from atelier.boards import load_boards

    board_type = load_boards().get(board)

    def make_bundle(compile_: bool):
        from atelier.bundle import build_bundle, compile_bundle
        from atelier.netsettings import with_net_settings

        bundle = build_bundle(_lesson_source(lesson), board_type)
        _warn(bundle)
        bundle = with_net_settings(bundle)  # kit.net's Wi-Fi settings: onto the boards only
        return compile_bundle(bundle) if compile_ and not no_compile else bundle

    with _session() as s:
        _exit(commands.deploy(s, make_bundle, board_type, ports, drive_paths, all_))


def _targets(ports: tuple[str, ...], drive_paths: tuple[str, ...], all_: bool):
    """Serial ports and CIRCUITPY drives named, or every one plugged in (--all)."""
    from atelier import commands

    if all_ and (ports or drive_paths):
        raise UserError(_("say either --port/--drive or --all, not both"))
    drives = commands.drives(drive_paths, all_, "circuitpython", required=False)
    if all_:
        try:
            serial = commands.serial_ports((), True, None)
        except UserError:
            if not drives:
                raise
            serial = []
        return serial, drives
    if not ports and not drives:
        raise UserError(_("say which boards: --port PORT or --drive PATH (repeatable) or --all"))
    return list(dict.fromkeys(ports)), drives


_port_opt = click.option("--port", "ports", multiple=True, metavar="PORT",
                         help=_("A board's serial port (repeatable)."))  # fmt: skip
_drive_opt = click.option("--drive", "drive_paths", multiple=True, metavar="PATH",
                          help=_("A CIRCUITPY drive (repeatable)."))  # fmt: skip
_all_opt = click.option(
    "--all",
    "all_",
    is_flag=True,
    help=_("Every board plugged in (serial ports and CIRCUITPY drives)."),
)


@main.command("reset", help=_("Remove the lesson from boards and leave a harmless main.py; a "
                              "pupil's own main.py is copied to this computer first, the "
                              "pupils' other files stay."))  # fmt: skip
@_port_opt
@_drive_opt
@_all_opt
def reset_cmd(ports: tuple[str, ...], drive_paths: tuple[str, ...], all_: bool) -> None:
    from atelier import commands

    serial, drives = _targets(ports, drive_paths, all_)
    with _session() as s:
        _exit(commands.reset(s, serial, drives))


@main.command(
    "collect",
    help=_(
        "Copy what the pupils wrote (their programs and data files) "
        "into --out: one folder per board, named by its label."
    ),
)
@_port_opt
@_drive_opt
@_all_opt
@click.option(
    "--out",
    "-o",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=_("Folder to fill."),
)
def collect_cmd(ports: tuple[str, ...], drive_paths: tuple[str, ...], all_: bool,
                out: Path) -> None:  # fmt: skip
    from atelier import commands

    serial, drives = _targets(ports, drive_paths, all_)
    with _session() as s:
        _exit(commands.collect(s, serial, drives, out))


@main.command(
    "chart",
    help=_(
        "Draw a CSV file of readings (e.g. a weather station's meteo.csv, from atelier collect) "
        "as an SVG line chart: the first column (time) across, the others up."
    ),
)
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "-o",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=_("The SVG file to write (default: beside FILE, .svg)."),
)
@click.option(
    "--column",
    "column",
    metavar="NAME",
    default=None,
    help=_("Draw only this column (default: every column after the time)."),
)
def chart_cmd(csv_file: Path, out: Path | None, column: str | None) -> None:
    from atelier.chart import chart

    written = chart(csv_file, out, column)
    console.print(escape(_("chart → {file}").format(file=written)), soft_wrap=True)


@main.command("label", help=_("Name the board on PORT (a serial port or a CIRCUITPY drive), "
                              "e.g. \"Poste 12\": kept on the board and in the inventory. "
                              "Labels are unique."))  # fmt: skip
@click.argument("port")
@click.argument("name")
@click.option("--force", is_flag=True,
              help=_("Take the label from the board that has it."))  # fmt: skip
def label_cmd(port: str, name: str, force: bool) -> None:
    from atelier import commands
    from atelier.plan import clean_label
    from atelier.targets.serial import BoardError

    with _session() as s:
        try:
            uid = commands.label(s, port, name, force)
        except BoardError as e:
            raise UserError(str(e)) from None
    console.print(_("{port}: {uid} is now {label}").format(
        port=port, uid=uid[: commands.SHORT_ID] or "?", label=clean_label(name)))  # fmt: skip


@main.command("backups", help=_("The pupils' files atelier copied to this computer before "
                                "replacing them, newest first (WHO: a label, unique id or "
                                "port). atelier restore puts one back."))  # fmt: skip
@click.argument("who", required=False)
@click.option("--limit", "-n", type=click.IntRange(1, 10000), default=50, show_default=True)
def backups_cmd(who: str | None, limit: int) -> None:
    from atelier.backups import default_root
    from atelier.listing import saved_table

    with _session() as s:
        rows = s.inv.saved(who, limit)
        root = default_root(s.inv)
    if not rows:
        console.print(_("no pupil's file saved yet"))
        return
    console.print(saved_table(rows, _("Pupils' files saved")))
    console.print(_("in {folder}; atelier restore N --port PORT puts copy N back").format(
        folder=root))  # fmt: skip


@main.command("restore", help=_("Put saved copies (numbers from atelier backups) back onto a "
                                "board, or into a folder with --out."))  # fmt: skip
@click.argument("ids", nargs=-1, required=True, type=click.IntRange(1))
@click.option("--port", default=None, metavar="PORT", help=_("A board's serial port."))
@click.option("--drive", default=None, metavar="PATH", help=_("A CIRCUITPY drive."))
@click.option("--out", "-o", default=None, type=click.Path(file_okay=False, path_type=Path),
              help=_("A folder of this computer."))  # fmt: skip
def restore_cmd(ids: tuple[int, ...], port: str | None, drive: str | None,
                out: Path | None) -> None:  # fmt: skip
    from atelier import commands

    with _session() as s:
        for line in commands.restore(s, ids, port, drive, out):
            console.print(line, markup=False)


# -- boards, history ------------------------------------------------------------------------------
@main.command("boards", help=_("Boards plugged in: serial boards (asked what they run), MICROBIT "
                               "and CIRCUITPY drives. Asking a serial board stops its program "
                               "for a moment; it restarts right after."))  # fmt: skip
@click.option("--port", "ports", multiple=True, metavar="PORT",
              help=_("Also ask the board on this serial port (repeatable)."))  # fmt: skip
@click.option("--quick", is_flag=True, help=_("Do not ask the serial boards (USB ids only)."))
def boards_cmd(ports: tuple[str, ...], quick: bool) -> None:
    from atelier import listing

    table, problems = listing.boards(console, ports, quick)
    if table is None:
        console.print(_("no board found: plug one in (serial port, MICROBIT or CIRCUITPY "
                        "drive)"))  # fmt: skip
        return
    console.print(table)
    for p in problems:
        err_console.print(p, style="yellow", markup=False)


@main.command(
    "history",
    help=_(
        "Past deploys and the pupils' files saved, newest first (WHO: "
        "a label, unique id or its first characters, or a port)."
    ),
)
@click.argument("who", required=False)
@click.option("--limit", "-n", type=click.IntRange(1, 10000), default=30, show_default=True)
def history_cmd(who: str | None, limit: int) -> None:
    from atelier import listing

    if not listing.history(console, who, limit):
        console.print(_("no deploy recorded yet for {who}").format(who=who) if who
                      else _("no deploy recorded yet"))  # fmt: skip


# -- sim serve ----------------------------------------------------------------------------------
@main.group("sim", help=_("The simulator: simulated boards for other tools."))
def sim_group() -> None:
    pass


@sim_group.command("serve", help=_("Serve N simulated boards as serial ports speaking the "
                                   "MicroPython REPL.\n\nPrints one port per line (with --drives: "
                                   "the port, a tab, the board's drive folder); mpremote, Thonny "
                                   "and atelier can connect to them, and --all finds them. "
                                   "Ctrl-C stops."))  # fmt: skip
@click.argument("n", type=click.IntRange(1, 64), default=1)
@_kit_opt
@click.option("--board", "-b", default="microbit-v2", show_default=True, help=_("Board type."))
@click.option("--bps", type=_Finite(min=100, max=10_000_000), default=None,
              help=_("Throttle each serial line to this many bytes per second."))  # fmt: skip
@click.option("--drives", type=click.Path(file_okay=False, path_type=Path), default=None,
              help=_("micro:bits: give each one a MICROBIT drive folder in this folder "
                     "(copy a .hex there to flash it)."))  # fmt: skip
@click.option("--one-world", is_flag=True,
              help=_("The N boards share one world: one clock, and the micro:bits hear each "
                     "other's radio (a gateway and the pupils' boards)."))  # fmt: skip
def sim_serve_cmd(n: int, board: str, bps: float | None, drives: Path | None,
                  one_world: bool) -> None:  # fmt: skip
    import signal

    from atelier.sim.board import Sim
    from atelier.sim.serve import serve

    def stop(*_args):  # `kill` stops the boards as Ctrl-C does: VMs ended, flash folders removed
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    world = Sim(wall_budget=3600.0) if one_world else None
    with serve(n, board=board, bps=bps, drives=drives, sim=world) as served:
        for p, d in zip(served.ports, served.drives, strict=True):
            click.echo(p if d is None else f"{p}\t{d}")
        sys.stdout.flush()
        try:
            while served.alive():
                time.sleep(0.2)
        except KeyboardInterrupt:
            pass


# -- libraries ----------------------------------------------------------------------------------
@main.group("libraries", help=_("Board libraries that lessons declare (lesson.toml's libraries)."))
def libraries_group() -> None:
    pass


@libraries_group.command("install", help=_("Install micropython-lib packages from PyPI (NAME or "
                                           "NAME==VERSION), or from a downloaded .tar.gz, with "
                                           "the packages they need. pip cannot install them; "
                                           "other board libraries install with pip."))  # fmt: skip
@click.argument("packages", nargs=-1, required=True)
def libraries_install_cmd(packages: tuple[str, ...]) -> None:
    from atelier.libraries import install, libraries_dir

    for spec in packages:
        for lib in install(spec):
            console.print(_("{package} {version}: {files} in {folder}").format(
                package=lib.package, version=lib.version, files=", ".join(sorted(lib.files)),
                folder=libraries_dir()), markup=False, highlight=False)  # fmt: skip


def _check_libraries(lessons) -> None:
    """Every library each lesson declares is installed for each board it claims (one line
    naming the package and how to install it, before any test runs)."""
    from atelier.boards import load_boards
    from atelier.libraries import board_libraries

    known = load_boards()
    for lesson in lessons:
        for board_id in lesson.info.boards:
            board = known.get(board_id)
            board_libraries(lesson.libraries_for(board), board, lesson.path / "lesson.toml")


# -- test -------------------------------------------------------------------------------------
@main.command("test", help=_("Run the simulator tests of LESSONS (default: every lesson) and "
                             "report per lesson."))  # fmt: skip
@click.argument("lessons", nargs=-1)
@_kit_opt
@click.option("-k", "keyword", default=None,
              help=_("Only tests matching this pytest -k expression."))  # fmt: skip
def test_cmd(lessons: tuple[str, ...], keyword: str | None) -> None:
    from atelier import lesson_tests
    from atelier.lessons import all_lessons, load_lesson

    chosen = [load_lesson(x) for x in lessons] if lessons else all_lessons()
    _check_libraries(chosen)
    table = Table(title=_("Lesson tests"))
    for col in (_("lesson"), _("boards"), _("result"), _("time")):
        table.add_column(col)
    failed = 0
    for lesson in chosen:
        r = lesson_tests.run(lesson, keyword)
        boards = ", ".join(lesson.info.boards)
        if not r.summary:
            table.add_row(lesson.id, boards, f"[yellow]{_('no tests')}[/]", "")
        else:
            if r.output:
                console.print(f"[bold red]{lesson.id}[/]")
                console.print(r.output, markup=False, highlight=False)
            style = "green" if r.ok else "red"
            table.add_row(lesson.id, boards, f"[{style}]{escape(r.summary)}[/]",
                          f"{r.seconds:.1f} s")  # fmt: skip
        failed += not r.ok
    console.print(table)
    if failed:
        sys.exit(1)


# -- check ------------------------------------------------------------------------------------
@main.command(
    "check",
    help=_(
        "Run LESSON's tests (default: the lesson in this folder) on the "
        "pupil's main.py in the simulator, one sentence per test."
    ),
)
@click.argument("lesson", required=False)
@click.option("--board", "board", default=None,
              help=_("The board to simulate (default: the lesson's first board)."))  # fmt: skip
@click.option("--lesson-author", "author", is_flag=True,
              help=_("Check the lesson itself, for its authors: metadata, tutorials, teacher "
                     "notes, every step built and run on every board, the tests on the steps "
                     "(docs/lessons.md)."))  # fmt: skip
@click.option("--all", "every", is_flag=True,
              help=_("With --lesson-author: every lesson of the library."))  # fmt: skip
def check_cmd(lesson: str | None, board: str | None, author: bool, every: bool) -> None:
    from atelier import i18n, pupil_check
    from atelier.lessons import all_lessons, load_lesson

    if every and not author:
        raise UserError(_("--all goes with --lesson-author"))
    if author:
        _author_check(all_lessons() if every else [load_lesson(lesson or Path.cwd())], board)
        return
    chosen = load_lesson(lesson or Path.cwd())
    main_py = chosen.path / "main.py"
    if not main_py.is_file():
        raise UserError(_("{file}: no main.py to check").format(file=main_py))
    board = board or chosen.info.boards[0]
    if board not in chosen.info.boards:
        raise UserError(_("{lesson} does not run on {board}; its boards: {boards}").format(
            lesson=chosen.id, board=board, boards=", ".join(chosen.info.boards))
            + chosen.board_hint(board))  # fmt: skip
    results = pupil_check.run(chosen, main_py, board)
    for r in results:
        if r.get("explanation"):
            first, *more = r["explanation"]
            _fail(first, more=more)
    if not results:
        raise UserError(_("{lesson}: no tests to check your program with").format(
            lesson=chosen.id))  # fmt: skip
    lang = "fr" if i18n.language == "fr" else "en"
    for r in results:
        says = r.get("says") or {}
        if r["ok"]:
            console.print(f"[green]✓[/] {escape(says.get(lang) or r['test'])}")
        else:
            text = says.get(f"fail_{lang}") or says.get(lang) or r["test"]
            console.print(f"[red]✗[/] {escape(text)}")
    if not all(r["ok"] for r in results):
        sys.exit(1)


def _author_check(lessons, board: str | None) -> None:
    """One line per problem of each lesson, a ✓ line for a lesson in order; exit 1 if any."""
    from atelier.authoring import check_lesson, steps_of

    failed = 0
    for lesson in lessons:
        if board is not None and board not in lesson.info.boards:
            raise UserError(_("{lesson} does not run on {board}; its boards: {boards}").format(
                lesson=lesson.id, board=board, boards=", ".join(lesson.info.boards))
                + lesson.board_hint(board))  # fmt: skip
        with console.status(lesson.id) as status:
            problems = check_lesson(lesson, boards=[board] if board else None,
                                    progress=lambda what: status.update(escape(what)))  # fmt: skip
        for p in problems:
            console.print(f"[red]✗[/] {escape(str(p))}", soft_wrap=True)
        if problems:
            failed += 1
        else:
            console.print("[green]✓[/] " + escape(_(
                "{lesson}: complete; {steps} steps on {boards}").format(
                    lesson=lesson.id, steps=len(steps_of(lesson)),
                    boards=board or ", ".join(lesson.info.boards))), soft_wrap=True)  # fmt: skip
    if failed:
        sys.exit(1)


# -- new ----------------------------------------------------------------------------------------
@main.command("new", help=_("Write a new lesson folder NAME (its name is the lesson's id) with "
                            "both tutorials, two steps, teacher notes and tests, ready for "
                            "atelier check --lesson-author."))  # fmt: skip
@click.argument("name")
@click.option("--board", "boards", multiple=True,
              help=_("A board the lesson runs on (repeatable; default: every kit "
                     "board)."))  # fmt: skip
@click.option("--title", default=None, help=_("The lesson's title (default: from NAME)."))
def new_cmd(name: str, boards: tuple[str, ...], title: str | None) -> None:
    from atelier.scaffold import new_lesson

    folder = new_lesson(Path(name), list(boards) or None, title)
    console.print(_("{folder}: new lesson; edit it, then: atelier check --lesson-author "
                    "{folder}").format(folder=folder), markup=False, highlight=False,
                  soft_wrap=True)  # fmt: skip


# -- start --------------------------------------------------------------------------------------
@main.command("start", help=_("Start LESSON: copy it into ./lessons/<id> (the copy you edit) "
                              "with main.py as its first step, to build on with the "
                              "tutorial."))  # fmt: skip
@click.argument("lesson")
@click.option("--step", "step", type=int, default=1, show_default=True,
              help=_("Start from this step of the tutorial."))  # fmt: skip
def start_cmd(lesson: str, step: int) -> None:
    from atelier.lessons import load_lesson
    from atelier.scaffold import start_lesson

    dest = start_lesson(load_lesson(lesson), Path("lessons"), step)
    console.print(_("{folder}: your copy; follow the tutorial (atelier tutorial {lesson}), run "
                    "it (atelier run {lesson}), check it (atelier check {lesson})").format(
                        folder=dest, lesson=dest.name), markup=False, highlight=False,
                  soft_wrap=True)  # fmt: skip


# -- tutorial -----------------------------------------------------------------------------------
@main.command("tutorial", help=_("Show LESSON's tutorial (default: the lesson in this "
                                 "folder) with its steps' programs and what changed at each "
                                 "step."))  # fmt: skip
@click.argument("lesson", required=False)
@click.option("--markdown", is_flag=True, help=_("Print the Markdown itself."))
def tutorial_cmd(lesson: str | None, markdown: bool) -> None:
    from rich.markdown import Markdown

    from atelier import i18n
    from atelier.lessons import load_lesson
    from atelier.tutorial import expand

    text = expand(load_lesson(lesson or Path.cwd()), "fr" if i18n.language == "fr" else "en")
    if markdown:
        click.echo(text, nl=False)
    else:
        console.print(Markdown(text))


# -- hub ----------------------------------------------------------------------------------------
@main.command("hub", help=_(
    "The classroom hub, until Ctrl-C: an MQTT broker (or the school's, --broker), a live "
    "dashboard page of every board publishing to classe/<label>/<quantity>, and the session's "
    "readings in a SQLite file and a CSV."))  # fmt: skip
@click.option("--port", type=click.IntRange(0, 65535), default=1883, show_default=True,
              help=_("The embedded MQTT broker's port."))  # fmt: skip
@click.option("--broker", metavar="HOST[:PORT]", default=None,
              help=_("Use this MQTT broker (e.g. the school's Mosquitto) instead of the "
                     "embedded one."))  # fmt: skip
@click.option("--http-port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help=_("The dashboard's port."))  # fmt: skip
@click.option("--host", default="0.0.0.0", show_default=True,
              help=_("The address the broker and the dashboard listen on (127.0.0.1: this "
                     "computer only)."))  # fmt: skip
@click.option("--out", "-o", type=click.Path(path_type=Path), default=None,
              help=_("The session file (.sqlite), or the folder to put it in (default: "
                     "atelier's data folder)."))  # fmt: skip
@click.option("--offline-after", type=click.FloatRange(1, 3600), default=30.0,
              show_default=True, metavar="SECONDS",
              help=_("A board silent this long is shown offline."))  # fmt: skip
@click.option("--gateway", "gateways", multiple=True, is_flag=False, flag_value="auto",
              metavar="[PORT]",
              help=_("Relay the class's radio to the hub through a micro:bit on USB running "
                     "firmware/gateway: found by itself, or give its serial port (several "
                     "allowed)."))  # fmt: skip
@click.option("--group", type=click.IntRange(0, 255), default=7, show_default=True,
              help=_("The radio group the gateways listen and send on (the pupils' "
                     "radio.config(group=...))."))  # fmt: skip
def hub_cmd(port: int, broker: str | None, http_port: int, host: str, out: Path | None,
            offline_after: float, gateways: tuple[str, ...], group: int) -> None:  # fmt: skip
    from atelier.hub.service import HubOptions, run_hub

    if "auto" in gateways:  # `--gateway` alone: the micro:bit saying the gateway's banner
        from atelier.hub.gateway import find_gateway

        found = find_gateway().device
        console.print(_("gateway micro:bit found on {port}").format(port=found), markup=False,
                      highlight=False, soft_wrap=True)  # fmt: skip
        gateways = tuple(dict.fromkeys(found if g == "auto" else g for g in gateways))
    options = HubOptions(port=port, host=host, broker=broker, http_port=http_port,
                         http_host=host, out=out, offline_after=offline_after,
                         gateways=gateways, group=group)  # fmt: skip
    run_hub(options, say=lambda line: console.print(line, markup=False, highlight=False,
                                                    soft_wrap=True))  # fmt: skip


# -- site ---------------------------------------------------------------------------------------
@main.group("site", help=_("The lesson library as a static website, in French and English, that "
                           "works opened from disk or from any web server."))  # fmt: skip
def site_group() -> None:
    pass


@site_group.command("build", help=_("Build the site of every lesson of the library and of the "
                                    "LESSON_DIR folders given (a pupil's or a teacher's own "
                                    "lessons)."))  # fmt: skip
@click.argument("lesson_dirs", nargs=-1, metavar="[LESSON_DIR]...")
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), default=Path("site"),
              show_default=True, help=_("The folder to write the site into."))  # fmt: skip
@click.option("--no-downloads", "no_downloads", is_flag=True,
              help=_("Leave out the .hex files and zips: a quicker build, to read the pages "
                     "while writing a lesson."))  # fmt: skip
def site_build_cmd(lesson_dirs: tuple[str, ...], out: Path, no_downloads: bool) -> None:
    from atelier.site.build import build_site

    t0 = time.perf_counter()
    result = build_site(out, [Path(d) for d in lesson_dirs], downloads=not no_downloads)
    console.print(_("{folder}: {lessons} lessons, {pages} pages, {size:.1f} MB (of which "
                    "downloads {downloads:.1f} MB) in {seconds:.1f} s; open {index} or serve "
                    "it: atelier site serve {folder}").format(
                        folder=result.out, lessons=len(result.lessons), pages=result.pages,
                        size=result.size / 1e6, downloads=result.downloads_size / 1e6,
                        seconds=time.perf_counter() - t0, index=result.out / "index.html"),
                  markup=False, highlight=False, soft_wrap=True)  # fmt: skip
    for lesson, board, command in result.missing:  # the site is built; these are not in it
        console.print(_("warning: {lesson} [{board}]: no download (a board library is missing "
                        "on this computer); install it with: {command}, then build again")
                      .format(lesson=lesson, board=board, command=command),
                      markup=False, highlight=False, soft_wrap=True)  # fmt: skip


@site_group.command("serve", help=_("Serve the built site DIR on this computer (default: ./site) "
                                    "until Ctrl-C."))  # fmt: skip
@click.argument("folder", required=False, type=click.Path(path_type=Path), default=Path("site"),
                metavar="[DIR]")  # fmt: skip
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help=_("The port to serve on (0: any free port)."))  # fmt: skip
@click.option("--host", default="127.0.0.1", show_default=True,
              help=_("The address to listen on (0.0.0.0: the pupils' computers "
                     "too)."))  # fmt: skip
def site_serve_cmd(folder: Path, port: int, host: str) -> None:
    from atelier.site.serve import address, make_server

    server = make_server(folder, port, host)
    console.print(_("Serving {folder} at {url} (Ctrl-C stops)").format(
        folder=folder, url=address(server)), markup=False, highlight=False,
        soft_wrap=True)  # fmt: skip
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
