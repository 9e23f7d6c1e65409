"""Package namespaces whose names load their module when first used.

Each domain package (``councilkit.cases``, ``councilkit.registers``, ...) names its public
objects in its ``__init__`` and where they live; importing the package imports none of
them, so that a command, or the terminal UI's first frame, pays only for what it uses.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(namespace: dict[str, Any], names: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for a package, given its ``globals()``: ``names`` maps each
    public name to the module (relative to the package) that defines it."""
    package = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *names})

    return __getattr__, __dir__
