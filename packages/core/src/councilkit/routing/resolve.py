"""Routing: which route a concern takes, and who handles each step, by role and then by person.

**Choosing the route.**  A concern is raised by one role, about another (or
about a matter, such as "interpretation" of the protocol).  A route applies when:

- the role raising it is one of the route's ``raised_by`` roles, or a kind of
  one (a Chair is a councillor);
- the route names ``about`` roles: the concern is about one of them or a kind
  of one; a route naming none applies whoever the concern is about;
- the route names ``matters``: the concern's matter is one of them; a route
  naming none applies whatever the matter.

When several apply, the most specific wins: first a route that names the
matter, then the one whose ``about`` role is closest to the concern's (fewest
``is_a`` steps: ``clerk`` is 0 steps from ``clerk``, 2 from ``employee``),
then the closest ``raised_by``, then the first in the council's file.  The
others are listed in :attr:`RouteAnswer.also`, so nothing is hidden.

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

**Handlers by person** (:func:`assign_handler`).  On a date, each role resolves
to the people appointed to it.  The complainant and the subject are never
chosen.  When nobody else holds the step's roles (a party holds them, or the
post is vacant), the step's substitute and then the variant's fallbacks are
tried in order, each recording why; when nobody at all remains, the step is
blocked and says whom the council must appoint.

**Moving along a route.**  A step's outcomes lead to the next step or close the
route; a step without outcomes has the defaults "resolved" (closes) and
"escalated" (the next step in order).  A case may skip a step only when it is
``optional``: :func:`reachable` gives the steps a case may go to next.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from councilkit.errors import CouncilkitError, UnknownNameError, did_you_mean
from councilkit.model import DEFAULT_OUTCOMES, Route, Step, StepOutcome
from councilkit.routing.deadlines import Deadline, add_working_days, days_for

#: the id of the one-step route a concern takes when the protocol states none
ADVISER_ROUTE = "adviser"


class NotEligibleError(CouncilkitError, ValueError):
    """The person asked for cannot handle the step (a party, or not holding its roles)."""


PARTY_WORDS = {"complainant": "the person raising the concern", "subject": "the subject of the concern"}


# ---------------------------------------------------------------------------
# the route graph


def effective_outcomes(route: Route, step: Step) -> tuple[StepOutcome, ...]:
    """The step's outcomes, or the defaults: "resolved" closes, "escalated" goes to the next step.

    The last step of a route has only "resolved" by default: there is nowhere to escalate to.
    """
    if step.outcomes:
        return step.outcomes
    following = route.next_step(step.id)
    resolved, escalated = DEFAULT_OUTCOMES
    if following is None:
        return (StepOutcome(resolved, "Resolved"),)
    return (StepOutcome(resolved, "Resolved"), StepOutcome(escalated, "Escalated to the next step", following.id))


def successors(route: Route, step: Step) -> tuple[str, ...]:
    """The steps the outcomes of ``step`` lead to, in order, without repeats."""
    out: list[str] = []
    for outcome in effective_outcomes(route, step):
        if outcome.next and outcome.next not in out:
            out.append(outcome.next)
    return tuple(out)


def reachable_from(route: Route, starts: Sequence[str]) -> tuple[str, ...]:
    """``starts``, and beyond any of them that is optional, the steps it leads to (and so on).

    Only optional steps may be skipped, so these are the steps a case may go to.
    """
    out: list[str] = []
    todo = list(starts)
    while todo:
        sid = todo.pop(0)
        if sid in out:
            continue
        out.append(sid)
        step = route.step(sid)
        if step.optional:
            todo.extend(successors(route, step))
    return tuple(out)


def _starts(route: Route, after: str | None) -> list[str]:
    return [route.steps[0].id] if after is None else list(successors(route, route.step(after)))


def reachable(route: Route, after: str | None) -> tuple[str, ...]:
    """Steps a case may go to after step ``after``, or at the start of the route when None."""
    return reachable_from(route, _starts(route, after))


def skipped_mandatory(route: Route, after: str | None, target: str,
                      starts: Sequence[str] | None = None) -> Step | None:
    """The first mandatory step a case would skip by going to ``target``; None if it skips none.

    The case stands after step ``after`` (None: at the start), or may go to any of ``starts``.
    """
    begin = list(starts) if starts is not None else _starts(route, after)
    allowed = reachable_from(route, begin)
    if target in allowed:
        return None
    for sid in allowed:
        if not route.step(sid).optional:
            return route.step(sid)
    return route.step(begin[0]) if begin else None


def adviser_route(council: Any, raised_by: str | None = None) -> Route:
    """The one-step route a concern takes when the protocol states none: ask the adviser."""
    titles = " or ".join(council.roles.noun(r, definite=True) for r in council.adviser.roles)
    step = Step(
        id=ADVISER_ROUTE,
        title=f"Ask {titles}: the protocol states no route",
        handler=tuple(council.adviser.roles),
        mode="informal",
        procedure=("advice",),
        outcomes=(StepOutcome("advised", "Advice given; the matter is settled"),),
        cite=tuple(council.adviser.cite),
    )
    return Route(
        id=ADVISER_ROUTE,
        raised_by=(raised_by,) if raised_by else (),
        steps=(step,),
        cite=tuple(council.adviser.cite),
        title=f"No route in the protocol: referred to {titles}",
    )


# ---------------------------------------------------------------------------
# choosing a route


def role_distance(roles: Any, rid: str, ancestor: str) -> int | None:
    """How many ``is_a`` steps from ``rid`` up to ``ancestor`` (0 when equal); None if unrelated."""
    if rid == ancestor:
        return 0
    seen = {rid}
    frontier = [rid]
    depth = 0
    while frontier:
        depth += 1
        nxt = []
        for r in frontier:
            role = roles.get(r)
            for parent in role.is_a if role else ():
                if parent == ancestor:
                    return depth
                if parent not in seen:
                    seen.add(parent)
                    nxt.append(parent)
        frontier = nxt
    return None


def _closest(roles: Any, rid: str, candidates: Iterable[str]) -> int | None:
    found = [d for c in candidates if (d := role_distance(roles, rid, c)) is not None]
    return min(found) if found else None


@attrs.frozen
class RouteMatch:
    """A route that applies to a concern, and how closely."""

    route: Route
    names_matter: bool
    about_distance: int
    raised_by_distance: int
    order: int

    @property
    def key(self) -> tuple[int, int, int, int]:
        return (0 if self.names_matter else 1, self.about_distance, self.raised_by_distance, self.order)


def matching_routes(council: Any, raised_by: str, about: str | None = None,
                    matter: str | None = None) -> list[RouteMatch]:
    """Every route that applies, the most specific first."""
    roles = council.roles
    out = []
    for order, route in enumerate(council.routes):
        by = _closest(roles, raised_by, route.raised_by)
        if by is None:
            continue
        if route.about:
            if about is None:
                continue
            dist = _closest(roles, about, route.about)
            if dist is None:
                continue
        else:
            dist = 99  # applies to anyone: less specific than any route naming the subject's role
        if route.matters and (matter is None or matter not in route.matters):
            continue
        out.append(RouteMatch(route, bool(route.matters), dist, by, order))
    out.sort(key=lambda m: m.key)
    return out


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

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class RoleNote:
    """A role to consult or notify, with a note when a party holds it."""

    role: str
    title: str
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


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

    def as_dict(self) -> dict[str, Any]:
        s = self.step
        return {
            "id": s.id,
            "title": self.title,
            "mode": s.mode,
            "procedure": list(s.procedure),
            "optional": s.optional,
            "handlers": [h.as_dict() for h in self.handlers],
            "named_handlers": list(s.handler),
            "consult": [c.as_dict() for c in self.consult],
            "notify": [n.as_dict() for n in self.notify],
            "due_days": self.due_days,
            "days_source": self.days_source,
            "outcomes": [{"id": o.id, "label": o.label, "next": o.next} for o in self.outcomes],
            "obligations": [{"id": o.id, "text": o.text, "role": o.role} for o in s.obligations],
            "description": s.description,
            "cite": list(self.cite),
            "blocked": self.blocked,
            "notes": list(self.notes),
        }


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "council": self.council_id,
            "raised_by": self.raised_by,
            "about": self.about,
            "matter": self.matter,
            "found": self.found,
            "route": None if self.route is None else {
                "id": self.route.id, "title": self.route.title, "cite": list(self.route.cite),
                "raised_by": list(self.route.raised_by), "about": list(self.route.about),
                "matters": list(self.route.matters),
            },
            "also": list(self.also),
            "message": self.message,
            "adviser": {"roles": list(self.adviser), "titles": list(self.adviser_titles),
                        "cite": list(self.adviser_cite)},
            "steps": [s.as_dict() for s in self.steps],
        }


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


# ---------------------------------------------------------------------------
# handlers by person


@attrs.frozen
class Candidate:
    person_id: int
    name: str
    role: str

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
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

    def as_dict(self) -> dict[str, Any]:
        out = attrs.asdict(self)
        out["eligible"] = [c.as_dict() for c in self.eligible]
        return out


@attrs.frozen
class Contact:
    """A role to consult or notify on a step, resolved to people; ``waived`` says why it is not needed."""

    role: str
    title: str
    people: tuple[Candidate, ...] = ()
    waived: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"role": self.role, "title": self.title, "people": [p.as_dict() for p in self.people],
                "waived": self.waived}


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


@attrs.frozen
class StepPreview:
    """A step resolved to people on a date: the handler, whom to consult and notify, and the deadline."""

    step: ResolvedStep
    assignment: Assignment
    consult: tuple[Contact, ...]
    notify: tuple[Contact, ...]
    deadline: Deadline | None

    def as_dict(self) -> dict[str, Any]:
        return {**self.step.as_dict(), "assignment": self.assignment.as_dict(),
                "consult_people": [c.as_dict() for c in self.consult],
                "notify_people": [c.as_dict() for c in self.notify],
                "deadline": self.deadline.as_dict() if self.deadline else None}


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
