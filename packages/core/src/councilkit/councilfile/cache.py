"""Compiled councils, kept on disk: a council file read, checked and built once, loaded after in a millisecond.

Building a council (parsing its TOML, checking every section, asking the plugins) takes
tens of milliseconds, more than most commands do with it.  So what
:func:`~councilkit.councilfile.loader.read_council_file` makes of a file (the council, or
None, and every problem found) is kept in the cache folder
(:func:`councilkit.settings.cache_dir`, ``councils/``), under a key made of:

- the file's exact bytes and the name it was read by (problems name it);
- :func:`~councilkit.plugins.discovery.installed`: what is installed, which plugins
  ``COUNCILKIT_LOAD_PLUGINS`` allows, the plugins' files and councilkit's own (their sizes and
  times), so a plugin upgraded, removed, disabled or edited in place is a different key;
- the interpreter's version and this module's format number.

The file is named by a checksum of the key and holds the key and the file's bytes, which must
equal the ones read now before the council in it is unpickled: a stale entry is therefore never
used, only left behind, and each new entry written removes those not written for
:data:`KEEP_DAYS` days (:func:`prune`).
Only the default registry's councils are kept: a council built with a registry a program made
itself is built every time.  A cache file that cannot be read or unpickled, is not the user's
own, or holds something else is ignored and written again: a damaged cache costs a rebuild,
never a traceback.
"""

from __future__ import annotations

import contextlib
import copy
import os
import sys
import time
import zlib
from pathlib import Path
from typing import Any

from councilkit import settings
from councilkit.plugins.discovery import file_name, installed, read_cache_file, write_cache_file

try:  # CPython's unpickler itself: a command that finds its council here needs no more of pickle
    from _pickle import loads
except ImportError:  # pragma: no cover - another interpreter
    from pickle import loads

#: the layout of what is pickled; a change makes every key new
FORMAT = 2
#: files written longer ago than this are removed by prune()
KEEP_DAYS = 30


def folder() -> Path:
    return settings.cache_dir() / "councils"


def key(name: str) -> str:
    """The cache key of a council file read under ``name``, but for its bytes (kept beside it)."""
    return "\0".join((str(FORMAT), sys.version, installed(), name))


def _path(key: str, raw: bytes) -> Path:
    """Where the entry for ``key`` and these bytes is kept: named by checksums of both."""
    return folder() / f"{file_name(key)}{zlib.crc32(raw):08x}.pickle"


def read(path: str | Path) -> tuple[Any, list[Any]] | None:
    """What reading the file at ``path`` gave last time, or None: read it with the loader.

    Imports nothing that builds councils, so a command that finds its council here starts
    without the loader, the TOML parser or any plugin."""
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None  # the loader says what is wrong
    return load(raw, str(path))


def load(raw: bytes, name: str) -> tuple[Any, list[Any]] | None:
    """What reading this file gave last time, or None (never seen, or the cache could not be used)."""
    k = key(name)
    path = _path(k, raw)
    data = read_cache_file(path)
    if data is None:
        return None
    try:
        kept_key, kept_raw, built = loads(data)  # our own file, checked to be the user's own
        if kept_key != k or kept_raw != raw:
            return None  # another file's, or this one before it changed: built again, and written over
        council, problems = loads(built)
    except Exception:  # damaged, or made by code since changed: build again
        _forget(path)
        return None
    from councilkit.council import Council
    from councilkit.errors import Problem

    if not (council is None or isinstance(council, Council)) or not isinstance(problems, list) \
            or not all(isinstance(p, Problem) for p in problems):
        _forget(path)
        return None
    return council, problems


def save(raw: bytes, name: str, council: Any, problems: list[Any]) -> None:
    """Keep what reading this file gave (without the caches a council fills in as it is used)."""
    import pickle

    if council is not None:
        council = copy.copy(council)
        council._policy = None
        council._citing = None
        council._seniority = None
    try:
        built = pickle.dumps((council, list(problems)), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # something a plugin gave cannot be pickled: build it each time
        return
    k = key(name)
    data = pickle.dumps((k, raw, built), protocol=pickle.HIGHEST_PROTOCOL)
    write_cache_file(_path(k, raw), data)
    prune()


def prune(days: int = KEEP_DAYS) -> int:
    """Remove cache files written more than ``days`` days ago; the number removed."""
    removed = 0
    cutoff = time.time() - days * 86400
    try:
        entries = list(os.scandir(folder()))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.name.endswith(".pickle") and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


def _forget(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
