"""The policy engine: "may this role do that, towards whom, in these circumstances?"

A council's rules are compiled once into an index keyed by (actor, action,
target), already expanded through the role hierarchy: a rule for
``councillor`` is filed under ``chair`` too.  Answering a request is then a
dictionary lookup and a few comparisons, and :meth:`PolicyEngine.check` is a
pure function of its request.

Semantics, as in Cedar but never failing open:

- a ``forbid`` that applies overrides any ``permit``;
- nothing that applies means ``not_covered``, with whom to ask, never "allowed";
- a fact a rule needs but the request does not give leaves that rule
  *undetermined*: the outcome is then ``conditional`` and the decision states
  the remaining condition in words and the facts that would settle it;
- a permit that carries obligations (written reasons, a copy to the
  Monitoring Officer) is ``conditional`` too, with the obligations listed;
- ``advise`` rules never decide alone: they add their advice, and when
  nothing else applies the outcome is ``conditional`` on that advice.

Conditions are evaluated three-valued (true / false / unknown).  Decisions
depend only on which rules apply, which do not and which are undetermined, so
the engine keeps one :class:`Decision` per such pattern and answers repeated
patterns without rebuilding it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from councilkit.errors import CouncilkitError, UnknownNameError, did_you_mean
from councilkit.model import Action, ContextAttribute, Obligation, Rule, Value

PERMITTED = "permitted"
FORBIDDEN = "forbidden"
CONDITIONAL = "conditional"
NOT_COVERED = "not_covered"
OUTCOMES = (PERMITTED, FORBIDDEN, CONDITIONAL, NOT_COVERED)

# three-valued truth
_TRUE, _FALSE, _UNKNOWN = 1, 0, 2
_MISSING = object()


class RequestError(CouncilkitError, ValueError):
    """A request the engine cannot answer as asked: a value of the wrong type."""


@attrs.frozen
class CitedClause:
    id: str
    label: str
    heading: str | None
    text: str

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class RuleRef:
    """A rule as a decision reports it: what it says and where."""

    id: str
    effect: str
    summary: str
    cite: tuple[str, ...]
    why: str = ""  # "because the Councillor has an interest", for a forbid that overrode a permit

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Decision:
    """The answer to one request.

    ``determining`` are the rules that decided it (for ``conditional``, the rules
    the remaining conditions come from); ``overridden`` are permits a forbid beat;
    ``conditions`` are the remaining conditions in words; ``facts`` the context
    attributes that would settle them; ``ask`` the roles to seek advice from.
    """

    outcome: str
    explanation: str
    determining: tuple[RuleRef, ...] = ()
    overridden: tuple[RuleRef, ...] = ()
    citations: tuple[CitedClause, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    conditions: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    advice: tuple[RuleRef, ...] = ()
    ask: tuple[str, ...] = ()
    ask_titles: tuple[str, ...] = ()

    @property
    def cited_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.citations)

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "explanation": self.explanation,
            "determining": [r.as_dict() for r in self.determining],
            "overridden": [r.as_dict() for r in self.overridden],
            "citations": [c.as_dict() for c in self.citations],
            "obligations": [attrs.asdict(o) for o in self.obligations],
            "conditions": list(self.conditions),
            "facts": list(self.facts),
            "advice": [r.as_dict() for r in self.advice],
            "ask": list(self.ask),
            "ask_titles": list(self.ask_titles),
        }


@attrs.frozen
class Request:
    actor: str
    action: str
    target: str | None = None
    context: Mapping[str, Value] = attrs.field(factory=dict)

    @classmethod
    def of(cls, request: Request | Mapping[str, Any] | Sequence[Any]) -> Request:
        """A request from a Request, a mapping (actor=, action=, target=, context=) or a tuple."""
        if isinstance(request, Request):
            return request
        if isinstance(request, Mapping):
            known = {"actor", "action", "target", "context"}
            extra = {k: v for k, v in request.items() if k not in known}
            return cls(request["actor"], request["action"], request.get("target"),
                       {**dict(request.get("context") or {}), **extra})
        actor, action, *rest = request
        target = rest[0] if rest else None
        context = rest[1] if len(rest) > 1 else {}
        return cls(actor, action, target, dict(context))


@attrs.frozen
class Permission:
    """One line of "what may this role do": an action, a target and the answer with no facts given."""

    action: str
    target: str | None
    outcome: str
    conditions: tuple[str, ...]
    cite: tuple[str, ...]
    summary: str

    def as_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


# ---------------------------------------------------------------------------
# compiled rules


@attrs.frozen(eq=False)
class _Entry:
    rules: tuple[_Compiled, ...]
    attributes: tuple[str, ...]
    decisions: dict[tuple[Any, ...], Decision]


def _spec(attribute: ContextAttribute) -> tuple[type, frozenset[Any] | None]:
    if attribute.type == "bool":
        return bool, None
    if attribute.type == "int":
        return int, None
    if attribute.type == "choice":
        return str, frozenset(attribute.choices)
    return str, None


@attrs.frozen
class _Compiled:
    rule: Rule
    when: tuple[tuple[str, frozenset[Any]], ...]
    unless: tuple[tuple[tuple[str, frozenset[Any]], ...], ...]


def _allowed(value: Value) -> frozenset[Any]:
    values = value if isinstance(value, tuple) else (value,)
    # keep True distinct from 1 (bool is an int in Python)
    return frozenset((type(v), v) for v in values)


def _holds(items: tuple[tuple[str, frozenset[Any]], ...], context: Mapping[str, Any]) -> int:
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
            return _FALSE
        if e == _UNKNOWN:
            exempt = _UNKNOWN
    if exempt == _UNKNOWN:
        return _UNKNOWN
    return state


class PolicyEngine:
    """A council's rules, compiled; build one with :func:`engine_for`."""

    def __init__(self, council: Any):
        self.council = council
        self.roles = council.roles
        self.actions: dict[str, Action] = dict(council.actions)
        self._attributes: dict[str, dict[str, ContextAttribute]] = {
            a.id: {attr.id: attr for attr in a.context} for a in self.actions.values()
        }
        compiled = sorted(
            (_Compiled(r, tuple(sorted((k, _allowed(v)) for k, v in r.when.items())),
                       tuple(tuple(sorted((k, _allowed(v)) for k, v in u.items())) for u in r.unless))
             for r in council.rules),
            key=lambda c: c.rule.id,
        )
        # (actor, action, target) -> the rules that bind that request (in id order), the context
        # attributes they mention, and the decisions already made, keyed by those attributes' values
        self._index: dict[tuple[str, str, str | None], _Entry] = {}
        by_action: dict[str, list[_Compiled]] = {}
        for c in compiled:
            by_action.setdefault(c.rule.action, []).append(c)
        targets: list[str | None] = [None, *self.roles]
        for action, rules in by_action.items():
            for actor in self.roles:
                ancestors = self.roles.ancestors(actor)
                for_actor = [c for c in rules if c.rule.actor in ancestors]
                if not for_actor:
                    continue
                for target in targets:
                    target_ancestors = self.roles.ancestors(target) if target else frozenset()
                    matching = tuple(c for c in for_actor
                                     if c.rule.target is None or c.rule.target in target_ancestors)
                    if matching:
                        mentioned = sorted({k for c in matching for k, _ in (*c.when, *(i for u in c.unless for i in u))})
                        self._index[(actor, action, target)] = _Entry(matching, tuple(mentioned), {})
        self._role_ids = frozenset(self.roles)
        # action -> attribute -> (the Python type its values have, the values allowed or None for any)
        self._specs: dict[str, dict[str, tuple[type, frozenset[Any] | None]]] = {
            a.id: {x.id: _spec(x) for x in a.context} for a in self.actions.values()
        }
        self._by_pattern: dict[tuple[Any, ...], Decision] = {}
        self._not_covered: dict[tuple[str, str | None], Decision] = {}

    # the question ---------------------------------------------------------
    def check(self, actor: str, action: str, target: str | None = None,
              context: Mapping[str, Any] | None = None) -> Decision:
        context = context or {}
        if actor not in self._role_ids or (target is not None and target not in self._role_ids):
            raise UnknownNameError("role", actor if actor not in self._role_ids else target, self.roles)
        specs = self._specs.get(action)
        if specs is None:
            raise UnknownNameError("action", action, self.actions)
        for key, value in context.items():
            spec = specs.get(key)
            if spec is None or value.__class__ is not spec[0] or (spec[1] is not None and value not in spec[1]):
                self._refuse(action, key, value)
        entry = self._index.get((actor, action, target))
        if entry is None:
            return self._nothing_applies(actor, target)
        values = tuple(map(context.get, entry.attributes))  # None where a fact is missing
        decision = entry.decisions.get(values)
        if decision is None:
            decision = entry.decisions[values] = self._first_sight(actor, action, target, entry, context)
        return decision

    def check_many(self, requests: Iterable[Request | Mapping[str, Any] | Sequence[Any]]) -> list[Decision]:
        out = []
        for raw in requests:
            r = Request.of(raw)
            out.append(self.check(r.actor, r.action, r.target, r.context))
        return out

    def _refuse(self, action: str, key: str, value: object) -> None:
        attribute = next((a for a in self.actions[action].context if a.id == key), None)
        if attribute is None:
            raise UnknownNameError("context attribute", key, self._specs[action], f"of action {action!r}")
        raise RequestError(f"context attribute {key!r} expects {attribute.expected()}, got {value!r}")

    def _first_sight(self, actor: str, action: str, target: str | None, entry: _Entry,
                     context: Mapping[str, Any]) -> Decision:
        """Evaluate the rules for values not seen before; equal patterns share one Decision."""
        pattern = tuple(_applies(r, context) for r in entry.rules)
        # known values shape the words of a remaining condition, so they are part of the key then
        key = (actor, action, target, pattern,
               tuple(sorted((k, v) for k, v in context.items() if k in entry.attributes))
               if _UNKNOWN in pattern else ())
        decision = self._by_pattern.get(key)
        if decision is None:
            decision = self._by_pattern[key] = self._decide(actor, action, target, entry.rules, pattern, context)
        return decision

    # building decisions ---------------------------------------------------
    def _title(self, role: str | None) -> str:
        return self.roles.title(role) if role else "others"

    def _asks(self) -> str:
        return " or ".join(self.roles.noun(r, definite=True) for r in self.council.adviser.roles) or "the council"

    def _words(self, text: str, actor: str, target: str | None) -> str:
        return (text.replace("{actor}", self.roles.noun(actor, definite=True))
                .replace("{target}", self.roles.noun(target, definite=True)))

    def _ref(self, rule: Rule, why: str = "") -> RuleRef:
        return RuleRef(rule.id, rule.effect, self.council.describe_rule(rule), rule.cite, why)

    def _citations(self, rules: Iterable[Rule], also: Iterable[str] = ()) -> tuple[CitedClause, ...]:
        seen: dict[str, CitedClause] = {}
        for clause_id in [*(c for r in rules for c in r.cite), *also]:
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

    def _decide(self, actor: str, action: str, target: str | None, rules: tuple[_Compiled, ...],
                pattern: tuple[int, ...], context: Mapping[str, Any]) -> Decision:
        def pick(effect: str, state: int) -> list[_Compiled]:
            return [c for c, s in zip(rules, pattern, strict=True) if c.rule.effect == effect and s == state]

        forbid_yes, forbid_maybe = pick("forbid", _TRUE), pick("forbid", _UNKNOWN)
        permit_yes, permit_maybe = pick("permit", _TRUE), pick("permit", _UNKNOWN)
        advise_yes, advise_maybe = pick("advise", _TRUE), pick("advise", _UNKNOWN)
        advice = tuple(self._ref(c.rule) for c in advise_yes)
        advice_words = "".join(f" The protocol also advises: {_sentence(r)}" for r in advice)
        advice_obligations = tuple(o for c in advise_yes for o in c.rule.obligations)
        adviser = self.council.adviser

        if forbid_yes:
            determining = []
            for c in forbid_yes:
                words, _ = self._statement(c.when, action, actor, target, context, only_unknown=False)
                determining.append(self._ref(c.rule, f"because {words}" if words else ""))
            overridden = tuple(self._ref(c.rule) for c in [*permit_yes, *permit_maybe])
            text = "Forbidden. " + " ".join(_sentence(d) for d in determining)
            forbidding = ", ".join(c for d in determining for c in d.cite)
            reason = next((d.why for d in determining if d.why), "")
            for o in overridden:
                text += f" {', '.join(o.cite)} would permit this, but {forbidding} forbids it" + (
                    f" {reason}." if reason else ".")
            return Decision(FORBIDDEN, text + advice_words, tuple(determining), overridden,
                            self._citations([c.rule for c in forbid_yes + permit_yes + permit_maybe + advise_yes]),
                            advice_obligations, advice=advice)

        facts: list[str] = []
        only_if, not_if, provided, advice_if = [], [], [], []
        for c in permit_maybe:
            positive, _, needed = self._phrases(c, action, actor, target, context)
            only_if.append(f"permitted {positive} ({', '.join(c.rule.cite)})")
            facts += needed
        for c in forbid_maybe:
            positive, negative, needed = self._phrases(c, action, actor, target, context)
            not_if.append(f"not permitted {positive} ({', '.join(c.rule.cite)})")
            provided.append(f"provided {negative} ({', '.join(c.rule.cite)})")
            facts += needed
        for c in advise_maybe:
            positive, _, needed = self._phrases(c, action, actor, target, context)
            extra = "; ".join(_lower(o.text) for o in c.rule.obligations)
            advice_if.append(f"{positive}, the protocol advises: {self.council.describe_rule(c.rule).rstrip('. ')}"
                             + (f" ({extra})" if extra else "") + f" ({', '.join(c.rule.cite)})")
            facts += needed
        facts = list(dict.fromkeys(facts))
        settle = f" To settle it, say whether: {', '.join(facts)}." if facts else ""
        obligations = tuple(o for c in permit_yes for o in c.rule.obligations) + advice_obligations
        must = f" On condition that: {'; '.join(_lower(o.text) for o in obligations)}." if obligations else ""
        involved = [c.rule for c in permit_yes + permit_maybe + forbid_maybe + advise_yes + advise_maybe]
        asks = tuple(self._title(r) for r in adviser.roles)

        if permit_yes:
            determining = tuple(self._ref(c.rule) for c in permit_yes)
            base = " ".join(_sentence(d) for d in determining)
            if not forbid_maybe and not advise_maybe and not obligations:
                return Decision(PERMITTED, f"Permitted. {base}{advice_words}", determining, (),
                                self._citations(involved), advice=advice)
            conditions = _unique(provided + advice_if)
            head = "Permitted, " + "; ".join(provided) if provided else "Permitted, on conditions"
            text = f"{head}. {base}{must}"
            text += "".join(f" {_upper(a)}." for a in advice_if) + settle + advice_words
            return Decision(CONDITIONAL, text, determining, (), self._citations(involved), obligations,
                            tuple(conditions), tuple(facts), advice)

        if permit_maybe or forbid_maybe:
            determining = tuple(self._ref(c.rule) for c in permit_maybe + forbid_maybe)
            conditions = _unique(only_if + not_if + advice_if)
            text = "It depends. " + " ".join(f"{_upper(c)}." for c in conditions)
            if not permit_maybe:
                text += f" Otherwise the protocol does not say: ask {self._asks()}."
            text += must + settle + advice_words
            return Decision(CONDITIONAL, text, determining, (), self._citations(involved, adviser.cite),
                            obligations, tuple(conditions), tuple(facts), advice, adviser.roles, asks)

        if advise_yes or advise_maybe:
            text = "The protocol neither permits nor forbids this, but advises care."
            text += "".join(f" {_sentence(r)}" for r in advice)
            text += "".join(f" {_upper(a)}." for a in advice_if)
            if obligations:
                text += f" It asks that you: {'; '.join(_lower(o.text) for o in obligations)}."
            text += f" If in doubt, ask {self._asks()}." + settle
            return Decision(CONDITIONAL, text, advice or tuple(self._ref(c.rule) for c in advise_maybe), (),
                            self._citations(involved, adviser.cite), obligations, tuple(_unique(advice_if)),
                            tuple(facts), advice, adviser.roles, asks)

        return self._nothing_applies(actor, target)

    def _nothing_applies(self, actor: str, target: str | None) -> Decision:
        key = (actor, target)
        decision = self._not_covered.get(key)
        if decision is None:
            adviser = self.council.adviser
            where = f" ({', '.join(adviser.cite)})" if adviser.cite else ""
            decision = Decision(
                NOT_COVERED,
                f"The protocol does not cover this, so it is not thereby allowed: ask {self._asks()}{where}.",
                citations=self._citations((), adviser.cite),
                ask=adviser.roles,
                ask_titles=tuple(self._title(r) for r in adviser.roles),
            )
            self._not_covered[key] = decision
        return decision

    # what may a role do ---------------------------------------------------
    def permissions(self, actor: str) -> list[Permission]:
        """Every action and target the rules speak to for ``actor``, answered with no facts given."""
        if actor not in self.roles:
            raise UnknownNameError("role", actor, self.roles)
        out = []
        seen_targets: dict[str, set[str | None]] = {}
        for (a, action, target), entry in self._index.items():
            if a != actor:
                continue
            # list a target only where a rule names it (or its ancestor), not every descendant
            named = {r.rule.target for r in entry.rules}
            if target is not None and target not in named:
                continue
            seen_targets.setdefault(action, set()).add(target)
        for action in sorted(seen_targets):
            for target in sorted(seen_targets[action], key=lambda t: (t is not None, t or "")):
                d = self.check(actor, action, target)
                rules = self._index[(actor, action, target)].rules
                out.append(Permission(
                    action, target, d.outcome, d.conditions,
                    tuple(dict.fromkeys(c for r in rules for c in r.rule.cite)),
                    self.actions[action].phrase(self.roles.noun(target, definite=True) if target else None),
                ))
        return out


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


