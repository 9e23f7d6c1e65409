"""Cases: a concern taken along its council's route between real people, from opening to closure.

A case is an append-only log of events; its state is a fold over them
(:func:`fold`).  Each event records who (the person, and the administrator's
login when someone acted as them), when (the day it happened, and the moment it
was recorded) and why.  The events are hash-chained in the store, so
``councilkit audit verify`` shows that nothing was changed or removed.

The events, and what each does to the case:

- ``opened``: the concern, its parties (complainant, subject) and its route;
- ``step_started``: a step begins: its handler (and why, if a stand-in) and its deadline;
- ``consulted``: the handler consulted a role the step names (before deciding);
- ``notified``: the handler advised or notified a role (before the case closes);
- ``note``: anyone who can see the case adds a note; it may discharge an obligation;
- ``outcome``: the handler decides the step; the outcome leads on or ends the route;
- ``escalated``: the step is taken further without a decision;
- ``resolved``: the route has ended with a decision;
- ``closed``: the case is closed (resolved, or withdrawn with a reason);
- ``reopened``: a closed case is opened again at a step it ran.

:class:`CaseBook` is the service: it opens cases and records every action,
refusing illegal moves with the reason (:class:`RefusedError`): skipping a
mandatory step, deciding before the consultations the step requires, closing
with obligations still open, acting as the handler when you are not.

**Confidentiality.**  A case is visible only to its parties, the people who
handle or handled its steps, and holders of the roles the council's variant
names (the clerk, the monitoring officer...).  Every read and write takes the
person asking and refuses anyone else; a case they cannot see does not exist
for them.

**Concurrency.**  Every action is one short ``BEGIN IMMEDIATE`` transaction
that re-reads the case's version inside the lock.  Pass the :class:`Case` you
acted on (or ``version=``) and a case changed since is refused with a
:class:`~councilkit.store.ConflictError` saying what changed; nothing is
written and no event is ever lost.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from councilkit import people as people_mod
from councilkit.errors import CouncilkitError, UnknownNameError
from councilkit.model import Route, Step, StepOutcome
from councilkit.people.records import Directory, Person
from councilkit.routing import (
    ADVISER_ROUTE,
    Assignment,
    Contact,
    Deadline,
    add_working_days,
    adviser_route,
    assign_handler,
    bank_holidays,
    contacts,
    days_for,
    effective_outcomes,
    matching_routes,
    reachable,
    resolve_route,
    skipped_mandatory,
    successors,
)
from councilkit.settings import today as clock_today
from councilkit.store import ConflictError, Store, now, register_chained

EVENT_KINDS = ("opened", "step_started", "consulted", "notified", "note", "outcome", "escalated",
               "resolved", "closed", "reopened")
#: ``open``: a step is in progress; ``awaiting``: the next step has not started (blocked, or waiting);
#: ``resolved``: the route ended with a decision, the case is not yet closed; ``closed``.
STATUSES = ("open", "awaiting", "resolved", "closed")
CHAINED_COLUMNS = ("case_id", "n", "kind", "at", "on_date", "actor_id", "actor_name", "recorded_by",
                   "reason", "data")
register_chained("case_events", CHAINED_COLUMNS)

PAGE = 50
#: the orders CaseBook.list can give a page in
ORDERS = ("newest", "due")


class RefusedError(CouncilkitError):
    """An action the case's rules do not allow, with the reason.  Nothing was written."""


class UnknownCaseError(CouncilkitError, LookupError):
    """No such case, or none the person asking may see."""


# ---------------------------------------------------------------------------
# the record


@attrs.frozen
class Actor:
    """Who acts: a person, and the login of an administrator acting as them (``--as``), if any."""

    person: Person
    recorded_by: str | None = None


def _actor(by: Person | Actor) -> Actor:
    return by if isinstance(by, Actor) else Actor(by)


