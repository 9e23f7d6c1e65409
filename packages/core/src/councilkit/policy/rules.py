"""A council's rules compiled for the engine: conditions as (attribute, allowed values) items,
evaluated three-valued (true, false, unknown; and lifted, when an exception held).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from councilkit.model import ContextAttribute, Obligation, Rule, Value
from councilkit.model.norms import RuleException
from councilkit.policy.decision import Decision

# three-valued truth; _LIFTED is false because an exemption held (the rule's clause still counts)
_TRUE, _FALSE, _UNKNOWN, _LIFTED = 1, 0, 2, 3
_MISSING = object()


# compiled rules


#: a fact's value that no rule of an entry names: every such value gives the same decision
OTHER = object()


@attrs.frozen(eq=False)
class _Entry:
    """The rules binding one (actor, action, target), the facts they mention, and the decisions made.

    ``decisions`` is keyed by the mentioned facts' values, in ``attributes`` order (None where a
    fact is not given); ``shape`` numbers the rules, the same for every entry bound by the same
    rules (a rule for councillors binds every kind of councillor).  A fact whose values are not a short list (a number, free text) is keyed by
    the value only when a rule names it, else as :data:`OTHER`: ``open`` lists those facts, by
    position, with the values the rules name.  So the keys are bounded by the rules, not by what is
    asked.
    """

    rules: tuple[_Compiled, ...]
    attributes: tuple[str, ...]
    decisions: dict[tuple[Any, ...], Decision]
    open: tuple[tuple[int, frozenset[Any]], ...] = ()
    #: entries with the same rules share a shape: which rules apply follows from the shape and the values
    shape: int = 0

    def key(self, context: Mapping[str, Any]) -> tuple[Any, ...]:
        values = tuple(map(context.get, self.attributes))
        return self.canonical(values) if self.open else values

    def canonical(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        """``values`` with each open fact's value that no rule names as :data:`OTHER`."""
        out = list(values)
        for i, named in self.open:
            value = out[i]
            if value is not None and (type(value), value) not in named:
                out[i] = OTHER
        return tuple(out)


def literals(rules: Iterable[_Compiled], attribute: str) -> frozenset[Any]:
    """Every (type, value) the rules compare ``attribute`` with."""
    out: set[Any] = set()
    for c in rules:
        for items in (c.when, *c.unless, *(items for _, items in c.obligations)):
            for key, allowed in items:
                if key == attribute:
                    out |= allowed
    return frozenset(out)


def _spec(attribute: ContextAttribute) -> tuple[type, frozenset[Any] | None]:
    if attribute.type == "bool":
        return bool, None
    if attribute.type == "int":
        return int, None
    if attribute.type == "choice":
        return str, frozenset(attribute.choices)
    return str, None


Items = tuple[tuple[str, frozenset[Any]], ...]


@attrs.frozen
class _Compiled:
    rule: Rule
    when: Items
    unless: tuple[Items, ...]
    obligations: tuple[tuple[Obligation, Items], ...] = ()
    # for a permission an exception grants: the forbid it is written into, and the exception
    exception_of: Rule | None = None
    exception: RuleException | None = None

    def mentioned(self) -> set[str]:
        return {k for k, _ in (*self.when, *(i for u in self.unless for i in u),
                               *(i for _, items in self.obligations for i in items))}


def _allowed(value: Value) -> frozenset[Any]:
    values = value if isinstance(value, tuple) else (value,)
    # keep True distinct from 1 (bool is an int in Python)
    return frozenset((type(v), v) for v in values)


def _items(*conditions: Mapping[str, Value]) -> Items:
    """The conjunction of conditions; a key in several must satisfy each (the values allowed by all)."""
    out: dict[str, frozenset[Any]] = {}
    for condition in conditions:
        for key, value in condition.items():
            allowed = _allowed(value)
            out[key] = out[key] & allowed if key in out else allowed
    return tuple(sorted(out.items()))


def _obligations(obligations: Iterable[Obligation]) -> tuple[tuple[Obligation, Items], ...]:
    return tuple((o, _items(o.when)) for o in obligations)


def compile_rules(rules: Iterable[Rule]) -> list[_Compiled]:
    """Rules as the engine evaluates them, in id order.

    An exception lifts its rule (it joins the rule's exemptions); an exception to a
    ``forbid`` that grants becomes a permission of its own, ``<rule id>/<exception id>``,
    holding when the rule's condition and the exception's both hold.
    """
    out = []
    for r in rules:
        unless = tuple(_items(u) for u in (*r.unless, *(e.when for e in r.exceptions)))
        out.append(_Compiled(r, _items(r.when), unless, _obligations(r.obligations)))
        if r.effect != "forbid":
            continue
        for n, e in enumerate(r.exceptions, start=1):
            if not e.grants:
                continue
            cite = tuple(dict.fromkeys((*(e.cite or r.cite), *r.cite)))
            grant = Rule(
                id=f"{r.id}/{e.id or n}", effect="permit", actor=r.actor, action=r.action, cite=cite,
                target=r.target, when={**r.when, **e.when}, obligations=e.obligations, summary=e.summary,
                debatable=r.debatable,
            )
            out.append(_Compiled(grant, _items(r.when, e.when), (), _obligations(e.obligations), r, e))
    return sorted(out, key=lambda c: c.rule.id)


def _holds(items: Items, context: Mapping[str, Any]) -> int:
    state = _TRUE
    for attribute, allowed in items:
        value = context.get(attribute, _MISSING)
        if value is _MISSING:
            state = _UNKNOWN
        elif (type(value), value) not in allowed:
            return _FALSE
    return state


def _applies(rule: _Compiled, context: Mapping[str, Any]) -> int:
    state = _holds(rule.when, context)
    if state == _FALSE or not rule.unless:
        return state
    exempt = _FALSE
    for exemption in rule.unless:
        e = _holds(exemption, context)
        if e == _TRUE:
            return _LIFTED if state == _TRUE else _FALSE
        if e == _UNKNOWN:
            exempt = _UNKNOWN
    if exempt == _UNKNOWN:
        return _UNKNOWN
    return state
