"""Routing, part two: the answer to "which route, and who handles each step", by role.

:func:`resolve_route` matches a concern to a route (:mod:`councilkit.routing.matching`)
and resolves each of its steps to the roles that handle it (:class:`RouteAnswer`).
When no route applies, the answer says so and names whom the protocol says to
ask (its adviser, or the variant's default), with the clause.  If the
adviser is the subject of the concern, the variant's fallback is named instead.

**Handlers by role** (:func:`resolve_route`).  A handler is never a party to the
concern.  When the subject (or the person raising it) holds a handler's role,
the step's own ``substitute`` applies first ("where the employee concerned is
the Parish Clerk, the Chairman of the Personnel Committee"), otherwise the
variant's ``fallbacks``.  A step's substitute applies whenever a party holds the
role; a variant fallback applies at role level only to a post one person holds
(``Role.single``): when the subject is *a* councillor, another councillor can
still conciliate, and the person-level check sees to it.

Who that is on a date is :mod:`councilkit.routing.assignment`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs

from councilkit.errors import UnknownNameError, did_you_mean
from councilkit.model import Route, Step, StepOutcome
from councilkit.routing.deadlines import Deadline, add_working_days, days_for
from councilkit.routing.matching import adviser_route, effective_outcomes, matching_routes

PARTY_WORDS = {"complainant": "the person raising the concern", "subject": "the subject of the concern"}


# ---------------------------------------------------------------------------
# handlers by role


@attrs.frozen
class Handler:
    """A role that may handle a step; ``instead_of`` when it stands in for the step's own role."""

    role: str
    title: str
    instead_of: str | None = None
    source: str = ""  # "" (the step's own role), "step" (its substitute) or "variant" (a fallback)
    why: str = ""
    cite: tuple[str, ...] = ()


@attrs.frozen
class RoleNote:
    """A role to consult or notify, with a note when a party holds it."""

    role: str
    title: str
    note: str = ""


@attrs.frozen
class ResolvedStep:
    """One step of a route, resolved for the roles of a concern."""

    step: Step
    handlers: tuple[Handler, ...]
    consult: tuple[RoleNote, ...]
    notify: tuple[RoleNote, ...]
    outcomes: tuple[StepOutcome, ...]
    due_days: int | None
    days_source: str
    cite: tuple[str, ...]
    blocked: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.step.id

    @property
    def title(self) -> str:
        return self.step.title or self.step.id

    def deadline(self, start: dt.date, nation: str) -> Deadline | None:
        """When this step is due if it starts on ``start``."""
        if self.due_days is None:
            return None
        return add_working_days(start, self.due_days, nation, self.days_source)


@attrs.frozen
class RouteAnswer:
    """The route a concern takes, its steps resolved, or why there is none and whom to ask."""

    council_id: str
    council_name: str
    raised_by: str
    about: str | None
    matter: str | None
    route: Route | None
    steps: tuple[ResolvedStep, ...]
    adviser: tuple[str, ...]
    adviser_titles: tuple[str, ...]
    adviser_cite: tuple[str, ...]
    message: str
    also: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.route is not None

    def step(self, step_id: str) -> ResolvedStep:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise UnknownNameError("step", step_id, [s.id for s in self.steps])


def _party_roles(raised_by: str | None, about: str | None) -> list[tuple[str, str]]:
    out = []
    if about:
        out.append(("subject", about))
    if raised_by:
        out.append(("complainant", raised_by))
    return out


def _is_single(council: Any, rid: str) -> bool:
    role = council.roles.get(rid)
    return bool(getattr(role, "single", False))


