"""The value types of boards.toml's fields, each with the check that gives a one-line problem::

    class Bus(BaseModel):
        name: BusName  # "i2c0"
        scl: Pin  # 15 or "GP15"
        freq: Frequency

Scalars are strict: TOML already has types, so "20480" (a string) where a size is expected is a
mistake to report, not something to coerce silently. Pin lists ("0-19, 21-23", ["GP0-GP22"])
are read here into sets of pin ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainValidator, StrictInt, StrictStr

from atelier.boards.wording import hex_value, kind_of, toml_value
from atelier.i18n import _

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_MODULE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+){1,2}$")
_CHIP = re.compile(r"^[A-Z][A-Z0-9]*$")
_BUS = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


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
                value=hex_value(value)
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
        raise ValueError(message.format(value=hex_value(value), address=hex_value(value >> 1)))
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
                value=toml_value(value)
            )
        )
    return value


def _pattern(regex: re.Pattern[str], what: Callable[[], str], example: str) -> Any:
    # `what` is called when a value fails, so the message is in the language of that moment
    def check(value: str) -> str:
        if not regex.match(value):
            raise ValueError(
                _("{value} is not {what}; write it like {example}").format(
                    value=toml_value(value), what=what(), example=example
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
                    _("{value} is listed twice; remove one").format(value=toml_value(value))
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
            ).format(kind=kind_of(value), value=toml_value(value))
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
ModuleName = Annotated[StrictStr, _pattern(_MODULE, lambda: _("a module name"), '"utime"')]
Capability = Annotated[StrictStr, _pattern(_IDENT, lambda: _("a capability name"), '"radio"')]
ChipName = Annotated[StrictStr, _pattern(_CHIP, lambda: _("a chip part number"), '"BMP280"')]
BusName = Annotated[StrictStr, _pattern(_BUS, lambda: _("a bus name"), '"i2c0"')]
Frequency = Annotated[StrictInt, AfterValidator(_frequency)]
# a list where each entry may appear once: checked before conversion, so even where it becomes
# a set
Unique = BeforeValidator(_unique)

_NUMBERS = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$")
# "GP0-GP22": GP0, GP1, ..., GP22; "P0_00-P0_31": P0_00, P0_01, ... (zero-padded as written)
_NAME_RANGE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*?)(\d+)-\1(\d+)$")


def _name_run(match: re.Match) -> list[str]:
    prefix, first, last = match.group(1), match.group(2), int(match.group(3))
    width = len(first) if first.startswith("0") else 0
    return [f"{prefix}{n:0{width}d}" for n in range(int(first), last + 1)]


def _pin_numbers(value: Any) -> frozenset[int]:
    """The pin numbers "0-19, 21-23, 32" lists ("" lists none)."""
    problem = ValueError(
        _('{value} is not a list of pin numbers; write ranges like "0-19, 21-23"').format(
            value=toml_value(value)
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
            ).format(kind=kind_of(value), value=toml_value(value))
        )
    out: set[str] = set()
    for item in value:
        match = _NAME_RANGE.match(item) if isinstance(item, str) else None
        if match and int(match.group(2)) <= int(match.group(3)):
            out.update(_name_run(match))
        elif isinstance(item, str) and _IDENT.match(item):
            out.add(item)
        else:
            raise ValueError(
                _(
                    '{value} is not a pin name or a range of names; write e.g. "LED" or "GP0-GP22"'
                ).format(value=toml_value(item))
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
            return _name_run(names)
        if _IDENT.match(item):
            return [item]
    raise ValueError(
        _(
            '{value} is not a pin id or a range of them; write e.g. 25, "0-22", "LED" or '
            '"GP0-GP22"'
        ).format(value=toml_value(item))
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
            ).format(kind=kind_of(value), value=toml_value(value), example=example)
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
                        first=toml_value(group[0]),
                        count=len(runs[0]),
                        other=toml_value(item),
                        other_count=len(run),
                    )
                )
        out.extend(zip(*runs, strict=True))
    return tuple(out)


PinNumbers = Annotated[frozenset[int], BeforeValidator(_pin_numbers)]
PinNames = Annotated[frozenset[str], BeforeValidator(_pin_names)]
SamePins = Annotated[tuple[tuple[int | str, ...], ...], BeforeValidator(_same_pins)]


def _pin_ids_list(value: Any) -> frozenset[int | str]:
    """Numbers as "0-4, 10", or an array of ids and ranges: [26, "A1-A6", "LIGHT"]."""
    if isinstance(value, str):
        return _pin_numbers(value)
    if not isinstance(value, list):
        raise ValueError(
            _(
                'expected pin numbers like "0-4, 10" or an array of pin ids, got {kind} {value}; '
                'write e.g. "26-28" or ["A1-A6"]'
            ).format(kind=kind_of(value), value=toml_value(value))
        )
    return frozenset(pin for item in value for pin in _pin_ids(item))


PinIds = Annotated[frozenset[int | str], BeforeValidator(_pin_ids_list)]
