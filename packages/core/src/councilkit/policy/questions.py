"""The questions a council's rules answer: worked examples, and the Markdown in docs/questions.md.

Both are generated from the model, so they cannot drift from it: the examples
are checked by ``councilkit test`` and docs/questions.md by the test suite.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from councilkit.council import Council
from councilkit.errors import CouncilkitError
from councilkit.model import Value


def ask(council: Council, actor: str, action: str, target: str | None, context: Mapping[str, Value]) -> str:
    """A request as a clerk would put it: "May a Councillor ..., when ...?"."""
    roles = council.roles
    phrase = council.action(action).phrase(roles.noun(target, definite=True) if target else None)
    facts = []
    attributes = {a.id: a for a in council.action(action).context}
    for key, value in context.items():
        words = attributes[key].state(value) if key in attributes else f"{key} is {value!r}"
        facts.append(words.replace("{actor}", roles.noun(actor, definite=True))
                     .replace("{target}", roles.noun(target, definite=True)))
    when = f", when {' and '.join(facts)}" if facts else ""
    return f"May {roles.noun(actor)} {phrase}{when}?"


def examples_report(council: Council) -> list[dict[str, Any]]:
    """Each worked example checked: passed, or what came back instead."""
    out = []
    for ex in council.examples:
        result: dict[str, Any] = {
            "council": council.id, "id": ex.id, "question": ex.question, "expect": ex.expect,
            "cite": list(ex.cite),
        }
        try:
            decision = council.check(ex.actor, ex.action, ex.target, **ex.context)
        except CouncilkitError as exc:
            result.update(passed=False, outcome="error", cited=[], error=str(exc))
        else:
            cited = list(decision.cited_ids)
            passed = decision.outcome == ex.expect and set(ex.cite) <= set(cited)
            result.update(passed=passed, outcome=decision.outcome, cited=cited)
        out.append(result)
    for rex in getattr(council, "route_examples", ()):
        out.append(_route_example(council, rex))
    return out


def _route_words(route: str, handlers: Mapping[str, Iterable[str]]) -> str:
    steps = "; ".join(f"{step}: {', '.join(roles) or 'nobody'}" for step, roles in handlers.items())
    return f"route {route or '(none: the adviser)'}" + (f"; {steps}" if steps else "")


def _route_example(council: Council, ex: Any) -> dict[str, Any]:
    """A worked concern checked: the route it takes, and who handles the steps it names."""
    result: dict[str, Any] = {"council": council.id, "id": ex.id, "question": ex.question,
                              "expect": _route_words(ex.route, ex.handlers), "cite": list(ex.cite)}
    try:
        answer = council.route(raised_by=ex.raised_by, about=ex.about, matter=ex.matter)
    except CouncilkitError as exc:
        result.update(passed=False, outcome="error", cited=[], error=str(exc))
        return result
    route = answer.route.id if answer.route else ""
    steps = {s.id: s for s in answer.steps}
    got = {step: tuple(h.role for h in steps[step].handlers) if step in steps else ("(no such step)",)
           for step in ex.handlers}
    cited = list(dict.fromkeys([*(answer.route.cite if answer.route else answer.adviser_cite),
                                *(c for s in answer.steps for c in s.cite)]))
    passed = route == ex.route and all(tuple(v) == got[k] for k, v in ex.handlers.items()) \
        and set(ex.cite) <= set(cited)
    result.update(passed=passed, outcome=_route_words(route, got), cited=cited)
    return result


def questions_markdown(councils: Iterable[Council]) -> str:
    """Per council: what each role that the rules name may and may not do, then the worked examples."""
    lines = [
        "# The questions each council's protocol answers",
        "",
        "Generated from the council files by `councilkit questions -o docs/questions.md`; a test",
        "fails when this file and the councils disagree.  Each answer is the one given when no",
        "facts are supplied: *conditional* answers name the facts that settle them.",
        "",
    ]
    for council in sorted(councils, key=lambda c: c.id):
        lines += [f"## {council.name} (`{council.id}`)", ""]
        actors = sorted({r.actor for r in council.rules}, key=lambda a: council.title(a))
        if not actors:
            lines += ["Its protocol states no rule.", ""]
        for actor in actors:
            lines += [f"### {council.title(actor)} (`{actor}`)", "", "| May they ... | Answer | Clauses |",
                      "|---|---|---|"]
            for p in council.permissions(actor):
                answer = p.outcome.replace("_", " ")
                if p.required:  # a duty: must, not only may
                    answer = "required" if p.outcome == "permitted" else f"required ({answer})"
                if p.conditions:
                    answer += ": " + "; ".join(p.conditions)
                lines.append(f"| {_cell(p.summary)} | {_cell(answer)} | {', '.join(p.cite)} |")
            lines.append("")
        if council.examples:
            lines += ["### Worked examples", "", "| Question | Answer | Clauses |", "|---|---|---|"]
            for ex in council.examples:
                lines.append(f"| {_cell(ex.question)} | {ex.expect.replace('_', ' ')} | {', '.join(ex.cite)} |")
            lines.append("")
        route_examples = getattr(council, "route_examples", ())
        if route_examples:
            lines += ["### Worked routes", "", "| Concern | Route and handlers | Clauses |", "|---|---|---|"]
            for rex in route_examples:
                lines.append(f"| {_cell(rex.question)} | {_cell(_route_words(rex.route, rex.handlers))} | "
                             f"{', '.join(rex.cite)} |")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
