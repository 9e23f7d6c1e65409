"""Finding council files: the bundled demo councils, ``--councils DIR`` or ``COUNCILKIT_COUNCILS``.

``COUNCILKIT_COUNCILS`` may hold several directories separated by the path
separator (``:`` on Linux).  A council is named by its id (the file is
``<id>.toml``) or by the path of its file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from councilkit.errors import CouncilFileError, Problem, UnknownCouncilError

if TYPE_CHECKING:
    from councilkit.council import Council
    from councilkit.plugins import Registry

# Finding files needs none of the model; the loader is imported by the functions that load, so the
# command line and the terminal UI's first frame do not wait for it.

#: The seed councils shipped inside the package (the repository's ``councils/``).
BUNDLED_DIR = Path(__file__).parent.parent / "councils"
COUNCILS_ENV = "COUNCILKIT_COUNCILS"


def council_dirs(councils: str | Path | Iterable[str | Path] | None = None) -> list[Path]:
    """Where to look: the argument, else ``COUNCILKIT_COUNCILS``, else the bundled councils."""
    if councils is not None:
        if isinstance(councils, str | Path):
            return [Path(councils)]
        return [Path(c) for c in councils]
    env = os.environ.get(COUNCILS_ENV)
    if env:
        return [Path(p) for p in env.split(os.pathsep) if p]
    return [BUNDLED_DIR]


def council_files(dirs: Iterable[Path]) -> list[Path]:
    """Every ``*.toml`` in the directories (or the files themselves, if given files)."""
    out: list[Path] = []
    for d in dirs:
        if d.is_file():
            out.append(d)
        elif d.is_dir():
            out.extend(sorted(d.glob("*.toml")))
    return out


def find_council_file(id_or_path: str | Path, councils: str | Path | Iterable[str | Path] | None = None) -> Path:
    """The file for a council id, or the given path if it names a file."""
    candidate = Path(id_or_path)
    if candidate.suffix == ".toml" or candidate.is_file():
        return candidate
    dirs = council_dirs(councils)
    files = council_files(dirs)
    for f in files:
        if f.stem == str(id_or_path):
            return f
    known: dict[str, Path] = {}
    for f in files:  # a file may be named differently from the id inside it
        try:
            known[str(tomllib.loads(f.read_text("utf-8")).get("id", f.stem))] = f
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            known[f.stem] = f
    if str(id_or_path) in known:
        return known[str(id_or_path)]
    raise UnknownCouncilError(str(id_or_path), known)


def load_council(
    id_or_path: str | Path,
    *,
    councils: str | Path | Iterable[str | Path] | None = None,
    registry: Registry | None = None,
) -> Council:
    """Load one council by id or path.  Raises :class:`CouncilFileError` listing every error."""
    from councilkit.councilfile.loader import load_council_file

    return load_council_file(find_council_file(id_or_path, councils), registry)


def read_councils(
    councils: str | Path | Iterable[str | Path] | None = None,
    registry: Registry | None = None,
) -> tuple[list[Council], list[Problem]]:
    """Load every council that loads, and collect the problems of all of them."""
    from councilkit.councilfile.loader import read_council_file

    out: list[Council] = []
    problems: list[Problem] = []
    for f in council_files(council_dirs(councils)):
        council, found = read_council_file(f, registry)
        problems.extend(found)
        if council is not None:
            out.append(council)
    return out, problems


def load_councils(
    councils: str | Path | Iterable[str | Path] | None = None,
    registry: Registry | None = None,
) -> list[Council]:
    """Load every council; raise on the first file with errors."""
    from councilkit.councilfile.loader import read_council_file

    out: list[Council] = []
    for f in council_files(council_dirs(councils)):
        council, found = read_council_file(f, registry)
        if council is None:
            raise CouncilFileError(f, found)
        out.append(council)
    return out
