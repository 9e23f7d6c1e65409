"""A council: its protocol text, the norms derived from it, and what its variant adds.

Load one with :func:`councilkit.load_council`.  People and appointments are not
here: they are personal data and change, so they live in the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from councilkit._attrs import define, frozen
from councilkit.errors import Problem, UnknownNameError
from councilkit.model import (
    Action,
    Adviser,
    Clause,
    Example,
    Expectation,
    Protocol,
    Relation,
    RoleSet,
    Route,
    RouteExample,
    Rule,
    Seniority,
    Variant,
)
from councilkit.registers import RegisterKind, RegisterUse

if TYPE_CHECKING:  # the policy engine loads when a council is first asked something
    from councilkit.policy import Decision, Permission

NATIONS = ("england", "wales", "scotland", "northern_ireland")
NATION_TITLES = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "northern_ireland": "Northern Ireland",
}


@frozen
class NormRef:
    """A norm that cites a clause: what kind it is, its id and a one-line summary."""

    kind: str  # role | expectation | rule | exception | route | step | register | adviser
    id: str
    summary: str
    norm: Any = attrs.field(eq=False, repr=False)


@define(eq=False)
class Council:
    id: str
    name: str
    tier: str
    nation: str
    variant: Variant
    protocol: Protocol
    roles: RoleSet
    actions: dict[str, Action]
    adviser: Adviser
    expectations: tuple[Expectation, ...] = ()
    rules: tuple[Rule, ...] = ()
    routes: tuple[Route, ...] = ()
    registers: tuple[RegisterUse, ...] = ()
    register_kinds: dict[str, RegisterKind] = attrs.field(factory=dict)
    examples: tuple[Example, ...] = ()
    #: who reports to whom, sits on or chairs what: the variant's relations, then the council file's
    relations: tuple[Relation, ...] = ()
    route_examples: tuple[RouteExample, ...] = ()
    path: Path | None = None
    warnings: tuple[Problem, ...] = ()
    _citing: dict[str, list[NormRef]] | None = attrs.field(default=None, repr=False)
    _policy: Any = attrs.field(default=None, repr=False)
    _seniority: Seniority | None = attrs.field(default=None, repr=False)

    @property
    def seniority(self) -> Seniority:
        """Who is senior to whom, from :attr:`relations` (routing keeps handlers independent by it)."""
        if self._seniority is None:
            self._seniority = Seniority(self.roles, self.relations)
        return self._seniority

    # text -----------------------------------------------------------------
    def clause(self, clause_id: str) -> Clause:
        """The clause ``clause_id`` (an error lists the nearest ids when it does not exist)."""
        return self.protocol.clause(clause_id)

    def title(self, role_id: str) -> str:
        """The council's own title for a role ("Parish Clerk")."""
        return self.roles.title(role_id)

    # norms ----------------------------------------------------------------
    def norms(self) -> Iterator[NormRef]:
        """Every norm of this council, each with the clauses it cites."""
        t = self.title
        for role in self.roles.values():
            if role.cite:
                yield NormRef("role", role.id, f"{role.title} ({role.kind})", role)
        yield NormRef(
            "adviser",
            "adviser",
            "Ask " + " or ".join(t(r) for r in self.adviser.roles) + " when the protocol is silent",
            self.adviser,
        )
        for e in self.expectations:
            if e.kind == "duty":
                yield NormRef("expectation", e.id, f"{t(e.owed_by)} owes {t(e.owed_to)}: {e.text}", e)
                continue
            verb = "can expect" if e.kind == "expect" else "should not expect"
            yield NormRef("expectation", e.id, f"{t(e.owed_to)} {verb} from {t(e.owed_by)}: {e.text}", e)
        for r in self.rules:
            yield NormRef("rule", r.id, self.describe_rule(r), r)
            for n, e in enumerate(r.exceptions, start=1):
                # an exception written in a clause of its own ("4.2(a) limited private photocopying...")
                if e.cite and not set(e.cite) <= set(r.cite):
                    summary = e.summary or f"An exception to: {self.describe_rule(r)}"
                    yield NormRef("exception", f"{r.id}/{e.id or n}", summary, e)
        for route in self.routes:
            yield NormRef("route", route.id, self.describe_route(route), route)
            for step in route.steps:
                if step.cite:
                    handlers = " or ".join(t(h) for h in step.handler) or "(procedure default)"
                    yield NormRef("step", f"{route.id}/{step.id}", f"{step.title or step.id}: {handlers}", step)
        for use in self.registers:
            kind = self.register_kinds.get(use.kind)
            yield NormRef("register", use.kind, f"Register: {kind.title if kind else use.kind}", use)

    def _citation_index(self) -> dict[str, list[NormRef]]:
        if self._citing is None:
            index: dict[str, list[NormRef]] = {}
            for ref in self.norms():
                for clause_id in getattr(ref.norm, "cite", ()):
                    index.setdefault(clause_id, []).append(ref)
            self._citing = index
        return self._citing

    def norms_citing(self, clause_id: str) -> list[NormRef]:
        """Every norm that cites ``clause_id`` (the clause must exist)."""
        self.protocol.clause(clause_id)
        return list(self._citation_index().get(clause_id, ()))

    def describe_rule(self, rule: Rule) -> str:
        if rule.summary:
            return rule.summary
        verb = {"permit": "may", "forbid": "must not", "advise": "should take care before they",
                "require": "must"}[rule.effect]
        target = self.roles.noun(rule.target, definite=True) if rule.target else None
        action = self.actions[rule.action].phrase(target) if rule.action in self.actions else rule.action
        actor = self.roles.noun(rule.actor)
        return f"{actor[:1].upper()}{actor[1:]} {verb} {action}"

    def describe_route(self, route: Route) -> str:
        t = self.title
        who = " or ".join(t(r) for r in route.raised_by)
        about = " or ".join(t(r) for r in route.about) or "anything"
        return route.title or f"Concern raised by {who} about {about}"

    # questions --------------------------------------------------------------
    def check(self, actor: str, action: str, target: str | None = None, **context: Any) -> Decision:
        """May ``actor`` do ``action`` (towards ``target``) given these facts?  See :mod:`councilkit.policy.engine`.

        An unknown role, action or context attribute raises an error listing the valid ones.
        """
        engine = self._policy or _engine(self)
        return engine.check(actor, action, target, context)

    def check_many(self, requests: Iterable[Any]) -> list[Decision]:
        """Answer a batch of requests (``Request`` objects, mappings or tuples)."""
        return (self._policy or _engine(self)).check_many(requests)

    def permissions(self, actor: str) -> list[Permission]:
        """What may ``actor`` do, and what may they not: per action and target, with no facts given."""
        return (self._policy or _engine(self)).permissions(actor)

    def route(self, raised_by: str, about: str | None = None, matter: str | None = None) -> Any:
        """The route for a concern raised by one role about another, its steps resolved for them.

        See :func:`councilkit.routing.resolve.resolve_route`.
        """
        from councilkit.routing import resolve_route

        return resolve_route(self, raised_by=raised_by, about=about, matter=matter)

    def action(self, action_id: str) -> Action:
        try:
            return self.actions[action_id]
        except KeyError:
            raise UnknownNameError("action", action_id, self.actions) from None

    # summary --------------------------------------------------------------
    def review_status(self, today: dt.date) -> str:
        due = self.protocol.review_due_date()
        if due is None:
            return "no review date"
        return "OVERDUE" if due < today else "due"


def _engine(council: Council) -> Any:
    """The council's policy engine (:func:`councilkit.policy.engine_for`), imported when first wanted:
    a command that only shows a council's text does not load the engine."""
    from councilkit.policy import engine_for

    return engine_for(council)
