"""The council file format (schema 1): TOML tables <-> model objects, with cattrs.

The converter is strict: a number where text belongs, text where a date
belongs, or an unknown key is an error, never silently coerced.  Errors come
back as ``(path, message)`` pairs, where ``path`` is the key's place in the
document (``("rule", 3, "cite")``) so the loader can name its line.

The format itself is documented in ``docs/schema.md``.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from typing import Any

import attrs
import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, override

from councilkit.model import (
    Adviser,
    Clause,
    Example,
    Expectation,
    Obligation,
    Protocol,
    Relation,
    RouteExample,
    Rule,
    Step,
    StepOutcome,
    Value,
)
from councilkit.registers import Clock, Field, FieldRule, RegisterKind, RegisterUse

SCHEMA_VERSION = 1

Path = tuple[str | int, ...]


@attrs.frozen
class Header:
    """The top-level keys of a council file, apart from the arrays of tables."""

    schema: int
    id: str
    name: str
    tier: str
    nation: str
    variant: str
    protocol: Protocol
    adviser: Adviser | None = None
    titles: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class RoleEntry:
    """``[[role]]``: a new role for this council, or an existing role's title and citation."""

    id: str
    title: str | None = None
    kind: str | None = None
    is_a: tuple[str, ...] = ()
    description: str = ""
    cite: tuple[str, ...] = ()
    single: bool | None = None


@attrs.frozen
class RouteEntry:
    """``[[route]]``: a route written out in full, or adopted from a plugin's template."""

    id: str
    cite: tuple[str, ...]
    template: str | None = None
    raised_by: tuple[str, ...] | None = None
    about: tuple[str, ...] | None = None
    matters: tuple[str, ...] | None = None
    steps: tuple[Step, ...] | None = None
    title: str = ""
    description: str = ""


#: array-of-tables key in the file -> class of each element
ARRAYS: dict[str, type] = {
    "role": RoleEntry,
    "clause": Clause,
    "expectation": Expectation,
    "rule": Rule,
    "route": RouteEntry,
    "register": RegisterUse,
    "register_kind": RegisterKind,
    "example": Example,
    "relation": Relation,
    "route_example": RouteExample,
}

#: attribute name -> key in the file, where they differ
_RENAMES: dict[type, dict[str, str]] = {
    RouteEntry: {"steps": "step"},
    RegisterKind: {"fields": "field", "rules": "rule", "clocks": "clock", "settings": "setting"},
}
#: attributes that are derived, never read from a file
_OMIT: dict[type, tuple[str, ...]] = {Clause: ("children",), Protocol: ("clauses",)}

