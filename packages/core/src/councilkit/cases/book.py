"""Cases: a concern taken along its council's route between real people, from opening to closure.

:class:`CaseBook` is the service: it opens cases and records every action,
refusing illegal moves with the reason.  It is put together from one part per idea:

- :mod:`councilkit.cases.events`: the events a case is made of, who acts, the errors;
- :mod:`councilkit.cases.state`: the case's state, a fold over its events;
- :mod:`councilkit.cases.queries`: reading a case and the case list, and who may see them
  (:class:`~councilkit.cases.queries.CaseReader`);
- :mod:`councilkit.cases.actions`: the actions on an open case and who may take each
  (:class:`~councilkit.cases.actions.CaseActions`);
- this module: opening a case, starting a step, and the transaction every action
  runs in: appending its events to the hash chain, updating the case list, telling
  the plugins.

**Concurrency.**  Every action is one short ``BEGIN IMMEDIATE`` transaction
that re-reads the case's version inside the lock.  Pass the :class:`Case` you
acted on (or ``version=``) and a case changed since is refused with a
:class:`~councilkit.store.ConflictError` saying what changed; nothing is
written and no event is ever lost.

**Who may.**  Whether the person acting may see the case is checked first, before
its version, its dates or anything else about it: to someone who may not see it a
case does not exist, conflicts included.  Who may act is judged on the day they act
(today), whatever day the event is dated: a former clerk cannot back-date an action
to when they held the post.  Opening a case takes its complainant or a case officer
of the council (:data:`~councilkit.people.authority.AUTHORITY`).  :meth:`CaseBook.read`
reads a case for a person to look at and records that they did; the case's officers
see that record with :meth:`CaseBook.reads`.

**Text.**  A case's title, description, notes and reasons have limits
(:data:`~councilkit.errors.LIMITS`); longer text is refused, naming the field.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import attrs

from councilkit.cases.actions import CaseActions, _skip_message
from councilkit.cases.events import (
    Actor,
    CaseRead,
    Event,
    RefusedError,
    UnknownCaseError,
    _actor,
    _event,
    _read,
    parse_ref,
)
from councilkit.cases.queries import CouncilSource
from councilkit.cases.state import Case, _Fold, fold
from councilkit.errors import UnknownNameError, check_text
from councilkit.model import Route, Step
from councilkit.people.authority import refusal
from councilkit.people.records import Directory, Person
from councilkit.routing import (
    Assignment,
    Contact,
    add_working_days,
    adviser_route,
    assign_handler,
    bank_holidays,
    contacts,
    days_for,
    matching_routes,
    resolve_route,
    skipped_mandatory,
)
from councilkit.settings import today as clock_today
from councilkit.store import ConflictError, Store, now


@attrs.frozen
class Change:
    """What an action did: the case after it, the events it appended, and any warnings."""

    case: Case
    events: tuple[Event, ...]
    warnings: tuple[str, ...] = ()


class _Action:
    """What one action sees inside its transaction, and the events it adds."""

    def __init__(self, book: CaseBook, conn: sqlite3.Connection, case: Case | None, council: Any,
                 actor: Actor, on: dt.date):
        self.book = book
        self.conn = conn
        self.case = case
        self.council = council
        self.actor = actor
        self.on = on
        self.new: list[tuple[str, str, dict[str, Any]]] = []
        self.warnings: list[str] = []

    def add(self, kind: str, reason: str, data: dict[str, Any]) -> None:
        self.new.append((kind, reason, data))


def _day(on: dt.date | None, today: dt.date, case_id: int | None, last: dt.date | None) -> dt.date:
    """The day an action is dated (``on``, else today): never in the future, nor before the case's last event."""
    day = on or today
    if day > today:
        raise RefusedError(f"{day.isoformat()} is in the future (today is {today.isoformat()})")
    if last is not None and day < last:
        raise RefusedError(f"{day.isoformat()} is before case #{case_id}'s last event ({last.isoformat()}); "
                           "record events in the order they happened")
    return day


def _target(ref: Case | str | int, version: int | None) -> tuple[int, int | None]:
    """The case an action is on, and the version it expects: ``version``, else that of the
    :class:`Case` given (a number or ``#12`` expects none)."""
    if isinstance(ref, Case):
        return ref.id, ref.version if version is None else version
    return parse_ref(ref), version


