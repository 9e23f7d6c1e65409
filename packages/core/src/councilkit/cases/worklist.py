"""What a clerk's case list shows: the cases with overdue ones first, a page at a time.

**The worklist** (:class:`Worklist`).  A clerk wants the late cases first.  The
list is read a page at a time from :meth:`CaseBook.list <councilkit.cases.book.CaseBook.list>`,
in sections: overdue steps first, then open steps on time, then cases awaiting
their next step, resolved ones waiting to be closed, and closed ones; newest
first within each.  ``show`` chooses the sections (``active``: all but closed,
the default; ``overdue``; ``open`` (overdue and on time); ``awaiting``;
``resolved``; ``closed``; ``all``).  A page returns a ``cursor`` to continue
from, so a list of 100,000 cases costs a page at a time.

The moves a case allows next are :mod:`councilkit.cases.moves`'s.  ``councilkit worklist``
and ``councilkit moves`` print both.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from councilkit.cases.book import CaseBook
from councilkit.cases.queries import CaseSummary
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
#: the open-on-time section skips overdue rows: read this many at a time
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
        self._totals: dict[str, int] = {}

    def _list(self, section: str, offset: int, limit: int) -> Any:
        common = {"council_id": self.council_id, "on": self.day, "limit": limit, "offset": offset}
        if section == "overdue":
            return self.book.list(self.viewer, overdue=True, **common)
        return self.book.list(self.viewer, status=section, **common)

    def section_total(self, section: str) -> int:
        """How many cases the section holds (open: on time only)."""
        if section not in self._totals:
            total = self._list(section, 0, 0).total
            if section == "open":
                total -= self.section_total("overdue")
            self._totals[section] = total
        return self._totals[section]

    def total(self) -> int:
        return sum(self.section_total(s) for s in self.sections)

    def page(self, cursor: str | None = None, limit: int = PAGE) -> WorkPage:
        """The next ``limit`` cases from ``cursor`` (None: the start).

        The cursor returned is None when nothing is left, so a list never ends
        with an empty page.
        """
        index, offset = _parse_cursor(cursor, len(self.sections))
        out: list[CaseSummary] = []
        scanned = 0
        ahead: tuple[CaseSummary, ...] = ()  # the open section's rows read past the end of a full page
        while index < len(self.sections) and len(out) < limit:
            section = self.sections[index]
            size = _SCAN if section == "open" else limit - len(out)
            got = self._list(section, offset, size)
            full = False
            for n, s in enumerate(got.cases):
                offset += 1
                if section == "open" and s.overdue(self.day):
                    continue
                out.append(s)
                if len(out) == limit:
                    full = True
                    ahead = got.cases[n + 1:]
                    break
            scanned += len(got.cases)
            if offset >= got.total or not got.cases:
                index, offset = index + 1, 0
            elif full or scanned >= 5 * _SCAN:
                break  # a page is full, or a long run of overdue rows was skipped: continue next time
        more = index < len(self.sections) and self._more(index, offset, ahead)
        return WorkPage(tuple(out), f"{index}:{offset}" if more else None, self.total())

    def _more(self, index: int, offset: int, ahead: tuple[CaseSummary, ...] = ()) -> bool:
        """Whether any case is left from ``index:offset`` (counted, or for part of the open section, looked at)."""
        for i in range(index, len(self.sections)):
            section = self.sections[i]
            start = offset if i == index else 0
            if section != "open" or start == 0:
                if self.section_total(section) > (start if section != "open" else 0):
                    return True
                continue
            # part-way through the open section: its rows left may all be overdue (listed already)
            rows = ahead or self._list("open", start, _SCAN).cases
            if any(not s.overdue(self.day) for s in rows):
                return True
            if start + len(rows) < self.section_total("open") + self.section_total("overdue"):
                return True  # more rows than one look covers: there may be more
        return False


def _parse_cursor(cursor: str | None, sections: int) -> tuple[int, int]:
    if not cursor:
        return 0, 0
    try:
        index, offset = (int(x) for x in cursor.split(":", 1))
    except ValueError:
        raise ValueError(f"{cursor!r} is not a worklist cursor (it looks like 1:200)") from None
    if not (0 <= index <= sections and offset >= 0):
        raise ValueError(f"{cursor!r} is not a worklist cursor for this list")
    return index, offset
