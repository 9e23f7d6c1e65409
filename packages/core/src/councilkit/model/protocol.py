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
from typing import Any

import attrs

from councilkit._attrs import frozen
from councilkit.errors import UnknownNameError

_SUFFIX = re.compile(r"\(([^()]+)\)$")





def derived_parent(clause_id: str) -> str | None:
    """The parent a clause id implies, before checking that it exists."""
    m = _SUFFIX.search(clause_id)
    if m and m.start() > 0:
        return clause_id[: m.start()]
    if "." in clause_id:
        return clause_id.rsplit(".", 1)[0]
    return None


@frozen
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


@frozen
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
    _search: Any = attrs.field(init=False, default=None, repr=False, eq=False)

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

    # references and search (councilkit.model.search) ------------------------------
    def reference(self, clause_id: str) -> str:
        """How a person would cite the clause: its number as the document prints it ("4.2",
        "3.1(e)"), or, where the document numbers nothing, a readable position such as
        "4 Expectations, paragraph 1, third bullet" or "Introduction, paragraph 2"."""
        from councilkit.model.search import reference

        return reference(self, clause_id)

    def find(self, reference: str) -> Clause | None:
        """The clause a person means by ``reference``: its id, its number as printed ("3.1 (e)"
        is "3.1(e)", "clause 4.2"), or its readable position (:meth:`reference`); else None."""
        from councilkit.model.search import find_reference

        return find_reference(self, reference)

    def example_reference(self) -> str:
        """A reference that exists, for hints ("for example 4.2" only where there is a 4.2)."""
        from councilkit.model.search import example_reference

        return example_reference(self)

    def text_index(self) -> Any:
        """The protocol's full-text index (:class:`councilkit.model.search.ClauseIndex`), built once."""
        if self._search is None:
            from councilkit.model.search import ClauseIndex

            object.__setattr__(self, "_search", ClauseIndex(self))
        return self._search

    def search(self, query: str, limit: int = 50) -> list[Any]:
        """Clauses that use every word of ``query`` in any of its forms (the last may be half
        typed), best first; a query that is a clause's reference ("4.2", "3.1 (e)") finds it first."""
        return self.text_index().search(query, limit)

    def topic(self, query: str, limit: int = 5) -> list[Any]:
        """The clauses most about ``query``: any of its meaning words in any of their forms
        (common words ignored), best first."""
        return self.text_index().topic(query, limit)

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
    folded = text.casefold()
    at = folded.find(word)
    if at < 0 and len(word) > 4:  # another form of the word: "gifts" shows where "gift" is
        at = folded.find(word[: max(4, len(word) - 3)])
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