def _fallback_chain(council: Any, step: Step, role: str) -> list[tuple[str, str, str]]:
    """Who stands in for ``role``: (role, source, for_role), the step's substitute first, then the variant's."""
    out: list[tuple[str, str, str]] = []
    seen = {role}
    firsts: list[tuple[str, str]] = []
    if role in step.substitute:
        firsts.append((step.substitute[role], "step"))
    firsts += [(r, "variant") for r in council.variant.fallbacks.get(role, ())]
    todo: list[tuple[str, str, str]] = [(r, src, role) for r, src in firsts]
    while todo:
        candidate, source, for_role = todo.pop(0)
        if candidate in seen:
            continue
        seen.add(candidate)
        out.append((candidate, source, for_role))
        # a stand-in who cannot act has stand-ins of their own, from the variant
        todo[0:0] = [(r, "variant", candidate) for r in council.variant.fallbacks.get(candidate, ())]
    return out


def _source_words(council: Any, source: str, step: Step, for_role: str, role: str) -> tuple[str, tuple[str, ...]]:
    if source == "step":
        cite = step.cite
        where = f" (clause {', '.join(cite)})" if cite else ""
        return f"the protocol names {council.roles.noun(role)} instead{where}", tuple(cite)
    return (f"the {council.variant.id} variant's fallback for {council.roles.noun(for_role, definite=True)} is "
            f"{council.roles.noun(role, definite=True)}"), ()


def _resolve_handlers(council: Any, step: Step, parties: list[tuple[str, str]]) -> tuple[
        tuple[Handler, ...], str | None, tuple[str, ...]]:
    roles = council.roles
    t = council.title
    handlers: list[Handler] = []
    notes: list[str] = []
    problems: list[str] = []

    def conflict(rid: str, explicit: bool) -> tuple[str, str] | None:
        for party, prole in parties:
            if roles.is_a(prole, rid) and (_is_single(council, rid) or explicit):
                return party, prole
        return None

    for h in step.handler:
        clash = conflict(h, explicit=h in step.substitute)
        if clash is None:
            for party, prole in parties:
                if roles.is_a(prole, h):
                    notes.append(f"{PARTY_WORDS[party].capitalize()} is {roles.noun(prole)}: "
                                 f"another {t(h)}, not a party, handles it")
            if h not in [x.role for x in handlers]:
                handlers.append(Handler(h, t(h)))
            continue
        party, prole = clash
        reason = f"{roles.noun(h, definite=True)} is {PARTY_WORDS[party]}"
        chosen = None
        for candidate, source, for_role in _fallback_chain(council, step, h):
            if conflict(candidate, explicit=False) is None:
                chosen = (candidate, source, for_role)
                break
        if chosen is None:
            problems.append(f"{reason}, and neither the step nor the {council.variant.id} variant "
                            f"names anyone else")
            continue
        candidate, source, for_role = chosen
        words, cite = _source_words(council, source, step, for_role, candidate)
        if candidate not in [x.role for x in handlers]:
            handlers.append(Handler(candidate, t(candidate), h, source, f"{reason}: {words}", cite))
    blocked = None
    if not handlers:
        blocked = ("nobody can handle this step: " + "; ".join(problems)
                   + "; the council must appoint someone to act")
    return tuple(handlers), blocked, tuple(notes)


def _role_notes(council: Any, rids: Sequence[str], parties: list[tuple[str, str]], verb: str) -> tuple[RoleNote, ...]:
    out = []
    for rid in rids:
        note = ""
        for party, prole in parties:
            if council.roles.is_a(prole, rid) and _is_single(council, rid):
                note = f"{council.roles.noun(rid, definite=True)} is {PARTY_WORDS[party]}: not {verb}"
        out.append(RoleNote(rid, council.title(rid), note))
    return tuple(out)


def resolve_steps(council: Any, route: Route, raised_by: str | None, about: str | None) -> tuple[ResolvedStep, ...]:
    parties = _party_roles(raised_by, about)
    out = []
    for step in route.steps:
        handlers, blocked, notes = _resolve_handlers(council, step, parties)
        days, source = days_for(step, council.variant)
        out.append(ResolvedStep(
            step=step,
            handlers=handlers,
            consult=_role_notes(council, step.consult, parties, "consulted"),
            notify=_role_notes(council, step.notify, parties, "notified"),
            outcomes=effective_outcomes(route, step),
            due_days=days,
            days_source=source,
            cite=tuple(step.cite or route.cite),
            blocked=blocked,
            notes=notes,
        ))
    return tuple(out)


