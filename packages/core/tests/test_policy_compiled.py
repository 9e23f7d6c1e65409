"""A decision says its outcome at once and works out its words when they are first read.

Whatever a program reads first (the outcome alone, the explanation, the citations, the whole
decision as JSON), and whenever it reads it (after the engine has answered thousands of other
questions, or forgotten them), it gets exactly what an engine that builds every decision at once
gives: the same outcome, the same words, the same clauses.
"""

from __future__ import annotations

import copy
import pickle
import random
import threading

import attrs
import pytest

import councilkit
from councilkit.councilfile.catalog import load_councils
from councilkit.policy import Decision
from councilkit.policy.engine import PolicyEngine
from councilkit.present.json import dumps

COUNCILS = {c.id: c for c in load_councils()}


def questions(council: councilkit.Council, n: int, seed: int) -> list[tuple[str, str, str | None, dict]]:
    """Questions at random, each fact given or not; half of them about an action some rule speaks to."""
    rng = random.Random(seed)
    roles = sorted(council.roles)
    actions = sorted(council.actions.values(), key=lambda a: a.id)
    ruled = sorted({r.action for r in council.rules})
    out = []
    for _ in range(n):
        action = council.actions[rng.choice(ruled)] if rng.random() < 0.5 else rng.choice(actions)
        context = {a.id: (rng.choice(a.choices) if a.type == "choice" else rng.random() < 0.5)
                   for a in action.context if rng.random() < 0.6}
        out.append((rng.choice(roles), action.id, rng.choice([None, *roles]), context))
    return out


def eager(council: councilkit.Council) -> PolicyEngine:
    engine = PolicyEngine(council)
    engine.lazy = False
    return engine


def fields(decision: Decision) -> dict:
    return {a.name: getattr(decision, a.name) for a in attrs.fields(Decision)}


@pytest.mark.parametrize("council_id", sorted(COUNCILS))
def test_the_outcome_read_alone_is_the_one_the_whole_decision_gives(council_id: str) -> None:
    council = COUNCILS[council_id]
    lazy, reference = PolicyEngine(council), eager(council)
    outcomes: dict[str, int] = {}
    for actor, action, target, context in questions(council, 1500, seed=3):
        decision = lazy.check(actor, action, target, context)
        outcome = decision.outcome  # read before anything else: nothing else worked out yet
        expected = reference.check(actor, action, target, context)
        assert outcome == expected.outcome, (actor, action, target, context)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    # the questions reached every kind of answer the council gives
    assert {"forbidden", "not_covered", "conditional"} <= set(outcomes)


@pytest.mark.parametrize("council_id", ["principal-council", "langport-town"])
def test_a_decision_read_later_is_the_one_built_at_once(council_id: str) -> None:
    council = COUNCILS[council_id]
    lazy, reference = PolicyEngine(council), eager(council)
    asked = questions(council, 1200, seed=5)
    made = [lazy.check(*q) for q in asked]  # every outcome known, no words worked out yet
    for n, (q, decision) in enumerate(zip(asked, made, strict=True)):
        expected = reference.check(*q)
        # read a different field first each time: any of them works out the rest
        first = attrs.fields(Decision)[n % len(attrs.fields(Decision))].name
        assert getattr(decision, first) == getattr(expected, first)
        assert fields(decision) == fields(expected)
        assert decision == expected and repr(decision) == repr(expected)


def test_a_decision_not_yet_worked_out_converts_pickles_copies_and_evolves_as_a_whole() -> None:
    council = COUNCILS["principal-council"]
    reference = eager(council)
    question = ("councillor", "pressure_recommendation", "officer", {})
    expected = reference.check(*question)

    def fresh() -> Decision:
        return PolicyEngine(council).check(*question)

    assert dumps(fresh()) == dumps(expected)
    assert pickle.loads(pickle.dumps(fresh())) == expected
    assert fields(copy.copy(fresh())) == fields(expected)
    assert fields(copy.deepcopy(fresh())) == fields(expected)
    assert attrs.evolve(fresh(), explanation="x") == attrs.evolve(expected, explanation="x")
    assert attrs.asdict(fresh()) == attrs.asdict(expected)
    waiting = fresh()
    with pytest.raises(AttributeError):
        waiting.no_such_field  # noqa: B018
    assert "_build" in waiting.__dict__  # asking for something else works nothing out
    assert waiting.explanation == expected.explanation and "_build" not in waiting.__dict__


def test_threads_reading_a_decision_at_once_all_read_it_whole() -> None:
    council = COUNCILS["principal-council"]
    reference = eager(council)
    asked = questions(council, 300, seed=13)
    for _ in range(3):
        engine = PolicyEngine(council)  # nothing worked out yet
        made = [engine.check(*q) for q in asked]
        seen: list[list[dict]] = [[] for _ in range(4)]

        def read(out: list[dict], made: list[Decision] = made) -> None:
            out.extend(fields(d) for d in made)

        threads = [threading.Thread(target=read, args=(out,)) for out in seen]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        expected = [fields(reference.check(*q)) for q in asked]
        assert all(out == expected for out in seen)


def test_forgetting_before_a_decision_is_read_changes_nothing() -> None:
    council = COUNCILS["principal-council"]
    lazy, reference = PolicyEngine(council), eager(council)
    lazy.max_keys, lazy.max_decisions = 20, 10  # forgets every few questions
    asked = questions(council, 600, seed=9)
    made = [lazy.check(*q) for q in asked]
    assert [fields(d) for d in made] == [fields(reference.check(*q)) for q in asked]
