"""Loading plugins and collecting what they register.

Plugins are found through the entry-point group ``councilkit``.  The
environment variable ``COUNCILKIT_LOAD_PLUGINS`` limits which load: a comma
list of entry-point or distribution names; set but empty means none.  Core's
own vocabulary (:mod:`councilkit.plugins.builtin`) always loads.

A plugin that fails to import, or raises inside a registration hook, is
skipped and reported (``councilkit plugins`` shows the error); everything it
registered is discarded so that no council sees half a plugin.

**Discovery is cached** (:mod:`councilkit.plugins.discovery`): which plugins are installed is
kept on disk and found again only when something installed changes, so that a command whose
council is in the compiled-council cache loads no plugin at all.
"""

from __future__ import annotations

import functools
import importlib
import os
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import attrs
import pluggy

from councilkit import settings
from councilkit.model import Action, Role, Route, Variant
from councilkit.plugins import hookspecs
from councilkit.plugins.declared import declared_in
from councilkit.plugins.discovery import (  # noqa: F401  (their old home: still importable from here)
    ENTRY_POINT_GROUP,
    Discovered,
    FoundEntryPoint,
    discovered,
    forget,
    installed_fingerprint,
    read_cache_file,
    registered_council_dirs,
    write_cache_file,
)
from councilkit.registers import RegisterKind

LOAD_ENV = settings.LOAD_PLUGINS_ENV

#: registration hook name -> the class of object it accepts
REGISTRATION_HOOKS: dict[str, type] = {
    "register_variants": Variant,
    "register_roles": Role,
    "register_actions": Action,
    "register_register_kinds": RegisterKind,
    "register_routes": Route,
    "register_councils": Path,
}
_KIND_NAMES = {
    Variant: "variant",
    Role: "role",
    Action: "action",
    RegisterKind: "register kind",
    Route: "route template",
    Path: "council directory",
}
#: registration hooks whose ``register`` takes no ``variant=``
_UNSCOPED = ("register_variants", "register_councils")


@attrs.frozen
class PluginInfo:
    """What ``councilkit plugins`` shows for one plugin."""

    name: str
    distribution: str | None
    version: str | None
    hooks: tuple[str, ...]
    status: str  # "loaded" | "failed" | "disabled"
    error: str | None = None
    builtin: bool = False
    #: the directories of council files the plugin ships (its ``register_councils``)
    councils: tuple[str, ...] = ()


@attrs.frozen
class Registration:
    obj: Any
    variant: str | None
    plugin: str


def allowed_plugins() -> set[str] | None:
    """Names allowed by ``COUNCILKIT_LOAD_PLUGINS``; None when the variable is unset."""
    return settings.allowed_plugins()


