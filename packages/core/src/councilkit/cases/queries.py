"""Reading cases: one case, the case list a page at a time, and who may see them.

:class:`CaseReader` is the reading half of :class:`~councilkit.cases.book.CaseBook`:
it loads councils and routes, folds a case from its events (keeping what it folded,
so reading it again reads only the events added since), and lists cases from the
``cases`` projection as :class:`CaseSummary` rows, a :class:`CasePage` at a time.

**At scale.**  Who may see what is a :class:`Scope` in SQL: a council whose every case
the viewer sees is read through its indexes (in order, no sort); elsewhere the viewer's
own ``case_access`` rows are walked.  Totals are not counted: they are sums over
``case_counts``, which the store's triggers keep by council, status and due date (and,
for each person, over the cases they may see), so a count costs the same for a million
cases as for ten and never includes a case its reader may not see.

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
        self._local = threading.local()  # the batch a thread has open (CaseBook.batch), its own
        self._lock = threading.Lock()

    @property
    def _batch(self) -> Batch | None:
        """The batch this thread has open, if any: another thread's actions never join it."""
        return getattr(self._local, "batch", None)

    @_batch.setter
    def _batch(self, batch: Batch | None) -> None:
        self._local.batch = batch

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
        """The case, folding only the events this book has not seen yet (call it inside a transaction)."""
        return self._fold(case_id).freeze()

    def _fold(self, case_id: int) -> _Fold:
        """The book's copy of the case (a :class:`_Fold`), with the events it had not seen folded in."""
        with self._lock:
            state = self._cache.get(case_id)
            seen = len(state.events) if state else 0
            version = self._data_version()
            rows = self.store.conn.execute(
                "SELECT * FROM case_events WHERE case_id = ? AND n > ? ORDER BY n", (case_id, seen)).fetchall()
            if state is None:
                if not rows:
                    raise UnknownCaseError(f"no case #{case_id}")
                council_id = json.loads(rows[0]["data"])["council"]
                state = _Fold(self.council(council_id).nation)
            for row in rows:
                state.apply(_event(row))
            state.data_version = version
            self._cache[case_id] = state
            return state

    def _data_version(self) -> int:
        """SQLite's ``PRAGMA data_version``: it changes when another connection commits, so a case read at
        the same value is still current (this connection's own writes fold into the cache as they go)."""
        return self.store.conn.execute("PRAGMA data_version").fetchone()[0]

    def get(self, ref: str | int, viewer: Person | Actor, on: dt.date | None = None) -> Case:
        """The case ``ref``, if ``viewer`` may see it today (else :class:`UnknownCaseError`).

        Who may see a case is judged by the roles held today, whatever ``on`` says: a date in the
        past never widens what a former officer sees (``on`` is kept for callers that pass it).
        """
        case_id = parse_ref(ref)
        with self._reading():
            try:
                case = self._load(case_id)
            except UnknownCaseError:
                raise UnknownCaseError(f"no case #{case_id} that you can see") from None
        if not self.can_see(case, viewer):
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
        """The cases ``viewer`` may see, filtered; one page of ``limit``.

        Who may see what is judged by the roles held today; ``on`` is the day the list is for:
        ``overdue`` keeps open cases whose step was due before it; ``due_before`` open cases
        whose step is due before that date.  ``order`` is
        ``newest`` (the default: newest first) or ``due`` (the earliest due date first, then by
        number; cases with no due date last).  ``total`` is :meth:`count`'s.
        """
        day = on or clock_today()
        person = _actor(viewer).person
        statuses = _statuses(status)
        if order not in ORDERS:
            raise UnknownNameError("order", order, ORDERS)
        scope = self.scope(person, council_id=council_id)
        filters = _filters(statuses, day if overdue else None, due_before, handler, party, index_due=order == "due",
                           walk=order != "due" and scope.mode != "council")
        page = [max(0, limit), max(0, offset)]
        with self._reading() as conn:
            rows: list[sqlite3.Row] = []
            if limit > 0:
                rows = conn.execute(scope.page_sql(filters, order), [*scope.params, *filters.params, *page]).fetchall()
            total = self._count(conn, scope, statuses, day if overdue else None, due_before, handler, party)
        return CasePage(tuple(_summary(r) for r in rows), total, offset, limit)

    def count(
        self,
        viewer: Person | Actor,
        *,
        council_id: str | None = None,
        status: str | Sequence[str] | None = None,
        overdue: bool = False,
        handler: Person | None = None,
        party: Person | None = None,
        due_before: dt.date | None = None,
        on: dt.date | None = None,
    ) -> int:
        """How many cases :meth:`list` would give, in all.

        Without ``handler`` or ``party`` it adds up the counts the store keeps as cases change
        (``case_counts``: by council, status and due date): every case of a council where the
        viewer holds a role that sees them all, and elsewhere only the cases the viewer is a party
        to or handles, so the number never includes a case they may not see, and costs the same
        for a million cases as for ten.
        """
        day = on or clock_today()
        statuses = _statuses(status)
        scope = self.scope(_actor(viewer).person, council_id=council_id)
        with self._reading() as conn:
            return self._count(conn, scope, statuses, day if overdue else None, due_before, handler, party)

    def scope(self, person: Person, *, council_id: str | None = None) -> Scope:
        """Which cases ``person`` may see (at ``council_id``, or everywhere), as SQL, by the roles they
        hold today: a list for another day never widens it."""
        officer_of = self.officer_councils(person, clock_today())
        if council_id is not None:
            officer_of = [council_id] if council_id in officer_of else []
        return Scope(person.id, tuple(officer_of), council_id)

    def _count(self, conn: sqlite3.Connection, scope: Scope, statuses: list[str], overdue_on: dt.date | None,
               due_before: dt.date | None, handler: Person | None, party: Person | None) -> int:
        if handler is not None or party is not None:  # counted from the rows, through their indexes
            filters = _filters(statuses, overdue_on, due_before, handler, party, index_due=True)
            return int(conn.execute(scope.count_sql(filters), [*scope.params, *filters.params]).fetchone()[0])
        sql, params = scope.counts_sql(statuses, min((d for d in (overdue_on, due_before) if d), default=None))
        return int(conn.execute(sql, params).fetchone()[0])

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


