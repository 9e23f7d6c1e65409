"""The state of a case: a fold over its events (:func:`fold`), and what it is made of.

A :class:`Case` holds its parties, its route, its status and each run of a step
(:class:`StepRun`: who handled it, when it is due, who was consulted and
notified (:class:`Requirement`), what was decided).  It is never edited: the
case book folds the events it appends onto the case it read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from councilkit.cases.events import Event
from councilkit.routing import Deadline, add_working_days


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
        self.case: Case | None = None  # the last freeze, until another event is applied
        self.data_version: int | None = None  # the store's data_version when last read (see the case book)

    def apply(self, e: Event) -> None:
        self.case = None
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
        if self.case is not None:  # nothing applied since: the same case (it is never edited)
            return self.case
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
        self.case = Case(**self.header, status=self.status, steps=tuple(self.frozen), pending=self.pending,  # type: ignore[arg-type]
                         closed_on=self.closed_on, reopened=self.reopened, withdrawn=self.withdrawn,
                         events=tuple(self.events))
        return self.case


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

