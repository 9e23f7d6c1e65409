"""A plugin declared as data: its variant, roles, actions, register kinds, route templates and
the directory of council files it ships, turned into the registration hooks.

    plugin = Plugin(
        PARISH,                                   # a Variant: registered, and the scope of the rest
        roles=ROLES,
        register_kinds=(officer_interests(("clerk",), ("clerk",)),),
        councils=Path(__file__).parent / "councils",
    )

A module that declares a ``Plugin`` is still the plugin its entry point names: the registry
registers the module's own hook functions (``validate_council``, ``case_event``, the terminal
UI's hooks) together with the hooks of every ``Plugin`` declared in it, under the module's name,
and ``councilkit plugins`` lists them as one.  A ``Plugin`` may also be handed to the registry,
or named by an entry point (``"pkg:plugin"``), by itself.
"""

from __future__ import annotations

import os
import types
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs

from councilkit.model import Action, Role, Route, Variant
from councilkit.plugins.hookspecs import hookimpl
from councilkit.registers import RegisterKind

Register = Callable[..., None]


def _paths(value: str | os.PathLike[str] | Iterable[str | os.PathLike[str]] | None) -> tuple[Path, ...]:
    if value is None:
        return ()
    if isinstance(value, str | os.PathLike):
        return (Path(value),)
    return tuple(Path(v) for v in value)


@attrs.frozen(eq=False)
class Plugin:
    """A plugin as data.  Each argument it is given becomes the registration hook that registers it.

    ``variant``: a :class:`~councilkit.model.Variant` the plugin provides (``register_variants``), or
    the id of a variant another plugin provides, or None.  It is also the scope of everything else
    declared here: the roles, actions, register kinds and route templates exist only in councils
    of that variant; with None they exist in every council.  ``councils``: a directory (or several)
    of council files the plugin ships (``register_councils``).

    Only the hooks for what was given exist (``councilkit plugins`` shows them): a declaration
    without actions has no ``register_actions``.  Anything the data cannot say, such as objects of
    several scopes, is written as ordinary ``@hookimpl`` functions beside the declaration.
    """

    variant: Variant | str | None = None
    roles: tuple[Role, ...] = attrs.field(default=(), converter=tuple, kw_only=True)
    actions: tuple[Action, ...] = attrs.field(default=(), converter=tuple, kw_only=True)
    register_kinds: tuple[RegisterKind, ...] = attrs.field(default=(), converter=tuple, kw_only=True)
    routes: tuple[Route, ...] = attrs.field(default=(), converter=tuple, kw_only=True)
    councils: tuple[Path, ...] = attrs.field(default=(), converter=_paths, kw_only=True)

    @property
    def scope(self) -> str | None:
        """The variant id everything declared here is limited to, or None for every council."""
        return self.variant.id if isinstance(self.variant, Variant) else self.variant

    def hook_names(self) -> tuple[str, ...]:
        """The registration hooks this declaration implements: one for each thing it was given."""
        given = {
            "register_variants": isinstance(self.variant, Variant),
            "register_roles": self.roles,
            "register_actions": self.actions,
            "register_register_kinds": self.register_kinds,
            "register_routes": self.routes,
            "register_councils": self.councils,
        }
        return tuple(name for name, value in given.items() if value)

    def __dir__(self) -> list[str]:
        # pluggy finds hook implementations through dir(): offer only the hooks with something to register
        hooks = set(_HOOKS) - set(self.hook_names())
        return [name for name in super().__dir__() if name not in hooks]

    @hookimpl
    def register_variants(self, register: Register) -> None:
        register(self.variant)

    @hookimpl
    def register_roles(self, register: Register) -> None:
        self._register_all(register, self.roles)

    @hookimpl
    def register_actions(self, register: Register) -> None:
        self._register_all(register, self.actions)

    @hookimpl
    def register_register_kinds(self, register: Register) -> None:
        self._register_all(register, self.register_kinds)

    @hookimpl
    def register_routes(self, register: Register) -> None:
        self._register_all(register, self.routes)

    @hookimpl
    def register_councils(self, register: Register) -> None:
        for directory in self.councils:
            register(directory)

    def _register_all(self, register: Register, objects: Iterable[Any]) -> None:
        scope = self.scope
        for obj in objects:
            register(obj, variant=scope)


_HOOKS = (
    "register_variants",
    "register_roles",
    "register_actions",
    "register_register_kinds",
    "register_routes",
    "register_councils",
)


def declared_in(plugin: object) -> dict[str, Plugin]:
    """The :class:`Plugin` declarations among a plugin module's names, by name (none for other plugins)."""
    if not isinstance(plugin, types.ModuleType):
        return {}
    return {name: value for name, value in vars(plugin).items() if isinstance(value, Plugin)}
