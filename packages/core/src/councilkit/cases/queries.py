"""Reading cases: one case, the case list a page at a time, and who may see them.

:class:`CaseReader` is the reading half of :class:`~councilkit.cases.book.CaseBook`:
it loads councils and routes, folds a case from its events (keeping what it folded,
so reading it again reads only the events added since), and lists cases from the
``cases`` projection as :class:`CaseSummary` rows, a :class:`CasePage` at a time.

**Confidentiality.**  A case is visible only to its parties, the people who
handle or handled its steps, and holders of the roles the council's variant
names (the clerk, the monitoring officer...).  Every read and write takes the
person asking and refuses anyone else; a case they cannot see does not exist
for them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from councilkit import people as people_mod
from councilkit.cases.events import (
    STATUSES,
    Actor,
    RefusedError,
    UnknownCaseError,
    _actor,
    _event,
    parse_ref,
)
from councilkit.cases.state import Case, _Fold
from councilkit.errors import CouncilkitError, UnknownNameError
from councilkit.model import Route
from councilkit.people.records import Directory, Person
from councilkit.routing import ADVISER_ROUTE, Assignment, adviser_route, assign_handler
from councilkit.settings import today as clock_today
from councilkit.store import Store

if TYPE_CHECKING:
    from councilkit.cases.book import Batch

PAGE = 50
#: the orders CaseBook.list can give a page in
ORDERS = ("newest", "due")

#: how a case book finds a council by id: a mapping, a function of the id, or None (by id, from the usual places)
CouncilSource = Mapping[str, Any] | Callable[[str], Any] | None


@attrs.frozen
class CaseSummary:
    """A row of the case list (read from the projection, without folding the case)."""

    id: int
    council_id: str
    route_id: str
    title: str
    status: str
    current_step: str | None
    step_title: str | None
    handler_id: int | None
    handler: str | None
    due: dt.date | None
    pending_step: str | None
    opened_on: dt.date
    closed_on: dt.date | None
    updated_at: str
    reopened: int
    version: int

    @property
    def ref(self) -> str:
        return f"#{self.id}"

    def overdue(self, today: dt.date) -> bool:
        return self.status == "open" and self.due is not None and self.due < today

    def state(self, today: dt.date) -> str:
        return "overdue" if self.overdue(today) else self.status


def _summary(row: sqlite3.Row) -> CaseSummary:
    return CaseSummary(
        row["id"], row["council_id"], row["route_id"], row["title"], row["status"], row["current_step"],
        row["step_title"], row["handler_id"], row["handler_name"],
        dt.date.fromisoformat(row["due_date"]) if row["due_date"] else None, row["pending_step"],
        dt.date.fromisoformat(row["opened_on"]), dt.date.fromisoformat(row["closed_on"]) if row["closed_on"] else None,
        row["updated_at"], row["reopened"], row["version"])


@attrs.frozen
class CasePage:
    """One page of the case list, and how many cases match in all."""

    cases: tuple[CaseSummary, ...]
    total: int
    offset: int
    limit: int


class CaseReader:
    """Cases in a store, read: one case, a page of the list, and who may see them.

    ``councils`` maps council ids to loaded councils (or is a function of the
    id); by default councils are loaded by id from the usual places and kept.
    """

    def __init__(self, store: Store, councils: CouncilSource = None):
        self.store = store
        self._councils_source = councils
        self._councils: dict[str, Any] = {}
        self._cache: dict[int, _Fold] = {}
        self._batch: Batch | None = None
        self._lock = threading.Lock()

    # councils ---------------------------------------------------------------
    def council(self, council_id: str) -> Any:
        if council_id not in self._councils:
            src = self._councils_source
            if src is None:
                from councilkit.councilfile import load_council

                self._councils[council_id] = load_council(council_id)
            elif callable(src) and not isinstance(src, Mapping):
                self._councils[council_id] = src(council_id)
            else:
                try:
                    self._councils[council_id] = src[council_id]
                except KeyError:
                    raise UnknownNameError("council", council_id, src) from None
        return self._councils[council_id]

    def route_of(self, case: Case) -> Route:
        council = self.council(case.council_id)
        if case.route_id == ADVISER_ROUTE:
            return adviser_route(council, case.raised_by)
        for route in council.routes:
            if route.id == case.route_id:
                return route
        raise RefusedError(f"case {case.ref} follows route {case.route_id!r}, which {council.id}'s protocol no "
                           "longer has; restore the route in the council file to act on the case")

    def directory(self, council: Any) -> Directory:
        return Directory(self.store, council)

    # reading ----------------------------------------------------------------
    def _load(self, case_id: int) -> Case:
        """The case, folding only the events this book has not seen yet."""
        with self._lock:
            state = self._cache.get(case_id)
            seen = len(state.events) if state else 0
            rows = self.store.conn.execute(
                "SELECT * FROM case_events WHERE case_id = ? AND n > ? ORDER BY n", (case_id, seen)).fetchall()
            if state is None:
                if not rows:
                    raise UnknownCaseError(f"no case #{case_id}")
                council_id = json.loads(rows[0]["data"])["council"]
                state = _Fold(self.council(council_id).nation)
            for row in rows:
                state.apply(_event(row))
            self._cache[case_id] = state
            return state.freeze()

    def get(self, ref: str | int, viewer: Person | Actor, on: dt.date | None = None) -> Case:
        """The case ``ref``, if ``viewer`` may see it (else :class:`UnknownCaseError`)."""
        case_id = parse_ref(ref)
        with self._reading():
            try:
                case = self._load(case_id)
            except UnknownCaseError:
                raise UnknownCaseError(f"no case #{case_id} that you can see") from None
        if not self.can_see(case, viewer, on):
            raise UnknownCaseError(f"no case #{case_id} that you can see")
        return case

    def council_of(self, ref: str | int, *, must_exist: bool = False) -> Any:
        """The council of case ``ref``, read before anyone's right to see it is checked.

        For a front end that must know the council to know who acts (``--as``, the
        demo's stand-ins) before it reads the case with :meth:`get`, which decides
        whether they may see it.  None when there is no such case; with
        ``must_exist``, :class:`UnknownCaseError` in the very words :meth:`get` uses
        for a case the viewer may not see, so the answer never tells whether a case
        exists.
        """
        case_id = parse_ref(ref)
        with self._reading() as conn:
            row = conn.execute("SELECT council_id FROM cases WHERE id = ?", (case_id,)).fetchone()
        if row is None:
            if must_exist:
                raise UnknownCaseError(f"no case #{case_id} that you can see")
            return None
        return self.council(row[0])

    def waiting_for(self, case: Case, on: dt.date | None = None) -> Assignment | None:
        """For a case waiting to start a step: who would handle it on ``on``, or why it is blocked."""
        if case.status != "awaiting" or not case.pending:
            return None
        council = self.council(case.council_id)
        route = self.route_of(case)
        return assign_handler(council, route.step(case.pending), self.directory(council).holders,
                              on or clock_today(), case.parties)

    def visibility_roles(self, council: Any) -> tuple[str, ...]:
        """The roles whose holders see every case of ``council`` (its variant's ``case_visibility``)."""
        return tuple(council.variant.case_visibility)

    def case_officer(self, council: Any, person: Person, on: dt.date) -> str | None:
        """The visibility role ``person`` holds at ``council`` on ``on``, if any."""
        held = self.directory(council).roles_of(person, on)
        for role in self.visibility_roles(council):
            for r in held:
                if r in council.roles and council.roles.is_a(r, role):
                    return role
        return None

    def can_see(self, case: Case, viewer: Person | Actor, on: dt.date | None = None) -> bool:
        """Parties, handlers and holders of the variant's visibility roles may see a case."""
        person = _actor(viewer).person
        if person.id in case.parties or person.id in case.handler_ids:
            return True
        try:
            council = self.council(case.council_id)
        except CouncilkitError:
            return False
        return self.case_officer(council, person, on or clock_today()) is not None

    def list(
        self,
        viewer: Person | Actor,
        *,
        council_id: str | None = None,
        status: str | Sequence[str] | None = None,
        overdue: bool = False,
        handler: Person | None = None,
        party: Person | None = None,
        due_before: dt.date | None = None,
        order: str = "newest",
        limit: int = PAGE,
        offset: int = 0,
        on: dt.date | None = None,
    ) -> CasePage:
        """The cases ``viewer`` may see on ``on``, filtered; one page of ``limit``.

        ``overdue`` keeps open cases whose step was due before ``on``; ``due_before`` open cases
        whose step is due before that date (``on`` still decides who may see what).  ``order`` is
        ``newest`` (the default: newest first) or ``due`` (the earliest due date first, then by
        number; cases with no due date last).
        """
        day = on or clock_today()
        person = _actor(viewer).person
        statuses = [status] if isinstance(status, str) else list(status or ())
        for s in statuses:
            if s not in STATUSES:
                raise UnknownNameError("status", s, STATUSES)
        if order not in ORDERS:
            raise UnknownNameError("order", order, ORDERS)
        officer_of = self.officer_councils(person, day)
        filters: list[tuple[str, list[Any]]] = []
        if council_id is not None:
            filters.append(("c.council_id = ?", [council_id]))
        if statuses:
            filters.append((f"c.status IN ({','.join('?' for _ in statuses)})", list(statuses)))
        if overdue:
            filters.append(("c.status = 'open' AND c.due_date < ?", [day.isoformat()]))
        if due_before is not None:
            filters.append(("c.status = 'open' AND c.due_date < ?", [due_before.isoformat()]))
        if handler is not None:
            filters.append(("c.handler_id = ?", [handler.id]))
        if party is not None:
            filters.append(("(c.complainant_id = ? OR c.subject_id = ?)", [party.id, party.id]))
        values = [v for _, vs in filters for v in vs]
        # The page walks the cases newest first and stops at its end; a leading + on a filtered column
        # keeps SQLite from sorting a whole index range instead.  The count may use the indexes.
        # Ordered by due date, the (council, status, due_date) index gives the order and the filters
        # stay on it.
        count_filters = "".join(f" AND {sql}" for sql, _ in filters)
        if order == "due":
            page_filters = count_filters
            by = by_access = "c.due_date IS NULL, c.due_date, c.id"
        else:
            page_filters = "".join(f" AND {sql.replace('c.', '+c.')}" for sql, _ in filters)
            by, by_access = "c.id DESC", "a.case_id DESC"
        page = [max(0, limit), max(0, offset)]
        with self._reading() as conn:
            if officer_of:
                # every case of the councils where the viewer holds a role the variant names, and the
                # cases elsewhere they are a party to or handle
                visible = (f"(c.council_id IN ({','.join('?' for _ in officer_of)}) OR EXISTS (SELECT 1 FROM "
                           "case_access a WHERE a.case_id = c.id AND a.person_id = ?))")
                base = [*officer_of, person.id]
                rows = conn.execute(f"SELECT c.* FROM cases c WHERE {visible}{page_filters}"
                                    f" ORDER BY {by} LIMIT ? OFFSET ?", [*base, *values, *page]).fetchall()
                total = conn.execute(f"SELECT count(*) FROM cases c WHERE {visible}{count_filters}",
                                     [*base, *values]).fetchone()[0]
            else:
                # only the cases they are a party to or handle: walk their access rows, newest first
                join = "FROM case_access a JOIN cases c ON c.id = a.case_id WHERE a.person_id = ?"
                rows = conn.execute(f"SELECT c.* {join}{page_filters} ORDER BY {by_access} LIMIT ? OFFSET ?",
                                    [person.id, *values, *page]).fetchall()
                if filters:
                    total = conn.execute(f"SELECT count(*) {join}{count_filters}", [person.id, *values]).fetchone()[0]
                else:
                    total = conn.execute("SELECT count(*) FROM case_access WHERE person_id = ?",
                                         (person.id,)).fetchone()[0]
        return CasePage(tuple(_summary(r) for r in rows), total, offset, limit)

    def officer_councils(self, person: Person, on: dt.date) -> list[str]:
        """The councils at which ``person`` holds, on ``on``, a role that sees every case."""
        out = []
        council_ids = sorted({a.council_id for a in people_mod.appointments(self.store, person=person, on=on)})
        for cid in council_ids:
            try:
                council = self.council(cid)
            except CouncilkitError:
                continue
            if self.case_officer(council, person, on):
                out.append(cid)
        return out

    # transactions -------------------------------------------------------------
    @contextlib.contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        if self._batch is not None:
            yield self._batch.conn
        else:
            with self.store.read() as conn:
                yield conn