def engine_for(council: Any) -> PolicyEngine:
    """The council's compiled engine, built on first use and kept with the council."""
    engine = getattr(council, "_policy", None)
    if engine is None:
        engine = PolicyEngine(council)
        council._policy = engine
    return engine


def parse_context(pairs: Iterable[str], action: Action) -> dict[str, Value]:
    """``key=value`` strings from the command line, typed by the action's attributes."""
    out: dict[str, Value] = {}
    attributes = {a.id: a for a in action.context}
    for pair in pairs:
        if "=" not in pair:
            raise RequestError(f"--ctx {pair!r}: write it as key=value, e.g. has_interest=true")
        key, raw = (p.strip() for p in pair.split("=", 1))
        attribute = attributes.get(key)
        if attribute is None:
            raise UnknownNameError("context attribute", key, attributes, f"of action {action.id!r}")
        value: Value
        if attribute.type == "bool":
            lowered = raw.lower()
            if lowered not in {"true", "false", "yes", "no"}:
                raise RequestError(f"--ctx {key}: expected true or false, got {raw!r}")
            value = lowered in {"true", "yes"}
        elif attribute.type == "int":
            try:
                value = int(raw)
            except ValueError:
                raise RequestError(f"--ctx {key}: expected a whole number, got {raw!r}") from None
        else:
            value = raw
            if attribute.type == "choice" and raw not in attribute.choices:
                raise RequestError(f"--ctx {key}: expected one of {', '.join(attribute.choices)}, got {raw!r}"
                                   f"{did_you_mean(raw, attribute.choices)}")
        out[key] = value
    return out
