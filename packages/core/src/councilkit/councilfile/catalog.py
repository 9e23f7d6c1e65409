"""Finding council files: the councils the installed plugins ship, ``--councils DIR`` or ``COUNCILKIT_COUNCILS``.

Each variant plugin ships the councils of its variant and hands their directory to
councilkit through the ``register_councils`` hook, so core alone lists no council it
cannot load, and says how to get some (:class:`NoCouncilsError`).
``COUNCILKIT_COUNCILS`` may hold several directories separated by the path separator
(``:`` on Linux).  A council is named by its id (the file is ``<id>.toml``) or by the
path of its file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from councilkit import settings
from councilkit.errors import CouncilFileError, CouncilkitError, Problem, UnknownCouncilError

if TYPE_CHECKING:
    from councilkit.council import Council
    from councilkit.plugins import Registry

# Finding files needs none of the model; the loader is imported by the functions that load, and the
# plugins only when the bundled councils are wanted, so the command line and the terminal UI's
# first frame do not wait for them.

COUNCILS_ENV = settings.COUNCILS_ENV


class BundledCouncils:
    """The directories of council files that the installed plugins ship (``register_councils``).

    Use :data:`BUNDLED` wherever a ``councils`` argument is taken, to mean those councils even when
    ``COUNCILKIT_COUNCILS`` names others (``--demo`` does).  Iterating it loads the plugins.
    """

    def __iter__(self) -> Iterator[Path]:
        return iter(bundled_dirs())

    def __repr__(self) -> str:
        return "BUNDLED"


#: the councils the installed plugins ship
BUNDLED = BundledCouncils()
#: the old name, from when core shipped the councils itself (kept until its callers move to BUNDLED)
BUNDLED_DIR = BUNDLED

#: what a ``councils`` argument may be: a directory, several, or None for the default
Councils = str | Path | Iterable[str | Path] | None


class NoCouncilsError(CouncilkitError):
    """No council directory was given and no installed plugin ships councils."""

    def __init__(self, registry: Registry):
        self.variants = sorted(registry.variants)
        disabled = sorted(p.name for p in registry.plugins if p.status == "disabled")
        if self.variants:
            why = f"the installed variant plugins ({', '.join(self.variants)}) ship no councils"
        else:
            why = "no variant plugin is installed, so there are no councils"
        if disabled:
            why += f" ({settings.LOAD_PLUGINS_ENV} keeps {', '.join(disabled)} from loading)"
        super().__init__(
            f"{why}: install one that ships its councils (e.g. pip install councilkit-parish), "
            f"or give --councils DIR (or {COUNCILS_ENV}) naming a directory of council files"
        )


def bundled_dirs(registry: Registry | None = None) -> list[Path]:
    """The directories of council files the loaded plugins registered (``register_councils``).

    For the default registry they come from the plugin cache when nothing installed has changed
    (:func:`~councilkit.plugins.discovery.registered_council_dirs`), so no plugin is loaded to find them.
    """
    if registry is None:
        from councilkit.plugins.discovery import registered_council_dirs

        return registered_council_dirs()
    return registry.council_dirs()


def council_dirs(councils: Councils = None, registry: Registry | None = None) -> list[Path]:
    """Where to look: the argument, else ``COUNCILKIT_COUNCILS``, else what the plugins ship.

    A directory given, or named by the variable, that does not exist is an error that names it
    (never an empty list); :class:`NoCouncilsError` says how to get councils when it comes to
    the plugins and none ships any.
    """
    if councils is not None and not isinstance(councils, BundledCouncils):
        given = [Path(councils)] if isinstance(councils, str | Path) else [Path(c) for c in councils]
        return _existing(given, "no such file or directory of council files: ")
    if councils is None:
        from_env = settings.council_dirs()
        if from_env:
            return _existing(from_env, f"{COUNCILS_ENV} names a directory that does not exist: ")
    dirs = bundled_dirs(registry)
    if not dirs:
        if registry is None:
            from councilkit.plugins import default_registry

            registry = default_registry()
        raise NoCouncilsError(registry)
    return dirs


def _existing(dirs: list[Path], why: str) -> list[Path]:
    missing = [str(d) for d in dirs if not d.exists()]
    if missing:
        raise CouncilkitError(why + ", ".join(missing))
    return dirs


def council_files(dirs: Iterable[Path | BundledCouncils]) -> list[Path]:
    """The files given, in their order, then every ``*.toml`` in the directories given, by name.

    Files of the same name in two directories are both listed, the earlier directory's first
    (so it is the one a council id finds).
    """
    given: list[Path] = []
    found: list[Path] = []
    for d in dirs:
        if isinstance(d, BundledCouncils):
            found.extend(council_files(council_dirs(d)))
        elif d.is_file():
            given.append(d)
        elif d.is_dir():
            found.extend(d.glob("*.toml"))
    return given + sorted(found, key=lambda f: f.name)  # stable: the earlier directory first


def find_council_file(id_or_path: str | Path, councils: Councils = None, registry: Registry | None = None) -> Path:
    """The file for a council id, or the given path if it names a file."""
    candidate = Path(id_or_path)
    if candidate.suffix == ".toml" or candidate.is_file():
        return candidate
    dirs = council_dirs(councils, registry)
    files = council_files(dirs)
    for f in files:
        if f.stem == str(id_or_path):
            return f
    import tomllib

    known: dict[str, Path] = {}
    for f in files:  # a file may be named differently from the id inside it
        try:
            known[str(tomllib.loads(f.read_text("utf-8")).get("id", f.stem))] = f
        except (OSError, UnicodeDecodeError, RecursionError, tomllib.TOMLDecodeError):
            known[f.stem] = f
    if str(id_or_path) in known:
        return known[str(id_or_path)]
    raise UnknownCouncilError(str(id_or_path), known)


def load_council(
    id_or_path: str | Path,
    *,
    councils: Councils = None,
    registry: Registry | None = None,
) -> Council:
    """Load one council by id or path.  Raises :class:`CouncilFileError` listing every error."""
    path = find_council_file(id_or_path, councils, registry)
    council, problems = _read(path, registry)
    if council is None:
        raise CouncilFileError(path, problems)
    return council


def read_council_file(path: str | Path, registry: Registry | None = None) -> tuple[Council | None, list[Problem]]:
    """Read, check and build one council file (:func:`councilkit.councilfile.loader.read_council_file`);
    never raises for a bad file.  From the compiled-council cache when it holds the file: a program
    that only names this function does not import the loader."""
    return _read(Path(path), registry)


def load_council_file(path: str | Path, registry: Registry | None = None) -> Council:
    """Load a council file; raise :class:`CouncilFileError` listing every error."""
    council, problems = _read(Path(path), registry)
    if council is None:
        raise CouncilFileError(path, problems)
    return council


def _read(path: Path, registry: Registry | None) -> tuple[Council | None, list[Problem]]:
    """:func:`~councilkit.councilfile.loader.read_council_file`, from the compiled-council cache when it
    holds the file (with the default registry): then neither the loader nor any plugin is imported."""
    if registry is None:
        from councilkit.councilfile import cache

        hit = cache.read(path)
        if hit is not None:
            return hit
    from councilkit.councilfile import loader

    return loader.read_council_file(path, registry)


def read_councils(
    councils: Councils = None,
    registry: Registry | None = None,
) -> tuple[list[Council], list[Problem]]:
    """Load every council that loads, and collect the problems of all of them."""
    out: list[Council] = []
    problems: list[Problem] = []
    for f in council_files(council_dirs(councils, registry)):
        council, found = _read(f, registry)
        problems.extend(found)
        if council is not None:
            out.append(council)
    return out, problems


def load_councils(
    councils: Councils = None,
    registry: Registry | None = None,
) -> list[Council]:
    """Load every council; raise on the first file with errors."""
    out: list[Council] = []
    for f in council_files(council_dirs(councils, registry)):
        council, found = _read(f, registry)
        if council is None:
            raise CouncilFileError(f, found)
        out.append(council)
    return out
