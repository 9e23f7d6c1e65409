"""Loading plugins and collecting what they register.

Plugins are found through the entry-point group ``councilkit``.  The
environment variable ``COUNCILKIT_LOAD_PLUGINS`` limits which load: a comma
list of entry-point or distribution names; set but empty means none.  Core's
own vocabulary (:mod:`councilkit.plugins.builtin`) always loads.

A plugin that fails to import, or raises inside a registration hook, is
skipped and reported (``councilkit plugins`` shows the error); everything it
registered is discarded so that no council sees half a plugin.

**Discovery is cached.**  Reading every installed distribution's entry points takes
longer than most commands, so what it finds is kept in the cache folder
(:func:`councilkit.settings.cache_dir`) under a key made from the interpreter, its
``sys.path`` and the distributions' metadata folders on it, with their times: installing,
upgrading or removing a distribution changes them, and so the key.  :func:`installed_fingerprint`
adds the plugins' own files (their sizes and times, found without importing them), so a
plugin edited in place (an editable install) is seen as changed; the compiled-council cache
(:mod:`councilkit.councilfile.cache`) and the directories of council files the plugins ship
(:func:`registered_council_dirs`) are kept under it.  A cache file that cannot be read, or is
not the user's own, is ignored and written again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import importlib.util
import json
import os
import sys
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
from councilkit.registers import RegisterKind

ENTRY_POINT_GROUP = "councilkit"
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


def _version(dist: str) -> str | None:
    import importlib.metadata

    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from source
        return None


def _load(value: str) -> Any:
    """What an entry point's ``module:attribute`` names (``EntryPoint.load``, without importlib.metadata)."""
    module, _, attribute = value.partition(":")
    obj: Any = importlib.import_module(module.strip())
    for part in filter(None, attribute.strip().split(".")):
        obj = getattr(obj, part)
    return obj


# --- discovery, cached ------------------------------------------------------------------------

#: the layout of the cache files below; a new one is written when it changes
_CACHE_FORMAT = 1


@attrs.frozen
class FoundEntryPoint:
    """One entry point of the ``councilkit`` group, as discovery found it."""

    name: str
    value: str
    distribution: str | None
    version: str | None


@attrs.frozen
class Discovered:
    """What is installed: the ``councilkit`` entry points, and councilkit's own version."""

    entry_points: tuple[FoundEntryPoint, ...]
    councilkit_version: str | None


def _environment_key() -> str:
    """Changes when the interpreter, its path, or a distribution installed on its path changes: the
    key names every ``*.dist-info`` (and ``*.egg-info``) folder on the path with its time, which
    installing, upgrading, reinstalling or removing a distribution changes."""
    parts = [sys.executable, sys.version, str(_CACHE_FORMAT)]
    for entry in sys.path:
        parts.append(f"[{entry}]")
        try:
            with os.scandir(entry or ".") as found:
                for item in found:
                    if item.name.endswith((".dist-info", ".egg-info")):
                        parts.append(f"{item.name}:{item.stat().st_mtime_ns}")
        except OSError:  # not a folder (a zip file) or gone: its name stands for it
            continue
    return hashlib.sha256("\0".join(sorted(parts)).encode("utf-8", "surrogateescape")).hexdigest()[:24]


def _cache_path(name: str) -> Path:
    return settings.cache_dir() / "plugins" / name


def read_cache_file(path: Path) -> bytes | None:
    """A cache file's bytes, if it is there and safe to trust: owned by this user and writable by
    nobody else (another account could otherwise choose what this one imports or unpickles)."""
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
                return None
            return f.read()
    except OSError:
        return None


