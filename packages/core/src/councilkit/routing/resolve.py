"""Routing, part two: the answer to "which route, and who handles each step", by role.

:func:`resolve_route` matches a concern to a route (:mod:`councilkit.routing.matching`)
and resolves each of its steps to the roles that handle it (:class:`RouteAnswer`).
When no route applies, the answer says so and names whom the protocol says to
ask (its adviser, or the variant's default), with the clause.  If the
adviser is the subject of the concern, the variant's fallback is named instead.

**Handlers by role** (:func:`resolve_route`).  A handler is never a party to the
concern, never someone the subject manages (directly, or through a body the subject
sits on or chairs), and never a body the subject sits on or chairs: a concern is heard by
someone other than the person it is about.  Who manages whom comes from the
council's relations (:attr:`~councilkit.council.Council.seniority`).  When the subject (or the person raising it) holds a handler's role,
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

from councilkit._attrs import frozen
from councilkit.errors import UnknownNameError, did_you_mean
from councilkit.model import Route, Step, StepOutcome
from councilkit.routing.deadlines import Deadline, add_working_days, days_for
from councilkit.routing.matching import adviser_route, effective_outcomes, matching_routes

PARTY_WORDS = {"complainant": "the person raising the concern", "subject": "the subject of the concern"}


# ---------------------------------------------------------------------------
# handlers by role


@frozen
class Handler:
    """A role that may handle a step; ``instead_of`` when it stands in for the step's own role."""

    role: str
    title: str
    instead_of: str | None = None
    source: str = ""  # "" (the step's own role), "step" (its substitute) or "variant" (a fallback)
    why: str = ""
    cite: tuple[str, ...] = ()


@frozen
class RoleNote:
    """A role to consult or notify, with a note when a party holds it."""

    role: str
    title: str
    note: str = ""


@frozen
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


@frozen
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


def _fallback_chain(council: Any, step: Step | None, role: str) -> list[tuple[str, str, str]]:
    """Who stands in for ``role``: (role, source, for_role), the step's substitute first, then the variant's."""
    out: list[tuple[str, str, str]] = []
    seen = {role}
    firsts: list[tuple[str, str]] = []
    if step is not None and role in step.substitute:
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


def seniority_words(council: Any, subject: str, handler: str) -> str | None:
    """Why ``handler`` is not independent of the ``subject`` of a concern, in words, or None."""
    clash = council.seniority.conflict(subject, handler)
    if clash is None:
        return None
    noun = council.roles.noun
    how, chain = clash
    if how == "manages":
        line = " \u2192 ".join(council.title(r) for r in chain)
        return (f"{noun(subject, definite=True)}, the subject of the concern, is senior to "
                f"{noun(handler, definite=True)} ({line})")
    return f"{noun(subject, definite=True)}, the subject of the concern, {how} {noun(handler, definite=True)}"


def unfit(council: Any, rid: str, parties: list[tuple[str, str]], explicit: bool = False) -> str | None:
    """Why role ``rid`` may not handle a concern between these parties, or None.

    A role a party holds may not, when it is a post one person holds or the protocol names it
    (``explicit``); nor may anyone the subject manages, nor a body the subject sits on or chairs.
    """
    roles = council.roles
    for party, prole in parties:
        if roles.is_a(prole, rid) and (_is_single(council, rid) or explicit):
            return f"{roles.noun(rid, definite=True)} is {PARTY_WORDS[party]}"
    for party, prole in parties:
        if party == "subject":
            words = seniority_words(council, prole, rid)
            if words:
                return words
    return None


def independent_adviser(council: Any, parties: list[tuple[str, str]]) -> tuple[str, str] | None:
    """Whom to ask when nobody the protocol names can act: an adviser, else its stand-in, who is fit.

    Returns the role and how it was chosen ("the adviser the protocol names", "the ... variant's
    default"), or None when nobody is.
    """
    for r in council.adviser.roles:
        if unfit(council, r, parties) is None:
            return r, "the adviser the protocol names"
    for r in (*council.adviser.roles, *council.variant.adviser):
        for candidate, _, _ in [(r, "", r), *_fallback_chain(council, None, r)]:
            if candidate in council.roles and unfit(council, candidate, parties) is None:
                return candidate, f"the {council.variant.id} variant's default"
    return None


def _resolve_handlers(council: Any, step: Step, parties: list[tuple[str, str]]) -> tuple[
        tuple[Handler, ...], str | None, tuple[str, ...]]:
    roles = council.roles
    t = council.title
    handlers: list[Handler] = []
    notes: list[str] = []
    problems: list[str] = []

    for h in step.handler:
        reason = unfit(council, h, parties, explicit=h in step.substitute)
        if reason is None:
            for party, prole in parties:
                if roles.is_a(prole, h):
                    notes.append(f"{PARTY_WORDS[party].capitalize()} is {roles.noun(prole)}: "
                                 f"another {t(h)}, not a party, handles it")
            if h not in [x.role for x in handlers]:
                handlers.append(Handler(h, t(h)))
            continue
        chosen = None
        for candidate, source, for_role in _fallback_chain(council, step, h):
            if candidate in roles and unfit(council, candidate, parties) is None:
                chosen = (candidate, source, for_role)
                break
        if chosen is None:
            problems.append(f"{reason}, and neither the step nor the {council.variant.id} variant "
                            f"names anyone else")
            notes.append(f"Not {roles.noun(h, definite=True)}: {reason}")
            continue
        candidate, source, for_role = chosen
        words, cite = _source_words(council, source, step, for_role, candidate)
        if candidate not in [x.role for x in handlers]:
            handlers.append(Handler(candidate, t(candidate), h, source, f"{reason}: {words}", cite))
    blocked = None
    if not handlers:
        blocked = "nobody the protocol names can handle this step: " + "; ".join(problems)
        ask = independent_adviser(council, parties)
        if ask is None:
            blocked += "; the council must appoint someone independent of the subject to act"
        else:
            blocked += f"; ask {roles.noun(ask[0], definite=True)} ({ask[1]}) whom to appoint"
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
    parties = _party_roles(raised_by, about)
    unfit_advisers = [(r, why) for r in council.adviser.roles if (why := unfit(council, r, parties))]
    if unfit_advisers:
        reasons = "; ".join(why for _, why in unfit_advisers)
        text += f" {reasons[:1].upper()}{reasons[1:]}"
        if len(unfit_advisers) < len(council.adviser.roles):
            text += "."
        elif (ask := independent_adviser(council, parties)) is None:
            text += ", and nobody the protocol or the variant names is independent of the subject: the council must name someone."
        else:
            text += f", so ask {council.roles.noun(ask[0], definite=True)} instead ({ask[1]})."
    return text