@attrs.frozen
class Event:
    """One thing that happened to a case: what, who, when and why."""

    seq: int
    case_id: int
    n: int
    kind: str
    at: str
    on: dt.date
    actor_id: int | None
    actor: str
    recorded_by: str | None
    reason: str
    data: dict[str, Any] = attrs.field(eq=False)
    hash: str = ""

    def summary(self) -> str:
        """One line a clerk reads."""
        d = self.data
        k = self.kind
        if k == "opened":
            text = f"opened: {d['title']}"
        elif k == "step_started":
            h = d.get("handler") or {}
            text = f"step {d['step']!r} started, handled by {h.get('name')} ({h.get('title')})"
            if h.get("why"):
                text += f" because {h['why']}"
            if d.get("due"):
                text += f"; due {d['due']['due']}"
        elif k in ("consulted", "notified"):
            who = (d.get("person") or {}).get("name")
            text = f"{k} {d['title']}" + (f" ({who})" if who else "")
        elif k == "note":
            text = "note" + (f" (discharges {d['discharges']!r})" if d.get("discharges") else "")
        elif k == "outcome":
            text = f"outcome of {d['step']!r}: {d['label'] or d['outcome']}"
            if d.get("next"):
                text += f" -> {d['next']!r}"
        elif k == "escalated":
            text = f"escalated from {d['from']!r} to {d['to']!r}"
        elif k == "resolved":
            text = "resolved"
        elif k == "closed":
            text = "closed" + (" (withdrawn)" if d.get("withdrawn") else "")
        elif k == "reopened":
            text = f"reopened at {d['step']!r}"
        else:  # pragma: no cover - a kind from a newer councilkit
            text = k
        return text

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "seq": self.seq, "kind": self.kind, "at": self.at, "on": self.on.isoformat(),
                "actor_id": self.actor_id, "actor": self.actor, "recorded_by": self.recorded_by,
                "reason": self.reason, "data": self.data, "summary": self.summary(), "hash": self.hash}


def _event(row: sqlite3.Row) -> Event:
    return Event(row["seq"], row["case_id"], row["n"], row["kind"], row["at"], dt.date.fromisoformat(row["on_date"]),
                 row["actor_id"], row["actor_name"], row["recorded_by"], row["reason"], json.loads(row["data"]),
                 row["hash"])


# ---------------------------------------------------------------------------
# the state: a fold over the events


@attrs.frozen
class Requirement:
    """Someone to consult or notify on a step: the role, the people who hold it, or why it is waived."""

    role: str
    title: str
    people: tuple[tuple[int, str], ...] = ()
    waived: str = ""
    done: bool = False

    @property
    def outstanding(self) -> bool:
        return not self.waived and not self.done

    def who(self) -> str:
        names = ", ".join(name for _, name in self.people)
        return f"the {self.title}" + (f" ({names})" if names else "")

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "title": self.title, "people": [{"id": i, "name": n} for i, n in self.people],
                "waived": self.waived, "done": self.done}


@attrs.frozen
class StepRun:
    """One run of a step in a case: who handled it, when it was due, what was done and decided."""

    step_id: str
    title: str
    started_n: int
    started_on: dt.date
    handler_id: int | None
    handler: str
    handler_role: str | None
    handler_title: str
    instead_of: str | None = None
    why: str = ""
    cite: tuple[str, ...] = ()
    deadline: Deadline | None = None
    consult: tuple[Requirement, ...] = ()
    notify: tuple[Requirement, ...] = ()
    obligations: tuple[tuple[str, str, bool], ...] = ()  # (id, text, discharged)
    outcome: str | None = None
    outcome_label: str = ""
    ended_on: dt.date | None = None
    ended: str = ""  # "" while in progress; "outcome" | "escalated" | "withdrawn"

    @property
    def in_progress(self) -> bool:
        return not self.ended

    def overdue(self, today: dt.date) -> bool:
        return self.in_progress and self.deadline is not None and self.deadline.overdue(today)

    def outstanding_consultations(self) -> list[Requirement]:
        return [r for r in self.consult if r.outstanding]

    def outstanding_notifications(self) -> list[Requirement]:
        return [r for r in self.notify if r.outstanding]

    def outstanding_obligations(self) -> list[tuple[str, str]]:
        return [(oid, text) for oid, text, done in self.obligations if not done]

    def as_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        return {
            "step": self.step_id, "title": self.title, "started_on": self.started_on.isoformat(),
            "handler": {"id": self.handler_id, "name": self.handler, "role": self.handler_role,
                        "title": self.handler_title, "instead_of": self.instead_of, "why": self.why,
                        "cite": list(self.cite)},
            "deadline": self.deadline.as_dict(today) if self.deadline else None,
            "overdue": self.overdue(today) if today else None,
            "consult": [r.as_dict() for r in self.consult],
            "notify": [r.as_dict() for r in self.notify],
            "obligations": [{"id": i, "text": t, "discharged": d} for i, t, d in self.obligations],
            "outcome": self.outcome, "outcome_label": self.outcome_label,
            "ended_on": self.ended_on.isoformat() if self.ended_on else None, "ended": self.ended,
        }


