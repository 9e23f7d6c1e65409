"""The app's parsed stylesheets, kept on disk: Textual parses each piece of CSS once per install, not per start.

Textual parses the app's stylesheet (``councilkit.tcss``) and every widget's ``DEFAULT_CSS`` from
text each time the app starts, before the first frame: 20 ms of a start of about 300 on a small
machine, half of it our own stylesheet.  What a piece of CSS parses to (a list of Textual's
``RuleSet``) depends only on its text, where it was read from, its place among the stylesheet's
sources (default rules or not, tie-breaker, scope), the CSS variables (the theme) and Textual's
code, so it is kept in the cache folder (:func:`councilkit.settings.cache_dir`, ``tui-css/``)
under a key made of all of these, and unpickled when the same key comes again (a millisecond or
two for all of them).

As with the compiled councils (:mod:`councilkit.councilfile.cache`), a file is named by a checksum
of its key and holds the key itself, compared whole before anything is used, so a stale entry is
never used, only written over; Textual's code is the interpreter's version and the size and time of
Textual's modules that parse and hold styles, which an upgrade or an edit changes.  A file that is
not the user's own (:func:`councilkit.settings.read_cache_file`), cannot be read or
unpickled, or holds anything but a list of rules is ignored; CSS that fails to parse is never kept
(Textual reports it as before).  A cache folder that cannot be written only means parsing again.
Each write removes the files not written for 30 days (:func:`councilkit.settings.prune_cache_files`).
"""

from __future__ import annotations

import os
import pickle
import sys
from typing import Any

from councilkit.settings import (
    cache_dir,
    file_name,
    prune_cache_files,
    read_cache_file,
    write_cache_file,
)

#: the layout of what is kept; a change makes every key new
FORMAT = 1

_stamp: list[str] = []


def _textual_stamp() -> str:
    """The interpreter and Textual's code that parses CSS and holds what it makes (sizes and times)."""
    if not _stamp:
        import textual

        root = os.path.dirname(os.path.abspath(textual.__file__))
        parts = [sys.version, str(FORMAT), root]
        for folder in (root, os.path.join(root, "css")):
            try:
                with os.scandir(folder) as entries:
                    for entry in sorted(entries, key=lambda e: e.name):
                        if entry.name.endswith(".py"):
                            st = entry.stat()
                            parts.append(f"{entry.name}:{st.st_mtime_ns}:{st.st_size}")
            except OSError:
                parts.append(f"{folder}:?")
        _stamp.append("\0".join(parts))
    return _stamp[0]


def _key_text(key: tuple[Any, ...]) -> str:
    return f"{_textual_stamp()}\0{key!r}"


def _path(text: str) -> Any:
    return cache_dir() / "tui-css" / f"{file_name(text)}.pickle"


def read(key: tuple[Any, ...]) -> list[Any] | None:
    """The rules kept for ``key`` (the CSS, where it was read from, its place and the variables), or None."""
    text = _key_text(key)
    data = read_cache_file(_path(text))
    if data is None:
        return None
    try:
        kept, rules = pickle.loads(data)
    except Exception:  # damaged, or written by other code: parsed again, and written over
        return None
    if kept != text or not isinstance(rules, list):
        return None
    from textual.css.model import RuleSet

    return rules if all(isinstance(r, RuleSet) for r in rules) else None


def write(key: tuple[Any, ...], rules: list[Any]) -> None:
    """Keep the rules ``key`` parsed to; rules that cannot be pickled are parsed each time."""
    text = _key_text(key)
    try:
        data = pickle.dumps((text, rules), protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return
    path = _path(text)
    write_cache_file(path, data)
    prune_cache_files(path.parent, ".pickle")  # rules kept for CSS, a theme or a Textual since changed
