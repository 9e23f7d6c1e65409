"""The policy engine: "may this role do that, towards whom, in these circumstances?"

A council's rules are compiled once into an index keyed by (actor, action,
target), already expanded through the role hierarchy: a rule for
``councillor`` is filed under ``chair`` too (each action's rules the first time
the action is asked about, so one question costs one action's filing).  Answering a request is then a
dictionary lookup and a few comparisons, and :meth:`PolicyEngine.check` is a
pure function of its request.

Semantics, as in Cedar but never failing open:

- a ``forbid`` that applies overrides any ``permit`` (or ``require``);
- an exception written into a ``forbid`` ("unless so permitted by the
  relevant member", "other than where ...") lifts it and, when the text
  allows the act then, is itself a permission citing both clauses;
- a ``require`` that applies makes the act a duty: permitted, and the decision
  says it is required;
- nothing that applies means ``not_covered``, with whom to ask, never "allowed";
- a fact a rule needs but the request does not give leaves that rule
  *undetermined*: the outcome is then ``conditional`` and the decision states
  the remaining condition in words and the facts that would settle it;
- a permit that carries obligations (written reasons, a copy to the
  Monitoring Officer) is ``conditional`` too, with the obligations listed;
  an obligation may hold only under its own condition ("where significant
  issues are at stake, formally and in writing");
- a rule marked ``debatable`` makes the decision say so and name whom to ask;
- a role an obligation sends the actor to, and the adviser a decision names, are never a party
  to the request nor someone its target is senior to: as for a route's handler, the protocol's
  substitute, the variant's stand-ins or the adviser are named instead, and the decision says
  why (the adviser is still named, with whom else one may ask);
- a decision cites every clause that determines it: the rules that decide it,
  the permits a forbid beat, the exceptions that lifted a forbid, and the
  clauses its obligations come from.
- ``advise`` rules never decide alone: they add their advice, and when
  nothing else applies the outcome is ``conditional`` on that advice.

Conditions are evaluated three-valued (true / false / unknown).  Decisions
depend only on which rules apply, which do not and which are undetermined, so
the engine keeps one :class:`Decision` per such pattern and answers repeated
patterns without rebuilding it.

**First time asked.**  Which rules apply follows from the rules binding the
question and the values of the facts they mention, so it is kept per set of
rules (every role a rule for councillors binds shares it) and per those values:
a question never asked before usually costs two dictionary look-ups.  The outcome
follows from the pattern at once; the rest of a decision (the explanation, the
rules described, the conditions in words, the clauses cited) is worked out when
first read (:meth:`Decision.later`), from the question's own facts, and is then
exactly what building it at once gives.

**The caches, bounded.**  A question is looked up by the values of the facts the
rules binding it mention (a number or free text that no rule names counts as one
"other" value), so a question never asked before usually finds its decision at
once; one whose pattern is new is worked out and kept.  Both caches are bounded by
the rules rather than by what is asked, and capped besides (:data:`MAX_KEYS`,
:data:`MAX_DECISIONS`): past the cap the engine forgets them and rebuilds what the
next questions need, so its memory stays small whatever is asked.  The words a
decision uses about roles (who is a party, whom to ask instead) are worked out once
per pair of roles.

:class:`PolicyEngine` answers here; the words of its decisions (each rule described, the open
conditions, the clauses cited) are in :mod:`councilkit.policy.explanation`, and whom a decision
sends the actor to or names to ask in :mod:`councilkit.policy.advisers`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from councilkit.errors import UnknownNameError
from councilkit.model import Action, ContextAttribute, Obligation
from councilkit.policy.advisers import Advisers
from councilkit.policy.decision import (
    CONDITIONAL,
    FORBIDDEN,
    NOT_COVERED,
    PERMITTED,
    Decision,
    Permission,
    Request,
    RequestError,
    RuleRef,
)
from councilkit.policy.explanation import Explanation, _lower, _sentence, _unique, _upper
from councilkit.policy.rules import (
    _FALSE,
    _LIFTED,
    _TRUE,
    _UNKNOWN,
    _applies,
    _Compiled,
    _Entry,
    _holds,
    _spec,
    compile_rules,
    literals,
)

#: the most questions' keys, and distinct decisions, an engine keeps; past them it forgets them all and
#: rebuilds what is asked next, so its memory is bounded whatever is asked (see the module)
MAX_KEYS = 65_536
MAX_DECISIONS = 4_096


class PolicyEngine(Explanation, Advisers):
    """A council's rules, compiled; build one with :func:`engine_for`."""

    def __init__(self, council: Any):
        self.council = council
        self.roles = council.roles
        self.actions: dict[str, Action] = dict(council.actions)
        self._attributes: dict[str, dict[str, ContextAttribute]] = {
            a.id: {attr.id: attr for attr in a.context} for a in self.actions.values()
        }
        compiled = compile_rules(council.rules)
        # (actor, action, target) -> the rules that bind that request (in id order), the context
        # attributes they mention, and the decisions already made, keyed by those attributes' values;
        # filled one action at a time, when the action is first asked about (_entries_for)
        self._index: dict[tuple[str, str, str | None], _Entry] = {}
        self._by_action: dict[str, list[_Compiled]] = {}
        for c in compiled:
            self._by_action.setdefault(c.rule.action, []).append(c)
        self._indexed: set[str] = set()  # the actions whose entries are in _index
        self._indexing = threading.Lock()
        # facts whose values are not a short list: numbers and free text
        self._unbounded = {a.id: {x.id for x in a.context if _spec(x)[1] is None and _spec(x)[0] is not bool}
                           for a in self.actions.values()}
        self._shapes: dict[tuple[int, ...], int] = {}
        self._role_ids = frozenset(self.roles)
        # action -> attribute -> (the Python type its values have, the values allowed or None for any)
        self._specs: dict[str, dict[str, tuple[type, frozenset[Any] | None]]] = {
            a.id: {x.id: _spec(x) for x in a.context} for a in self.actions.values()
        }
        self._by_pattern: dict[tuple[Any, ...], Decision] = {}
        # (shape, values) -> which rules apply (the pattern), whether any is undetermined, and the outcome:
        # one entry per key an entry holds, so bounded with them
        self._patterns: dict[tuple[int, tuple[Any, ...]], tuple[tuple[int, ...], bool, str]] = {}
        self._keys = 0  # how many questions' keys the entries hold
        # decisions say their outcome at once and work out their words when first read (False: at once)
        self.lazy = True
        self.max_keys, self.max_decisions = MAX_KEYS, MAX_DECISIONS
        self._not_covered: dict[tuple[str, str | None], Decision] = {}
        # what a decision's words need that depends only on the roles: bounded by the roles, not the questions
        self._unfit_memo: dict[tuple[str, str, str | None], str] = {}
        self._described: dict[str, str] = {}
        self._advisers_memo: dict[tuple[str, str | None], tuple[tuple[str, ...], str]] = {}

    def _entries_for(self, action: str) -> None:
        """File ``action``'s rules in the index under every (actor, target) they bind, expanded through
        the role hierarchy, the first time the action is asked about: a single question (``councilkit
        check``) files one action, not the council's every one.  Safe from several threads at once:
        the entries are built whole, under a lock, before any is filed."""
        if action in self._indexed:
            return
        with self._indexing:
            if action in self._indexed:
                return
            rules = self._by_action.get(action, [])
            targets: list[str | None] = [None, *self.roles]
            built: dict[tuple[str, str, str | None], _Entry] = {}
            for actor in self.roles if rules else ():
                ancestors = self.roles.ancestors(actor)
                for_actor = [c for c in rules if c.rule.actor in ancestors]
                if not for_actor:
                    continue
                for target in targets:
                    target_ancestors = self.roles.ancestors(target) if target else frozenset()
                    matching = tuple(c for c in for_actor
                                     if c.rule.target is None or c.rule.target in target_ancestors)
                    if matching:
                        mentioned = sorted(set().union(*(c.mentioned() for c in matching)))
                        open_ = tuple((i, literals(matching, a)) for i, a in enumerate(mentioned)
                                      if a in self._unbounded.get(action, ()))
                        shape = self._shapes.setdefault(tuple(map(id, matching)), len(self._shapes))
                        built[(actor, action, target)] = _Entry(matching, tuple(mentioned), {}, open_, shape)
            self._index.update(built)
            self._indexed.add(action)

    def _entries_for_all(self) -> None:
        for action in self._by_action:
            self._entries_for(action)

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
        if action not in self._indexed:
            self._entries_for(action)
        entry = self._index.get((actor, action, target))
        if entry is None:
            return self._nothing_applies(actor, target)
        values = tuple(map(context.get, entry.attributes))  # None where a fact is missing
        if entry.open:
            values = entry.canonical(values)
        decision = entry.decisions.get(values)
        if decision is None:
            decision = self._first_sight(actor, action, target, entry, values, context)
            if self._keys >= self.max_keys:
                self._forget()
            entry.decisions[values] = decision
            self._keys += 1
        return decision

    def _forget(self) -> None:
        """Empty the caches: what a long run of questions never asked before would otherwise pile up.
        The next questions rebuild what they need."""
        for entry in list(self._index.values()):  # another thread may be filing an action
            entry.decisions.clear()
        self._keys = 0
        self._by_pattern.clear()
        self._patterns.clear()

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
                     values: tuple[Any, ...], context: Mapping[str, Any]) -> Decision:
        """Evaluate the rules for values not seen before; equal patterns share one Decision.

        The outcome follows from the pattern at once; the rest of the decision (its words) is
        worked out when first read (:meth:`Decision.later`), from the facts of this question."""
        rules = entry.rules
        seen = self._patterns.get((entry.shape, values))
        if seen is None:
            pattern = (*(_applies(r, context) for r in rules),
                       *(_holds(items, context) for r in rules for _, items in r.obligations))
            seen = self._patterns[(entry.shape, values)] = (pattern, _UNKNOWN in pattern, _outcome(rules, pattern))
        pattern, undetermined, outcome = seen
        # which facts are known shapes the words of a remaining condition, so they are part of the key
        # then (``values`` are those facts, as the entry keys them)
        key = (actor, action, target, pattern, values if undetermined else ())
        decision = self._by_pattern.get(key)
        if decision is None:
            if len(self._by_pattern) >= self.max_decisions:
                self._forget()
            if self.lazy:
                facts = dict(context)
                decision = Decision.later(outcome,
                                          lambda: self._decide(actor, action, target, rules, pattern, facts))
            else:
                decision = self._decide(actor, action, target, rules, pattern, context)
            self._by_pattern[key] = decision
        return decision

    # building decisions (their words: explanation.py; whom to ask: advisers.py) --
    def _decide(self, actor: str, action: str, target: str | None, rules: tuple[_Compiled, ...],
                pattern: tuple[int, ...], context: Mapping[str, Any]) -> Decision:
        states = pattern[:len(rules)]
        rest = iter(pattern[len(rules):])
        obligation_states = {id(c): [(o, next(rest), items) for o, items in c.obligations] for c in rules}

        def pick(effects: tuple[str, ...], state: int) -> list[_Compiled]:
            return [c for c, s in zip(rules, states, strict=True) if c.rule.effect in effects and s == state]

        def ref(c: _Compiled, why: str = "") -> RuleRef:
            return self._cref(c, action, actor, target, context, why)

        forbid_yes, forbid_maybe = pick(("forbid",), _TRUE), pick(("forbid",), _UNKNOWN)
        # a duty (require) grants the act as a permit does, and says it is required
        permit_yes, permit_maybe = pick(("permit", "require"), _TRUE), pick(("permit", "require"), _UNKNOWN)
        advise_yes, advise_maybe = pick(("advise",), _TRUE), pick(("advise",), _UNKNOWN)
        lifted_forbids = [c for c in pick(("forbid",), _LIFTED)
                          if not any(p.exception_of is c.rule for p in permit_yes)]
        advice = tuple(ref(c) for c in advise_yes)
        advice_words = "".join(f" The protocol also advises: {_sentence(r)}" for r in advice)
        adviser = self.council.adviser
        ask_roles, ask_note = self._advisers(actor, target)
        asks = tuple(self._title(r) for r in ask_roles)
        asking = self._asking(adviser.roles)
        facts: list[str] = []

        def obligations_of(cs: Iterable[_Compiled]) -> list[Obligation]:
            out = []
            for c in cs:
                for o, state, items in obligation_states[id(c)]:
                    if state == _FALSE:
                        continue
                    o = self._resolve(o, actor, target)
                    if state == _UNKNOWN:
                        words, needed = self._statement(items, action, actor, target, context)
                        o = attrs.evolve(o, text=f"{o.text.rstrip('. ')}, if {words}")
                        facts.extend(needed)
                    out.append(o)
            return out

        def finish(decision: Decision, considered: Iterable[_Compiled]) -> Decision:
            """Say so when a reading the decision rests on is debatable, and whom to ask."""
            debatable = [c.rule for c in considered if c.rule.debatable]
            if not debatable:
                return decision
            reasons = tuple(dict.fromkeys(r.debatable for r in debatable))
            who = tuple(dict.fromkeys(w for r in debatable for w in (r.ask or ask_roles)))
            named = " or ".join(self.roles.noun(w, definite=True) for w in who) or "the council"
            text = decision.explanation + "".join(f" This reading is debatable: {r.rstrip('. ')}."
                                                  for r in reasons)
            text += f" Ask {named} to confirm it."
            cite = adviser.cite if any(not r.ask for r in debatable) else ()
            return attrs.evolve(decision, explanation=text, debatable=reasons,
                                ask=tuple(dict.fromkeys((*decision.ask, *who))),
                                ask_titles=tuple(dict.fromkeys((*decision.ask_titles,
                                                                *(self._title(w) for w in who)))),
                                citations=self._merge(decision.citations, self._citations((), cite)))

        advice_obligations = tuple(obligations_of(advise_yes))

        if forbid_yes:
            determining = []
            for c in forbid_yes:
                words, _ = self._statement(c.when, action, actor, target, context, only_unknown=False)
                determining.append(ref(c, f"because {words}" if words else ""))
            overridden = tuple(ref(c) for c in [*permit_yes, *permit_maybe])
            text = "Forbidden. " + " ".join(_sentence(d) for d in determining)
            forbidding = ", ".join(dict.fromkeys(c for d in determining for c in d.cite))
            reason = next((d.why for d in determining if d.why), "")
            for o in overridden:
                verb = "require" if o.effect == "require" else "permit"
                text += f" {', '.join(o.cite)} would {verb} this, but {forbidding} forbids it" + (
                    f" {reason}." if reason else ".")
            considered = forbid_yes + permit_yes + permit_maybe + advise_yes
            return finish(Decision(FORBIDDEN, text + advice_words, tuple(determining), overridden,
                                   self._citations([c.rule for c in considered], obligations=advice_obligations),
                                   advice_obligations, advice=advice), forbid_yes)

        only_if, not_if, provided, advice_if = [], [], [], []
        for c in permit_maybe:
            positive, _, needed = self._phrases(c, action, actor, target, context)
            verb = "required" if c.rule.effect == "require" else "permitted"
            only_if.append(f"{verb} {positive} ({', '.join(c.rule.cite)})")
            facts += needed
        for c in forbid_maybe:
            positive, negative, needed = self._phrases(c, action, actor, target, context)
            not_if.append(f"not permitted {positive} ({', '.join(c.rule.cite)})")
            provided.append(f"provided {negative} ({', '.join(c.rule.cite)})")
            facts += needed
        for c in advise_maybe:
            positive, _, needed = self._phrases(c, action, actor, target, context)
            extra = "; ".join(_lower(o.text) for o in c.rule.obligations)
            advice_if.append(f"{positive}, the protocol advises: {self.describe(c.rule).rstrip('. ')}"
                             + (f" ({extra})" if extra else "") + f" ({', '.join(c.rule.cite)})")
            facts += needed
        obligations = tuple(obligations_of(permit_yes)) + advice_obligations
        facts = list(dict.fromkeys(facts))
        settle = f" To settle it, say whether: {', '.join(facts)}." if facts else ""
        required = any(c.rule.effect == "require" for c in permit_yes)
        listed = "; ".join(_lower(o.text) for o in obligations)
        must = (f" In doing so: {listed}." if required else f" On condition that: {listed}.") if obligations else ""
        lifted = tuple(self._lifted_ref(c, action, actor, target, context) for c in lifted_forbids)
        lifted_words = "".join(f" {', '.join(r.cite)} does not forbid it here, {r.why}." for r in lifted)
        involved = [c.rule for c in permit_yes + permit_maybe + forbid_maybe + advise_yes + advise_maybe
                    + lifted_forbids]

        if permit_yes:
            determining = tuple(ref(c) for c in permit_yes)
            base = " ".join(_sentence(d) for d in determining)
            word = "Required" if required else "Permitted"
            citations = self._citations(involved, obligations=obligations)
            if not forbid_maybe and not advise_maybe and not obligations:
                return finish(Decision(PERMITTED, f"{word}. {base}{lifted_words}{advice_words}", determining, (),
                                       citations, advice=advice, required=required, lifted=lifted), permit_yes)
            conditions = _unique(provided + advice_if)
            head = (f"{word}, " + "; ".join(provided) if provided
                    else f"{word}, with obligations" if required else f"{word}, on conditions")
            text = f"{head}. {base}{lifted_words}{must}"
            text += "".join(f" {_upper(a)}." for a in advice_if) + settle + advice_words
            return finish(Decision(CONDITIONAL, text, determining, (), citations, obligations,
                                   tuple(conditions), tuple(facts), advice, required=required, lifted=lifted),
                          permit_yes)

        if permit_maybe or forbid_maybe:
            determining = tuple(ref(c) for c in permit_maybe + forbid_maybe)
            conditions = _unique(only_if + not_if + advice_if)
            text = "It depends. " + " ".join(f"{_upper(c)}." for c in conditions) + lifted_words
            if not permit_maybe:
                text += f" Otherwise the protocol does not say: ask {asking}.{ask_note}"
            text += must + settle + advice_words
            return finish(Decision(CONDITIONAL, text, determining, (),
                                   self._citations(involved, adviser.cite, obligations),
                                   obligations, tuple(conditions), tuple(facts), advice, ask_roles, asks,
                                   lifted=lifted), permit_maybe + forbid_maybe)

        if advise_yes or advise_maybe:
            text = "The protocol neither permits nor forbids this, but advises care."
            text += "".join(f" {_sentence(r)}" for r in advice)
            text += "".join(f" {_upper(a)}." for a in advice_if) + lifted_words
            if obligations:
                text += f" If you do, you must: {'; '.join(_lower(o.text) for o in obligations)}."
            text += f" If in doubt, ask {asking}.{ask_note}" + settle
            return finish(Decision(CONDITIONAL, text, advice or tuple(ref(c) for c in advise_maybe), (),
                                   self._citations(involved, adviser.cite, obligations), obligations,
                                   tuple(_unique(advice_if)), tuple(facts), advice, ask_roles, asks,
                                   lifted=lifted), advise_yes + advise_maybe)

        if lifted:
            where = f" ({', '.join(adviser.cite)})" if adviser.cite else ""
            text = (f"Not forbidden here, but not thereby allowed.{lifted_words} Nothing in the protocol permits it "
                    f"either: ask {asking}{where}.{ask_note}")
            return finish(Decision(NOT_COVERED, text, (), (), self._citations(involved, adviser.cite),
                                   ask=ask_roles, ask_titles=asks, lifted=lifted), lifted_forbids)

        return self._nothing_applies(actor, target)

    def _nothing_applies(self, actor: str, target: str | None) -> Decision:
        key = (actor, target)
        decision = self._not_covered.get(key)
        if decision is None:
            if self.lazy:
                decision = Decision.later(NOT_COVERED, lambda: self._not_covered_decision(actor, target))
            else:
                decision = self._not_covered_decision(actor, target)
            self._not_covered[key] = decision
        return decision

    def _not_covered_decision(self, actor: str, target: str | None) -> Decision:
        adviser = self.council.adviser
        where = f" ({', '.join(adviser.cite)})" if adviser.cite else ""
        roles, note = self._advisers(actor, target)
        return Decision(
            NOT_COVERED,
            f"The protocol does not cover this, so it is not thereby allowed: ask {self._asking(adviser.roles)}"
            f"{where}.{note}",
            citations=self._citations((), adviser.cite),
            ask=roles,
            ask_titles=tuple(self._title(r) for r in roles),
        )

    # what may a role do ---------------------------------------------------
    def permissions(self, actor: str) -> list[Permission]:
        """Every action and target the rules speak to for ``actor``, answered with no facts given."""
        if actor not in self.roles:
            raise UnknownNameError("role", actor, self.roles)
        self._entries_for_all()
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
                    d.required,
                ))
        return out