@attrs.frozen
class Case:
    """A case as its events make it.  Build one with :func:`fold`; never edit it."""

    id: int
    council_id: str
    route_id: str
    route_title: str
    title: str
    description: str
    raised_by: str
    about: str | None
    matter: str | None
    complainant_id: int
    complainant: str
    subject_id: int | None
    subject: str | None
    status: str
    steps: tuple[StepRun, ...]
    pending: str | None
    opened_on: dt.date
    closed_on: dt.date | None
    reopened: int
    withdrawn: bool
    events: tuple[Event, ...]

    @property
    def version(self) -> int:
        """The number of events: what an optimistic check compares."""
        return len(self.events)

    @property
    def ref(self) -> str:
        return f"#{self.id}"

    @property
    def current(self) -> StepRun | None:
        """The step in progress, if any."""
        if self.steps and self.steps[-1].in_progress and self.status == "open":
            return self.steps[-1]
        return None

    @property
    def last_run(self) -> StepRun | None:
        return self.steps[-1] if self.steps else None

    @property
    def parties(self) -> dict[int, str]:
        out = {self.complainant_id: "complainant"}
        if self.subject_id is not None:
            out[self.subject_id] = "subject"
        return out

    @property
    def handler_ids(self) -> set[int]:
        return {r.handler_id for r in self.steps if r.handler_id is not None}

    @property
    def escalated(self) -> bool:
        return any(e.kind == "escalated" for e in self.events)

    def overdue(self, today: dt.date) -> bool:
        return self.current is not None and self.current.overdue(today)

    def state(self, today: dt.date) -> str:
        """``overdue`` for an open case past its step's deadline, else the status."""
        return "overdue" if self.overdue(today) else self.status

    def last_event_on(self) -> dt.date:
        return self.events[-1].on if self.events else self.opened_on

    def as_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        return {
            "id": self.id, "ref": self.ref, "council": self.council_id, "route": self.route_id,
            "route_title": self.route_title, "title": self.title, "description": self.description,
            "raised_by": self.raised_by, "about": self.about, "matter": self.matter,
            "complainant": {"id": self.complainant_id, "name": self.complainant},
            "subject": {"id": self.subject_id, "name": self.subject} if self.subject_id is not None else None,
            "status": self.status, "state": self.state(today) if today else self.status,
            "current_step": self.current.step_id if self.current else None,
            "pending_step": self.pending, "opened_on": self.opened_on.isoformat(),
            "closed_on": self.closed_on.isoformat() if self.closed_on else None,
            "reopened": self.reopened, "withdrawn": self.withdrawn, "escalated": self.escalated,
            "version": self.version,
            "steps": [r.as_dict(today) for r in self.steps],
            "events": [e.as_dict() for e in self.events],
        }


