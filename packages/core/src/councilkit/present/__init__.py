"""Presentation: what councilkit shows people and programs, for the command line and the terminal UI alike.

- :mod:`councilkit.present.words`: a case's state in words, dates and times, shortened text,
  who handles a step and how the person at the keyboard acts;
- :mod:`councilkit.present.json`: one cattrs converter from every object a front end shows to
  JSON data, and the documents ``--json`` prints (each carries ``"schema"``, see docs/json.md).

Neither front end says these things its own way.  This package never imports click or Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.present.json import SCHEMA, converter, document, dumps, unstructure
    from councilkit.present.words import (
        acting_note,
        case_state,
        case_state_words,
        cut,
        date_text,
        handler_text,
        obligation_state,
        outcome_words,
        requirement_state,
        safe,
        state_word,
        step_status,
        when,
    )

#: each public name and the module that defines it, imported when the name is first used
_NAMES = {
    "SCHEMA": "json",
    "acting_note": "words",
    "case_state": "words",
    "case_state_words": "words",
    "converter": "json",
    "cut": "words",
    "date_text": "words",
    "document": "json",
    "dumps": "json",
    "handler_text": "words",
    "obligation_state": "words",
    "outcome_words": "words",
    "requirement_state": "words",
    "safe": "words",
    "state_word": "words",
    "step_status": "words",
    "unstructure": "json",
    "when": "words",
}
__getattr__, __dir__ = lazy_names(globals(), _NAMES)

__all__ = [
    "SCHEMA",
    "acting_note",
    "case_state",
    "case_state_words",
    "converter",
    "cut",
    "date_text",
    "document",
    "dumps",
    "handler_text",
    "obligation_state",
    "outcome_words",
    "requirement_state",
    "safe",
    "state_word",
    "step_status",
    "unstructure",
    "when",
]
