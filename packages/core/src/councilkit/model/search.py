"""Finding clauses by their words: SQLite FTS5 with the Porter stemmer, in memory.

A protocol is small (tens to a few hundred clauses), so its index is built when first searched and
kept with the protocol; nothing is written to disk.  Words match their other forms ("gifts" finds
"gift", "disciplinary" finds "discipline"), and the last word of a query may be unfinished, so a
clerk can search as they type.

- :meth:`ClauseIndex.every` is a search: clauses that use every word, in document order;
- :meth:`ClauseIndex.about` is a topic: clauses that use any of its meaning words (common words
  dropped; a longer word also matches the words its stem begins, so "discipline" finds
  "disciplinary"), those that use more of them first, then the most relevant (bm25), then
  document order.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from typing import Any

_WORD = re.compile(r"\w+", re.UNICODE)

#: words that carry no meaning in a topic ("gifts and hospitality" is about gifts and hospitality)
STOPWORDS = frozenset(
    ["the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "by", "with", "about", "from", "as", "at", "is", "are", "be", "it", "this", "that", "their", "his", "her", "what", "who", "when", "how", "which", "any", "all", "its", "into", "can", "may", "should", "must", "not", "no"]
)


def words(query: str) -> list[str]:
    """The words of ``query``, folded to lower case."""
    return [w.casefold() for w in _WORD.findall(query)]


def pieces(query: str) -> list[str]:
    """The pieces of ``query`` between spaces that hold a word: "4.2" stays one piece, so it finds
    4.2 and not 2.4."""
    return [p.casefold() for p in query.split() if _WORD.search(p)]


def meaning_words(query: str) -> list[str]:
    """The words of ``query`` that say what it is about: common words and single letters dropped."""
    return [w for w in words(query) if w not in STOPWORDS and len(w) > 1]


def _term(word: str, prefix: bool = False) -> str:
    return '"' + word.replace('"', '""') + '"' + ("*" if prefix else "")


class ClauseIndex:
    """An FTS5 index of some clauses' reference, heading and text, in the order given."""

    def __init__(self, rows: Iterable[tuple[Any, str, str, str]]):
        """``rows``: (the clause, its reference, its heading, its text), in document order."""
        self._clauses: list[Any] = []
        self._lock = threading.Lock()  # one connection, used from the UI's workers too
        self._conn = sqlite3.connect(":memory:", check_same_thread=False)
        self._conn.execute(
            "CREATE VIRTUAL TABLE clause USING fts5(ref, heading, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        batch = []
        for clause, ref, heading, body in rows:
            self._clauses.append(clause)
            batch.append((len(self._clauses), ref, heading, body))
        self._conn.executemany("INSERT INTO clause(rowid, ref, heading, body) VALUES (?, ?, ?, ?)", batch)

    def _rows(self, match: str) -> list[tuple[int, float]]:
        with self._lock:
            return self._conn.execute(
                "SELECT rowid, bm25(clause) FROM clause WHERE clause MATCH ?", (match,)
            ).fetchall()

    def every(self, terms: Sequence[str], limit: int | None = None) -> list[Any]:
        """The clauses that use every piece of ``terms`` (words, or a few words in a row such as
        "4.2"; the last may be unfinished), in document order."""
        if not terms:
            return []
        match = " AND ".join(_term(t, prefix=i == len(terms) - 1) for i, t in enumerate(terms))
        found = sorted(rowid for rowid, _ in self._rows(match))
        return [self._clauses[r - 1] for r in found[:limit]]

    def about(self, terms: Sequence[str], limit: int | None = None) -> list[tuple[Any, list[str]]]:
        """The clauses that use any of ``terms``, with the terms each uses: most terms first, then
        the most relevant, then document order."""
        used: dict[int, list[str]] = {}
        # a longer word also matches the words its stem begins ("discipline": "disciplinary")
        queries = {term: _term(term, prefix=len(term) >= 5) for term in dict.fromkeys(terms)}
        for term, query in queries.items():
            for rowid, _ in self._rows(query):
                used.setdefault(rowid, []).append(term)
        if not used:
            return []
        relevance = dict(self._rows(" OR ".join(queries.values())))
        order = sorted(used, key=lambda r: (-len(used[r]), relevance.get(r, 0.0), r))
        return [(self._clauses[r - 1], used[r]) for r in order[:limit]]
