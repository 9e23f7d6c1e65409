"""``attrs.define`` and ``attrs.frozen``, each class given a ``__repr__`` shared by all of them.

attrs compiles a ``__repr__`` for every class it makes (a piece of source run through ``compile``),
which is about a third of what making a class costs: with some eighty classes made before the
terminal UI's Home shows what needs attention, and thirty-odd for ``councilkit check``, that is
milliseconds of every start.  The ``__repr__`` here is one function, made for each class from its
fields when the class is made, that prints what attrs' own prints: ``Name(field=value, ...)``, the
fields and per-field ``repr`` options attrs uses, ``...`` for an object already being printed.
Everything else (``__init__``, ``__eq__``, ``__hash__``, slots, pickling, cattrs) is attrs' own.
A class that defines its own ``__repr__``, or passes ``repr=``, is left to attrs as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform

import attrs

C = TypeVar("C", bound=type)

#: the objects being printed on this thread, so that one that contains itself prints as ``...``
_printing = threading.local()


def _repr_for(cls: type) -> Callable[[Any], str]:
    shown = tuple((a.name, a.repr, a.init) for a in attrs.fields(cls) if a.repr is not False)

    def __repr__(self: Any) -> str:
        try:
            seen = _printing.seen
        except AttributeError:
            seen = _printing.seen = set()
        if id(self) in seen:
            return "..."
        seen.add(id(self))
        try:
            parts = []
            for name, how, init in shown:
                value = getattr(self, name) if init else getattr(self, name, attrs.NOTHING)
                parts.append(f"{name}={value!r}" if how is True else f"{name}={how(value)}")
            return f"{self.__class__.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
        finally:
            seen.discard(id(self))

    __repr__.__qualname__ = f"{cls.__qualname__}.__repr__"
    return __repr__


def _make(maker: Callable[..., Any], maybe_cls: type | None, options: dict[str, Any]) -> Any:
    def wrap(cls: C) -> C:
        if "repr" in options or "__repr__" in cls.__dict__:
            return maker(cls, **options)
        made = maker(cls, repr=False, **options)
        made.__repr__ = _repr_for(made)
        return made

    return wrap if maybe_cls is None else wrap(maybe_cls)


@dataclass_transform(frozen_default=True, field_specifiers=(attrs.field,))
def frozen(maybe_cls: type | None = None, **options: Any) -> Any:
    """``attrs.frozen``, with the shared ``__repr__``."""
    return _make(attrs.frozen, maybe_cls, options)


@dataclass_transform(field_specifiers=(attrs.field,))
def define(maybe_cls: type | None = None, **options: Any) -> Any:
    """``attrs.define``, with the shared ``__repr__``."""
    return _make(attrs.define, maybe_cls, options)
