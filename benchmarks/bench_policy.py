"""Decisions per second: councilkit against Cedar (cedarpy) and casbin, on the same rules.

Workload: every rule of the principal council, asked by the roles it binds and
others, towards the roles it names and others, with every context fact given
(Cedar and casbin have no "unknown fact": a missing attribute is an error to
them).  At least 1,000 distinct requests.

The same rules are written as Cedar policies and as a casbin model and policy.
All three must agree on allowed / denied for every request, or the benchmark
stops with the disagreements: a fast wrong answer is no answer.

Figures: microseconds per decision for councilkit (a full Decision with
citations, rules and explanation), cedarpy ``is_authorized`` and its batch
call, and casbin ``enforce``, with the ratios.  Goal: at most 2 us per
councilkit decision, at least 30x faster than cedarpy and 100x faster than casbin.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
import types
from pathlib import Path

import councilkit
from councilkit.councilfile.catalog import BUNDLED, find_council_file
from councilkit.model import Rule

COUNCIL = "principal-council"
NONE = "_none"
GOAL_US, CEDAR_RATIO, CASBIN_RATIO = 2.0, 30.0, 100.0


def requests_for(council: councilkit.Council, minimum: int = 1200) -> list[tuple[str, str, str | None, dict]]:
    rng = random.Random(20261123)
    roles = sorted(council.roles)
    seen: set[tuple] = set()
    out: list[tuple[str, str, str | None, dict]] = []
    rules = sorted(council.rules, key=lambda r: r.id)
    while len(out) < minimum:
        rule = rng.choice(rules)
        actor = rng.choice([*sorted(council.roles.descendants(rule.actor)), rng.choice(roles)])
        if rule.target:
            target = rng.choice([*sorted(council.roles.descendants(rule.target)), rng.choice(roles)])
        else:
            target = rng.choice([None, rng.choice(roles)])
        context = {}
        for attribute in council.actions[rule.action].context:
            context[attribute.id] = (rng.choice(attribute.choices) if attribute.type == "choice"
                                     else rng.random() < 0.5)
        key = (actor, rule.action, target, tuple(sorted(context.items())))
        if key not in seen:
            seen.add(key)
            out.append((actor, rule.action, target, context))
    return out


def allowed(decision: councilkit.policy.Decision) -> bool:
    """Allowed in the two-valued sense Cedar and casbin use: a permit decided it, no forbid did."""
    return decision.outcome in ("permitted", "conditional") and not decision.facts and any(
        r.effect == "permit" for r in decision.determining)


# --- Cedar ---------------------------------------------------------------------


def cedar_literal(value: object) -> str:
    return json.dumps(value) if not isinstance(value, bool) else str(value).lower()


def cedar_condition(items: dict) -> str:
    parts = []
    for key, value in sorted(items.items()):
        if isinstance(value, tuple):
            parts.append(f"[{', '.join(cedar_literal(v) for v in value)}].contains(context.{key})")
        else:
            parts.append(f"context.{key} == {cedar_literal(value)}")
    return " && ".join(parts)


def cedar_policy(rule: Rule) -> str:
    effect = {"permit": "permit", "forbid": "forbid"}[rule.effect]
    resource = f'resource in Role::"{rule.target}"' if rule.target else "resource"
    text = f'@id("{rule.id}")\n{effect}(principal in Role::"{rule.actor}", action == Action::"{rule.action}", {resource})'
    if rule.when:
        text += f" when {{ {cedar_condition(rule.when)} }}"
    if rule.unless:
        text += " unless { " + " || ".join(f"({cedar_condition(u)})" for u in rule.unless) + " }"
    return text + ";"


def cedar_setup(council: councilkit.Council) -> tuple[object, object, str]:
    import cedarpy

    policies = "\n".join(cedar_policy(r) for r in council.rules if r.effect != "advise")
    entities = [{"uid": {"type": "Role", "id": r.id}, "attrs": {},
                 "parents": [{"type": "Role", "id": p} for p in r.is_a]} for r in council.roles.values()]
    entities.append({"uid": {"type": "Role", "id": NONE}, "attrs": {}, "parents": []})
    return cedarpy.PolicySet.from_str(policies), cedarpy.Entities.from_json_str(json.dumps(entities)), policies


def cedar_request(actor: str, action: str, target: str | None, context: dict) -> dict:
    return {"principal": {"type": "Role", "id": actor}, "action": {"type": "Action", "id": action},
            "resource": {"type": "Role", "id": target or NONE}, "context": context}


# --- casbin --------------------------------------------------------------------

CASBIN_MODEL = """
[request_definition]
r = sub, act, obj, ctx

[policy_definition]
p = sub, act, obj, cond, eft

