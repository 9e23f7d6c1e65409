"""Every setting councilkit takes from its environment, the platform's folders and today's date.

This is the one module that reads ``COUNCILKIT_*`` variables; the rest of councilkit asks it.

==========================  ========================================================  ==========================================
variable                    what it sets                                              when unset
==========================  ========================================================  ==========================================
``COUNCILKIT_DB``           the SQLite store (``--db`` wins over it)                  ``councilkit.db`` in :func:`data_dir`
``COUNCILKIT_COUNCILS``     directories of council files, separated by ``:``          the councils the installed plugins ship
                            (``;`` on Windows); ``--councils`` wins over it
``COUNCILKIT_LOAD_PLUGINS`` the plugins that may load: entry-point or distribution   every installed plugin
                            names, comma separated; set but empty, none
``COUNCILKIT_TODAY``        the date deadlines and reviews are judged by              the system's date
                            (``2026-11-23``): tests, demos and snapshots fix it
``COUNCILKIT_CACHE_DIR``    what can be rebuilt: the bank-holiday table, compiled     :func:`cache_dir`
                            councils, the plugins found installed, the code compiled
                            for councilkit's classes, the UI's parsed stylesheets
``COUNCILKIT_KEYMAP``       the terminal UI's keymap file                             ``keymap.toml`` in :func:`config_dir`
==========================  ========================================================  ==========================================

The platform's folders come from platformdirs: on Linux ``~/.local/share/councilkit`` (data),
``~/.config/councilkit`` (config) and ``~/.cache/councilkit`` (cache).  Who you are is never a
setting: identity comes from the operating system or the SSH key (:mod:`councilkit.people.identity`).

Importing this module reads nothing and imports nothing slow; each function reads its variable
when called, so a test or a long-running process sees a change.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import marshal
import os
import zlib
from pathlib import Path
from typing import Any

from councilkit.errors import CouncilkitError

APP = "councilkit"

DB_ENV = "COUNCILKIT_DB"
COUNCILS_ENV = "COUNCILKIT_COUNCILS"
LOAD_PLUGINS_ENV = "COUNCILKIT_LOAD_PLUGINS"
TODAY_ENV = "COUNCILKIT_TODAY"
CACHE_ENV = "COUNCILKIT_CACHE_DIR"
KEYMAP_ENV = "COUNCILKIT_KEYMAP"

#: every variable, with what it sets (``councilkit`` reads no other ``COUNCILKIT_*`` variable)
VARIABLES = {
    DB_ENV: "the SQLite store",
    COUNCILS_ENV: "directories of council files, separated by the path separator",
    LOAD_PLUGINS_ENV: "the plugins that may load, comma separated",
    TODAY_ENV: "the date deadlines and reviews are judged by",
    CACHE_ENV: "the folder of what can be rebuilt: bank holidays, compiled councils, plugins found",
    KEYMAP_ENV: "the terminal UI's keymap file",
}


class SettingError(CouncilkitError, ValueError):
    """A variable holds something councilkit cannot use; the message names it and its value."""


def _env(name: str) -> str | None:
    """The variable's value, or None when it is unset or empty."""
    return os.environ.get(name) or None


# --- the platform's folders ------------------------------------------------------------------


def data_dir() -> Path:
    """Where councilkit keeps its data: the store and the demo store."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    """Where a person's own configuration lives (the terminal UI's keymap)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def cache_dir_at_hand() -> bool:
    """Whether :func:`cache_dir` can answer without importing anything: ``COUNCILKIT_CACHE_DIR`` is set,
    or platformdirs is loaded already (the terminal UI, and every command that reads a council, load it)."""
    import sys

    return _env(CACHE_ENV) is not None or "platformdirs" in sys.modules


def cache_dir() -> Path:
    """``COUNCILKIT_CACHE_DIR``, else the platform's cache folder: what can be thrown away."""
    folder = _env(CACHE_ENV)
    if folder:
        return Path(folder)
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


# --- the cache folder's files ----------------------------------------------------------------
# What councilkit keeps in cache_dir() (the plugins found installed, the compiled councils, the code
# attrs compiles, the terminal UI's parsed stylesheets) is read only if it is safe to trust, and
# written whole or not at all; each cache names its file by a checksum of its key and keeps the key
# in the file, compared whole before anything in it is used.


def file_name(key: str) -> str:
    """A short name for the cache file of ``key`` (a checksum: the key itself is kept in the file)."""
    data = key.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def read_keyed(path: Path, key: str) -> Any:
    """What the cache file at ``path`` holds for ``key``, or None: missing, not the user's own, damaged,
    or written for another key (:func:`write_keyed`)."""
    raw = read_cache_file(path)
    if raw is None:
        return None
    try:
        kept_key, value = marshal.loads(raw)
    except (EOFError, ValueError, TypeError):
        return None
    return value if kept_key == key else None


def write_keyed(path: Path, key: str, value: Any) -> None:
    """Keep ``value`` (plain data: str, numbers, None, lists, tuples, dicts) for ``key`` at ``path``."""
    write_cache_file(path, marshal.dumps((key, value)))


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
    that cannot be written only means the work is done again next time.

    The file is written beside its place under a name of this process and thread, created afresh
    (readable by this user only), then moved into place; ``tempfile`` is not imported for it, as
    its imports cost a command that writes a cache a few milliseconds."""
    import threading

    temp = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)  # left by a process of the same number that died while writing
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
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


def prune_cache_files(folder: Path, suffix: str, days: int = 30) -> int:
    """Remove the files in ``folder`` ending in ``suffix`` not written for ``days`` days (what a cache kept for
    code, files or settings since changed, and one still in use, which is then made again); the number removed.
    A cache calls it when it writes, which is rare."""
    import time

    removed = 0
    cutoff = time.time() - days * 86400
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        try:
            if entry.name.endswith(suffix) and entry.stat().st_mtime < cutoff:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue
    return removed


# --- the files and folders councilkit works on ----------------------------------------------


def db_path() -> Path:
    """``COUNCILKIT_DB``, else ``councilkit.db`` in :func:`data_dir`."""
    value = _env(DB_ENV)
    return Path(value) if value else data_dir() / "councilkit.db"


def council_dirs() -> list[Path] | None:
    """The directories ``COUNCILKIT_COUNCILS`` names, or None when it names none."""
    value = _env(COUNCILS_ENV)
    if value is None:
        return None
    return [Path(p) for p in value.split(os.pathsep) if p] or None


def allowed_plugins() -> set[str] | None:
    """The plugin names ``COUNCILKIT_LOAD_PLUGINS`` allows; None when unset (every plugin loads).

    Set but empty, it allows none (core's own vocabulary always loads).
    """
    value = os.environ.get(LOAD_PLUGINS_ENV)
    if value is None:
        return None
    return {name.strip() for name in value.split(",") if name.strip()}


def keymap_path() -> Path:
    """``COUNCILKIT_KEYMAP``, else ``keymap.toml`` in :func:`config_dir`."""
    value = _env(KEYMAP_ENV)
    return Path(value) if value else config_dir() / "keymap.toml"


# --- today ------------------------------------------------------------------------------------


def today() -> dt.date:
    """The date to judge deadlines and review dates by (``COUNCILKIT_TODAY=2026-11-23``)."""
    value = _env(TODAY_ENV)
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise SettingError(f"{TODAY_ENV}={value!r} is not a date like 2026-11-23") from None
    return dt.date.today()
