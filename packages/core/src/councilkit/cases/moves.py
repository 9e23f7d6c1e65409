"""The moves a case allows: one list of them with their labels, what each next move offers, and
making one.

**The list** (:data:`MOVES`).  Every move a person may make on a case, by name, with the
label a clerk reads, what it asks to choose and whether a reason is required:

==============  ===========================  ==========  ==================================
move            label                        choose      the :class:`~councilkit.cases.book.CaseBook` method
==============  ===========================  ==========  ==================================
``start``       Start the next step          step        ``start(step=, handler=)``
``consulted``   Record a consultation        role        ``consult(role, person=)``
``notified``    Record a notification        role        ``notify(role, person=)``
``note``        Add a note                   obligation  ``note(text, discharges=)``
``outcome``     Record an outcome            outcome     ``record_outcome(outcome, handler=)``
``resolve``     Resolve the concern          outcome     ``resolve(outcome=)``
``escalate``    Escalate to a later step     step        ``escalate(to=, handler=)``
``close``       Close the case                           ``close()``
``withdraw``    Close as withdrawn                       ``close(withdrawn=True)``
``reopen``      Reopen the case              step        ``reopen(step=, handler=)``
==============  ===========================  ==========  ==================================

**The next moves** (:func:`next_moves`).  From a case's state and its route: which
moves come next, what each needs choosing (the outcomes and where each leads, the
roles still to consult, the steps it may go to) and who may make it.  Given ``by``,
only the moves that person may make today; :func:`may_make` says why one is not
theirs, in the words the case book would refuse with.  The case book checks again
when they act, and refuses with the reason, writing nothing.

**Making one** (:func:`make_move`).  The command line (``councilkit case advance|note|
close|reopen``) and the terminal UI both make a move by its name through this one
function, so a move means the same on either.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from councilkit.cases.book import CaseBook, Change
from councilkit.cases.state import Case
from councilkit.errors import UnknownNameError
from councilkit.people.records import Person
from councilkit.routing import effective_outcomes, reachable, reachable_from, successors
from councilkit.settings import today as clock_today


@attrs.frozen
class MoveKind:
    """A move by name: the label a clerk reads, what it asks to choose, and how.

    ``choose`` is ``step``, ``role``, ``outcome``, ``obligation`` or empty (nothing to
    choose); ``metavar`` the word for it on the command line (``STEP``, ``ROLE``...);
    ``required``: the move cannot be made without a choice; ``why_required``: nor
    without a reason.  ``takes_handler``: the move may start a step, so a handler
    may be chosen; ``takes_person``: the person consulted or notified may be named.
    """

    name: str
    label: str
    choose: str = ""
    metavar: str = ""
    required: bool = False
    why_required: bool = False
    takes_handler: bool = False
    takes_person: bool = False


#: every move, in the order a clerk would usually make them
MOVES: dict[str, MoveKind] = {m.name: m for m in (
    MoveKind("start", "Start the next step", "step", "STEP", takes_handler=True),
    MoveKind("consulted", "Record a consultation", "role", "ROLE", required=True, takes_person=True),
    MoveKind("notified", "Record a notification", "role", "ROLE", required=True, takes_person=True),
    MoveKind("note", "Add a note", "obligation", "OBLIGATION"),
    MoveKind("outcome", "Record an outcome", "outcome", "OUTCOME", required=True, takes_handler=True),
    MoveKind("resolve", "Resolve the concern", "outcome", "OUTCOME"),
    MoveKind("escalate", "Escalate to a later step", "step", "STEP", why_required=True, takes_handler=True),
    MoveKind("close", "Close the case"),
    MoveKind("withdraw", "Close as withdrawn", why_required=True),
    MoveKind("reopen", "Reopen the case", "step", "STEP", why_required=True, takes_handler=True),
)}


def _label(name: str) -> str:
    return MOVES[name].label



@attrs.frozen
class Choice:
    """Something to choose for a move: an outcome, a role, a step, an obligation, a person."""

    id: str
    label: str
    detail: str = ""


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


def may_make(book: CaseBook, case: Case, move: str, by: Any, on: dt.date | None = None) -> str:
    """Why ``by`` (a person or an actor) may not make ``move`` on ``case`` now, as the case book would refuse
    (``""``: they may).  A case they may not see is ``no case #N that you can see``."""
    if move not in MOVES:
        raise UnknownNameError("move", move, MOVES)
    return book.refusal(case, move, by, on)


def next_moves(book: CaseBook, case: Case, on: dt.date | None = None, *, by: Any = None) -> list[Move]:
    """The actions ``case`` allows next, in the order a clerk would usually take them; with ``by`` (a person
    or an actor), only those ``by`` may make (:func:`may_make`)."""
    moves = _next_moves(book, case, on)
    if by is None:
        return moves
    return [m for m in moves if not may_make(book, case, m.action, by, on)]