def _req(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [dict(i, done=False) for i in items]


class _Fold:
    """The mutable working state of :func:`fold`; frozen into a :class:`Case`."""

    def __init__(self, nation: str):
        self.nation = nation
        self.header: dict[str, Any] = {}
        self.runs: list[dict[str, Any]] = []
        self.frozen: list[StepRun | None] = []  # each run as last frozen; None once it changes
        self.events: list[Event] = []
        self.status = "awaiting"
        self.pending: str | None = None
        self.closed_on: dt.date | None = None
        self.reopened = 0
        self.withdrawn = False

    def apply(self, e: Event) -> None:
        d = e.data
        k = e.kind
        run = self.runs[-1] if self.runs else None
        if k == "opened":
            self.header = {
                "id": e.case_id, "council_id": d["council"], "route_id": d["route"], "route_title": d["route_title"],
                "title": d["title"], "description": d.get("description", ""), "raised_by": d["raised_by"],
                "about": d.get("about"), "matter": d.get("matter"),
                "complainant_id": d["complainant"]["id"], "complainant": d["complainant"]["name"],
                "subject_id": (d.get("subject") or {}).get("id"), "subject": (d.get("subject") or {}).get("name"),
                "opened_on": e.on,
            }
            self.status = "awaiting"
            self.pending = d.get("first_step")
        elif k == "step_started":
            h = d["handler"]
            due = d.get("due")
            deadline = (add_working_days(dt.date.fromisoformat(due["start"]), due["days"], self.nation, due["source"])
                        if due else None)
            self.runs.append({
                "step_id": d["step"], "title": d["title"], "started_n": e.n, "started_on": e.on,
                "handler_id": h["id"], "handler": h["name"], "handler_role": h["role"], "handler_title": h["title"],
                "instead_of": h.get("instead_of"), "why": h.get("why", ""), "cite": tuple(h.get("cite", ())),
                "deadline": deadline, "consult": _req(d.get("consult", ())), "notify": _req(d.get("notify", ())),
                "obligations": [[o["id"], o["text"], False] for o in d.get("obligations", ())],
                "outcome": None, "outcome_label": "", "ended_on": None, "ended": "",
            })
            self.frozen.append(None)
            self.status = "open"
            self.pending = None
        elif k in ("consulted", "notified") and run is not None:
            index = d.get("run", -1)
            run = self.runs[index]
            self.frozen[index] = None
            key = "consult" if k == "consulted" else "notify"
            for r in run[key]:
                if r["role"] == d["role"]:
                    r["done"] = True
                    break
            else:
                run[key].append({"role": d["role"], "title": d["title"], "people": [], "waived": "", "done": True})
        elif k == "note":
            target = d.get("discharges")
            if target:
                for i in range(len(self.runs) - 1, -1, -1):
                    hit = next((o for o in self.runs[i]["obligations"] if o[0] == target and not o[2]), None)
                    if hit:
                        hit[2] = True
                        self.frozen[i] = None
                        break
        elif k == "outcome" and run is not None:
            self.frozen[-1] = None
            run.update(outcome=d["outcome"], outcome_label=d.get("label", ""), ended_on=e.on, ended="outcome")
            self.pending = d.get("next")
            self.status = "awaiting" if d.get("next") else "resolved"
        elif k == "escalated":
            if run is not None and not run["ended"]:
                run.update(ended_on=e.on, ended="escalated")
                self.frozen[-1] = None
            self.pending = d["to"]
            self.status = "awaiting"
        elif k == "resolved":
            self.status = "resolved"
            self.pending = None
        elif k == "closed":
            if run is not None and not run["ended"]:
                run.update(ended_on=e.on, ended="withdrawn")
                self.frozen[-1] = None
            self.status = "closed"
            self.closed_on = e.on
            self.withdrawn = bool(d.get("withdrawn"))
            self.pending = None
        elif k == "reopened":
            self.status = "awaiting"
            self.pending = d["step"]
            self.closed_on = None
            self.withdrawn = False
            self.reopened += 1
        self.events.append(e)

    def freeze(self) -> Case:
        for i, r in enumerate(self.runs):
            if self.frozen[i] is None:
                self.frozen[i] = StepRun(
                    step_id=r["step_id"], title=r["title"], started_n=r["started_n"], started_on=r["started_on"],
                    handler_id=r["handler_id"], handler=r["handler"], handler_role=r["handler_role"],
                    handler_title=r["handler_title"], instead_of=r["instead_of"], why=r["why"], cite=r["cite"],
                    deadline=r["deadline"],
                    consult=tuple(_requirement(x) for x in r["consult"]),
                    notify=tuple(_requirement(x) for x in r["notify"]),
                    obligations=tuple((o[0], o[1], o[2]) for o in r["obligations"]),
                    outcome=r["outcome"], outcome_label=r["outcome_label"], ended_on=r["ended_on"],
                    ended=r["ended"],
                )
        return Case(**self.header, status=self.status, steps=tuple(self.frozen), pending=self.pending,  # type: ignore[arg-type]
                    closed_on=self.closed_on, reopened=self.reopened, withdrawn=self.withdrawn,
                    events=tuple(self.events))


def _requirement(x: Mapping[str, Any]) -> Requirement:
    return Requirement(x["role"], x["title"], tuple((p["id"], p["name"]) for p in x.get("people", ())),
                       x.get("waived", ""), bool(x.get("done")))


def fold(events: Sequence[Event], nation: str) -> Case:
    """The case the events make.  ``nation`` is the council's, for working days."""
    if not events or events[0].kind != "opened":
        raise ValueError("a case's events begin with 'opened'")
    state = _Fold(nation)
    for e in events:
        state.apply(e)
    return state.freeze()


# ---------------------------------------------------------------------------
# results


@attrs.frozen
class Change:
    """What an action did: the case after it, the events it appended, and any warnings."""

    case: Case
    events: tuple[Event, ...]
    warnings: tuple[str, ...] = ()

    def as_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        return {"case": self.case.as_dict(today), "events": [e.as_dict() for e in self.events],
                "warnings": list(self.warnings)}


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

    def as_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        return {"id": self.id, "ref": self.ref, "council": self.council_id, "route": self.route_id,
                "title": self.title, "status": self.status, "state": self.state(today) if today else self.status,
                "current_step": self.current_step, "step_title": self.step_title,
                "handler": {"id": self.handler_id, "name": self.handler} if self.handler_id else None,
                "due": self.due.isoformat() if self.due else None, "pending_step": self.pending_step,
                "opened_on": self.opened_on.isoformat(),
                "closed_on": self.closed_on.isoformat() if self.closed_on else None,
                "reopened": self.reopened, "version": self.version}


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

    def as_dict(self, today: dt.date | None = None) -> dict[str, Any]:
        return {"total": self.total, "offset": self.offset, "limit": self.limit,
                "cases": [c.as_dict(today) for c in self.cases]}


def parse_ref(ref: str | int) -> int:
    """``12``, ``"12"`` or ``"#12"`` -> 12."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        return ref
    text = str(ref).strip().lstrip("#")
    if not text.isdigit():
        raise UnknownCaseError(f"{ref!r} is not a case number (cases are numbered: 12 or #12)")
    return int(text)


# ---------------------------------------------------------------------------
# the service


CouncilSource = Mapping[str, Any] | Callable[[str], Any] | None


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


@attrs.define
class Batch:
    """An open :meth:`CaseBook.batch`: its transaction, and the plugins' warnings once it commits."""

    conn: sqlite3.Connection
    pending: list[tuple[Any, Case, tuple[Event, ...]]] = attrs.field(factory=list)
    warnings: list[str] = attrs.field(factory=list)


class CaseBook:
    """Cases in a store: open them, act on them, list and show them to the people allowed to see them.

    ``councils`` maps council ids to loaded councils (or is a function of the
    id); by default councils are loaded by id from the usual places and kept.
    """

    def __init__(self, store: Store, councils: CouncilSource = None, registry: Any = None):
        self.store = store
        self._councils_source = councils
        self._councils: dict[str, Any] = {}
        self._registry = registry
        self._cache: dict[int, _Fold] = {}
        self._warmed: set[tuple[str, int]] = set()
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

    # writing ----------------------------------------------------------------
    def _check_date(self, on: dt.date | None, case: Case | None) -> dt.date:
        today = clock_today()
        day = on or today
        if day > today:
            raise RefusedError(f"{day.isoformat()} is in the future (today is {today.isoformat()})")
        if case is not None and day < case.last_event_on():
            raise RefusedError(f"{day.isoformat()} is before case {case.ref}'s last event "
                               f"({case.last_event_on().isoformat()}); record events in the order they happened")
        return day

    def _transact(
        self,
        ref: Case | str | int,
        by: Person | Actor,
        version: int | None,
        on: dt.date | None,
        body: Callable[[_Action], None],
    ) -> Change:
        actor = _actor(by)
        if isinstance(ref, Case):
            case_id = ref.id
            expected = ref.version if version is None else version
        else:
            case_id = parse_ref(ref)
            expected = version
        # Fold the case, load its council and the bank holidays before taking the write lock, so the
        # lock is held only to read the few events other processes added since, check and append.
        if case_id not in self._cache:
            with self._reading():
                try:
                    self._load(case_id)
                except UnknownCaseError:
                    raise UnknownCaseError(f"no case #{case_id} that you can see") from None
        self._warm(self.council(self._cache[case_id].header["council_id"]), on)
        with self._writing() as conn:
            case = self._load(case_id)  # the events are append-only: reading the new ones gives the version
            if expected is not None and case.version != expected:
                raise ConflictError(self._conflict_message(conn, case_id, expected, case.version))
            council = self.council(case.council_id)
            day = self._check_date(on, case)
            if not self.can_see(case, actor, day):
                raise UnknownCaseError(f"no case #{case_id} that you can see")
            action = _Action(self, conn, case, council, actor, day)
            body(action)
            with self._forget_on_failure(case_id):
                events = self._append(action, case_id, case.version)
                after = self._apply(case_id, events)
                self._project(conn, after, case)
        return self._finish(council, after, events, action.warnings)

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
                    "it has had; look at it again (councilkit case show {case_id})")
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
        """Rewrite the case's row in the list, and who may see it, from the fold."""
        cur = case.current
        conn.execute(
            "UPDATE cases SET route_id = ?, title = ?, status = ?, current_step = ?, step_title = ?,"
            " handler_id = ?, handler_name = ?, due_date = ?, pending_step = ?, closed_on = ?, updated_at = ?,"
            " reopened = ?, version = ? WHERE id = ?",
            (case.route_id, case.title, case.status, cur.step_id if cur else None, cur.title if cur else None,
             cur.handler_id if cur else None, cur.handler if cur else None,
             cur.deadline.due.isoformat() if cur and cur.deadline else None, case.pending,
             case.closed_on.isoformat() if case.closed_on else None, now(), case.reopened, case.version, case.id))
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
    def _reading(self) -> Iterator[sqlite3.Connection]:
        if self._batch is not None:
            yield self._batch.conn
        else:
            with self.store.read() as conn:
                yield conn

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

    # actions ----------------------------------------------------------------
    def start(self, case: Case | str | int, by: Person | Actor, *, step: str | None = None,
              handler: Person | None = None, why: str = "", on: dt.date | None = None,
              version: int | None = None) -> Change:
        """Start the next step (or ``step``, when only optional steps lie between)."""

        def body(a: _Action) -> None:
            c = a.case
            assert c is not None
            if c.status != "awaiting":
                raise RefusedError(_status_refusal(c, "start a step"))
            route = self.route_of(c)
            pending = c.pending or route.steps[0].id
            target = step or pending
            _require_step(route, target)
            skipped = skipped_mandatory(route, None, target, starts=[pending])
            if skipped is not None:
                raise RefusedError(_skip_message(a.council, route, skipped, target))
            self._require_manager(a, c, allow_handler_of=target, route=route)
            assignment = self._start(a, route, route.step(target), c.parties, handler, why or "started")
            if assignment.blocked:
                raise RefusedError(assignment.blocked)

        return self._transact(case, by, version, on, body)

    def consult(self, case: Case | str | int, by: Person | Actor, role: str, *, person: Person | None = None,
                why: str = "", on: dt.date | None = None, version: int | None = None) -> Change:
        """Record that the handler consulted ``role`` (``person``, or the one person holding it)."""
        return self._contact("consulted", case, by, role, person, why, on, version)

    def notify(self, case: Case | str | int, by: Person | Actor, role: str, *, person: Person | None = None,
               why: str = "", on: dt.date | None = None, version: int | None = None) -> Change:
        """Record that the handler advised or notified ``role``."""
        return self._contact("notified", case, by, role, person, why, on, version)

    def _contact(self, kind: str, case: Case | str | int, by: Person | Actor, role: str, person: Person | None,
                 why: str, on: dt.date | None, version: int | None) -> Change:
        def body(a: _Action) -> None:
            c = a.case
            assert c is not None
            a.council.roles.require(role)
            if kind == "consulted":
                # consultation comes before the decision: only while the step is in progress
                run = self._require_handler(a, c, "record a consultation")
                index = len(c.steps) - 1
            else:
                # a notification may follow the decision: the latest run that still owes it, else the latest
                if not c.steps:
                    raise RefusedError(_status_refusal(c, "record a notification"))
                index = next((i for i in range(len(c.steps) - 1, -1, -1)
                              if any(r.role == role and r.outstanding for r in c.steps[i].notify)),
                             len(c.steps) - 1)
                run = c.steps[index]
                if c.status == "closed":
                    raise RefusedError(_status_refusal(c, "record a notification"))
                if a.actor.person.id != run.handler_id and not self._officer(a, c):
                    raise RefusedError(f"{a.actor.person.name} is not the handler of step {run.step_id!r} of case "
                                       f"{c.ref} ({run.handler} is); only they or a case officer may record "
                                       "its notifications")
            reqs = run.consult if kind == "consulted" else run.notify
            req = next((r for r in reqs if r.role == role), None)
            who = person
            if who is None and req is not None and len(req.people) == 1:
                who = people_mod.get_person(self.store, req.people[0][0])
            if who is not None and who.id in c.parties:
                raise RefusedError(f"{who.name} is a party to case {c.ref}: record their view in a note instead")
            a.add(kind, why or f"{kind} {a.council.title(role)}", {
                "step": run.step_id, "run": index, "role": role, "title": a.council.title(role),
                "person": {"id": who.id, "name": who.name} if who else None,
            })

        return self._transact(case, by, version, on, body)

    def _officer(self, a: _Action, c: Case) -> bool:
        """Is the actor a case officer of this council (a visibility role) and not a party?"""
        person = a.actor.person
        return person.id not in c.parties and self.case_officer(a.council, person, a.on) is not None

    def note(self, case: Case | str | int, by: Person | Actor, text: str, *, discharges: str | None = None,
             on: dt.date | None = None, version: int | None = None) -> Change:
        """Add a note (anyone who can see the case); ``discharges`` marks an obligation done."""
        text = (text or "").strip()
        if not text:
            raise RefusedError("a note needs some text")

        def body(a: _Action) -> None:
            c = a.case
            assert c is not None
            if discharges:
                outstanding = [(r.step_id, oid) for r in c.steps for oid, _ in r.outstanding_obligations()]
                if discharges not in [oid for _, oid in outstanding]:
                    raise RefusedError(f"case {c.ref} has no open obligation {discharges!r}; open obligations: "
                                       + (", ".join(f"{oid} (step {sid})" for sid, oid in outstanding) or "none"))
            a.add("note", text, {"discharges": discharges} if discharges else {})

        return self._transact(case, by, version, on, body)

    def record_outcome(self, case: Case | str | int, by: Person | Actor, outcome: str, *, why: str = "",
                       handler: Person | None = None, on: dt.date | None = None,
                       version: int | None = None) -> Change:
        """The handler decides the step in progress: the outcome leads to the next step or ends the route."""

        def body(a: _Action) -> None:
            c = a.case
            assert c is not None
            run = self._require_handler(a, c, "record an outcome")
            route = self.route_of(c)
            self._decide(a, c, route, run, outcome, why, handler)

        return self._transact(case, by, version, on, body)

    def resolve(self, case: Case | str | int, by: Person | Actor, *, outcome: str | None = None, why: str = "",
                on: dt.date | None = None, version: int | None = None) -> Change:
        """The handler resolves the concern at the step in progress with an outcome that ends the route."""

        def body(a: _Action) -> None:
            c = a.case
            assert c is not None
            run = self._require_handler(a, c, "resolve it")
            route = self.route_of(c)
            step = route.step(run.step_id)
            outcomes = effective_outcomes(route, step)
            closing = [o for o in outcomes if not o.next]
            if outcome is None:
                if not closing:
                    raise RefusedError(f"step {run.step_id!r} has no outcome that ends the route; its outcomes "
                                       f"lead on ({_outcome_list(outcomes)}): record one, or escalate")
                chosen = closing[0].id
            else:
                chosen = outcome
                found = next((o for o in outcomes if o.id == outcome), None)
                if found is not None and found.next:
                    raise RefusedError(f"outcome {outcome!r} leads to step {found.next!r}, so it does not resolve "
                                       f"the case; record it as an outcome instead")
            self._decide(a, c, route, run, chosen, why, None)

        return self._transact(case, by, version, on, body)

    def _decide(self, a: _Action, c: Case, route: Route, run: StepRun, outcome: str, why: str,
                handler: Person | None) -> None:
        step = route.step(run.step_id)
        outcomes = effective_outcomes(route, step)
        chosen = next((o for o in outcomes if o.id == outcome), None)
        if chosen is None:
            raise UnknownNameError(f"outcome of step {step.id!r}", outcome, [o.id for o in outcomes])
        missing = run.outstanding_consultations()
        if missing:
            cited = step.cite or route.cite
            cite = f" (clause {', '.join(cited)})" if cited else ""
            raise RefusedError(
                f"step {step.id!r} is decided after consulting " + " and ".join(r.who() for r in missing)
                + f"{cite}; record the consultation first: councilkit case advance {c.id} consulted "
                + missing[0].role)
        a.add("outcome", why or (chosen.label or chosen.id),
              {"step": step.id, "outcome": chosen.id, "label": chosen.label, "next": chosen.next})
        if chosen.next:
            self._start(a, route, route.step(chosen.next), c.parties, handler,
                        f"the outcome {chosen.id!r} of step {step.id!r} leads here")
        else:
            a.add("resolved", why or f"the route ends with the outcome {chosen.label or chosen.id!r}",
                  {"step": step.id, "outcome": chosen.id})

    def escalate(self, case: Case | str | int, by: Person | Actor, *, to: str | None = None, why: str,
                 handler: Person | None = None, on: dt.date | None = None, version: int | None = None) -> Change:
        """Take the step in progress further without a decision: to the next step (or ``to``)."""
        if not (why or "").strip():
            raise RefusedError("say why the case is escalated")

        def body(a: _Action) -> None:
            c = a.case
            assert c is not None
            run = c.current
            if run is None:
                raise RefusedError(_status_refusal(c, "escalate it"))
            self._require_manager(a, c, allow_complainant=True, route=None)
            route = self.route_of(c)
            step = route.step(run.step_id)
            nexts = successors(route, step)
            if to is None:
                if not nexts:
                    raise RefusedError(f"step {step.id!r} is the last step of route {route.id!r}; resolve the "
                                       "case or close it")
                if len(nexts) > 1:
                    raise RefusedError(f"step {step.id!r} leads to several steps ({', '.join(nexts)}); "
                                       "say which with --to")
                target = nexts[0]
            else:
                target = to
                _require_step(route, target)
                if target not in reachable(route, step.id):
                    skipped = skipped_mandatory(route, step.id, target)
                    if skipped is None or target == step.id:
                        raise RefusedError(f"step {target!r} does not follow step {step.id!r}; "
                                           f"it leads to {', '.join(nexts) or 'no other step'}")
                    raise RefusedError(_skip_message(a.council, route, skipped, target))
            a.add("escalated", why, {"from": step.id, "to": target})
            self._start(a, route, route.step(target), c.parties, handler, f"escalated from step {step.id!r}")

        return self._transact(case, by, version, on, body)

    def close(self, case: Case | str | int, by: Person | Actor, *, why: str = "", withdrawn: bool = False,
              on: dt.date | None = None, version: int | None = None) -> Change:
        """Close a resolved case, or (``withdrawn``, with a reason) one whose concern is withdrawn.

        Refused while obligations are open: notifications the steps require and
        obligations not yet discharged by a note.
        """
        if withdrawn and not (why or "").strip():
            raise RefusedError("say why the concern is withdrawn")

        def body(a: _Action) -> None:
            c = a.case
            assert c is not None
            if c.status == "closed":
                raise RefusedError(f"case {c.ref} is already closed (on {c.closed_on}); reopen it first")
            if c.status != "resolved" and not withdrawn:
                where = (f"step {c.current.step_id!r} is in progress" if c.current
                         else f"step {c.pending!r} is waiting to start")
                raise RefusedError(f"case {c.ref} is not resolved ({where}); resolve it first, or close it as "
                                   "withdrawn with a reason")
            self._require_manager(a, c, allow_complainant=withdrawn, route=None)
            open_items = []
            for run in c.steps:
                if run.ended != "outcome":
                    continue
                for r in run.outstanding_notifications():
                    open_items.append(f"notify {r.who()} (step {run.step_id!r})")
                for oid, text in run.outstanding_obligations():
                    open_items.append(f"{text} (obligation {oid!r}, step {run.step_id!r})")
            if open_items:
                raise RefusedError(f"case {c.ref} cannot close while obligations are open: " + "; ".join(open_items)
                                   + ". Record each (councilkit case advance ... notified ROLE, or a note with "
                                   "--discharges ID) and close again")
            a.add("closed", why or ("withdrawn" if withdrawn else "resolved and closed"), {"withdrawn": withdrawn})

        return self._transact(case, by, version, on, body)

    def reopen(self, case: Case | str | int, by: Person | Actor, *, why: str, step: str | None = None,
               handler: Person | None = None, on: dt.date | None = None, version: int | None = None) -> Change:
        """Reopen a closed case at one of the steps it ran (by default the last)."""
        if not (why or "").strip():
            raise RefusedError("say why the case is reopened")

        def body(a: _Action) -> None:
            c = a.case
            assert c is not None
            if c.status != "closed":
                raise RefusedError(f"case {c.ref} is not closed; only a closed case can be reopened")
            self._require_manager(a, c, route=None)
            route = self.route_of(c)
            ran = list(dict.fromkeys(r.step_id for r in c.steps))
            target = step or (ran[-1] if ran else route.steps[0].id)
            _require_step(route, target)
            if ran and target not in ran:
                raise RefusedError(f"case {c.ref} can be reopened only at a step it ran ({', '.join(ran)}); "
                                   f"{target!r} was never started")
            a.add("reopened", why, {"step": target})
            self._start(a, route, route.step(target), c.parties, handler, "the case was reopened")

        return self._transact(case, by, version, on, body)

    # who may act ------------------------------------------------------------
    def _require_handler(self, a: _Action, c: Case, doing: str) -> StepRun:
        run = c.current
        if run is None:
            raise RefusedError(_status_refusal(c, doing))
        if a.actor.person.id != run.handler_id:
            raise RefusedError(f"{a.actor.person.name} is not the current handler of case {c.ref}: step "
                               f"{run.step_id!r} is handled by {run.handler} ({run.handler_title}), who alone may "
                               f"{doing}")
        return run

    def _require_manager(self, a: _Action, c: Case, *, allow_complainant: bool = False,
                         allow_handler_of: str | None = None, route: Route | None) -> None:
        """The current (or last) handler, or a case officer who is not a party; the complainant if allowed."""
        person = a.actor.person
        last = c.last_run
        if last is not None and last.handler_id == person.id:
            return
        if allow_complainant and person.id == c.complainant_id:
            return
        if self._officer(a, c):
            return
        if allow_handler_of and route is not None:
            assignment = assign_handler(a.council, route.step(allow_handler_of), self.directory(a.council).holders,
                                        a.on, c.parties)
            if person.id in [e.person_id for e in assignment.eligible]:
                return
        officers = " or ".join(a.council.roles.noun(r, definite=True) for r in self.visibility_roles(a.council))
        who = f"the handler ({last.handler})" if last else "the handler"
        raise RefusedError(f"{person.name} may not do that on case {c.ref}: only {who}"
                           + (f", {officers}" if officers else "")
                           + (" or the complainant" if allow_complainant else "") + " may")


