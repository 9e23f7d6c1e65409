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

from councilkit.errors import UnknownNameError

_SUFFIX = re.compile(r"\(([^()]+)\)$")
#: an id that is the document's own numbering: 4, 4.2, 3.1(e), 2(a)(ii)
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*(?:\([0-9a-z]+\))*$", re.I)
#: the last part of an unnumbered id: a paragraph (p3) or a bullet (b2)
_POSITION = re.compile(r"^([pb])(\d+)$")
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _ordinal(n: int) -> str:
    return _ORDINALS[n - 1] if 0 < n <= len(_ORDINALS) else f"{n}th"


def _unslug(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def _reference_key(text: str) -> str:
    return re.sub(r"[\s,]+", "", text.casefold()).removeprefix("clause")


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
    _references: dict[str, Clause] | None = attrs.field(init=False, default=None, repr=False, eq=False)
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

    # references -------------------------------------------------------------
    def reference(self, clause_id: str) -> str:
        """How a person would cite the clause: its number as the document prints it ("4.2",
        "3.1(e)"), or, where the document numbers nothing, a readable position such as
        "Expectations, paragraph 1, third bullet"."""
        clause = self.clause(clause_id)
        if _NUMBERED.match(clause.id):
            return clause.id
        parts: list[str] = []
        for piece in [*self.ancestors(clause_id), clause]:
            if _NUMBERED.match(piece.id):
                parts = [piece.id]
                continue
            parent = piece.parent
            own = piece.id[len(parent) + 1:] if parent and piece.id.startswith(parent + ".") else piece.id
            position = _POSITION.match(own)
            if position and position.group(1) == "p":
                parts.append(f"paragraph {position.group(2)}")
            elif position:
                parts.append(f"{_ordinal(int(position.group(2)))} bullet")
            else:
                parts.append(piece.heading or _unslug(own))
        return ", ".join(parts)

    def find(self, reference: str) -> Clause | None:
        """The clause a person means by ``reference``: its id, its number as printed ("3.1 (e)"
        is "3.1(e)"), or its readable position (:meth:`reference`); None if none is meant."""
        key = _reference_key(reference)
        if not key:
            return None
        if self._references is None:
            table: dict[str, Clause] = {}
            for clause in self.clauses:
                for form in (clause.id, self.reference(clause.id)):
                    table.setdefault(_reference_key(form), clause)
            object.__setattr__(self, "_references", table)
        assert self._references is not None
        return self._references.get(key)

    def example_reference(self) -> str | None:
        """A reference that exists, for hints: a numbered clause two levels deep ("4.2") if the
        document has one, else its first paragraph's position ("Role of Members, paragraph 1")."""
        for clause in self.clauses:
            if _NUMBERED.match(clause.id) and clause.id.count(".") == 1 and "(" not in clause.id:
                return clause.id
        for clause in self.clauses:
            if _POSITION.match(clause.id.rsplit(".", 1)[-1]):
                return self.reference(clause.id)
        return self.reference(self.clauses[0].id) if self.clauses else None

    # search ---------------------------------------------------------------
    def _text_index(self) -> Any:
        if self._search is None:
            from councilkit.model.search import ClauseIndex

            rows = ((c, f"{c.id} {self.reference(c.id)}", c.heading or "", c.text) for c in self.clauses)
            object.__setattr__(self, "_search", ClauseIndex(rows))
        return self._search

    def search(self, query: str, limit: int | None = None) -> list[SearchHit]:
        """Clauses that use every word of ``query`` (in any of their forms; the last word may be
        unfinished), in document order; a reference to a clause ("4.2", "3.1 (e)") finds that
        clause first."""
        from councilkit.model.search import pieces, words

        terms = pieces(query)
        if not terms:
            return []
        first = words(query)[0]
        exact = self.find(query)
        hits = [SearchHit(exact, _snippet(exact, first))] if exact is not None else []
        for clause in self._text_index().every(terms):
            if clause is not exact:
                hits.append(SearchHit(clause, _snippet(clause, first)))
            if limit is not None and len(hits) >= limit:
                break
        return hits[:limit]

    def topic(self, query: str, limit: int = 5) -> list[SearchHit]:
        """The clauses most about ``query``: those using more of its meaning words first (common
        words are ignored and a word matches its other forms: "gifts" finds "gift"), then the
        most relevant, then document order."""
        from councilkit.model.search import meaning_words

        terms = meaning_words(query)
        if not terms:
            return []
        return [SearchHit(clause, _snippet(clause, used[0]))
                for clause, used in self._text_index().about(terms, limit)]

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
