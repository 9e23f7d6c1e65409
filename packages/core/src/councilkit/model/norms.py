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

import attrs

EFFECTS = ("permit", "forbid", "advise", "require")
EXPECTATION_KINDS = ("expect", "should_not_expect", "duty")

#: A value in a rule condition or a request context: one value or a list of them.
Value = bool | int | str | tuple[bool | int | str, ...]


@attrs.frozen
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


@attrs.frozen(hash=False)
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


@attrs.frozen(hash=False)
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


@attrs.frozen(hash=False)
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


@attrs.frozen
class Adviser:
    """Whom the protocol says to ask when it does not answer a question itself."""

    roles: tuple[str, ...]
    cite: tuple[str, ...] = ()


@attrs.frozen(hash=False)
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
