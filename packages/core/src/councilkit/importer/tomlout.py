"""TOML text exactly as tomli-w writes it, in a fraction of the time.

tomli-w reads every string a character at a time in Python, and an imported council file is
mostly strings (a 10,000-word protocol's file is about 240 KB): writing it took as long as
reading the protocol.  :func:`dumps` is tomli-w 1.x's layout rule for rule (tables, arrays of
tables, inline tables where one fits in 100 characters, arrays one item a line, four spaces of
indent), with strings escaped by one regex pass.  It writes the same text byte for byte (the tests
compare the two on every bundled council file); anything it does not know (a time of day, a decimal)
goes to tomli-w itself.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import tomli_w

#: what tomli-w escapes in a basic string: '"', '\\' and control characters but tab (and, in a
#: multi-line string, newline)
_ESCAPE = re.compile(r'[\x00-\x08\x0a-\x1f\x7f"\\]')
_ESCAPE_MULTILINE = re.compile(r'[\x00-\x08\x0b-\x1f\x7f"\\]')
_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_INDENT = "    "
_MAX_LINE = 100
_KEYS: dict[str, str] = {}  # keys as written ("id", "effect"...: a council file has few)


class _Unknown(Exception):
    """A value of a type only tomli-w knows how to write."""


def _escaped(m: re.Match[str]) -> str:
    char = m.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def string(text: str, multiline: bool = False) -> str:
    """``text`` as a TOML basic string (multi-line where it has a newline and ``multiline``)."""
    if multiline and "\n" in text:
        return '"""\n' + _ESCAPE_MULTILINE.sub(_escaped, text.replace("\r\n", "\n")) + '"""'
    return '"' + _ESCAPE.sub(_escaped, text) + '"'


class _Writer:
    def __init__(self, multiline: bool):
        self.multiline = multiline
        self.inline: dict[int, str] = {}  # tomli-w's cache of inline tables, by object

    def key(self, part: object) -> str:
        written = _KEYS.get(part)  # type: ignore[call-overload]
        if written is None:
            if not isinstance(part, str):
                raise _Unknown
            written = part if _BARE_KEY.fullmatch(part) else string(part)
            if len(_KEYS) < 1000:
                _KEYS[part] = written
        return written

    def literal(self, obj: object, nest: int = 0) -> str:
        if isinstance(obj, str):
            return string(obj, self.multiline)
        if isinstance(obj, bool):
            return "true" if obj else "false"
        if isinstance(obj, (int, float, dt.date)):  # a datetime is a date too
            return str(obj)
        if isinstance(obj, (list, tuple)):
            if not obj:
                return "[]"
            indent = _INDENT * (1 + nest)
            items = ",\n".join(indent + self.literal(item, nest + 1) for item in obj)
            return f"[\n{items},\n{_INDENT * nest}]"
        if isinstance(obj, Mapping):
            return self.inline_table(obj)
        raise _Unknown

    def inline_table(self, obj: Mapping[str, Any]) -> str:
        rendered = self.inline.get(id(obj))
        if rendered is None:
            rendered = "{ " + ", ".join(f"{self.key(k)} = {self.literal(v)}" for k, v in obj.items()) + " }" \
                if obj else "{}"
            self.inline[id(obj)] = rendered
        return rendered

    def fits_inline(self, obj: Mapping[str, Any]) -> bool:
        rendered = f"{_INDENT}{self.inline_table(obj)},"
        return len(rendered) <= _MAX_LINE and "\n" not in rendered

    def table(self, table: Mapping[str, Any], out: list[str], name: str = "", inside_aot: bool = False) -> None:
        written = False
        literals: list[tuple[str, Any]] = []
        tables: list[tuple[str, Any, bool]] = []
        for k, v in table.items():
            if isinstance(v, (str, int, float)):  # most values: no need to ask the slower questions
                literals.append((k, v))
            elif isinstance(v, (dict, Mapping)):
                tables.append((k, v, False))
            elif isinstance(v, (list, tuple)) and v and all(isinstance(t, Mapping) for t in v) \
                    and not all(self.fits_inline(t) for t in v):
                tables.extend((k, t, True) for t in v)
            else:
                literals.append((k, v))
        if inside_aot or (name and (literals or not tables)):
            written = True
            out.append(f"[[{name}]]\n" if inside_aot else f"[{name}]\n")
        if literals:
            written = True
            for k, v in literals:
                out.append(f"{self.key(k)} = {self.literal(v)}\n")
        for k, v, in_aot in tables:
            if written:
                out.append("\n")
            written = True
            part = self.key(k)
            self.table(v, out, f"{name}.{part}" if name else part, in_aot)


def dumps(obj: Mapping[str, Any], *, multiline_strings: bool = False) -> str:
    """``tomli_w.dumps(obj, multiline_strings=...)``, the same text."""
    out: list[str] = []
    try:
        _Writer(multiline_strings).table(obj, out)
    except _Unknown:
        return tomli_w.dumps(obj, multiline_strings=multiline_strings)
    return "".join(out)