class _Again(Exception):
    """A note is written the usual way after all (see CaseBook._note)."""


@attrs.define
class Batch:
    """An open :meth:`CaseBook.batch`: its transaction, and the plugins' warnings once it commits."""

    conn: sqlite3.Connection
    pending: list[tuple[Any, Case, tuple[Event, ...]]] = attrs.field(factory=list)
    warnings: list[str] = attrs.field(factory=list)


class CaseBook(CaseActions):
    """Cases in a store: open them, act on them, list and show them to the people allowed to see them.

    ``councils`` maps council ids to loaded councils (or is a function of the
    id); by default councils are loaded by id from the usual places and kept.
    """

    def __init__(self, store: Store, councils: CouncilSource = None, registry: Any = None):
        super().__init__(store, councils)
        self._registry = registry
        self._warmed: set[tuple[str, int]] = set()

    # writing ----------------------------------------------------------------
    def _check_date(self, on: dt.date | None, case: Case | None) -> dt.date:
        return _day(on, clock_today(), case.id if case is not None else None,
                    case.last_event_on() if case is not None else None)

    def _transact(
        self,
        ref: Case | str | int,
        by: Person | Actor,
        version: int | None,
        on: dt.date | None,
        body: Callable[[_Action], None],
    ) -> Change:
        actor = _actor(by)
        case_id, expected = _target(ref, version)
        # Fold the case, load its council and the bank holidays before taking the write lock, so the
        # lock is held only to read the few events other processes added while this one waited for
        # its turn, check and append.  The case is read again first only when another connection has
        # committed since it was (SQLite's data_version): eight writers at once each fold the others'
        # notes here, on two cores at once, instead of one at a time inside the lock.
        self._warm(self.council(self._catch_up(case_id).header["council_id"]), on)
        with self._writing() as conn:
            case = self._load(case_id)  # the events are append-only: reading the new ones gives the version
            # who may see it first, judged today: to anyone else it does not exist, conflicts and dates included
            if not self.can_see(case, actor, clock_today()):
                raise UnknownCaseError(f"no case #{case_id} that you can see")
            if expected is not None and case.version != expected:
                raise ConflictError(self._conflict_message(conn, case_id, expected, case.version))
            council = self.council(case.council_id)
            day = self._check_date(on, case)
            action = _Action(self, conn, case, council, actor, day)
            body(action)
            with self._forget_on_failure(case_id):
                events = self._append(action, case_id, case.version)
                after = self._apply(case_id, events)
                self._project(conn, after, case)
        return self._finish(council, after, events, action.warnings)

    def _catch_up(self, case_id: int) -> _Fold:
        """The book's copy of the case, read again only when another connection has committed since it
        was (before the write lock: see :meth:`_transact`)."""
        state = self._cache.get(case_id)
        if state is None or (self._batch is None and state.data_version != self._data_version()):
            with self._reading():
                try:
                    return self._fold(case_id)
                except UnknownCaseError:
                    raise UnknownCaseError(f"no case #{case_id} that you can see") from None
        return state

    def _note(self, ref: Case | str | int, by: Person | Actor, text: str, on: dt.date | None,
              version: int | None, body: Callable[[_Action], None]) -> Change:
        """A note that discharges nothing: it only adds to the record and changes nothing the case list
        shows but the case's version, so whatever other events came first, the checks it needs are read
        from their rows inside the write lock (who may see the case, its version, the day of its last
        event), and the case is folded after the commit, outside the lock, where eight clerks' processes
        fold on two cores at once.  What it checks, refuses and gives back is what :meth:`_transact`
        would; a batch, or a note that discharges an obligation, goes through :meth:`_transact` (``body``),
        and so does this one if the book's copy of the case changed while it waited for its turn (another
        thread of this process acted on it, or a batch that failed dropped it), or if someone who is
        neither a party nor a case officer notes a case where a step began meanwhile."""
        actor = _actor(by)
        person = actor.person
        case_id, expected = _target(ref, version)
        copy = self._catch_up(case_id)  # read from as it is (not frozen: that copies every event)
        council = self.council(copy.header["council_id"])
        self._warm(council, on)
        seen = len(copy.events)
        last_on = copy.events[-1].on if copy.events else copy.header["opened_on"]
        # a party, or a handler of a step: still one whatever came since (parties never change, and a
        # step's handler stays its handler); anyone else is judged inside the lock, today
        known = person.id in (copy.header["complainant_id"], copy.header["subject_id"]) or any(
            run["handler_id"] == person.id for run in copy.runs)
        try:
            with self.store.write() as conn:
                with self._lock:
                    if self._cache.get(case_id) is not copy or len(copy.events) != seen:
                        raise _Again
                rows = conn.execute("SELECT * FROM case_events WHERE case_id = ? AND n > ? ORDER BY n",
                                    (case_id, seen)).fetchall()
                data_version = self._data_version()
                today = clock_today()
                if not known and self.case_officer(council, person, today) is None:
                    if any(r["kind"] == "step_started" for r in rows):
                        raise _Again  # a step begun meanwhile may make them its handler: the fold decides
                    raise UnknownCaseError(f"no case #{case_id} that you can see")
                current = rows[-1]["n"] if rows else seen
                if expected is not None and current != expected:
                    raise ConflictError(self._conflict_message(conn, case_id, expected, current))
                day = _day(on, today, case_id, dt.date.fromisoformat(rows[-1]["on_date"]) if rows else last_on)
                check_text("note", text)
                at = now()
                row = self.store.append_chained(conn, "case_events", {
                    "case_id": case_id, "n": current + 1, "kind": "note", "at": at, "on_date": day.isoformat(),
                    "actor_id": person.id, "actor_name": person.name, "recorded_by": actor.recorded_by,
                    "reason": text, "data": "{}",
                })
                conn.execute("UPDATE cases SET updated_at = ?, version = ? WHERE id = ?", (at, current + 1, case_id))
        except _Again:  # read it again, and act on it as any other action does
            return self._transact(ref, by, version, on, body)
        event = Event(row["seq"], case_id, current + 1, "note", at, day, person.id, person.name,
                      actor.recorded_by, text, {}, row["hash"])
        after: Case | None = None
        with self._lock:  # fold what came before it, then the note (another thread may have folded some)
            state = self._cache.get(case_id)
            if state is not None:
                for r in rows:
                    if r["n"] == len(state.events) + 1:
                        state.apply(_event(r))
                if len(state.events) == current:
                    state.apply(event)
                    state.data_version = data_version
                if len(state.events) == current + 1:
                    after = state.freeze()
        if after is None:  # the book's copy went past the note meanwhile (another thread), or was dropped
            with self._reading():
                self._load(case_id)
            with self._lock:
                copy = self._cache[case_id]
                after = fold(copy.events[: current + 1], copy.nation)
        return self._finish(council, after, (event,), [])

    def _warm(self, council: Any, on: dt.date | None) -> None:
        """Load what an action may need that is slow the first time: bank holidays, the plugins."""
        key = (council.nation, (on or clock_today()).year)
        if key not in self._warmed:
            bank_holidays(key[0], (key[1], key[1] + 1))
            self._warmed.add(key)
        self._hooks()

    def _apply(self, case_id: int, events: Sequence[Event]) -> Case:
        """Fold the events just appended onto the cached case (it is at the version they follow)."""
        with self._lock:
            state = self._cache[case_id]
            for e in events:
                state.apply(e)
            return state.freeze()

    @contextlib.contextmanager
    def _forget_on_failure(self, case_id: int) -> Iterator[None]:
        """If the transaction fails, drop what the cache folded from its uncommitted events."""
        try:
            yield
        except BaseException:
            with self._lock:
                self._cache.pop(case_id, None)
            raise

    def _conflict_message(self, conn: sqlite3.Connection, case_id: int, expected: int, current: int) -> str:
        if expected > current:
            return (f"case #{case_id} has {current} events, not {expected}: the version you give is not one "
                    f"it has had; look at it again (councilkit case show {case_id})")
        rows = conn.execute("SELECT * FROM case_events WHERE case_id = ? AND n > ? ORDER BY n",
                            (case_id, expected)).fetchall()
        changes = "; ".join(f"{_event(r).summary()} by {r['actor_name']} on {r['on_date']}" for r in rows[:3])
        more = f" and {len(rows) - 3} more" if len(rows) > 3 else ""
        return (f"case #{case_id} has changed since you read it (version {expected}, now {current}: "
                f"{changes}{more}); nothing was written: look at it again (councilkit case show {case_id}) "
                "and decide whether your action still applies")

    def _append(self, action: _Action, case_id: int, version: int) -> tuple[Event, ...]:
        out = []
        at = now()
        person = action.actor.person
        for kind, reason, _ in action.new:
            check_text("note" if kind == "note" else "description" if kind == "opened" else "reason", reason)
        for i, (kind, reason, data) in enumerate(action.new, start=1):
            text = json.dumps(data, sort_keys=True, ensure_ascii=False)
            row = self.store.append_chained(action.conn, "case_events", {
                "case_id": case_id, "n": version + i, "kind": kind, "at": at, "on_date": action.on.isoformat(),
                "actor_id": person.id, "actor_name": person.name, "recorded_by": action.actor.recorded_by,
                "reason": reason, "data": text,
            })
            out.append(Event(row["seq"], case_id, version + i, kind, at, action.on, person.id, person.name,
                             action.actor.recorded_by, reason, json.loads(text), row["hash"]))
        return tuple(out)

    def _project(self, conn: sqlite3.Connection, case: Case, before: Case | None) -> None:
        """Rewrite the case's row in the list, and who may see it, from the fold.

        The columns the list's indexes and counts are kept by (status, handler, due date) are written
        only when the row does not hold them already: SQLite rewrites an index entry for every indexed
        column an UPDATE names, changed or not, so a note, which changes none of them, writes one page
        of the table instead of four (~10 us instead of ~36 us, inside the write lock)."""
        cur = case.current
        rest = (case.route_id, case.title, cur.step_id if cur else None, cur.title if cur else None,
                cur.handler if cur else None, case.pending, case.closed_on.isoformat() if case.closed_on else None,
                now(), case.reopened, case.version)
        indexed = _indexed(case)
        held = conn.execute("SELECT status, handler_id, due_date FROM cases WHERE id = ?", (case.id,)).fetchone()
        if held is not None and tuple(held) == indexed:
            conn.execute(
                "UPDATE cases SET route_id = ?, title = ?, current_step = ?, step_title = ?, handler_name = ?,"
                " pending_step = ?, closed_on = ?, updated_at = ?, reopened = ?, version = ? WHERE id = ?",
                (*rest, case.id))
        else:
            conn.execute(
                "UPDATE cases SET route_id = ?, title = ?, current_step = ?, step_title = ?, handler_name = ?,"
                " pending_step = ?, closed_on = ?, updated_at = ?, reopened = ?, version = ?,"
                " status = ?, handler_id = ?, due_date = ? WHERE id = ?",
                (*rest, *indexed, case.id))
        people_ids = set(case.parties) | case.handler_ids
        if before is not None and people_ids == set(before.parties) | before.handler_ids:
            return
        conn.executemany("INSERT OR IGNORE INTO case_access (case_id, person_id) VALUES (?, ?)",
                         [(case.id, pid) for pid in sorted(people_ids)])

    def _hooks(self) -> Any:
        registry = self._registry
        if registry is None:
            from councilkit.plugins import default_registry

            registry = self._registry = default_registry()
        return registry.manager.hook.case_event

    def _finish(self, council: Any, case: Case, events: Sequence[Event], warnings: list[str]) -> Change:
        """After the commit: tell the plugins (a failing plugin is a warning, never a lost event)."""
        if self._batch is not None:  # told when the batch commits
            self._batch.pending.append((council, case, tuple(events)))
            return Change(case, tuple(events), tuple(warnings))
        return Change(case, tuple(events), tuple(warnings + self._tell_plugins(council, case, events)))

    def _tell_plugins(self, council: Any, case: Case, events: Sequence[Event]) -> list[str]:
        warnings = []
        for impl in self._hooks().get_hookimpls():
            for event in events:
                given = {"council": council, "case": case, "event": event}
                try:
                    impl.function(**{name: given[name] for name in impl.argnames if name in given})
                except Exception as exc:  # a plugin never stops a case
                    warnings.append(f"plugin {impl.plugin_name!r} failed on event {event.n} ({event.kind}) of "
                                    f"case {case.ref}: {type(exc).__name__}: {exc}; the event is recorded")
        return warnings


    # transactions -------------------------------------------------------------
    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        if self._batch is not None:
            # within a batch, each action is a savepoint: a refused or failed action leaves nothing behind
            conn = self._batch.conn
            conn.execute("SAVEPOINT case_action")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK TO case_action")
                conn.execute("RELEASE case_action")
                raise
            else:
                conn.execute("RELEASE case_action")
        else:
            with self.store.write() as conn:
                yield conn

    @contextlib.contextmanager
    def batch(self) -> Iterator[Batch]:
        """Many actions in one transaction: every one is written, or (on an error) none is.

        For imports and the demo.  Plugins hear of the events once the batch is
        committed; their warnings are collected on the :class:`Batch`.
        """
        if self._batch is not None:
            raise RefusedError("a batch is already open on this case book")
        with self.store.write() as conn:
            self._batch = Batch(conn)
            try:
                yield self._batch
            except BaseException:
                with self._lock:
                    self._cache.clear()  # it may hold events the rollback removes
                raise
            finally:
                done, self._batch = self._batch, None
        for council, case, events in done.pending:
            done.warnings.extend(self._tell_plugins(council, case, events))

    # open -------------------------------------------------------------------
    def open(
        self,
        council: Any,
        by: Person | Actor,
        *,
        complainant: Person,
        subject: Person | None = None,
        raised_by: str | None = None,
        about: str | None = None,
        matter: str | None = None,
        route: str | None = None,
        title: str = "",
        description: str = "",
        step: str | None = None,
        handler: Person | None = None,
        on: dt.date | None = None,
    ) -> Change:
        """Open a case for ``complainant``'s concern about ``subject`` (or a ``matter``) at ``council``.

        The route is chosen from the roles the parties hold on the day (or
        ``raised_by``/``about``, which they must hold), or given as ``route``.
        When the protocol states no route, the case is referred to its adviser.
        The first step (or ``step``, if the steps before it are optional) starts
        at once unless nobody can handle it, when the case waits, blocked.
        """
        if isinstance(council, str):
            council = self.council(council)
        else:
            self._councils.setdefault(council.id, council)
        actor = _actor(by)
        if actor.person.id != complainant.id and self.case_officer(council, actor.person, clock_today()) is None:
            raise refusal("case.open", f"{actor.person.name}", where=f"at {council.name}",
                          why=f"they are not {complainant.name}, the complainant, nor a case officer there")
        title = check_text("title", " ".join((title or "").split()))
        check_text("description", description)
        day = self._check_date(on, None)
        if subject is not None and subject.id == complainant.id:
            raise RefusedError(f"{complainant.name} cannot raise a concern about themselves")
        directory = self.directory(council)
        chosen, raised_role, about_role = self._choose_route(council, directory, complainant, subject, raised_by,
                                                              about, matter, route, day)
        first = step or chosen.steps[0].id
        if first not in [s.id for s in chosen.steps]:
            raise UnknownNameError("step", first, [s.id for s in chosen.steps])
        skipped = skipped_mandatory(chosen, None, first)
        if skipped is not None:
            raise RefusedError(_skip_message(council, chosen, skipped, first))
        matter = (matter or "").strip() or None
        self._warm(council, day)
        title = " ".join((title or "").split()) or _default_title(council, chosen, complainant, subject, matter)
        data = {
            "council": council.id, "route": chosen.id, "route_title": chosen.title or council.describe_route(chosen),
            "route_cite": list(chosen.cite), "title": title, "description": description,
            "raised_by": raised_role, "about": about_role, "matter": matter,
            "complainant": {"id": complainant.id, "name": complainant.name},
            "subject": {"id": subject.id, "name": subject.name} if subject else None,
            "first_step": first,
        }
        reason = description or f"{complainant.name} raised a concern"
        with self._writing() as conn:
            case_id = conn.execute(
                "INSERT INTO cases (council_id, route_id, title, status, complainant_id, subject_id, opened_on,"
                " updated_at) VALUES (?, ?, ?, 'awaiting', ?, ?, ?, ?) RETURNING id",
                (council.id, chosen.id, title, complainant.id, subject.id if subject else None, day.isoformat(),
                 now())).fetchone()[0]
            action = _Action(self, conn, None, council, actor, day)
            action.add("opened", reason, data)
            parties = {complainant.id: "complainant", **({subject.id: "subject"} if subject else {})}
            self._start(action, chosen, chosen.step(first), parties, handler,
                        "the first step of the route" if first == chosen.steps[0].id
                        else "the steps before it are optional")
            with self._forget_on_failure(case_id):
                events = self._append(action, case_id, 0)
                with self._lock:
                    self._cache[case_id] = _Fold(council.nation)
                case = self._apply(case_id, events)
                self._project(conn, case, None)
        return self._finish(council, case, events, action.warnings)

    def _choose_route(self, council: Any, directory: Directory, complainant: Person, subject: Person | None,
                      raised_by: str | None, about: str | None, matter: str | None, route_id: str | None,
                      day: dt.date) -> tuple[Route, str, str | None]:
        t = council.title

        def roles_for(person: Person, given: str | None, what: str) -> list[str]:
            held = [r for r in directory.roles_of(person, day) if r in council.roles]
            if given is not None:
                council.roles.require(given)
                if not any(council.roles.is_a(r, given) for r in held):
                    raise RefusedError(
                        f"{person.name} does not hold the role of {t(given)} at {council.name} on {day.isoformat()}"
                        + (f" (they hold: {', '.join(t(r) for r in held)})" if held else
                           f"; appoint them first: councilkit people appoint {person.id} {council.id} {given}"))
                return [given]
            if not held:
                raise RefusedError(
                    f"{person.name} holds no role at {council.name} on {day.isoformat()}, so the {what} of the "
                    f"concern is unknown; appoint them (councilkit people appoint {person.id} {council.id} ROLE) "
                    f"or say which role with --{'raised-by' if what == 'source' else 'about'}")
            return held

        raised_roles = roles_for(complainant, raised_by, "source")
        about_roles: list[str | None] = list(roles_for(subject, about, "subject")) if subject else [None]
        if about is not None and subject is None:
            council.roles.require(about)
            about_roles = [about]
        if route_id is not None:
            found = next((r for r in council.routes if r.id == route_id), None)
            if found is None:
                raise UnknownNameError("route", route_id, [r.id for r in council.routes])
            for r_role in raised_roles:
                for a_role in about_roles:
                    if any(m.route.id == route_id for m in matching_routes(council, r_role, a_role, matter)):
                        return found, r_role, a_role
            raise RefusedError(f"route {route_id!r} ({council.describe_route(found)}) does not apply to a concern "
                               f"raised by {complainant.name} ({', '.join(t(r) for r in raised_roles)})"
                               + (f" about {subject.name}" if subject else "")
                               + "; leave out --route to let the roles choose")
        best: list[tuple[tuple[int, ...], Route, str, str | None]] = []
        for i, r_role in enumerate(raised_roles):
            for j, a_role in enumerate(about_roles):
                matches = matching_routes(council, r_role, a_role, matter)
                if matches:
                    m = matches[0]
                    # among equally specific routes, prefer the party role a step is handled by (so the
                    # substitution shows), then the role held longest
                    handled = any(council.roles.is_a(role, h) for role in (a_role, r_role) if role
                                  for step in m.route.steps for h in step.handler)
                    best.append(((*m.key, 0 if handled else 1, j, i), m.route, r_role, a_role))
        if not best:
            answer = resolve_route(council, raised_roles[0], about_roles[0], matter)
            return adviser_route(council, raised_roles[0]), raised_roles[0], answer.about
        best.sort(key=lambda b: b[0])
        top = [b for b in best if b[0][:3] == best[0][0][:3]]  # same matter, about and raised_by distance
        distinct = list(dict.fromkeys(b[1].id for b in top))
        if len(distinct) > 1:
            raise RefusedError(f"several routes fit this concern equally ({', '.join(distinct)}); choose one with "
                               "--route, or give --raised-by and --about")
        return best[0][1], best[0][2], best[0][3]

    # who looked ---------------------------------------------------------------
    def read(self, ref: str | int, viewer: Person | Actor, *, via: str, on: dt.date | None = None) -> Case:
        """The case ``ref`` for ``viewer`` to look at (as :meth:`get`), recording that they opened it.

        ``via`` says from where: the command (``councilkit case show``) or the screen
        (``tui: case``).  The record (who, the administrator acting for them, when,
        from where) is hash-chained, and the case's officers read it with :meth:`reads`.
        A case the viewer may not see is :class:`UnknownCaseError`, and nothing is recorded.
        """
        case = self.get(ref, viewer, on)
        actor = _actor(viewer)
        where = " ".join(str(via or "").split())[:200] or "unknown"
        with self._writing() as conn:
            self.store.append_chained(conn, "case_reads", {
                "case_id": case.id, "at": now(), "person_id": actor.person.id, "person_name": actor.person.name,
                "recorded_by": actor.recorded_by, "via": where})
        return case

    def reads(self, ref: str | int, viewer: Person | Actor, *, on: dt.date | None = None) -> list[CaseRead]:
        """Who opened case ``ref``, oldest first: for the council's case officers who are not parties to it.

        Anyone else who may see the case is refused, saying who may
        (:class:`~councilkit.people.authority.NotAuthorisedError`); to anyone who may not
        see it, it does not exist (:class:`UnknownCaseError`).
        """
        case = self.get(ref, viewer, on)
        person = _actor(viewer).person
        council = self.council(case.council_id)
        if person.id in case.parties or self.case_officer(council, person, on or clock_today()) is None:
            why = "they are a party to it" if person.id in case.parties else "they are not a case officer there"
            raise refusal("case.reads", person.name, where=f"(case {case.ref})", why=why)
        with self._reading() as conn:
            rows = conn.execute("SELECT * FROM case_reads WHERE case_id = ? ORDER BY seq", (case.id,)).fetchall()
        return [_read(r) for r in rows]

    # starting steps ---------------------------------------------------------
    def _start(self, action: _Action, route: Route, step: Step, parties: dict[int, str],
               handler: Person | None, why: str) -> Assignment:
        council = action.council
        directory = self.directory(council)
        day = action.on
        assignment = assign_handler(council, step, directory.holders, day, parties,
                                    prefer=handler.id if handler else None)
        if assignment.blocked:
            action.warnings.append(assignment.blocked)
            return assignment
        resolved = days_for(step, council.variant)
        due = None
        if resolved[0] is not None:
            due = {"start": day.isoformat(), "days": resolved[0], "source": resolved[1],
                   "due": add_working_days(day, resolved[0], council.nation, resolved[1]).due.isoformat()}
        role_title = council.title(assignment.role) if assignment.role else ""
        action.add("step_started", why, {
            "step": step.id, "title": step.title or step.id,
            "handler": {"id": assignment.person_id, "name": assignment.name, "role": assignment.role,
                        "title": role_title, "instead_of": assignment.instead_of, "source": assignment.source,
                        "why": assignment.why, "cite": list(assignment.cite)},
            "due": due,
            "consult": [_contact(c) for c in contacts(council, step.consult, directory.holders, day, parties,
                                                      "consulted")],
            "notify": [_contact(c) for c in contacts(council, step.notify, directory.holders, day, parties,
                                                     "notified")],
            "obligations": [{"id": o.id, "text": o.text, "role": o.role} for o in step.obligations],
            "cite": list(step.cite or route.cite),
        })
        return assignment


# ---------------------------------------------------------------------------
# helpers


def _contact(c: Contact) -> dict[str, Any]:
    return {"role": c.role, "title": c.title, "people": [{"id": p.person_id, "name": p.name} for p in c.people],
            "waived": c.waived}


def _default_title(council: Any, route: Route, complainant: Person, subject: Person | None,
                   matter: str | None) -> str:
    if subject is not None:
        return f"{complainant.name}'s concern about {subject.name}"
    if matter:
        return f"{complainant.name}: {matter}"
    return f"{complainant.name}'s concern"


def _indexed(case: Case) -> tuple[str, int | None, str | None]:
    """The columns of a case's row that the list's indexes and counts are kept by: status, handler, due date."""
    cur = case.current
    return (case.status, cur.handler_id if cur else None,
            cur.deadline.due.isoformat() if cur and cur.deadline else None)