def _next_moves(book: CaseBook, case: Case, on: dt.date | None = None) -> list[Move]:
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
        moves.append(Move("start", _label("start"), managers, "step",
                          tuple(step_choice(s, "waiting to start" if s == pending else "skipping optional steps")
                                for s in targets), handlers=handlers, note=note))
    elif run is not None:
        step = steps[run.step_id]
        outstanding = run.outstanding_consultations()
        if outstanding:
            moves.append(Move("consulted", _label("consulted"), handler, "role",
                              tuple(Choice(r.role, r.title, ", ".join(n for _, n in r.people)) for r in outstanding),
                              note="the step is decided after consulting " + " and ".join(r.who() for r in outstanding)))
        outcomes = effective_outcomes(route, step)
        moves.append(Move("outcome", _label("outcome"), handler, "outcome", tuple(
            Choice(o.id, o.label or o.id, f"leads to step {steps[o.next].title or o.next!r}" if o.next
                   else "ends the route: the case is resolved") for o in outcomes)))
        closing = [o for o in outcomes if not o.next]
        if closing:
            moves.append(Move("resolve", _label("resolve"), handler, "outcome",
                              tuple(Choice(o.id, o.label or o.id, "ends the route") for o in closing)))
        if successors(route, step):
            moves.append(Move("escalate", _label("escalate"), managers + " or the complainant", "step",
                              tuple(step_choice(s) for s in reachable(route, step.id)), why_required=True))
    notify = _outstanding_notifications(case)
    if notify and case.status != "closed":
        moves.append(Move("notified", _label("notified"), f"{handler}" + (f" or {officers}" if officers else ""),
                          "role", tuple(notify)))
    if case.status == "resolved":
        decided = [r for r in case.steps if r.ended == "outcome"]
        open_items = [f"notify {req.who()}" for r in decided for req in r.outstanding_notifications()]
        open_items += [text for r in decided for _, text in r.outstanding_obligations()]
        moves.append(Move("close", _label("close"), managers,
                          note=("still open: " + "; ".join(open_items)) if open_items else ""))
    if case.status in ("open", "awaiting"):
        moves.append(Move("withdraw", _label("withdraw"), managers + " or the complainant", why_required=True))
    if case.status == "closed":
        ran = list(dict.fromkeys(r.step_id for r in reversed(case.steps))) or [route.steps[0].id]
        moves.append(Move("reopen", _label("reopen"), managers, "step",
                          tuple(step_choice(s) for s in ran if s in steps), why_required=True))
    obligations = [Choice(oid, text, f"step {r.step_id!r}") for r in case.steps
                   for oid, text in r.outstanding_obligations()]
    moves.append(Move("note", _label("note"), "anyone who may see the case", "obligation" if obligations else "",
                      tuple(obligations), optional=True))
    return moves


def _outstanding_notifications(case: Case) -> list[Choice]:
    out: dict[str, Choice] = {}
    for run in case.steps:
        for r in run.outstanding_notifications():
            if run.in_progress or run.ended == "outcome":
                out.setdefault(r.role, Choice(r.role, r.title, ", ".join(n for _, n in r.people)))
    return list(out.values())


def make_move(
    book: CaseBook,
    move: str,
    case: Case | str | int,
    by: Any,
    *,
    choice: str | None = None,
    person: Person | None = None,
    handler: Person | None = None,
    why: str = "",
    on: dt.date | None = None,
    version: int | None = None,
) -> Change:
    """Make ``move`` (a name in :data:`MOVES`) on ``case`` as ``by`` (a person or an actor).

    ``choice`` is what the move chooses (:attr:`MoveKind.choose`): the step to start,
    escalate to or reopen at, the role consulted or notified, the outcome, or the
    obligation a note discharges.  ``person``: the person consulted or notified
    (default: the one holding the role); ``handler``: who handles a step the move
    starts, among those eligible.  A note's text is ``why``.  Pass the :class:`Case`
    read (or ``version=``) and a case changed since is refused as a conflict.  Each
    argument a move does not take is ignored.  Raises
    :class:`~councilkit.errors.UnknownNameError` for a move that does not exist.
    """
    if move not in MOVES:
        raise UnknownNameError("move", move, MOVES)
    common: dict[str, Any] = {"on": on, "version": version}
    if move == "start":
        return book.start(case, by, step=choice, handler=handler, why=why, **common)
    if move == "consulted":
        return book.consult(case, by, choice or "", person=person, why=why, **common)
    if move == "notified":
        return book.notify(case, by, choice or "", person=person, why=why, **common)
    if move == "note":
        return book.note(case, by, why, discharges=choice or None, **common)
    if move == "outcome":
        return book.record_outcome(case, by, choice or "", why=why, handler=handler, **common)
    if move == "resolve":
        return book.resolve(case, by, outcome=choice, why=why, **common)
    if move == "escalate":
        return book.escalate(case, by, to=choice, why=why, handler=handler, **common)
    if move == "close":
        return book.close(case, by, why=why, **common)
    if move == "withdraw":
        return book.close(case, by, why=why, withdrawn=True, **common)
    return book.reopen(case, by, why=why, step=choice, handler=handler, **common)
