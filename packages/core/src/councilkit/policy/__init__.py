"""May X do Y?  The policy engine (rules compiled, then answered), its decisions and their explanations, the worked examples
(``councilkit test``), the generated list of questions each council answers, and the coverage
table (every normative sentence of a protocol with the norms that model it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.policy.checks import rule_problems
    from councilkit.policy.coverage import coverage_markdown, coverage_path, coverage_problems
    from councilkit.policy.decision import Decision, Permission, RequestError, parse_context
    from councilkit.policy.engine import engine_for
    from councilkit.policy.explanation import describe_rule
    from councilkit.policy.questions import ask, examples_report, questions_markdown

#: each public name and the module that defines it, imported when the name is first used
_NAMES = {
    "Decision": "decision",
    "Permission": "decision",
    "RequestError": "decision",
    "ask": "questions",
    "coverage_markdown": "coverage",
    "coverage_path": "coverage",
    "coverage_problems": "coverage",
    "describe_rule": "explanation",
    "rule_problems": "checks",
    "engine_for": "engine",
    "examples_report": "questions",
    "parse_context": "decision",
    "questions_markdown": "questions",
}
__getattr__, __dir__ = lazy_names(globals(), _NAMES)

__all__ = [
    "Decision",
    "Permission",
    "RequestError",
    "ask",
    "coverage_markdown",
    "coverage_path",
    "coverage_problems",
    "describe_rule",
    "engine_for",
    "examples_report",
    "parse_context",
    "questions_markdown",
    "rule_problems",
]