def _outcome(rules: tuple[_Compiled, ...], pattern: tuple[int, ...]) -> str:
    """The outcome :meth:`PolicyEngine._decide` gives for ``pattern``, without working out its words."""
    n = len(rules)
    forbid_maybe = permit_yes = permit_maybe = advise_yes = advise_maybe = obliged = False
    obligation_states = iter(pattern[n:])
    for c, state in zip(rules, pattern[:n], strict=True):
        effect = c.rule.effect
        obligations = [next(obligation_states) != _FALSE for _ in c.obligations]
        if effect == "forbid":
            if state == _TRUE:
                return FORBIDDEN
            forbid_maybe = forbid_maybe or state == _UNKNOWN
        elif effect == "advise":
            advise_maybe = advise_maybe or state == _UNKNOWN
            if state == _TRUE:
                advise_yes = True
                obliged = obliged or any(obligations)
        elif state == _TRUE:  # a permit, or a duty
            permit_yes = True
            obliged = obliged or any(obligations)
        else:
            permit_maybe = permit_maybe or state == _UNKNOWN
    if permit_yes:
        return CONDITIONAL if forbid_maybe or advise_maybe or obliged else PERMITTED
    if permit_maybe or forbid_maybe or advise_yes or advise_maybe:
        return CONDITIONAL
    return NOT_COVERED  # nothing applies, or only forbids an exemption lifted


def engine_for(council: Any) -> PolicyEngine:
    """The council's compiled engine, built on first use and kept with the council."""
    engine = getattr(council, "_policy", None)
    if engine is None:
        engine = PolicyEngine(council)
        council._policy = engine
    return engine
