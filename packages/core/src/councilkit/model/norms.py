"""The norm layer: typed statements derived from the text, each citing its clauses.

Expectations say what one side may expect of the other.  Rules say what a role
may (``permit``), may not (``forbid``) or is advised (``advise``) to do towards
another, under which conditions and with which obligations.  The adviser is the
role a council's protocol sends questions to.  Routes (what happens when things
go wrong) live in :mod:`councilkit.model.routes`; register kinds in
:mod:`councilkit.registers.kinds`.
"""

from __future__ import annotations

import attrs

EFFECTS = ("permit", "forbid", "advise")
EXPECTATION_KINDS = ("expect", "should_not_expect")

#: A value in a rule condition or a request context: one value or a list of them.
Value = bool | int | str | tuple[bool | int | str, ...]


@attrs.frozen
class Expectation:
    """What ``owed_to`` can expect from ``owed_by`` (or, kind ``should_not_expect``, not)."""

    id: str
    owed_by: str
    owed_to: str
    text: str
    cite: tuple[str, ...]
    kind: str = "expect"


@attrs.frozen
class Obligation:
    """Something that must follow a permitted act: written reasons, a copy to someone."""

    id: str
    text: str
    role: str | None = None


@attrs.frozen(hash=False)
class Rule:
    """``actor`` may / may not / is advised to ``action`` (towards ``target``).

    ``when`` is a condition over the request's context: each key is a context
    attribute, each value the value it must equal (or a list it must be one
    of); all must hold.  ``unless`` is a list of such conditions, each an
    exemption: the rule does not apply when any one of them holds in full.
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