def _check_role(council: Any, what: str, rid: str) -> None:
    if rid not in council.roles:
        raise UnknownNameError(f"{what} role", rid, council.roles)


def known_matters(council: Any) -> list[str]:
    return sorted({m for r in council.routes for m in r.matters})


def resolve_route(council: Any, raised_by: str, about: str | None = None, matter: str | None = None) -> RouteAnswer:
    """The route a concern raised by ``raised_by`` about ``about`` (or a ``matter``) takes.

    Unknown roles raise :class:`~councilkit.errors.UnknownNameError` listing the
    valid ones.  When no route applies, the answer has ``route = None``, says so
    in ``message`` and names the adviser.
    """
    _check_role(council, "raised_by", raised_by)
    if about is not None:
        _check_role(council, "about", about)
    matter = matter.strip() if matter else None
    matches = matching_routes(council, raised_by, about, matter)
    adviser = tuple(council.adviser.roles)
    adviser_titles = tuple(council.title(r) for r in adviser)
    base = {
        "council_id": council.id, "council_name": council.name, "raised_by": raised_by, "about": about,
        "matter": matter, "adviser": adviser, "adviser_titles": adviser_titles,
        "adviser_cite": tuple(council.adviser.cite),
    }
    if not matches:
        return RouteAnswer(route=None, steps=resolve_steps(council, adviser_route(council, raised_by), raised_by, about),
                           message=no_route_message(council, raised_by, about, matter), **base)
    best = matches[0]
    route = best.route
    concern = _concern_words(council, raised_by, about, matter)
    message = f"{council.describe_route(route)} (route {route.id!r}, clause {', '.join(route.cite)}): {concern}."
    if len(matches) > 1:
        message += (" Other routes also apply: " + ", ".join(m.route.id for m in matches[1:])
                    + "; this one is the most specific.")
    return RouteAnswer(route=route, steps=resolve_steps(council, route, raised_by, about), message=message,
                       also=tuple(m.route.id for m in matches[1:]), **base)


def _concern_words(council: Any, raised_by: str, about: str | None, matter: str | None) -> str:
    words = f"a concern raised by {council.roles.noun(raised_by)}"
    if about:
        words += f" about {council.roles.noun(about)}"
    if matter:
        words += f" on the matter of {matter!r}"
    return words


def no_route_message(council: Any, raised_by: str, about: str | None, matter: str | None) -> str:
    t = council.title
    concern = _concern_words(council, raised_by, about, matter)
    text = f"The {council.name} protocol states no route for {concern}."
    if matter and matter not in known_matters(council):
        named = known_matters(council)
        text += (f" No route names the matter {matter!r}{did_you_mean(matter, named)}"
                 + (f" (routes name: {', '.join(named)})." if named else "."))
    cite = council.adviser.cite
    who = " or ".join(council.roles.noun(r, definite=True) for r in council.adviser.roles) or "the council"
    where = (f" (clause {', '.join(cite)})" if cite
             else f" (the protocol names no adviser: the {council.variant.id} variant's default)")
    text += f" Ask {who}{where}."
    clashes = [r for r in council.adviser.roles
               if about and council.roles.is_a(about, r) and _is_single(council, r)]
    for r in clashes:
        stand_in = next(iter(council.variant.fallbacks.get(r, ())), None)
        if stand_in:
            text += (f" The {t(r)} is the subject of this concern, so ask "
                     f"{council.roles.noun(stand_in, definite=True)} instead (the {council.variant.id} variant's "
                     "fallback).")
        else:
            text += f" The {t(r)} is the subject of this concern; the council must name someone else to ask."
    return text

