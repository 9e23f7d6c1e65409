"""A decision in words: each rule described, the conditions still open stated in words, and the
clauses cited.  :class:`Explanation` holds these parts of
:class:`councilkit.policy.engine.PolicyEngine`; :func:`describe_rule` says a rule in plain English.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from councilkit.model import Obligation, Rule
from councilkit.policy.decision import CitedClause, RuleRef
from councilkit.policy.rules import _FALSE, _TRUE, _Compiled, _holds, _items


class Explanation:
    """The words of a decision, for :class:`~councilkit.policy.engine.PolicyEngine`."""

    council: Any
    roles: Any
    _attributes: dict[str, dict[str, Any]]
    _described: dict[str, str]

    def _title(self, role: str | None) -> str:
        return self.roles.title(role) if role else "others"

    def _words(self, text: str, actor: str, target: str | None) -> str:
        return (text.replace("{actor}", self.roles.noun(actor, definite=True))
                .replace("{target}", self.roles.noun(target, definite=True)))

    def describe(self, rule: Rule) -> str:
        text = self._described.get(rule.id)
        if text is None:
            text = self._described[rule.id] = describe_rule(self.council, rule)
        return text

    def _ref(self, rule: Rule, why: str = "", summary: str = "") -> RuleRef:
        return RuleRef(rule.id, rule.effect, summary or self.describe(rule), rule.cite, why)

    def _cref(self, c: _Compiled, action: str, actor: str, target: str | None,
              context: Mapping[str, Any], why: str = "") -> RuleRef:
        """A compiled rule as a decision reports it; an exception's permission says what it excepts."""
        if c.exception_of is None or c.exception is None or c.rule.summary:
            return self._ref(c.rule, why)
        words, _ = self._statement(_items(c.exception.when), action, actor, target, context,
                                   only_unknown=False)
        general = self.describe(c.exception_of).rstrip(". ")
        return self._ref(c.rule, why, f"{general}; its exception applies here ({words}), so the text allows it")

    def _citations(self, rules: Iterable[Rule], also: Iterable[str] = (),
                   obligations: Iterable[Obligation] = ()) -> tuple[CitedClause, ...]:
        seen: dict[str, CitedClause] = {}
        for clause_id in [*(c for r in rules for c in r.cite), *(c for o in obligations for c in o.cite), *also]:
            if clause_id not in seen:
                cl = self.council.protocol.clause(clause_id)
                seen[clause_id] = CitedClause(cl.id, cl.display_label, cl.heading, cl.text)
        return tuple(seen.values())

    def _statement(self, items: tuple[tuple[str, frozenset[Any]], ...], action: str, actor: str,
                   target: str | None, context: Mapping[str, Any], negate: bool = False,
                   only_unknown: bool = True) -> tuple[str, list[str]]:
        """A conjunction of conditions in words (a disjunction of their negations), and its open facts."""
        attributes = self._attributes[action]
        parts, needed = [], []
        for key, allowed in items:
            if only_unknown and key in context:
                continue
            values = tuple(sorted((v for _, v in allowed), key=repr))
            value: Any = values[0] if len(values) == 1 else values
            parts.append(self._words(attributes[key].state(value, negate=negate), actor, target))
            needed.append(key)
        return (" or " if negate else " and ").join(parts), needed

    def _phrases(self, c: _Compiled, action: str, actor: str, target: str | None,
                 context: Mapping[str, Any]) -> tuple[str, str, list[str]]:
        """An undetermined rule's remaining condition: "W, unless E" and its negation, with the open facts."""
        when, needed = self._statement(c.when, action, actor, target, context)
        negated, _ = self._statement(c.when, action, actor, target, context, negate=True)
        exemptions = []
        for exemption in c.unless:
            if _holds(exemption, context) == _FALSE:
                continue
            words, facts = self._statement(exemption, action, actor, target, context)
            exemptions.append(words)
            needed += facts
        unless = " or ".join(exemptions)
        if when:
            positive = f"if {when}" + (f", unless {unless}" if unless else "")
            negative = negated + (f", or {unless}" if unless else "")
        else:
            positive = f"unless {unless}"
            negative = unless
        return positive, negative, needed

    def _lifted_ref(self, c: _Compiled, action: str, actor: str, target: str | None,
                    context: Mapping[str, Any]) -> RuleRef:
        """A forbid whose exemption held, with the exemption in words."""
        for exemption in c.unless:
            if _holds(exemption, context) == _TRUE:
                words, _ = self._statement(exemption, action, actor, target, context, only_unknown=False)
                return self._ref(c.rule, f"because {words}")
        return self._ref(c.rule)  # pragma: no cover - a lifted rule always has an exemption that held

    def _merge(self, *groups: tuple[CitedClause, ...]) -> tuple[CitedClause, ...]:
        return tuple({c.id: c for g in groups for c in g}.values())


def describe_rule(council: Any, rule: Rule) -> str:
    """A rule in plain English: its summary, else "<actor> may / must not / must <action>"."""
    if rule.summary:
        return rule.summary
    if rule.effect != "require":
        return str(council.describe_rule(rule))
    target = council.roles.noun(rule.target, definite=True) if rule.target else None
    act = council.actions[rule.action].phrase(target) if rule.action in council.actions else rule.action
    actor = council.roles.noun(rule.actor)
    return f"{actor[:1].upper()}{actor[1:]} must {act}"


def _sentence(ref: RuleRef) -> str:
    return f"{ref.summary.rstrip('. ')} ({', '.join(ref.cite)})."


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower(text: str) -> str:
    """Lower-case the first letter, unless the first word is an acronym or a name like "RFO"."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