# ---------------------------------------------------------------------------
# helpers


def _require_step(route: Route, step_id: str) -> None:
    if step_id not in [s.id for s in route.steps]:
        raise UnknownNameError(f"step of route {route.id!r}", step_id, [s.id for s in route.steps])


def _skip_message(council: Any, route: Route, skipped: Step, target: str) -> str:
    cite = skipped.cite or route.cite
    where = f" (clause {', '.join(cite)})" if cite else ""
    return (f"cannot go to step {target!r}: it would skip step {skipped.id!r} "
            f"({skipped.title or skipped.id}), which is not optional{where}")


def _status_refusal(c: Case, doing: str) -> str:
    if c.status == "closed":
        return f"case {c.ref} is closed; reopen it to {doing}"
    if c.status == "resolved":
        return f"case {c.ref} is resolved and waits to be closed; no step is in progress to {doing}"
    if c.status == "awaiting":
        return (f"no step of case {c.ref} is in progress: step {c.pending!r} waits to start "
                f"(councilkit case advance {c.id} start); cannot {doing}")
    return f"case {c.ref} has a step in progress ({c.current.step_id if c.current else '?'}); cannot {doing}"


def _outcome_list(outcomes: Sequence[StepOutcome]) -> str:
    return ", ".join(f"{o.id} -> {o.next}" if o.next else o.id for o in outcomes)


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