def _statuses(status: str | Sequence[str] | None) -> list[str]:
    statuses = [status] if isinstance(status, str) else list(status or ())
    for s in statuses:
        if s not in STATUSES:
            raise UnknownNameError("status", s, STATUSES)
    return statuses


@attrs.frozen
class Filters:
    """Conditions on a case (``cases c``) in SQL, with their parameters."""

    sql: str
    params: tuple[Any, ...]


def _filters(statuses: Sequence[str], overdue_on: dt.date | None, due_before: dt.date | None,
             handler: Person | None, party: Person | None, *, index_due: bool, walk: bool = False) -> Filters:
    """The list's filters.

    Unless the page is in due-date order (``index_due``), the due date is kept from the indexes (a
    leading ``+``): newest first, a council's cases of one status come in order from an index, and a
    due-date index would make SQLite sort every overdue case for each page.  A page that walks
    the cases (or a person's access rows) newest first (``walk``) keeps every filter from the indexes: the rows
    come in order and each is checked as it passes.
    """
    c = "+c." if walk else "c."
    due = "c.due_date" if index_due and not walk else "+c.due_date"
    parts: list[tuple[str, list[Any]]] = []
    if statuses:
        parts.append((f"{c}status IN ({','.join('?' for _ in statuses)})", list(statuses)))
    for day in (overdue_on, due_before):
        if day is not None:
            parts.append((f"{c}status = 'open' AND {due} < ?", [day.isoformat()]))
    if handler is not None:
        parts.append((f"{c}handler_id = ?", [handler.id]))
    if party is not None:
        parts.append((f"({c}complainant_id = ? OR {c}subject_id = ?)", [party.id, party.id]))
    return Filters("".join(f" AND {sql}" for sql, _ in parts), tuple(v for _, vs in parts for v in vs))