def _short_error(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({frames[-1].filename}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


class Registry:
    """Everything the loaded plugins registered, checked for clashes."""

    def __init__(self) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.plugins: list[PluginInfo] = []
        self.problems: list[str] = []
        self.variants: dict[str, Registration] = {}
        # (variant or None, id) -> Registration
        self.roles: dict[tuple[str | None, str], Registration] = {}
        self.actions: dict[tuple[str | None, str], Registration] = {}
        self.register_kinds: dict[tuple[str | None, str], Registration] = {}
        self.routes: dict[tuple[str | None, str], Registration] = {}
        # resolved directory -> Registration, in the order the plugins registered them
        self.councils: dict[Path, Registration] = {}

    # building -------------------------------------------------------------
    @classmethod
    def build(
        cls,
        extra: Iterable[tuple[str, object]] = (),
        *,
        entry_points: bool = True,
    ) -> Registry:
        """Load the built-in vocabulary, installed plugins and any ``extra`` (name, plugin)."""
        from councilkit.plugins import builtin

        registry = cls()
        registry.add(builtin, "councilkit", builtin=True)
        if entry_points:
            registry._load_entry_points()
        for name, plugin in extra:
            registry.add(plugin, name)
        registry._check_scopes()
        return registry

    def _load_entry_points(self) -> None:
        allowed = allowed_plugins()
        for ep in discovered().entry_points:
            dist, version = ep.distribution, ep.version
            if allowed is not None and ep.name not in allowed and dist not in allowed:
                self.plugins.append(PluginInfo(ep.name, dist, version, (), "disabled"))
                continue
            try:
                plugin = _load(ep.value)
            except Exception as exc:  # a broken plugin must never stop the app
                self.plugins.append(
                    PluginInfo(ep.name, dist, version, (), "failed", _short_error(exc))
                )
                continue
            self.add(plugin, ep.name, distribution=dist, version=version)

    def add(
        self,
        plugin: object,
        name: str,
        *,
        distribution: str | None = None,
        version: str | None = None,
        builtin: bool = False,
    ) -> PluginInfo:
        """Register one plugin: a module or an object with hook functions, or a declared
        :class:`~councilkit.plugins.declared.Plugin`.  A module's declarations are registered with
        it, under its name."""
        if builtin:
            distribution, version = "councilkit", discovered().councilkit_version
        # the parts pluggy registers: the plugin, and the declarations a module holds
        parts = {name: plugin, **{f"{name}.{attr}": d for attr, d in declared_in(plugin).items()}}
        registered: list[object] = []
        try:
            for part_name, part in parts.items():
                self.manager.register(part, name=part_name)
                registered.append(part)
        except Exception as exc:
            for part in registered:
                self.manager.unregister(part)
            info = PluginInfo(name, distribution, version, (), "failed", _short_error(exc))
            self.plugins.append(info)
            return info
        hooks = tuple(sorted({
            h.name for part in registered for h in self.manager.get_hookcallers(part) or () if h.name
        }))
        staged: list[tuple[str, Registration]] = []
        try:
            for hook_name, expected in REGISTRATION_HOOKS.items():
                for impl in getattr(self.manager.hook, hook_name).get_hookimpls():
                    if any(impl.plugin is part for part in registered):
                        impl.function(register=self._stager(staged, hook_name, expected, name))
        except Exception as exc:
            for part in registered:
                self.manager.unregister(part)
            info = PluginInfo(name, distribution, version, hooks, "failed", _short_error(exc))
            self.plugins.append(info)
            return info
        for hook_name, registration in staged:
            self._commit(hook_name, registration)
        councils = tuple(str(r.obj) for h, r in staged if h == "register_councils")
        info = PluginInfo(name, distribution, version, hooks, "loaded", builtin=builtin, councils=councils)
        self.plugins.append(info)
        return info

    @staticmethod
    def _stager(
        staged: list[tuple[str, Registration]], hook_name: str, expected: type, plugin: str
    ) -> Callable[..., None]:
        def register(obj: object, variant: str | None = None) -> None:
            if expected is Path and isinstance(obj, str | os.PathLike):
                obj = Path(obj)
                if not obj.is_dir():
                    raise NotADirectoryError(f"register_councils: {obj} is not a directory")
            if not isinstance(obj, expected):
                raise TypeError(
                    f"{hook_name} registers {_KIND_NAMES[expected]} objects "
                    f"({expected.__module__}.{expected.__name__}), not {type(obj).__name__}"
                )
            if hook_name in _UNSCOPED and variant is not None:
                raise TypeError(f"{hook_name} takes no variant= argument")
            staged.append((hook_name, Registration(obj, variant, plugin)))

        return register

    def _commit(self, hook_name: str, reg: Registration) -> None:
        kind = _KIND_NAMES[REGISTRATION_HOOKS[hook_name]]
        if hook_name == "register_councils":
            where = reg.obj.resolve()
            first = self.councils.get(where)
            if first is not None:
                self.problems.append(
                    f"plugin {reg.plugin!r} registers council directory {str(reg.obj)!r}, "
                    f"which plugin {first.plugin!r} already registered; the second is ignored"
                )
            else:
                self.councils[where] = reg
            return
        if hook_name == "register_variants":
            table: dict[Any, Registration] = self.variants
            key: Any = reg.obj.id
        else:
            table = getattr(self, hook_name.removeprefix("register_"))
            key = (reg.variant, reg.obj.id)
        clash = table.get(key)
        if clash is None and hook_name != "register_variants":
            # a variant's object may not shadow one every council already has, nor vice versa
            if reg.variant is not None:
                clash = table.get((None, reg.obj.id))
            else:
                clash = next((r for (v, i), r in table.items() if i == reg.obj.id), None)
        if clash is not None:
            scope = f" for variant {reg.variant!r}" if reg.variant else ""
            self.problems.append(
                f"plugin {reg.plugin!r} registers {kind} {reg.obj.id!r}{scope}, "
                f"which plugin {clash.plugin!r} already registered; the second is ignored"
            )
            return
        table[key] = reg

    def _check_scopes(self) -> None:
        for table_name in ("roles", "actions", "register_kinds", "routes"):
            table: dict[tuple[str | None, str], Registration] = getattr(self, table_name)
            for (variant, oid), reg in list(table.items()):
                if variant is not None and variant not in self.variants:
                    self.problems.append(
                        f"plugin {reg.plugin!r} registers {table_name[:-1].replace('_', ' ')} "
                        f"{oid!r} for variant {variant!r}, which no loaded plugin provides"
                    )

    # queries --------------------------------------------------------------
    def variant(self, variant_id: str) -> Variant | None:
        reg = self.variants.get(variant_id)
        return reg.obj if reg else None

    def _scoped(self, table: dict[tuple[str | None, str], Registration], variant: str | None) -> dict[str, Any]:
        return {oid: reg.obj for (v, oid), reg in table.items() if v is None or v == variant}

    def roles_for(self, variant: str | None) -> dict[str, Role]:
        return self._scoped(self.roles, variant)

    def actions_for(self, variant: str | None) -> dict[str, Action]:
        return self._scoped(self.actions, variant)

    def register_kinds_for(self, variant: str | None) -> dict[str, RegisterKind]:
        return self._scoped(self.register_kinds, variant)

    def routes_for(self, variant: str | None) -> dict[str, Route]:
        return self._scoped(self.routes, variant)

    def council_dirs(self) -> list[Path]:
        """The directories of council files the loaded plugins ship, in the order they loaded."""
        return [reg.obj for reg in self.councils.values()]

    def hook_impls(self, hook_name: str) -> list[pluggy.HookImpl]:
        return list(getattr(self.manager.hook, hook_name).get_hookimpls())


def _load(value: str) -> Any:
    """What an entry point's ``module:attribute`` names (``EntryPoint.load``, without importlib.metadata)."""
    module, _, attribute = value.partition(":")
    obj: Any = importlib.import_module(module.strip())
    for part in filter(None, attribute.strip().split(".")):
        obj = getattr(obj, part)
    return obj


@functools.cache
def default_registry() -> Registry:
    """The registry of the installed plugins, built once per process."""
    return Registry.build()


def reset_default_registry() -> None:
    """Forget the cached registry (after changing ``COUNCILKIT_LOAD_PLUGINS`` in-process) and what this
    process found installed (after changing ``sys.path``); the caches on disk check themselves."""
    default_registry.cache_clear()
    forget()
