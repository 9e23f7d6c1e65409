"""Routing, part one: which route a concern takes, and how a case moves along it.

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
others are listed in :attr:`RouteAnswer.also <councilkit.routing.resolve.RouteAnswer.also>`,
so nothing is hidden.

When no route applies, a case is referred to the protocol's adviser
(:func:`adviser_route`, the one-step route :data:`ADVISER_ROUTE`).

**Moving along a route.**  A step's outcomes lead to the next step or close the
route; a step without outcomes has the defaults "resolved" (closes) and
"escalated" (the next step in order).  A case may skip a step only when it is
``optional``: :func:`reachable` gives the steps a case may go to next.

Who handles each step is :mod:`councilkit.routing.resolve`'s (by role) and
:mod:`councilkit.routing.assignment`'s (by person, on a date).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from councilkit._attrs import frozen
from councilkit.model import DEFAULT_OUTCOMES, Route, Step, StepOutcome

#: the id of the one-step route a concern takes when the protocol states none
ADVISER_ROUTE = "adviser"


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


@frozen
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

