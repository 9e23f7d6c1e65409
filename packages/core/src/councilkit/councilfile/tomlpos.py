"""Where each key of a TOML document sits, so every error can name its line.

``tomllib`` parses but forgets positions.  This module scans a document that
``tomllib`` has already accepted and maps each *path* to the line it starts on.
A path is a tuple of keys and array indices, the same shape as the parsed data::

    ("protocol", "adopted")            [protocol] adopted = ...
    ("rule", 3, "cite", 1)             the second citation of the fourth [[rule]]
    ("route", 0, "step", 2)            the header line of the third [[route.step]]

It is only run when there is something to report, so loading stays fast.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

Path = tuple[str | int, ...]

_BARE = re.compile(r"[^\s\[\]{}=,.#\"']+")
_SPECIAL = "[]{}=,."


def _tokens(text: str) -> Iterator[tuple[str, str, int]]:
    """Yield (kind, value, line) for a TOML document.  kinds: NL, P (punct), S, B."""
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            yield ("NL", c, line)
            line += 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c in _SPECIAL:
            yield ("P", c, line)
            i += 1
        elif text.startswith('"""', i) or text.startswith("'''", i):
            quote = text[i : i + 3]
            end = text.find(quote, i + 3)
            end = n if end < 0 else end + 3
            # a multi-line string may end with up to two extra quote characters
            while end < n and text[end] == quote[0]:
                end += 1
            yield ("S", text[i + 3 : end - 3], line)
            line += text.count("\n", i, end)
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if (c == '"' and text[j] == "\\") else 1
            yield ("S", text[i + 1 : j], line)
            i = j + 1
        else:
            m = _BARE.match(text, i)
            if not m:  # pragma: no cover - tomllib accepted the text
                i += 1
                continue
            yield ("B", m.group(), line)
            i = m.end()


class _Scanner:
    def __init__(self, text: str):
        self.toks = list(_tokens(text))
        self.pos = 0
        self.lines: dict[Path, int] = {}
        self.aot_count: dict[Path, int] = {}

    def peek(self, k: int = 0) -> tuple[str, str, int] | None:
        j = self.pos + k
        return self.toks[j] if j < len(self.toks) else None

    def next(self) -> tuple[str, str, int]:
        tok = self.toks[self.pos]
        self.pos += 1
        return tok

    def skip_nl(self) -> None:
        while (t := self.peek()) is not None and t[0] == "NL":
            self.pos += 1

    def key(self) -> list[str]:
        parts = [self.next()[1]]
        while (t := self.peek()) is not None and t == ("P", ".", t[2]):
            self.pos += 1
            parts.append(self.next()[1])
        return parts

    def resolve(self, parts: list[str]) -> Path:
        path: Path = ()
        for part in parts:
            path += (part,)
            if path in self.aot_count:
                path += (self.aot_count[path],)
        return path

    def run(self) -> dict[Path, int]:
        table: Path = ()
        while (t := self.peek()) is not None:
            kind, value, line = t
            if kind == "NL":
                self.pos += 1
            elif kind == "P" and value == "[":
                self.pos += 1
                array = (nt := self.peek()) is not None and nt[:2] == ("P", "[")
                if array:
                    self.pos += 1
                parts = self.key()
                self.pos += 2 if array else 1
                if array:
                    base = (*self.resolve(parts[:-1]), parts[-1])
                    index = self.aot_count.get(base, -1) + 1
                    self.aot_count[base] = index
                    table = (*base, index)
                    self.lines.setdefault(base, line)
                else:
                    table = self.resolve(parts)
                self.lines[table] = line
            else:
                self.keyvalue(table)
        return self.lines

    def keyvalue(self, table: Path) -> None:
        line = self.peek()[2]  # type: ignore[index]
        path = table + tuple(self.key())
        self.lines.setdefault(path, line)
        self.pos += 1  # '='
        self.value(path)

    def value(self, path: Path) -> None:
        t = self.peek()
        if t is None:
            return
        if t[:2] == ("P", "["):
            self.pos += 1
            index = 0
            while True:
                self.skip_nl()
                t = self.peek()
                if t is None or t[:2] == ("P", "]"):
                    self.pos += 1
                    return
                self.lines.setdefault((*path, index), t[2])
                self.value((*path, index))
                index += 1
                self.skip_nl()
                if (t := self.peek()) is not None and t[:2] == ("P", ","):
                    self.pos += 1
        elif t[:2] == ("P", "{"):
            self.pos += 1
            while (t := self.peek()) is not None and t[:2] != ("P", "}"):
                if t[:2] == ("P", ","):
                    self.pos += 1
                    continue
                self.keyvalue(path)
            self.pos += 1
        else:
            while (t := self.peek()) is not None and not (
                t[0] == "NL" or (t[0] == "P" and t[1] in ",]}")
            ):
                self.pos += 1


def key_lines(text: str) -> dict[Path, int]:
    """Map every key, table header and array element in ``text`` to its line."""
    return _Scanner(text).run()


def line_of(lines: dict[Path, int], path: Path) -> int | None:
    """The line of ``path`` or of its nearest enclosing key that has one."""
    p = tuple(path)
    while p:
        if p in lines:
            return lines[p]
        p = p[:-1]
    return None
