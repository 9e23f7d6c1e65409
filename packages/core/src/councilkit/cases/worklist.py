"""What a clerk's case screens show: the case list with overdue cases first, and the moves a case allows next.

**The worklist** (:class:`Worklist`).  A clerk wants the late cases first.  The
list is read a page at a time from :meth:`CaseBook.list <councilkit.cases.book.CaseBook.list>`,
in sections: overdue steps first, then open steps on time, then cases awaiting
their next step, resolved ones waiting to be closed, and closed ones; newest
first within each.  ``show`` chooses the sections (``active``: all but closed,
the default; ``overdue``; ``open`` (overdue and on time); ``awaiting``;
``resolved``; ``closed``; ``all``).  A page returns a ``cursor`` to continue
from, so a list of 100,000 cases costs a page at a time.

**The moves** (:func:`next_moves`).  From a case's state and its route: which
actions come next (start the next step, record a consultation, an outcome,
escalate, resolve, close, reopen...), what each needs choosing (the outcomes
and where each leads, the roles still to consult, the steps it may go to) and
who may do it.  Whether the person asking may do it is decided when they act:
:class:`~councilkit.cases.book.CaseBook` refuses with the reason, and nothing is written.

``councilkit worklist`` and ``councilkit moves`` print both.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from councilkit.cases.book import Case, CaseBook, CaseSummary
from councilkit.routing import effective_outcomes, reachable, reachable_from, successors
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

    def as_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        return {"total": self.total, "cursor": self.cursor, "cases": [c.as_dict(today) for c in self.cases]}


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


# ---------------------------------------------------------------------------
# moves


@attrs.frozen
class Choice:
    """Something to choose for a move: an outcome, a role, a step, an obligation, a person."""

    id: str
    label: str
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Move:
    """An action a case allows next.

    ``action`` is one of ``start``, ``consulted``, ``notified``, ``note``,
    ``outcome``, ``resolve``, ``escalate``, ``close``, ``withdraw`` (close, the
    concern withdrawn) and ``reopen``.  ``choose`` names what ``choices`` are
    (``step``, ``role``, ``outcome``, ``obligation``); ``optional`` when one may
    be left out.  ``handlers``: who could handle the step it starts.
    """

    action: str
    label: str
    who: str
    choose: str = ""
    choices: tuple[Choice, ...] = ()
    optional: bool = False
    why_required: bool = False
    handlers: tuple[Choice, ...] = ()
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"action": self.action, "label": self.label, "who": self.who, "choose": self.choose,
                "choices": [c.as_dict() for c in self.choices], "optional": self.optional,
                "why_required": self.why_required, "handlers": [h.as_dict() for h in self.handlers],
                "note": self.note}


def next_moves(book: CaseBook, case: Case, on: dt.date | None = None) -> list[Move]:
    """The actions ``case`` allows next, in the order a clerk would usually take them."""
    day = on or clock_today()
    council = book.council(case.council_id)
    route = book.route_of(case)
    t = council.title
    officers = " or ".join(council.roles.noun(r, definite=True) for r in book.visibility_roles(council))
    last = case.last_run
    handler = f"the handler ({last.handler})" if last is not None and last.handler else "the handler"
    managers = f"{handler}" + (f" or {officers}" if officers else "")
    steps = {s.id: s for s in route.steps}

    def step_choice(sid: str, detail: str = "") -> Choice:
        return Choice(sid, steps[sid].title or sid, detail)

    moves: list[Move] = []
    run = case.current
    if case.status == "awaiting":
        pending = case.pending or route.steps[0].id
        waiting = book.waiting_for(case, day)
        handlers: tuple[Choice, ...] = ()
        note = ""
        if waiting is not None:
            if waiting.blocked:
                note = waiting.blocked
            else:
                handlers = tuple(Choice(str(c.person_id), c.name, t(c.role)) for c in waiting.eligible)
                note = f"{waiting.name} ({t(waiting.role) if waiting.role else ''}) would handle it" + (
                    f": {waiting.why}" if waiting.why else "")
        targets = reachable_from(route, [pending])
        moves.append(Move("start", "Start the next step", managers, "step",
                          tuple(step_choice(s, "waiting to start" if s == pending else "skipping optional steps")
                                for s in targets), handlers=handlers, note=note))
    elif run is not None:
        step = steps[run.step_id]
        outstanding = run.outstanding_consultations()
        if outstanding:
            moves.append(Move("consulted", "Record a consultation", handler, "role",
                              tuple(Choice(r.role, r.title, ", ".join(n for _, n in r.people)) for r in outstanding),
                              note="the step is decided after consulting " + " and ".join(r.who() for r in outstanding)))
        outcomes = effective_outcomes(route, step)
        moves.append(Move("outcome", "Record an outcome", handler, "outcome", tuple(
            Choice(o.id, o.label or o.id, f"leads to step {steps[o.next].title or o.next!r}" if o.next
                   else "ends the route: the case is resolved") for o in outcomes)))
        closing = [o for o in outcomes if not o.next]
        if closing:
            moves.append(Move("resolve", "Resolve the concern", handler, "outcome",
                              tuple(Choice(o.id, o.label or o.id, "ends the route") for o in closing)))
        if successors(route, step):
            moves.append(Move("escalate", "Escalate to a later step", managers + " or the complainant", "step",
                              tuple(step_choice(s) for s in reachable(route, step.id)), why_required=True))
    notify = _outstanding_notifications(case)
    if notify and case.status != "closed":
        moves.append(Move("notified", "Record a notification", f"{handler}" + (f" or {officers}" if officers else ""),
                          "role", tuple(notify)))
    if case.status == "resolved":
        decided = [r for r in case.steps if r.ended == "outcome"]
        open_items = [f"notify {req.who()}" for r in decided for req in r.outstanding_notifications()]
        open_items += [text for r in decided for _, text in r.outstanding_obligations()]
        moves.append(Move("close", "Close the case", managers,
                          note=("still open: " + "; ".join(open_items)) if open_items else ""))
    if case.status in ("open", "awaiting"):
        moves.append(Move("withdraw", "Close as withdrawn", managers + " or the complainant", why_required=True))
    if case.status == "closed":
        ran = list(dict.fromkeys(r.step_id for r in reversed(case.steps))) or [route.steps[0].id]
        moves.append(Move("reopen", "Reopen the case", managers, "step",
                          tuple(step_choice(s) for s in ran if s in steps), why_required=True))
    obligations = [Choice(oid, text, f"step {r.step_id!r}") for r in case.steps
                   for oid, text in r.outstanding_obligations()]
    moves.append(Move("note", "Add a note", "anyone who may see the case", "obligation" if obligations else "",
                      tuple(obligations), optional=True))
    return moves


def _outstanding_notifications(case: Case) -> list[Choice]:
    out: dict[str, Choice] = {}
    for run in case.steps:
        for r in run.outstanding_notifications():
            if run.in_progress or run.ended == "outcome":
                out.setdefault(r.role, Choice(r.role, r.title, ", ".join(n for _, n in r.people)))
    return list(out.values())
