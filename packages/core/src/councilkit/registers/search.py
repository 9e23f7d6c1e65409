"""Searching a council's registers: every word must match, and nobody finds what they may not see.

:meth:`RegisterSearch.search` uses SQLite FTS5 (the ``register_search`` table): each
entry's public fields and its sensitive fields are indexed apart
(:func:`search_text`), so a person who may not see a register's sensitive fields is
matched on its other fields only, and never on an entry they may not see.
:func:`fts_query` turns what a person types into an FTS5 query.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from councilkit.people.records import Person
from councilkit.registers.entries import (
    _ROW,
    DEFAULT_PAGE,
    FULL,
    MAX_PAGE,
    PUBLIC,
    Entry,
    RegisterError,
    RegisterReader,
)
from councilkit.registers.kinds import RegisterKind
from councilkit.registers.values import render

_TOKEN = re.compile(r"[\w'’-]+\*?|\"[^\"]+\"", re.UNICODE)


@attrs.frozen
class SearchHit:
    entry: Entry
    snippet: str


class RegisterSearch(RegisterReader):
    """Search, for :class:`~councilkit.registers.service.Registers` (see the module)."""

    def search(
        self,
        query: str,
        viewer: Person | None,
        *,
        kinds: Iterable[str] | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> list[SearchHit]:
        """Current entries matching every word of ``query`` (``word*`` for a prefix, "a phrase" in
        quotes), newest first, across the council's registers or ``kinds``.

        A person who may not see a register's sensitive fields is matched on its
        other fields only, and never on an entry they may not see.
        """
        match = fts_query(query)
        if not 1 <= limit <= MAX_PAGE:
            raise RegisterError(f"a search returns 1 to {MAX_PAGE} entries, not {limit}")
        chosen = [self.kind(k) for k in kinds] if kinds else self.kinds()
        by_access: dict[str, list[str]] = {FULL: [], PUBLIC: []}
        for kind in chosen:
            by_access[self.access(kind, viewer)].append(kind.id)
        found: list[tuple[int, str, str]] = []  # (entry_id, snippet, access)
        for access, kind_ids in by_access.items():
            if not kind_ids:
                continue
            marks = ",".join("?" for _ in kind_ids)
            expr = match if access == FULL else f"public : ({match})"
            column = -1 if access == FULL else 0
            sql = (f"SELECT s.rowid, snippet(register_search, {column}, '[', ']', '…', 12) AS snip"
                   " FROM register_search s JOIN register_current c ON c.entry_id = s.rowid"
                   f" WHERE register_search MATCH ? AND c.council_id = ? AND c.kind IN ({marks})"
                   " AND c.withdrawn = 0")
            params: list[Any] = [expr, self.council.id, *kind_ids]
            if access != FULL:
                sql += " AND (c.confidential = 0 OR (c.released_on IS NOT NULL AND c.released_on <= ?))"
                params.append(self.today.isoformat())
            sql += " ORDER BY s.rowid DESC LIMIT ?"
            try:
                rows = self.store.query(sql, [*params, limit])
            except sqlite3.OperationalError as exc:
                raise RegisterError(f"cannot search for {query!r}: {exc}") from None
            found += [(r[0], r[1], access) for r in rows]
        found.sort(key=lambda t: -t[0])
        found = found[:limit]
        if not found:
            return []
        rows_by_id = {r["entry_id"]: r for r in self.store.query(
            f"{_ROW} WHERE c.entry_id IN ({','.join('?' for _ in found)})", [f[0] for f in found])}
        hits = []
        for entry_id, snip, access in found:
            entry = self._entries([rows_by_id[entry_id]], access)[0]
            hits.append(SearchHit(entry, snip))
        return hits


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query: every word must match; ``word*`` is a prefix; "a phrase" in quotes."""
    tokens = _TOKEN.findall(text or "")
    parts = []
    for token in tokens:
        prefix = token.endswith("*")
        word = token.rstrip("*").strip('"').strip()
        word = word.replace('"', '""')
        if not word or not any(ch.isalnum() for ch in word):
            continue
        parts.append(f'"{word}"' + ("*" if prefix else ""))
    if not parts:
        raise RegisterError(f"nothing to search for in {text!r}: give one or more words")
    return " ".join(parts)


def search_text(kind: RegisterKind, data: Mapping[str, Any], names: Mapping[int, str],
                roles: Mapping[str, Any]) -> tuple[str, str]:
    """What the search index holds for an entry: its public fields' text, and its sensitive fields' text."""
    public, sensitive = [], []
    for f in kind.fields:
        if f.id in data:
            text = render(f.type, data[f.id], names=names, roles=roles)
            (sensitive if f.sensitive else public).append(text)
    return " · ".join(public), " · ".join(sensitive)
