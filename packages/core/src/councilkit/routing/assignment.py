"""Routing, part three: who handles each step on a date, by person, and a preview of a whole route.

**Handlers by person** (:func:`assign_handler`).  On a date, each role resolves
to the people appointed to it.  The complainant and the subject are never
chosen.  When nobody else holds the step's roles (a party holds them, or the
post is vacant), the step's substitute and then the variant's fallbacks are
tried in order, each recording why; when nobody at all remains, the step is
blocked and says whom the council must appoint.

:func:`contacts` resolves the roles a step consults or notifies the same way, and
:func:`preview` shows who would handle each step of a route on a date, writing nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from councilkit._attrs import frozen
from councilkit.errors import CouncilkitError
from councilkit.model import Route, Step
from councilkit.routing.deadlines import Deadline
from councilkit.routing.matching import adviser_route
from councilkit.routing.resolve import (
    PARTY_WORDS,
    ResolvedStep,
    RouteAnswer,
    _fallback_chain,
    _source_words,
)


class NotEligibleError(CouncilkitError, ValueError):
    """The person asked for cannot handle the step (a party, or not holding its roles)."""


# ---------------------------------------------------------------------------
# handlers by person


@frozen
class Candidate:
    person_id: int
    name: str
    role: str


@frozen
class Assignment:
    """Who handles a step on a date, and why; or, when ``blocked``, whom the council must appoint."""

    step_id: str
    person_id: int | None
    name: str
    role: str | None
    instead_of: str | None = None
    source: str = ""  # "" | "step" | "variant"
    why: str = ""
    cite: tuple[str, ...] = ()
    eligible: tuple[Candidate, ...] = ()
    blocked: str | None = None
    appoint: str | None = None


@frozen
class Contact:
    """A role to consult or notify on a step, resolved to people; ``waived`` says why it is not needed."""

    role: str
    title: str
    people: tuple[Candidate, ...] = ()
    waived: str = ""


HoldersFn = Callable[[str, dt.date], Sequence[Any]]


def _people(holders: HoldersFn, role: str, on: dt.date) -> list[Candidate]:
    out: list[Candidate] = []
    seen: set[int] = set()
    for a in holders(role, on):
        if a.person_id not in seen:
            seen.add(a.person_id)
            out.append(Candidate(a.person_id, a.person_name, a.role))
    return out


def assign_handler(
    council: Any,
    step: Step,
    holders: HoldersFn,
    on: dt.date,
    parties: dict[int, str],
    prefer: int | None = None,
) -> Assignment:
    """Who handles ``step`` on ``on``: never a party (``parties`` maps person id -> "complainant"/"subject").

    ``holders(role, on)`` gives the appointments to a role (see
    :class:`councilkit.people.records.Directory`).  ``prefer`` picks one of the
    eligible people instead of the first (refused if not eligible).
    """
    roles = council.roles
    t = council.title
    date = on.isoformat()
    failed: list[tuple[str, str]] = []  # (role, why nobody can act for it)

    def why_not(role: str, found: list[Candidate]) -> str:
        party = [c for c in found if c.person_id in parties]
        if party:
            who = party[0]
            return f"{who.name}, {roles.noun(role, definite=True)}, is {PARTY_WORDS[parties[who.person_id]]}"
        return f"nobody holds {roles.noun(role, definite=True)} on {date}"

    # pass 1: the step's own roles, in order
    for h in step.handler:
        found = _people(holders, h, on)
        if h in step.substitute and any(c.person_id in parties for c in found):
            failed.append((h, why_not(h, found)))
            continue
        ok = [c for c in found if c.person_id not in parties]
        if ok:
            chosen = _prefer(ok, prefer)
            why = ""
            if len(ok) < len(found):
                why = why_not(h, found) + f": another {t(h)} handles it"
            return Assignment(step.id, chosen.person_id, chosen.name, h, why=why, eligible=tuple(ok))
        failed.append((h, why_not(h, found)))

    # pass 2: stand-ins, the step's substitute first, then the variant's fallbacks
    for h, reason in failed:
        steps_taken: list[str] = [reason]
        for candidate, source, for_role in _fallback_chain(council, step, h):
            found = _people(holders, candidate, on)
            ok = [c for c in found if c.person_id not in parties]
            words, cite = _source_words(council, source, step, for_role, candidate)
            if for_role != h:
                words = f"{why_not(for_role, _people(holders, for_role, on))}, and {words}"
            if ok:
                chosen = _prefer(ok, prefer)
                return Assignment(step.id, chosen.person_id, chosen.name, candidate, instead_of=h, source=source,
                                  why=f"{reason}: {words}", cite=cite, eligible=tuple(ok))
            steps_taken.append(why_not(candidate, found))

    # blocked: name whom to appoint, the first stand-in the text or the variant names, else the role itself
    h = step.handler[0] if step.handler else None
    appoint = h
    for fh, _ in failed:
        chain = _fallback_chain(council, step, fh)
        if chain:
            appoint = chain[0][0]
            break
    reasons = "; ".join(r for _, r in failed)
    stand_ins = [c for fh, _ in failed for c, _, _ in _fallback_chain(council, step, fh)]
    if stand_ins:
        reasons += "; and nobody else can act: " + ", ".join(
            f"{why_not(c, _people(holders, c, on))}" for c in dict.fromkeys(stand_ins))
    title = council.title(appoint) if appoint else ""
    article = "an" if title[:1].upper() in "AEIOU" else "a"
    blocked = (f"step {step.id!r} ({step.title or step.id}) is blocked: {reasons}. The council must appoint "
               + (f"{article} {title} (councilkit people appoint PERSON {council.id} {appoint})" if appoint
                  else "someone to handle it"))
    return Assignment(step.id, None, "", None, blocked=blocked, appoint=appoint)


def _prefer(ok: list[Candidate], prefer: int | None) -> Candidate:
    if prefer is None:
        return ok[0]
    for c in ok:
        if c.person_id == prefer:
            return c
    names = ", ".join(f"{c.name} (#{c.person_id})" for c in ok)
    raise NotEligibleError(f"person #{prefer} cannot handle this step; who can: {names}")


def contacts(council: Any, roles_: Sequence[str], holders: HoldersFn, on: dt.date,
             parties: dict[int, str], verb: str) -> tuple[Contact, ...]:
    """The people to consult (or notify) for each role, and which roles need nobody and why."""
    out = []
    for rid in roles_:
        found = _people(holders, rid, on)
        ok = [c for c in found if c.person_id not in parties]
        waived = ""
        if not ok and found:
            who = found[0]
            waived = f"{who.name}, {council.roles.noun(rid, definite=True)}, is {PARTY_WORDS[parties[who.person_id]]}: not {verb}"
        elif not found:
            waived = f"nobody holds {council.roles.noun(rid, definite=True)} on {on.isoformat()}"
        out.append(Contact(rid, council.title(rid), tuple(ok), waived))
    return tuple(out)


@frozen
class StepPreview:
    """A step resolved to people on a date: the handler, whom to consult and notify, and the deadline."""

    step: ResolvedStep
    assignment: Assignment
    consult: tuple[Contact, ...]
    notify: tuple[Contact, ...]
    deadline: Deadline | None


def preview_step(council: Any, route: Route, resolved: ResolvedStep, holders: HoldersFn, on: dt.date,
                 parties: dict[int, str], prefer: int | None = None) -> StepPreview:
    step = resolved.step
    return StepPreview(
        step=resolved,
        assignment=assign_handler(council, step, holders, on, parties, prefer),
        consult=contacts(council, step.consult, holders, on, parties, "consulted"),
        notify=contacts(council, step.notify, holders, on, parties, "notified"),
        deadline=resolved.deadline(on, council.nation),
    )


def preview(council: Any, answer: RouteAnswer, holders: HoldersFn, on: dt.date,
            parties: dict[int, str]) -> tuple[StepPreview, ...]:
    """Every step of ``answer`` resolved to the people who hold the roles on ``on``.

    Each step's deadline is counted as if it started on ``on``.
    """
    route = answer.route or adviser_route(council, answer.raised_by)
    return tuple(preview_step(council, route, s, holders, on, parties) for s in answer.steps)