[role_definition]
g = _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = g(r.sub, p.sub) && r.act == p.act && (p.obj == "*" || g(r.obj, p.obj)) && eval(p.cond)
"""


def casbin_condition(rule: Rule) -> str:
    def conj(items: dict) -> str:
        parts = []
        for key, value in sorted(items.items()):
            values = value if isinstance(value, tuple) else (value,)
            parts.append("(" + " || ".join(f"r.ctx.{key} == {json.dumps(v) if not isinstance(v, bool) else v}"
                                          for v in values) + ")")
        return " && ".join(parts) if parts else "True"

    text = conj(rule.when)
    for exemption in rule.unless:
        text += f" && !({conj(exemption)})"
    return text


def casbin_setup(council: councilkit.Council, folder: Path) -> object:
    import casbin

    model = folder / "model.conf"
    model.write_text(CASBIN_MODEL)
    lines = []
    for r in council.rules:
        if r.effect == "advise":
            continue
        eft = "allow" if r.effect == "permit" else "deny"
        cond = casbin_condition(r).replace(",", " ")  # casbin's CSV policy lines split on commas
        lines.append(f"p, {r.actor}, {r.action}, {r.target or '*'}, {cond}, {eft}")
    for role in council.roles.values():
        for parent in role.is_a:
            lines.append(f"g, {role.id}, {parent}")
    policy = folder / "policy.csv"
    policy.write_text("\n".join(lines) + "\n")
    return casbin.Enforcer(str(model), str(policy))


# --- the run ---------------------------------------------------------------------


REPEATS = 5  # each figure is the best of this many runs, for every engine alike: a shared machine is noisy


def per_call_us(fn, items: list, rounds: int) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(REPEATS):
        start = time.perf_counter()
        for _ in range(rounds):
            for item in items:
                fn(item)
        best = min(best, (time.perf_counter() - start) / (rounds * len(items)) * 1e6)
    return best


def main() -> int:
    import cedarpy

    council = councilkit.load_council(find_council_file(COUNCIL, BUNDLED))
    workload = requests_for(council)
    policies, entities, _ = cedar_setup(council)
    with tempfile.TemporaryDirectory() as folder:
        enforcer = casbin_setup(council, Path(folder))

        ours = [allowed(council.check(a, act, t, **c)) for a, act, t, c in workload]
        cedar_requests = [cedar_request(*r) for r in workload]
        cedar = [cedarpy.is_authorized(r, policies, entities).allowed for r in cedar_requests]
        cedar_batch = [res.allowed for res in cedarpy.is_authorized_batch(cedar_requests, policies, entities)]
        casbin_ctx = [types.SimpleNamespace(**c) for *_, c in workload]
        casbin_answers = [enforcer.enforce(a, act, t or NONE, x)
                          for (a, act, t, _), x in zip(workload, casbin_ctx, strict=True)]
        disagreements = [(w, o, c, b, k) for w, o, c, b, k in
                         zip(workload, ours, cedar, cedar_batch, casbin_answers, strict=True) if not o == c == b == k]
        if disagreements:
            print(f"DISAGREEMENT on {len(disagreements)} of {len(workload)} requests; first five:")
            for w, o, c, b, k in disagreements[:5]:
                print(f"  {w}: councilkit={o} cedar={c} cedar_batch={b} casbin={k}")
            return 1

        # cold: a fresh engine, every decision built from nothing (no pattern seen before)
        cold_council = councilkit.load_council(find_council_file(COUNCIL, BUNDLED))
        start = time.perf_counter()
        for a, act, t, c in workload:
            cold_council.check(a, act, t, **c)
        cold_us = (time.perf_counter() - start) / len(workload) * 1e6

        check = council.check
        ck_us = per_call_us(lambda r: check(r[0], r[1], r[2], **r[3]), workload, 30)
        cedar_us = per_call_us(lambda r: cedarpy.is_authorized(r, policies, entities), cedar_requests, 1)
        cedar_batch_us = per_call_us(lambda batch: cedarpy.is_authorized_batch(batch, policies, entities),
                                     [cedar_requests], 1) / len(workload)
        pairs = list(zip(workload, casbin_ctx, strict=True))
        casbin_us = per_call_us(lambda p: enforcer.enforce(p[0][0], p[0][1], p[0][2] or NONE, p[1]), pairs[:300], 1)

    allowed_count = sum(ours)
    print(f"(best of {REPEATS} runs each; machine load average {os.getloadavg()[0]:.2f})")
    print(f"policy decisions on {COUNCIL}: {len(council.rules)} rules, {len(workload)} distinct requests "
          f"({allowed_count} allowed, {len(workload) - allowed_count} denied); all three engines agree")
    print(f"  councilkit check (full Decision)   {ck_us:9.2f} us/decision   goal <= {GOAL_US:.0f} us: "
          f"{'met' if ck_us <= GOAL_US else 'MISSED'}")
    print(f"  councilkit, first sight of each    {cold_us:9.2f} us/decision   (engine compiled, no decision reused)")
    print(f"  cedarpy is_authorized              {cedar_us:9.2f} us/decision   councilkit is {cedar_us / ck_us:6.1f}x faster "
          f"(goal {CEDAR_RATIO:.0f}x: {'met' if cedar_us / ck_us >= CEDAR_RATIO else 'MISSED'})")
    print(f"  cedarpy is_authorized_batch        {cedar_batch_us:9.2f} us/decision   councilkit is "
          f"{cedar_batch_us / ck_us:6.1f}x faster")
    print(f"  casbin enforce                     {casbin_us:9.2f} us/decision   councilkit is {casbin_us / ck_us:6.1f}x faster "
          f"(goal {CASBIN_RATIO:.0f}x: {'met' if casbin_us / ck_us >= CASBIN_RATIO else 'MISSED'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
