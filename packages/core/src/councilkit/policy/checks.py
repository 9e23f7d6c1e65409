"""Checks on a council's rules that only the policy layer knows how to make.

The loader checks each rule's actor, target, action, ``when`` and ``unless``.  These are the
checks on what issue 16 added to a rule: an exception's or an obligation's condition must name
context attributes the rule's action accepts, with values of the right type; an exception must
be able to hold alongside the rule's own condition; exception ids are unique within a rule; the
roles a debatable rule names in ``ask``, and an obligation's ``substitute``, exist.  Each problem is ``(key, message)`` with the key
written as the loader names keys (``rule[id].exceptions[2].when``), so it can point at the line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from councilkit.errors import did_you_mean
from councilkit.model import Obligation, Rule, Value


def rule_problems(council: Any) -> list[tuple[str, str]]:
    """Every problem with the rules' exceptions, obligation conditions and ``ask`` (empty: none)."""
    return [p for rule in council.rules for p in _rule(council, rule)]


def _rule(council: Any, rule: Rule) -> Iterator[tuple[str, str]]:
    key = f"rule[{rule.id}]"
    action = council.actions.get(rule.action)
    if action is not None:
        yield from _obligations(council, action, rule.obligations, f"{key}.obligations")
    seen: set[str] = set()
    for n, exception in enumerate(rule.exceptions, start=1):
        ident = exception.id or str(n)
        where = f"{key}.exceptions[{ident}]"
        if ident in seen:
            yield f"{where}.id", f"duplicate exception id {ident!r}"
        seen.add(ident)
        if not exception.when:
            yield f"{where}.when", "an exception needs a condition: when = { ... }"
        if action is not None:
            yield from _condition(action, exception.when, f"{where}.when")
            yield from _obligations(council, action, exception.obligations, f"{where}.obligations")
        for attribute, value in exception.when.items():
            if attribute in rule.when and not set(_values(value)) & set(_values(rule.when[attribute])):
                yield (f"{where}.when", f"{attribute} = {value!r} can never hold together with the rule's "
                       f"own {attribute} = {rule.when[attribute]!r}, so the exception never applies")
    for n, role in enumerate(rule.ask):
        if role not in council.roles:
            yield f"{key}.ask[{n + 1}]", f"unknown role {role!r}{did_you_mean(role, council.roles)}"
    if rule.ask and not rule.debatable:
        yield f"{key}.ask", "ask names whom to ask about a debatable reading: give debatable too"


def _obligations(council: Any, action: Any, obligations: tuple[Obligation, ...],
                 key: str) -> Iterator[tuple[str, str]]:
    for obligation in obligations:
        where = f"{key}[{obligation.id}]"
        yield from _condition(action, obligation.when, f"{where}.when")
        for old, new in obligation.substitute.items():
            for role in (old, new):
                if role not in council.roles:
                    yield f"{where}.substitute", f"unknown role {role!r}{did_you_mean(role, council.roles)}"
            if old != obligation.role:
                yield (f"{where}.substitute", f"substitute names {old!r}, but the obligation names "
                       f"{obligation.role!r}: it may only say who instead of that role")


def _condition(action: Any, condition: Mapping[str, Value], key: str) -> Iterator[tuple[str, str]]:
    attributes = {a.id: a for a in action.context}
    for attribute, value in condition.items():
        spec = attributes.get(attribute)
        if spec is None:
            known = ", ".join(attributes) or "none"
            yield (key, f"action {action.id!r} has no context attribute {attribute!r}"
                   f"{did_you_mean(attribute, attributes)}; its attributes: {known}")
            continue
        for v in _values(value):
            if not spec.accepts(v):
                yield key, f"{attribute} expects {spec.expected()}, got {v!r}"


def _values(value: Value) -> tuple[Any, ...]:
    return value if isinstance(value, tuple) else (value,)
