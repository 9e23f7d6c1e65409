"""The norm layer: typed statements derived from the text, each citing its clauses.

Expectations say what one side may expect of the other (or, kind ``duty``, what
one side owes: a duty stated in words, with no act to ask about).  Rules say what
a role may (``permit``), may not (``forbid``), must (``require``) or is advised
(``advise``) to do towards another, under which conditions, with which exceptions
and with which obligations.  The adviser is the
role a council's protocol sends questions to.  Routes (what happens when things
go wrong) live in :mod:`councilkit.model.routes`; register kinds in
:mod:`councilkit.registers.kinds`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from councilkit._attrs import frozen

EFFECTS = ("permit", "forbid", "advise", "require")
RELATION_KINDS = ("reports_to", "sits_on", "chairs")  # the keys of a [[relation]] table
EXPECTATION_KINDS = ("expect", "should_not_expect", "duty")

#: A value in a rule condition or a request context: one value or a list of them.
Value = bool | int | str | tuple[bool | int | str, ...]


@frozen
class Expectation:
    """What ``owed_to`` can expect from ``owed_by`` (kind ``should_not_expect``: not).

    Kind ``duty`` is a duty ``owed_by`` owes, stated in words ("officers and employees
    abide by the Staff Handbook"; "progress on actions is reported to the relevant
    committee"), for sentences no action of the vocabulary can ask about.
    """

    id: str
    owed_by: str
    owed_to: str
    text: str
    cite: tuple[str, ...]
    kind: str = "expect"


@frozen(hash=False)
class Obligation:
    """Something that must go with a permitted or required act: written reasons, a copy to someone.

    ``when`` limits it to requests where those facts hold ("where significant issues
    are at stake, formally and in writing"); ``cite`` names its clauses when they are
    not the rule's own.
    """

    id: str
    text: str
    role: str | None = None
    when: dict[str, Value] = attrs.field(factory=dict)
    cite: tuple[str, ...] = ()
    substitute: dict[str, str] = attrs.field(factory=dict)


@frozen(hash=False)
class RuleException:
    """An exception written into a rule: "... unless so permitted by ...", "other than where ...".

    When ``when`` holds in full the rule does not apply.  For a ``forbid`` whose
    exception ``grants`` (the default), the text also allows the act then: the
    exception is a permission, citing its own clauses (``cite``, else the rule's)
    together with the rule's.
    """

    when: dict[str, Value]
    id: str = ""
    cite: tuple[str, ...] = ()
    grants: bool = True
    summary: str = ""
    obligations: tuple[Obligation, ...] = ()


@frozen(hash=False)
class Rule:
    """``actor`` may / may not / must / is advised to ``action`` (towards ``target``).

    ``when`` is a condition over the request's context: each key is a context
    attribute, each value the value it must equal (or a list it must be one
    of); all must hold.  ``unless`` is a list of such conditions, each an
    exemption: the rule does not apply when any one of them holds in full.
    ``exceptions`` are exemptions written into the text that, for a ``forbid``,
    also permit the act (see :class:`RuleException`).  ``debatable`` gives the
    reason a reading is genuinely open to argument: a decision resting on the
    rule says so and names whom to ask (``ask``, else the council's adviser).
    """

    id: str
    effect: str
    actor: str
    action: str
    cite: tuple[str, ...]
    target: str | None = None
    when: dict[str, Value] = attrs.field(factory=dict)
    unless: tuple[dict[str, Value], ...] = ()
    obligations: tuple[Obligation, ...] = ()
    summary: str = ""
    exceptions: tuple[RuleException, ...] = ()
    debatable: str = ""
    ask: tuple[str, ...] = ()


@frozen
class Relation:
    """Seniority and membership between roles: whom ``role`` reports to, which bodies it sits on or chairs.

    ``reports_to`` says who manages a role ("the Clerk reports to the Personnel Committee",
    "a Director reports to the Chief Executive"); it binds every role that ``is_a`` ``role``
    unless that role states its own.  ``sits_on`` and ``chairs`` say which bodies a role belongs
    to.  Routing uses them so that a concern is never handled by someone the subject manages,
    directly or through a body, nor by a body the subject sits on or chairs.
    """

    role: str
    reports_to: tuple[str, ...] = ()
    sits_on: tuple[str, ...] = ()
    chairs: tuple[str, ...] = ()
    cite: tuple[str, ...] = ()


class Seniority:
    """Who is senior to whom among a council's roles, from its :class:`Relation` norms.

    ``roles`` is the council's :class:`~councilkit.model.RoleSet` (anything with ``ancestors``).
    """

    def __init__(self, roles: Any, relations: Iterable[Relation]):
        self.roles = roles
        self._reports: dict[str, list[str]] = {}
        self._members: dict[str, dict[str, str]] = {}  # body -> role -> "sits on" | "chairs"
        self._bodies: dict[str, dict[str, str]] = {}   # role -> body -> "sits on" | "chairs"
        for r in relations:
            managers = self._reports.setdefault(r.role, []) if r.reports_to else []
            managers.extend(x for x in r.reports_to if x not in managers)
            for how, bodies in (("sits on", r.sits_on), ("chairs", r.chairs)):
                for body in bodies:
                    self._members.setdefault(body, {})[r.role] = how
                    self._bodies.setdefault(r.role, {})[body] = how

    def managers(self, rid: str) -> tuple[str, ...]:
        """Whom ``rid`` reports to: its own ``reports_to``, else its nearest ancestor's."""
        if rid in self._reports:
            return tuple(self._reports[rid])
        layer = [rid]
        seen = {rid}
        while layer:
            found = [m for r in layer if r != rid and r in self._reports for m in self._reports[r]]
            if found:
                return tuple(dict.fromkeys(found))
            parents = [p for r in layer for p in getattr(self.roles.get(r), "is_a", ()) if p not in seen]
            seen.update(parents)
            layer = parents
        return ()

    def above(self, rid: str) -> dict[str, tuple[str, ...]]:
        """Everyone senior to ``rid``: its managers, theirs, and the members of a body among them.

        Each maps to the chain that makes them senior, from ``rid`` upwards (``("head_of_service",
        "director", "chief_executive")``).
        """
        out: dict[str, tuple[str, ...]] = {}
        todo = [(m, (rid, m)) for m in self.managers(rid)]
        while todo:
            role, chain = todo.pop(0)
            if role in out:
                continue
            out[role] = chain
            todo += [(member, (*chain, member)) for member in self._members.get(role, {})]
            todo += [(m, (*chain, m)) for m in self.managers(role)]
        return out

    def conflict(self, subject: str, handler: str) -> tuple[str, tuple[str, ...]] | None:
        """Why ``handler`` is not independent of ``subject``, or None.

        ``("manages", chain)``: the subject is senior to the handler along ``chain`` (from the
        handler up to the subject's role); ``("chairs" | "sits on", (role, body))``: the handler
        is a body the subject chairs or sits on.  A role counts as each role it ``is_a``.
        """
        subject_roles = self.roles.ancestors(subject)
        for senior, chain in self.above(handler).items():
            if senior in subject_roles:
                return "manages", chain
        for role in subject_roles:
            how = self._bodies.get(role, {}).get(handler)
            if how:
                return how, (role, handler)
        return None

    def how(self, rid: str, other: str) -> str:
        """How ``rid`` relates to ``other`` in one step: "reports to", "sits on" or "chairs"."""
        return self._bodies.get(rid, {}).get(other) or ("reports to" if other in self.managers(rid) else "is under")


@frozen
class Adviser:
    """Whom the protocol says to ask when it does not answer a question itself."""

    roles: tuple[str, ...]
    cite: tuple[str, ...] = ()


@frozen(hash=False)
class RouteExample:
    """A worked concern and the route the council's protocol must give it (``councilkit test``).

    ``route`` is the route expected ("" when none applies and the concern goes to the adviser);
    ``handlers`` maps a step's id to the roles expected to handle it, in order.
    """

    id: str
    question: str
    raised_by: str
    about: str | None = None
    matter: str | None = None
    route: str = ""
    handlers: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    cite: tuple[str, ...] = ()


@frozen(hash=False)
class Example:
    """A worked question and the answer the council's protocol must give."""

    id: str
    question: str
    actor: str
    action: str
    expect: str
    cite: tuple[str, ...] = ()
    target: str | None = None
    context: dict[str, Value] = attrs.field(factory=dict)
