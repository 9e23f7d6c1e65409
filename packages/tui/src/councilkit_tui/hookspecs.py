"""Hooks the terminal UI adds to councilkit's plugin manager.

A plugin (entry-point group ``councilkit``) may implement these alongside the
SDK's hooks.  Like those, they take a ``register`` callback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import pluggy

from councilkit.plugins import PROJECT

hookspec = pluggy.HookspecMarker(PROJECT)


@attrs.frozen
class ScreenSpec:
    """A screen a plugin adds: reachable from the command palette as "Go to <title>"."""

    name: str
    title: str
    factory: Callable[[], Any]
    description: str = ""


@hookspec
def register_screens(register):  # type: ignore[no-untyped-def]
    """Add screens: ``register(ScreenSpec(name, title, factory))``; factory returns a Textual Screen."""


@hookspec
def register_commands(register):  # type: ignore[no-untyped-def]
    """Add command palette providers: ``register(ProviderClass)`` (a ``textual.command.Provider``)."""
