"""How boards.toml's problems are worded: a value as it is written in TOML, and a pydantic
error turned into our one line, "what is wrong; what to do"::

    for error in root_causes(validation_error.errors()):
        path, message = describe_error(error, table, error_path(error, table), Board, where)
    dotted(("boards", "pico", "sensors", 2, "bus"))  # "boards.pico.sensors[2].bus"
    show_numbers({0, 1, 2, 3, 5})  # "0-3, 5"

Nothing here knows a particular board or model: the model classes come in as arguments.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Mapping
from typing import Annotated, Any, Union

from pydantic import BaseModel

from atelier.i18n import _
from atelier.tomlines import KeyPath

_NAME_NUMBER = re.compile(r"^([A-Za-z_]+)(\d+)$")


def hex_value(value: int) -> str:
    return f"0x{value:02X}" if value >= 0 else str(value)


def kind_of(value: Any) -> str:
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


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[...]"
    if isinstance(value, dict):
        return "{...}"
    return str(value)


def dotted(path: KeyPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            name = part if re.match(r"^[A-Za-z0-9_-]+$", part) else toml_value(part)
            out += f".{name}" if out else name
    return out


def show_numbers(numbers: frozenset[int] | set[int]) -> str:
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


def show_names(names: frozenset[str] | set[str]) -> str:
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


def _field_names(model: type[BaseModel], root: type[BaseModel]) -> list[str]:
    # the root (Board) has its `id` from the table's name, not from a key
    return [name for name in model.model_fields if not (model is root and name == "id")]


def _choices(expected: str) -> str:
    # pydantic writes "'a', 'b' or 'c'"; TOML users write "a", "b", "c".
    return ", ".join(toml_value(choice) for choice in re.findall(r"'([^']*)'", expected))


def describe_error(
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
                table=dotted((*where, *path))
            )
        return path, _("required key is missing; add `{key} = ...` to [{table}]").format(
            key=path[-1], table=dotted((*where, *path[:-1]))
        )
    if kind == "extra_forbidden":
        parent = _model_at(root, raw, path[:-1])
        known = ", ".join(_field_names(parent, root)) if parent else "?"
        return path, _("unknown key; known keys: {known}").format(known=known)
    if kind == "union_tag_invalid":
        # "name" is the tag of the plain-string variants, not a kind anyone writes.
        expected = _choices(ctx.get("expected_tags", "").replace("'name'", ""))
        message = _("kind {kind} is not known; use one of: {expected}").format(
            kind=toml_value(ctx.get("tag")), expected=expected
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
        ).format(kind=kind_of(value), value=toml_value(value))
    if kind == "literal_error":
        return path, _("{value} is not allowed; use one of: {choices}").format(
            value=toml_value(value), choices=_choices(ctx["expected"])
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
            what=wanted[0], kind=kind_of(value), value=toml_value(value), fix=wanted[1]
        )
    if kind == "too_short":
        return path, _("is empty; list at least one entry")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = _bound(kind, ctx)
        return path, _("{bound}, got {value}; change the number").format(
            bound=bound, value=toml_value(value)
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


def root_causes(errors: list[Any]) -> list[Any]:
    # A list whose only item is invalid is also reported "too short": keep the item's error.
    def inside(error: Any, other: Any) -> bool:
        loc = tuple(error["loc"])
        return other is not error and tuple(other["loc"])[: len(loc)] == loc

    return [
        error
        for error in errors
        if error["type"] != "too_short" or not any(inside(error, other) for other in errors)
    ]


def error_path(error: Any, raw: Any) -> KeyPath:
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