@attrs.frozen
class Scope:
    """The cases one person may see on one day, at one council or everywhere, as SQL.

    ``officer_of``: the councils (of those asked about) where they hold a role that sees every case;
    elsewhere they see the cases they are a party to or handle (``case_access``).  Three shapes:

    - ``council``: one council, all of whose cases they see: its indexes give every order;
    - ``access``: only their own cases (one council or all): their ``case_access`` rows are walked,
      newest first;
    - ``mixed``: every council (some seen whole): the cases are walked newest first.
    """

    person_id: int
    officer_of: tuple[str, ...]
    council_id: str | None = None

    @property
    def mode(self) -> str:
        if self.council_id is not None and self.officer_of:
            return "council"
        return "mixed" if self.officer_of else "access"

    @property
    def params(self) -> list[Any]:
        """The parameters of :attr:`source` and :attr:`where`, in order."""
        mode = self.mode
        if mode == "council":
            return [self.council_id]
        if mode == "access":
            return [self.person_id] + ([self.council_id] if self.council_id is not None else [])
        return [*self.officer_of, self.person_id]

    @property
    def source(self) -> str:
        if self.mode == "access":
            # CROSS JOIN keeps SQLite walking the person's rows in their order (case_access_by_person)
            return "case_access a CROSS JOIN cases c ON c.id = a.case_id"
        return "cases c"

    @property
    def where(self) -> str:
        mode = self.mode
        if mode == "council":
            return "c.council_id = ?"
        if mode == "access":
            return "a.person_id = ?" + (" AND +c.council_id = ?" if self.council_id is not None else "")
        return (f"(c.council_id IN ({','.join('?' for _ in self.officer_of)}) OR EXISTS (SELECT 1 FROM "
                "case_access x WHERE x.case_id = c.id AND x.person_id = ?))")

    @property
    def id_column(self) -> str:
        """The case number as the walk sees it: walking by it (descending) gives the newest first."""
        return "a.case_id" if self.mode == "access" else "c.id"

    def page_sql(self, filters: Filters, order: str) -> str:
        if order == "due":
            by = "c.due_date, c.id" if "due_date" in filters.sql else "c.due_date IS NULL, c.due_date, c.id"
        else:
            by = f"{self.id_column} DESC"
        return f"SELECT c.* FROM {self.source} WHERE {self.where}{filters.sql} ORDER BY {by} LIMIT ? OFFSET ?"

    def count_sql(self, filters: Filters) -> str:
        return f"SELECT count(*) FROM {self.source} WHERE {self.where}{filters.sql}"

    def counts_sql(self, statuses: Sequence[str], due_before: dt.date | None) -> tuple[str, list[Any]]:
        """A sum over ``case_counts``: the whole councils in :attr:`officer_of`, and the person's own
        cases elsewhere (at :attr:`council_id`, when one is asked about)."""
        cond, params = "", []
        if statuses:
            cond += f" AND status IN ({','.join('?' for _ in statuses)})"
            params += list(statuses)
        if due_before is not None:
            cond += " AND status = 'open' AND due_date <> '' AND due_date < ?"
            params.append(due_before.isoformat())
        councils = ",".join("?" for _ in self.officer_of)
        whole = (f"(SELECT coalesce(sum(n), 0) FROM case_counts WHERE person_id = 0 AND council_id IN ({councils})"
                 f"{cond})")
        own = f"SELECT coalesce(sum(n), 0) FROM case_counts WHERE person_id = ?{cond}"
        own_params: list[Any] = [self.person_id, *params]
        if self.council_id is not None:
            own += " AND council_id = ?"
            own_params.append(self.council_id)
        if self.officer_of:
            own += f" AND council_id NOT IN ({councils})"
            own_params += list(self.officer_of)
            return f"SELECT {whole} + ({own})", [*self.officer_of, *params, *own_params]
        return own, own_params

    def totals_sql(self, day: dt.date) -> tuple[str, list[Any]]:
        """Cases by status, and of the open ones those due before ``day``: one statement over ``case_counts``."""
        councils = ",".join("?" for _ in self.officer_of)
        own = "person_id = ?" + (" AND council_id = ?" if self.council_id is not None else "")
        own_params: list[Any] = [self.person_id] + ([self.council_id] if self.council_id is not None else [])
        if self.officer_of:
            own += f" AND council_id NOT IN ({councils})"
            own_params += list(self.officer_of)
            which = f"(person_id = 0 AND council_id IN ({councils})) OR ({own})"
            params = [*self.officer_of, *own_params]
        else:
            which, params = own, own_params
        sql = (f"SELECT status, coalesce(sum(n), 0), coalesce(sum(CASE WHEN status = 'open' AND due_date <> ''"
               f" AND due_date < ? THEN n ELSE 0 END), 0) FROM case_counts WHERE {which} GROUP BY status")
        return sql, [day.isoformat(), *params]
