"""The policy engine's caches are bounded whatever is asked, and never change an answer.

A long-running process (the terminal UI, ``councilkit serve``) may be asked millions of
different questions; the engine keeps what it has worked out only up to its caps, then
forgets and works out again, and every answer is the one a fresh engine gives.
"""

from __future__ import annotations

import random

import pytest

import councilkit
from councilkit.policy import engine as engine_module
from councilkit.policy.engine import PolicyEngine, engine_for


def questions(council: councilkit.Council, n: int, seed: int = 7) -> list[tuple[str, str, str | None, dict]]:
    rng = random.Random(seed)
    roles = sorted(council.roles)
    actions = sorted(council.actions.values(), key=lambda a: a.id)
    out = []
    for _ in range(n):
        action = rng.choice(actions)
        context = {a.id: (rng.choice(a.choices) if a.type == "choice" else rng.random() < 0.5)
                   for a in action.context if rng.random() < 0.6}
        out.append((rng.choice(roles), action.id, rng.choice([None, *roles]), context))
    return out


@pytest.mark.parametrize("council_id", ["town-2016", "principal-council"])
def test_the_caches_stay_within_their_caps_and_answers_do_not_change(council_id: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    council = councilkit.load_council(council_id)
    monkeypatch.setattr(engine_module, "MAX_KEYS", 40)
    monkeypatch.setattr(engine_module, "MAX_DECISIONS", 15)
    small = PolicyEngine(council)
    monkeypatch.setattr(engine_module, "MAX_KEYS", 10**9)
    monkeypatch.setattr(engine_module, "MAX_DECISIONS", 10**9)
    reference = PolicyEngine(council)
    monkeypatch.setattr(engine_module, "MAX_KEYS", 40)
    monkeypatch.setattr(engine_module, "MAX_DECISIONS", 15)
    asked = questions(council, 1500)
    for actor, action, target, context in asked + asked[:300]:  # some asked again, after being forgotten
        assert small.check(actor, action, target, context) == reference.check(actor, action, target, context)
        held = sum(len(e.decisions) for e in small._index.values())
        assert held <= 40 and len(small._by_pattern) <= 15
    assert sum(len(e.decisions) for e in reference._index.values()) > 40  # the questions were many


def test_a_council_keeps_one_engine_and_its_cache_holds_keys_not_questions() -> None:
    council = councilkit.load_council("principal-council")
    engine = engine_for(council)
    assert engine_for(council) is engine
    for actor, action, target, context in questions(council, 3000, seed=11):
        council.check(actor, action, target, **context)
    held = sum(len(e.decisions) for e in engine._index.values())
    # keyed by the facts the binding rules mention, never by the rest of a question
    assert all(len(key) == len(e.attributes) for e in engine._index.values() for key in e.decisions)
    assert held < 3000
