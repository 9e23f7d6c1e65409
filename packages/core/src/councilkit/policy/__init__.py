"""May X do Y?  The policy engine, its decisions and their explanations, the worked examples
(``councilkit test``) and the generated list of questions each council answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.policy.engine import (
        Decision,
        Permission,
        RequestError,
        engine_for,
        parse_context,
    )
    from councilkit.policy.questions import ask, examples_report, questions_markdown

#: each public name and the module that defines it, imported when the name is first used
_NAMES = {
    "Decision": "engine",
    "Permission": "engine",
    "RequestError": "engine",
    "ask": "questions",
    "engine_for": "engine",
    "examples_report": "questions",
    "parse_context": "engine",
    "questions_markdown": "questions",
}
__getattr__, __dir__ = lazy_names(globals(), _NAMES)

__all__ = [
    "Decision",
    "Permission",
    "RequestError",
    "ask",
    "engine_for",
    "examples_report",
    "parse_context",
    "questions_markdown",
]
