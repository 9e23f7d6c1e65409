"""Which plugins are installed, found once and kept on disk, without loading any of them.

Reading every installed distribution's entry points (``importlib.metadata``) takes longer than
most commands, so what it finds is kept in the cache folder (:func:`councilkit.settings.cache_dir`,
``plugins/``) under a key made from the interpreter, its ``sys.path`` and the distributions'
metadata folders on it, with their times (and their ``entry_points.txt``'s): installing,
upgrading or removing a distribution changes them, and so the key.  :func:`installed_fingerprint`
adds the plugins' own files (their sizes and times, found without importing them) and
councilkit's, so a plugin edited in place (an editable install) is seen as changed; the
compiled-council cache (:mod:`councilkit.councilfile.cache`) and the directories of council
files the plugins ship (:func:`registered_council_dirs`) are kept under it.

**Keys are compared whole.**  A cache file is named by a short checksum of its key
(:func:`file_name`), and holds the key itself, which must equal the one worked out now, byte
for byte, before anything in the file is used: two keys that share a name only cost a rebuild,
never a stale answer.  A cache file that cannot be read, is not the user's own, or holds another
key is ignored and written again.  The files are ``marshal`` data (Python's own format for
bytecode: quick to read, and the interpreter's version is part of every key).

This module imports neither pluggy, the model, ``hashlib`` nor ``json``, so that a command that
finds its council in the compiled-council cache starts without them; loading plugins is
:mod:`councilkit.plugins.registry`'s.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from councilkit import settings
from councilkit.settings import (  # noqa: F401  (the cache folder's files: importable from here too)
    file_name,
    read_cache_file,
    read_keyed,
    write_cache_file,
    write_keyed,
)

ENTRY_POINT_GROUP = "councilkit"

#: the layout of the cache files below; a new one is written when it changes
_CACHE_FORMAT = 1


class FoundEntryPoint:
    """One entry point of the ``councilkit`` group, as discovery found it."""

    __slots__ = ("distribution", "name", "value", "version")

    def __init__(self, name: str, value: str, distribution: str | None, version: str | None) -> None:
        self.name, self.value, self.distribution, self.version = name, value, distribution, version

    def fields(self) -> tuple[str, str, str | None, str | None]:
        return (self.name, self.value, self.distribution, self.version)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FoundEntryPoint) and self.fields() == other.fields()

    def __hash__(self) -> int:
        return hash(self.fields())

    def __repr__(self) -> str:
        return "FoundEntryPoint({!r}, {!r}, {!r}, {!r})".format(*self.fields())


class Discovered:
    """What is installed: the ``councilkit`` entry points, and councilkit's own version."""

    __slots__ = ("councilkit_version", "entry_points")

    def __init__(self, entry_points: tuple[FoundEntryPoint, ...], councilkit_version: str | None) -> None:
        self.entry_points, self.councilkit_version = entry_points, councilkit_version

    def __repr__(self) -> str:
        return f"Discovered({self.entry_points!r}, {self.councilkit_version!r})"


#: each ``sys.path`` seen by this process, and its environment key (:func:`_environment_key`)
_ENVIRONMENTS: dict[tuple[str, ...], str] = {}


def _environment_key() -> str:
    """Changes when the interpreter, its path, or a distribution installed on its path changes: the
    key names every ``*.dist-info`` (and ``*.egg-info``) folder on the path with its time, which
    installing, upgrading, reinstalling or removing a distribution changes, and the time and size
    of its ``entry_points.txt``, which an edit in place changes.  Worked out once per process and
    ``sys.path`` (:func:`forget` works it out again)."""
    path = tuple(sys.path)
    key = _ENVIRONMENTS.get(path)
    if key is None:
        key = _ENVIRONMENTS[path] = _environment(path)
    return key


def _environment(path: tuple[str, ...]) -> str:
    parts = [sys.executable, sys.version, str(_CACHE_FORMAT)]
    for entry in path:
        parts.append(f"[{entry}]")
        try:
            with os.scandir(entry or ".") as found:
                for item in found:
                    if item.name.endswith((".dist-info", ".egg-info")):
                        parts.append(f"{item.name}:{item.stat().st_mtime_ns}:{_entry_points_stamp(item.path)}")
        except OSError:  # not a folder (a zip file) or gone: its name stands for it
            continue
    return "\0".join(sorted(parts))


