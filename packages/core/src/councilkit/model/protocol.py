"""The text layer: a protocol's clauses, exactly as adopted, in a tree.

Clause ids follow the document's own numbering (``4``, ``4.2``, ``3.1(e)``).
Unnumbered documents use slugs of their headings with paragraph numbers
(``member-decision-making.p3``) and bullets are numbered under their clause
(``2.1.b2``).  A clause's parent is given explicitly or derived from its id:
``3.1(e)`` -> ``3.1``; ``4.2`` -> ``4``; ``group-briefings.p7`` ->
``group-briefings``.  The text layer never interprets.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import attrs

from councilkit.errors import UnknownNameError

_SUFFIX = re.compile(r"\(([^()]+)\)$")
_WORD = re.compile(r"\w+", re.UNICODE)
_STOPWORDS = frozenset(
    ["the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "by", "with", "about", "from", "as", "at", "is", "are", "be", "it", "this", "that", "their", "his", "her", "what", "who", "when", "how", "which"]
)


def derived_parent(clause_id: str) -> str | None:
    """The parent a clause id implies, before checking that it exists."""
    m = _SUFFIX.search(clause_id)
    if m and m.start() > 0:
        return clause_id[: m.start()]
    if "." in clause_id:
        return clause_id.rsplit(".", 1)[0]
    return None


@attrs.frozen
class Clause:
    """One clause: ``label`` as printed, optional ``heading``, verbatim ``text``."""

    id: str
    text: str = ""
    heading: str | None = None
    label: str | None = None
    parent: str | None = None
    tags: tuple[str, ...] = ()
    children: tuple[str, ...] = ()

    @property
    def display_label(self) -> str:
        return self.label if self.label is not None else self.id

    @property
    def title(self) -> str:
        """A short line for lists and trees: number and heading, else the text's start."""
        head = self.heading or _first_words(self.text)
        label = self.display_label
        return f"{label} {head}".strip() if label else head


def _first_words(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


@attrs.frozen
class SearchHit:
    clause: Clause
    snippet: str


@attrs.frozen
class Protocol:
    """A protocol's adoption record and its clause tree (clauses in document order)."""

    title: str
    version: str | None = None
    adopted: dt.date | None = None
    adopted_by: str | None = None
    minute: str | None = None
    review_months: int | None = None
    review_due: dt.date | None = None
    revised: str | None = None
    source: str | None = None
    note: str | None = None
    clauses: tuple[Clause, ...] = ()
    _index: dict[str, Clause] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {c.id: c for c in self.clauses})

    # lookup ---------------------------------------------------------------
    def __contains__(self, clause_id: object) -> bool:
        return clause_id in self._index

    def get(self, clause_id: str) -> Clause | None:
        return self._index.get(clause_id)

    def clause(self, clause_id: str) -> Clause:
        """The clause ``clause_id``, or an error suggesting the nearest id."""
        try:
            return self._index[clause_id]
        except KeyError:
            raise UnknownNameError("clause", clause_id, self._index) from None

    def roots(self) -> list[Clause]:
        return [c for c in self.clauses if c.parent is None]

    def children(self, clause_id: str) -> list[Clause]:
        return [self._index[c] for c in self.clause(clause_id).children]

    def ancestors(self, clause_id: str) -> list[Clause]:
        """From the top-level clause down to, but not including, ``clause_id``."""
        out: list[Clause] = []
        parent = self.clause(clause_id).parent
        while parent is not None:
            out.append(self._index[parent])
            parent = self._index[parent].parent
        return out[::-1]

    def descendants(self, clause_id: str) -> list[Clause]:
        out: list[Clause] = []
        for child in self.children(clause_id):
            out.append(child)
            out.extend(self.descendants(child.id))
        return out

    def walk(self) -> Iterator[tuple[int, Clause]]:
        """Every clause in document order with its depth (0 for top level)."""

        def visit(clause: Clause, depth: int) -> Iterator[tuple[int, Clause]]:
            yield depth, clause
            for child in clause.children:
                yield from visit(self._index[child], depth + 1)

        for root in self.roots():
            yield from visit(root, 0)

    # search ---------------------------------------------------------------
    def search(self, query: str, limit: int | None = None) -> list[SearchHit]:
        """Clauses whose id, heading or text contain every word of ``query``, in document order."""
        words = [w.casefold() for w in _WORD.findall(query)]
        if not words:
            return []
        hits: list[SearchHit] = []
        for clause in self.clauses:
            hay = f"{clause.id} {clause.heading or ''} {clause.text}".casefold()
            if all(w in hay for w in words):
                hits.append(SearchHit(clause, _snippet(clause, words[0])))
                if limit is not None and len(hits) >= limit:
                    break
        return hits

    def topic(self, query: str, limit: int = 5) -> list[SearchHit]:
        """The clauses most about ``query``: ranked by how many of its words they use.

        Unlike :meth:`search` not every word need appear; common words are ignored
        and a word matches its longer forms ("concern" finds "concerned").  Ties
        keep document order.
        """
        terms = [w for w in (w.casefold() for w in _WORD.findall(query)) if w not in _STOPWORDS and len(w) > 2]
        stems = {t.rstrip("s") if len(t) > 4 else t for t in terms}
        if not stems:
            return []
        scored = []
        for order, clause in enumerate(self.clauses):
            words = set(_WORD.findall(f"{clause.heading or ''} {clause.text}".casefold()))
            found = [s for s in stems if any(w.startswith(s) for w in words)]
            if found:
                scored.append((-len(found), order, clause, found[0]))
        scored.sort(key=lambda item: item[:2])
        return [SearchHit(clause, _snippet(clause, first)) for _, _, clause, first in scored[:limit]]

    # review ---------------------------------------------------------------
    def review_due_date(self) -> dt.date | None:
        """The stated review date, else adoption date plus the review cycle."""
        if self.review_due is not None:
            return self.review_due
        if self.adopted is not None and self.review_months:
            return add_months(self.adopted, self.review_months)
        return None

    def review_overdue(self, today: dt.date) -> bool:
        due = self.review_due_date()
        return due is not None and due < today


def _snippet(clause: Clause, word: str, width: int = 80) -> str:
    text = " ".join(clause.text.split())
    at = text.casefold().find(word)
    if at < 0:
        return _first_words(text, width)
    start = max(0, at - width // 3)
    piece = text[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(text) else "")


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover
