"""What a clerk's case list shows: the cases with overdue ones first, a page at a time.

**The worklist** (:class:`Worklist`).  A clerk wants the late cases first.  The
list is read a page at a time from :meth:`CaseBook.list <councilkit.cases.book.CaseBook.list>`,
in sections: overdue steps first, then open steps on time, then cases awaiting
their next step, resolved ones waiting to be closed, and closed ones; newest
first within each.  ``show`` chooses the sections (``active``: all but closed,
the default; ``overdue``; ``open`` (overdue and on time); ``awaiting``;
``resolved``; ``closed``; ``all``).  A page returns a ``cursor`` to continue
from (the section, and the case number it stopped at), and each section is walked
newest first from where the last page stopped, on an index, so a page costs the
same at the end of a list of a million cases as at its start.  The totals are sums
over the counts the store keeps as cases change, one statement for every section.
A page that meets a long run of cases it must pass over (overdue cases while it
lists those on time) stops after :data:`_SCAN` * 5 of them and returns what it has,
with the cursor to go on: no page reads without bound.

The moves a case allows next are :mod:`councilkit.cases.moves`'s.  ``councilkit worklist``
and ``councilkit moves`` print both.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import attrs

from councilkit.cases.book import CaseBook
from councilkit.cases.events import _actor
from councilkit.cases.queries import CaseSummary, Scope, _summary
from councilkit.settings import today as clock_today

SECTIONS = ("overdue", "open", "awaiting", "resolved", "closed")
SHOW: dict[str, tuple[str, ...]] = {
    "active": ("overdue", "open", "awaiting", "resolved"),
    "overdue": ("overdue",),
    "open": ("overdue", "open"),
    "awaiting": ("awaiting",),
    "resolved": ("resolved",),
    "closed": ("closed",),
    "all": SECTIONS,
}
SHOW_LABELS = {
    "active": "Active (not closed)",
    "overdue": "Overdue",
    "open": "Open (overdue and on time)",
    "awaiting": "Awaiting the next step",
    "resolved": "Resolved, to be closed",
    "closed": "Closed",
    "all": "All",
}
PAGE = 100
#: a page passes over at most this many cases, five times, before it returns what it has
_SCAN = 1000


@attrs.frozen
class WorkPage:
    """One page of the worklist, and the cursor to continue from (None at the end)."""

    cases: tuple[CaseSummary, ...]
    cursor: str | None
    total: int


class Worklist:
    """The cases ``viewer`` may see (at ``council_id``, or everywhere), overdue first, a page at a time."""

    def __init__(self, book: CaseBook, viewer: Any, *, council_id: str | None = None, show: str = "active",
                 on: dt.date | None = None):
        if show not in SHOW:
            raise ValueError(f"unknown list {show!r}; choose one of {', '.join(SHOW)}")
        self.book = book
        self.viewer = viewer
        self.council_id = council_id
        self.show = show
        self.day = on or clock_today()
        self.sections = SHOW[show]
        self._totals: dict[str, int] | None = None
        self._scope: Scope | None = None

    @property
    def scope(self) -> Scope:
        """Which cases the viewer may see on the day (worked out once for the list)."""
        if self._scope is None:
            self._scope = self.book.scope(_actor(self.viewer).person, council_id=self.council_id)
        return self._scope

    def section_total(self, section: str) -> int:
        """How many cases the section holds (open: on time only)."""
        if self._totals is None:
            sql, params = self.scope.totals_sql(self.day)
            with self.book._reading() as conn:
                rows = conn.execute(sql, params).fetchall()
            totals = dict.fromkeys(SECTIONS, 0)
            for status, n, late in rows:
                totals[status] = n - late if status == "open" else n
                if status == "open":
                    totals["overdue"] = late
            self._totals = totals
        return self._totals[section]

    def total(self) -> int:
        return sum(self.section_total(s) for s in self.sections)

    def page(self, cursor: str | None = None, limit: int = PAGE) -> WorkPage:
        """The next ``limit`` cases from ``cursor`` (None: the start).

        The cursor returned is None when nothing is left, so a list never ends
        with an empty page.
        """
        index, before = _parse_cursor(cursor, len(self.sections))
        chosen: list[int] = []
        skip = 5 * _SCAN  # the cases a page may pass over before it returns what it has
        more = False
        self.total()  # the counts first: a section without cases is not walked
        with self.book._reading() as conn:
            while index < len(self.sections):
                section = self.sections[index]
                if not self.section_total(section):
                    index, before = index + 1, 0
                    continue
                walk = self._walk(conn, section, before)
                ended = True
                for case_id, wanted in walk:
                    if not wanted:
                        skip -= 1
                        if skip < 0:
                            ended = False  # a long run passed over: go on from here next time
                            more = True
                            break
                        before = case_id
                        continue
                    if len(chosen) == limit:
                        ended = False  # the first case of the next page
                        more = True
                        break
                    chosen.append(case_id)
                    before = case_id
                walk.close()
                if not ended:
                    break
                index, before = index + 1, 0
            rows = {}
            if chosen:
                marks = ",".join("?" for _ in chosen)
                rows = {r["id"]: r for r in conn.execute(f"SELECT * FROM cases WHERE id IN ({marks})", chosen)}
        if not more:
            more = any(self.section_total(s) for s in self.sections[index:]) if index < len(self.sections) else False
        cases = tuple(_summary(rows[i]) for i in chosen)
        return WorkPage(cases, f"{index}:{before}" if more else None, self.total())

    def _walk(self, conn: sqlite3.Connection, section: str, before: int) -> sqlite3.Cursor:
        """The section's candidates newest first, from ``before`` (0: the start): (case number, wanted).

        A whole council's cases of one status come from an index in order; a walk through a
        person's own cases, or through every council's, checks each case as it passes.
        """
        scope = self.scope
        status = "open" if section in ("overdue", "open") else section
        late = "(c.due_date IS NOT NULL AND c.due_date < ?)"
        wanted, params = "1", []
        if section == "overdue":
            wanted, params = late, [self.day.isoformat()]
        elif section == "open":
            wanted, params = f"NOT {late}", [self.day.isoformat()]
        where, where_params = scope.where, list(scope.params)
        if scope.mode == "council":
            where += " AND c.status = ?"  # on the index (council_id, status), which gives the order
            where_params.append(status)
        else:
            wanted = f"+c.status = ? AND {wanted}"
            params = [status, *params]
        column = scope.id_column
        if before:
            where += f" AND {column} < ?"
            where_params.append(before)
        return conn.execute(f"SELECT {column}, {wanted} FROM {scope.source} WHERE {where} ORDER BY {column} DESC",
                            [*params, *where_params])


def _parse_cursor(cursor: str | None, sections: int) -> tuple[int, int]:
    if not cursor:
        return 0, 0
    try:
        index, before = (int(x) for x in cursor.split(":", 1))
    except ValueError:
        raise ValueError(f"{cursor!r} is not a worklist cursor (it looks like 1:200)") from None
    if not (0 <= index <= sections and before >= 0):
        raise ValueError(f"{cursor!r} is not a worklist cursor for this list")
    return index, before