def write_cache_file(path: Path, data: bytes) -> None:
    """Write a cache file whole or not at all (another process may be reading it); a cache folder
    that cannot be written only means the work is done again next time."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(temp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except OSError:
        pass


_DISCOVERED: dict[str, Discovered] = {}


def discovered() -> Discovered:
    """The ``councilkit`` entry points installed, read from the discovery cache when nothing on the
    interpreter's path has changed since they were last found (and kept for the process, by the same key)."""
    key = _environment_key()
    if key in _DISCOVERED:
        return _DISCOVERED[key]
    path = _cache_path(f"discovered-{key}.json")
    raw = read_cache_file(path)
    if raw is not None:
        try:
            data = json.loads(raw)
            found = Discovered(tuple(FoundEntryPoint(**e) for e in data["entry_points"]), data["councilkit"])
            _DISCOVERED[key] = found
            return found
        except (ValueError, TypeError, KeyError):
            pass  # unreadable: found again, and written again
    import importlib.metadata

    eps = sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
    found = Discovered(
        tuple(FoundEntryPoint(ep.name, ep.value, ep.dist.name if ep.dist else None,
                              ep.dist.version if ep.dist else None) for ep in eps),
        _version("councilkit"))
    data = {"entry_points": [attrs.asdict(e) for e in found.entry_points], "councilkit": found.councilkit_version}
    write_cache_file(path, json.dumps(data, indent=1).encode("utf-8"))
    _DISCOVERED[key] = found
    return found


def _source_stats(value: str) -> list[str]:
    """The size and time of every file of the package an entry point names, found without importing it."""
    top = value.partition(":")[0].strip().split(".")[0]
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return [f"{top}:?"]
    if spec is None:
        return [f"{top}:-"]
    roots = list(spec.submodule_search_locations or ([spec.origin] if spec.origin else []))
    out = []
    for root in roots:
        if os.path.isfile(root):
            st = os.stat(root)
            out.append(f"{root}:{st.st_mtime_ns}:{st.st_size}")
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                with contextlib.suppress(OSError):
                    st = os.stat(os.path.join(folder, name))
                    out.append(f"{folder}/{name}:{st.st_mtime_ns}:{st.st_size}")
    return out


def _core_stats() -> list[str]:
    """The size and time of councilkit's own modules (what builds a council, and what it is made of)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("__pycache__", "cli", "importer", "demo"))
        for name in sorted(files):
            if name.endswith(".py"):
                st = os.stat(os.path.join(folder, name))
                out.append(f"{folder}/{name}:{st.st_mtime_ns}:{st.st_size}")
    return out


@functools.lru_cache(maxsize=16)
def _fingerprint(environment: str, allowed: frozenset[str] | None) -> str:
    found = discovered()
    parts = [environment, str(found.councilkit_version), repr(sorted(allowed) if allowed is not None else None),
             *_core_stats()]
    for ep in found.entry_points:
        parts.append(f"{ep.name}={ep.value} {ep.distribution} {ep.version}")
        parts.extend(_source_stats(ep.value))
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogateescape")).hexdigest()[:24]


def installed_fingerprint() -> str:
    """Changes whenever what the default registry would hold may change: what is installed, which
    plugins ``COUNCILKIT_LOAD_PLUGINS`` allows, a plugin's files or councilkit's own.  Worked out
    from files' sizes and times, without importing any plugin (once per process and setting)."""
    allowed = allowed_plugins()
    return _fingerprint(_environment_key(), frozenset(allowed) if allowed is not None else None)


def registered_council_dirs() -> list[Path]:
    """The directories of council files the installed plugins ship (:meth:`Registry.council_dirs` of
    the default registry), kept in the cache so that finding a council by id loads no plugin."""
    path = _cache_path(f"council-dirs-{installed_fingerprint()}.json")
    raw = read_cache_file(path)
    if raw is not None:
        try:
            return [Path(d) for d in json.loads(raw)]
        except (ValueError, TypeError):
            pass
    dirs = default_registry().council_dirs()
    write_cache_file(path, json.dumps([str(d) for d in dirs]).encode("utf-8"))
    return dirs


@functools.cache
def default_registry() -> Registry:
    """The registry of the installed plugins, built once per process."""
    return Registry.build()


def reset_default_registry() -> None:
    """Forget the cached registry (after changing ``COUNCILKIT_LOAD_PLUGINS`` in-process) and what this
    process found installed (after changing ``sys.path``); the caches on disk check themselves."""
    default_registry.cache_clear()
    _DISCOVERED.clear()
    _fingerprint.cache_clear()