_TYPE_WORDS = {str: "text in quotes", int: "a whole number", bool: "true or false"}


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, dt.datetime):
        return f"a date and time ({value.isoformat()})"
    if isinstance(value, dt.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _strict(kind: type) -> Any:
    def structure(value: object, _: Any) -> Any:
        if type(value) is not kind:
            raise ValueError(f"expected {_TYPE_WORDS[kind]}, got {_describe(value)}")
        return value

    return structure


def _date(value: object, _: Any) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    hint = ""
    if isinstance(value, str):
        hint = " (write a TOML date without quotes, e.g. 2020-06-15)"
    raise ValueError(f"expected a date like 2020-06-15, got {_describe(value)}{hint}")


def _str_tuple(value: object, _: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise ValueError(f"expected a list of text, got {_describe(value)}")
    errors = []
    for i, item in enumerate(value):
        if not isinstance(item, str):
            exc = ValueError(f"expected text in quotes, got {_describe(item)}")
            exc.__notes__ = [_Index(i)]  # type: ignore[attr-defined]
            errors.append(exc)
    if errors:
        raise IterableValidationError("list of text", errors, tuple)
    return tuple(value)


def _value(value: object, _: Any) -> Value:
    scalar = (bool, int, str)
    if isinstance(value, scalar):
        return value  # type: ignore[return-value]
    if isinstance(value, list) and value and all(isinstance(v, scalar) for v in value):
        return tuple(value)
    raise ValueError(f"expected true/false, a number, text or a list of them, got {_describe(value)}")


def _table_error(value: object) -> Any:
    raise ValueError(f"expected a table such as {{ urgent = true }}, got {_describe(value)}")


def _list_of(value: object, _: Any) -> list[Any]:
    if not isinstance(value, list):
        raise ValueError(f"expected a list of tables, got {_describe(value)}")
    return value


class _Index(str):
    """A note marking which element of a list an error is about."""

    def __new__(cls, index: int) -> _Index:
        obj = super().__new__(cls, f"index {index}")
        obj.index = index  # type: ignore[attr-defined]
        return obj


def make_converter() -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    for kind in (str, int, bool):
        conv.register_structure_hook(kind, _strict(kind))
    conv.register_structure_hook(dt.date, _date)
    conv.register_structure_hook_func(lambda t: t == tuple[str, ...], _str_tuple)
    conv.register_structure_hook_func(lambda t: t == Value, _value)
    conv.register_structure_hook_func(
        lambda t: t == tuple[dict[str, Value], ...],
        lambda value, t: tuple(
            _structure_dict(conv, v, dict[str, Value]) if isinstance(v, dict) else _table_error(v)
            for v in (value if isinstance(value, list) else [value])
        ),
    )
    for cls in {*ARRAYS.values(), Header, Protocol, Step, StepOutcome, Obligation, Field, FieldRule, Clock, Adviser}:
        overrides = {a: override(rename=k) for a, k in _RENAMES.get(cls, {}).items()}
        overrides |= {a: override(omit=True) for a in _OMIT.get(cls, ())}
        conv.register_structure_hook(
            cls, make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True, **overrides)
        )

    # lists of tables must be lists: cattrs would otherwise iterate a table's keys
    def is_table_tuple(t: Any) -> bool:
        args = typing.get_args(t)
        return (
            typing.get_origin(t) is tuple
            and len(args) == 2
            and args[1] is Ellipsis
            and attrs.has(args[0])
        )

    def table_tuple(value: object, t: Any) -> tuple[Any, ...]:
        items = _list_of(value, t)
        element = typing.get_args(t)[0]
        errors, out = [], []
        for i, item in enumerate(items):
            try:
                out.append(conv.structure(item, element))
            except Exception as exc:
                exc.__notes__ = [*getattr(exc, "__notes__", []), _Index(i)]
                errors.append(exc)
        if errors:
            raise IterableValidationError(f"list of {element.__name__}", errors, tuple)
        return tuple(out)

    conv.register_structure_hook_func(is_table_tuple, table_tuple)

    def must_be_table(value: object, t: Any) -> Any:
        if not isinstance(value, dict):
            raise ValueError(f"expected a table, got {_describe(value)}")
        return value

    conv.register_structure_hook_func(
        lambda t: typing.get_origin(t) is dict,
        lambda value, t: _structure_dict(conv, must_be_table(value, t), t),
    )
    return conv


def _structure_dict(conv: cattrs.Converter, value: dict[str, Any], t: Any) -> dict[str, Any]:
    _, value_type = typing.get_args(t)
    errors, out = [], {}
    for k, v in value.items():
        try:
            out[k] = conv.structure(v, value_type)
        except Exception as exc:
            exc.__notes__ = [*getattr(exc, "__notes__", []), _Key(k)]
            errors.append(exc)
    if errors:
        raise IterableValidationError("table", errors, dict)
    return out


class _Key(str):
    def __new__(cls, key: str) -> _Key:
        obj = super().__new__(cls, f"key {key!r}")
        obj.key = key  # type: ignore[attr-defined]
        return obj


def toml_keys(cls: type) -> list[str]:
    """The keys a table of ``cls`` may have, as written in a file."""
    renames = _RENAMES.get(cls, {})
    omit = _OMIT.get(cls, ())
    return [renames.get(a.name, a.name) for a in attrs.fields(cls) if a.init and a.name not in omit]


def required_keys(cls: type) -> list[str]:
    renames = _RENAMES.get(cls, {})
    return [
        renames.get(a.name, a.name)
        for a in attrs.fields(cls)
        if a.init and a.default is attrs.NOTHING and a.name not in _OMIT.get(cls, ())
    ]


def _step(exc: BaseException) -> str | int | None:
    for note in getattr(exc, "__notes__", ()):
        if hasattr(note, "name"):
            return note.name  # AttributeValidationNote
        if hasattr(note, "index"):
            return note.index
        if hasattr(note, "key"):
            return note.key
    return None


def _toml_name(cls: type | None, attribute: str | int) -> str | int:
    if cls is None or not isinstance(attribute, str):
        return attribute
    return _RENAMES.get(cls, {}).get(attribute, attribute)


def explain(exc: BaseException, path: Path = (), cls: type | None = None) -> Iterator[tuple[Path, str]]:
    """Flatten a cattrs error into ``(path, message)`` pairs a person can act on."""
    if isinstance(exc, ForbiddenExtraKeysError):
        allowed = ", ".join(toml_keys(exc.cl)) if attrs.has(exc.cl) else ""
        for key in sorted(exc.extra_fields):
            yield (*path, key), f"unknown key {key!r}" + (f"; allowed keys: {allowed}" if allowed else "")
        return
    if isinstance(exc, ClassValidationError):
        for sub in exc.exceptions:
            step = _step(sub)
            sub_path = path if step is None else (*path, _toml_name(exc.cl, step))
            yield from explain(sub, sub_path, _attr_type(exc.cl, step))
        return
    if isinstance(exc, IterableValidationError):
        for sub in exc.exceptions:
            step = _step(sub)
            sub_path = path if step is None else (*path, step)
            yield from explain(sub, sub_path, cls)
        return
    if isinstance(exc, KeyError):
        yield path, "missing required key " + repr(path[-1] if path else exc.args[0])
        return
    yield path, str(exc)


def _attr_type(cls: type, name: object) -> type | None:
    if not isinstance(name, str) or not attrs.has(cls):
        return None
    for a in attrs.fields(cls):
        if a.name == name:
            t = a.type
            args = typing.get_args(t)
            if args and attrs.has(args[0]):
                return args[0]
            return t if isinstance(t, type) and attrs.has(t) else None
    return None


converter = make_converter()
