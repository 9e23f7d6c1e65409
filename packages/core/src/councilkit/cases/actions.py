"""The actions on an open case, and who may take each.

:class:`CaseActions` is the part of :class:`~councilkit.cases.book.CaseBook` that
moves a case along its route: start the next step, record a consultation or a
notification, add a note, decide the step (an outcome), resolve, escalate, close
and reopen.  Each checks the case's rules inside the book's transaction
(:meth:`CaseBook._transact <councilkit.cases.book.CaseBook._transact>`) and adds its
events, or refuses with the reason (:class:`~councilkit.cases.events.RefusedError`):
skipping a mandatory step, deciding before the consultations the step requires,
closing with obligations still open, acting as the handler when you are not.
Nothing is written when an action is refused.

Who may take each action (:data:`~councilkit.people.authority.AUTHORITY`, ``case.*``) is
judged on the day it is taken, whatever day the event is dated, and a refusal names who
may, saying so when the person is a case officer who may not act because they are a party.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from councilkit import people as people_mod
from councilkit.cases.events import Actor, RefusedError
from councilkit.cases.queries import CaseReader
from councilkit.cases.state import Case, StepRun
from councilkit.errors import UnknownNameError
from councilkit.model import Route, Step, StepOutcome
from councilkit.people.records import Person
from councilkit.routing import (
    assign_handler,
    effective_outcomes,
    reachable,
    skipped_mandatory,
    successors,
)
from councilkit.settings import today as clock_today

if TYPE_CHECKING:
    from councilkit.cases.book import Change, _Action


class CaseActions(CaseReader):
    """The actions on a case (see the module); :class:`~councilkit.cases.book.CaseBook` supplies the
    transaction each runs in (``_transact``) and the starting of a step (``_start``)."""

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
                refused = self._notifier_refusal(a.council, c, run, a.actor.person)
                if refused:
                    raise RefusedError(refused)
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
        """Is the actor a case officer of this council (a visibility role, held today) and not a party?"""
        return self._is_officer(a.council, c, a.actor.person)

    def _is_officer(self, council: Any, c: Case, person: Person) -> bool:
        return person.id not in c.parties and self.case_officer(council, person, clock_today()) is not None

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

        if not discharges and self._batch is None:
            return self._note(case, by, text, on, version, body)  # it only adds to the record
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
        refused = self._handler_refusal(c, a.actor.person, doing)
        if refused:
            raise RefusedError(refused)
        assert c.current is not None
        return c.current

    def _handler_refusal(self, c: Case, person: Person, doing: str) -> str:
        """Why ``person`` may not ``doing`` as the handler of ``c``'s step in progress ("" when they may)."""
        run = c.current
        if run is None:
            return _status_refusal(c, doing)
        if person.id != run.handler_id:
            return (f"{person.name} is not the current handler of case {c.ref}: step {run.step_id!r} is handled by "
                    f"{run.handler} ({run.handler_title}), who alone may {doing}; nothing was written")
        return ""

    def _notifier_refusal(self, council: Any, c: Case, run: StepRun, person: Person) -> str:
        """Why ``person`` may not record ``run``'s notifications ("" when they may)."""
        if person.id == run.handler_id or self._is_officer(council, c, person):
            return ""
        return (f"{person.name} is not the handler of step {run.step_id!r} of case {c.ref} ({run.handler} is); only "
                "they or a case officer who is not a party to it may record its notifications; nothing was written")

    def _require_manager(self, a: _Action, c: Case, *, allow_complainant: bool = False,
                         allow_handler_of: str | None = None, route: Route | None) -> None:
        """The current (or last) handler, or a case officer who is not a party; the complainant if allowed."""
        refused = self._manager_refusal(a.council, c, a.actor.person, a.on, allow_complainant=allow_complainant,
                                        allow_handler_of=allow_handler_of, route=route)
        if refused:
            raise RefusedError(refused)

    def _manager_refusal(self, council: Any, c: Case, person: Person, on: dt.date, *, allow_complainant: bool = False,
                         allow_handler_of: str | None = None, route: Route | None = None) -> str:
        """Why ``person`` may not manage ``c`` (start, escalate, close, reopen...); "" when they may."""
        last = c.last_run
        if last is not None and last.handler_id == person.id:
            return ""
        if allow_complainant and person.id == c.complainant_id:
            return ""
        if self._is_officer(council, c, person):
            return ""
        if allow_handler_of and route is not None:
            assignment = assign_handler(council, route.step(allow_handler_of), self.directory(council).holders,
                                        on, c.parties)
            if person.id in [e.person_id for e in assignment.eligible]:
                return ""
        officers = " or ".join(council.roles.noun(r, definite=True) for r in self.visibility_roles(council))
        who = [f"the handler ({last.handler})" if last else "the handler"]
        if officers:
            who.append(f"{officers} (a case officer who is not a party to it)")
        if allow_handler_of:
            who.append(f"whoever could handle step {allow_handler_of!r}")
        if allow_complainant:
            who.append("the complainant")
        because = ""
        if person.id in c.parties and self.case_officer(council, person, clock_today()) is not None:
            because = f" ({person.name} is a case officer, but a party to it)"
        listed = ", ".join(who[:-1]) + (" or " if len(who) > 1 else "") + who[-1]
        return f"{person.name} may not do that on case {c.ref}: only {listed} may{because}; nothing was written"

    def refusal(self, case: Case, move: str, by: Person | Actor, on: dt.date | None = None) -> str:
        """Why ``by`` may not make ``move`` (a name in :data:`~councilkit.cases.moves.MOVES`) on ``case`` now,
        in the words the action itself would refuse with; "" when they may.

        What is judged: whether they may see the case, whether the case's state allows
        the move at all, and whether they are among those who may make it
        (:data:`~councilkit.people.authority.AUTHORITY`, ``case.*``).  What the move
        chooses (an outcome, a role) and what it needs first (a consultation) are
        judged when it is made.
        """
        person = _person_of(by)
        day = on or clock_today()
        if not self.can_see(case, person, clock_today()):
            return f"no case #{case.id} that you can see"
        council = self.council(case.council_id)
        doing = {"consulted": "record a consultation", "outcome": "record an outcome", "resolve": "resolve it"}
        if move in doing:
            return self._handler_refusal(case, person, doing[move])
        if move == "note":
            return ""
        if move == "notified":
            if not case.steps or case.status == "closed":
                return _status_refusal(case, "record a notification")
            runs = [r for r in case.steps if any(q.outstanding for q in r.notify)] or [case.steps[-1]]
            return self._notifier_refusal(council, case, runs[-1], person)
        if move == "start":
            if case.status != "awaiting":
                return _status_refusal(case, "start a step")
            route = self.route_of(case)
            return self._manager_refusal(council, case, person, day, allow_handler_of=case.pending or
                                         route.steps[0].id, route=route)
        if move == "escalate":
            if case.current is None:
                return _status_refusal(case, "escalate it")
            return self._manager_refusal(council, case, person, day, allow_complainant=True)
        if move in ("close", "withdraw"):
            if case.status == "closed":
                return f"case {case.ref} is already closed (on {case.closed_on}); reopen it first"
            if case.status != "resolved" and move == "close":
                where = (f"step {case.current.step_id!r} is in progress" if case.current
                         else f"step {case.pending!r} is waiting to start")
                return (f"case {case.ref} is not resolved ({where}); resolve it first, or close it as withdrawn "
                        "with a reason")
            return self._manager_refusal(council, case, person, day, allow_complainant=move == "withdraw")
        if move == "reopen":
            if case.status != "closed":
                return f"case {case.ref} is not closed; only a closed case can be reopened"
            return self._manager_refusal(council, case, person, day)
        raise UnknownNameError("move", move, ("start", "consulted", "notified", "note", "outcome", "resolve",
                                              "escalate", "close", "withdraw", "reopen"))


def _person_of(by: Person | Actor) -> Person:
    return by.person if isinstance(by, Actor) else by


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