def _entry_points_stamp(folder: str) -> str:
    try:
        st = os.stat(os.path.join(folder, "entry_points.txt"))
    except OSError:
        return "-"
    return f"{st.st_mtime_ns}:{st.st_size}"


def _cache_path(name: str) -> Path:
    return settings.cache_dir() / "plugins" / name


_DISCOVERED: dict[str, Discovered] = {}


def _version(dist: str) -> str | None:
    import importlib.metadata

    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - running from source
        return None


def discovered() -> Discovered:
    """The ``councilkit`` entry points installed, read from the discovery cache when nothing on the
    interpreter's path has changed since they were last found (and kept for the process, by the same key)."""
    key = _environment_key()
    if key in _DISCOVERED:
        return _DISCOVERED[key]
    path = _cache_path(f"discovered-{file_name(key)}.marshal")
    data = read_keyed(path, key)
    if data is not None:
        try:
            found = Discovered(tuple(FoundEntryPoint(*e) for e in data["entry_points"]), data["councilkit"])
            _DISCOVERED[key] = found
            return found
        except (TypeError, KeyError):
            pass  # unreadable: found again, and written again
    import importlib.metadata

    eps = sorted(importlib.metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name)
    found = Discovered(
        tuple(FoundEntryPoint(ep.name, ep.value, ep.dist.name if ep.dist else None,
                              ep.dist.version if ep.dist else None) for ep in eps),
        _version("councilkit"))
    write_keyed(path, key, {"entry_points": [e.fields() for e in found.entry_points],
                            "councilkit": found.councilkit_version})
    _DISCOVERED[key] = found
    return found


def _source_stats(value: str) -> list[str]:
    """The size and time of every file of the package an entry point names, found without importing it."""
    import importlib.util

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


#: the fingerprint for each environment key and setting of ``COUNCILKIT_LOAD_PLUGINS`` (:func:`installed`)
_FINGERPRINTS: dict[tuple[str, frozenset[str] | None], str] = {}


def _fingerprint(environment: str, allowed: frozenset[str] | None) -> str:
    found = discovered()
    parts = [environment, str(found.councilkit_version), repr(sorted(allowed) if allowed is not None else None),
             *_core_stats()]
    for ep in found.entry_points:
        parts.append(f"{ep.name}={ep.value} {ep.distribution} {ep.version}")
        parts.extend(_source_stats(ep.value))
    return "\n".join(parts)


def forget() -> None:
    """Forget what this process found installed (after changing ``sys.path`` or the allowed plugins)."""
    _ENVIRONMENTS.clear()
    _DISCOVERED.clear()
    _FINGERPRINTS.clear()


def installed() -> str:
    """What the default registry's contents depend on, in full: what is installed, which plugins
    ``COUNCILKIT_LOAD_PLUGINS`` allows, a plugin's files and councilkit's own (their sizes and
    times, found without importing any plugin).  Worked out once per process and setting; the
    caches keep it as part of their keys (:func:`read_keyed`)."""
    allowed = settings.allowed_plugins()
    key = (_environment_key(), frozenset(allowed) if allowed is not None else None)
    text = _FINGERPRINTS.get(key)
    if text is None:
        text = _FINGERPRINTS[key] = _fingerprint(*key)
    return text


def installed_fingerprint() -> str:
    """Changes whenever what the default registry would hold may change (:func:`installed`): a short
    name for it, for people and file names."""
    return file_name(installed())


def registered_council_dirs() -> list[Path]:
    """The directories of council files the installed plugins ship (:meth:`Registry.council_dirs` of
    the default registry), kept in the cache so that finding a council by id loads no plugin."""
    key = installed()
    path = _cache_path(f"council-dirs-{file_name(key)}.marshal")
    dirs = read_keyed(path, key)
    if isinstance(dirs, list) and all(isinstance(d, str) for d in dirs):
        return [Path(d) for d in dirs]
    from councilkit.plugins.registry import default_registry

    found = default_registry().council_dirs()
    write_keyed(path, key, [str(d) for d in found])
    return found
