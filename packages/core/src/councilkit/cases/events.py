"""The events of a case: what happened to it, who did it, when and why.

A case is an append-only log of events; its state is a fold over them
(:mod:`councilkit.cases.state`).  Each event records who (the person, and the
administrator's login when someone acted as them: :class:`Actor`), when (the day
it happened, and the moment it was recorded) and why.  The events are
hash-chained in the store (the ``case_events`` table, registered here), so
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

A refused action raises :class:`RefusedError` with the reason; a case that does
not exist, or that the person asking may not see, :class:`UnknownCaseError`.

Who opened a case is recorded too: each :class:`CaseRead` (who, acting for whom, when,
from which command or screen) in the hash-chained ``case_reads`` table, registered here.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

import attrs

from councilkit.errors import CouncilkitError
from councilkit.people.records import Person
from councilkit.store import register_chained

EVENT_KINDS = ("opened", "step_started", "consulted", "notified", "note", "outcome", "escalated",
               "resolved", "closed", "reopened")
#: ``open``: a step is in progress; ``awaiting``: the next step has not started (blocked, or waiting);
#: ``resolved``: the route ended with a decision, the case is not yet closed; ``closed``.
STATUSES = ("open", "awaiting", "resolved", "closed")
CHAINED_COLUMNS = ("case_id", "n", "kind", "at", "on_date", "actor_id", "actor_name", "recorded_by",
                   "reason", "data")
register_chained("case_events", CHAINED_COLUMNS)
READ_COLUMNS = ("case_id", "at", "person_id", "person_name", "recorded_by", "via")
register_chained("case_reads", READ_COLUMNS)


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


def _event(row: sqlite3.Row) -> Event:
    return Event(row["seq"], row["case_id"], row["n"], row["kind"], row["at"], dt.date.fromisoformat(row["on_date"]),
                 row["actor_id"], row["actor_name"], row["recorded_by"], row["reason"], json.loads(row["data"]),
                 row["hash"])


@attrs.frozen
class CaseRead:
    """Someone opened a case: who (and the administrator's login, if acting for them), when, and from where
    (``via``: the command or screen, such as ``councilkit case show`` or ``tui: case``)."""

    seq: int
    case_id: int
    at: str
    person_id: int
    person: str
    recorded_by: str | None
    via: str


def _read(row: sqlite3.Row) -> CaseRead:
    return CaseRead(row["seq"], row["case_id"], row["at"], row["person_id"], row["person_name"],
                    row["recorded_by"], row["via"])


#: the largest case number there can be (SQLite's integers are 64-bit)
MAX_CASE = 2**63 - 1


def parse_ref(ref: str | int) -> int:
    """``12``, ``"12"`` or ``"#12"`` -> 12."""
    if isinstance(ref, int) and not isinstance(ref, bool):
        if not 0 <= ref <= MAX_CASE:
            raise UnknownCaseError(f"no case #{ref} that you can see")
        return ref
    text = str(ref).strip().lstrip("#")
    if not (text.isascii() and text.isdigit()):
        raise UnknownCaseError(f"{ref!r} is not a case number (cases are numbered: 12 or #12)")
    number = int(text)
    if number > MAX_CASE:
        raise UnknownCaseError(f"no case #{text} that you can see")
    return number

