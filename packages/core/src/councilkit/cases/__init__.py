"""Cases: an append-only, hash-chained log of events folded into a case's state; the case
book that writes them; lists, the worklist, and the moves a person may make (one list of them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.cases.actions import CaseActions
    from councilkit.cases.book import Batch, CaseBook, Change
    from councilkit.cases.events import (
        EVENT_KINDS,
        STATUSES,
        Actor,
        CaseRead,
        Event,
        RefusedError,
        UnknownCaseError,
        parse_ref,
    )
    from councilkit.cases.integrity import numbering_problems
    from councilkit.cases.moves import (
        MOVES,
        Choice,
        Move,
        MoveKind,
        make_move,
        may_make,
        next_moves,
    )
    from councilkit.cases.queries import CasePage, CaseReader, CaseSummary, CouncilSource, Scope
    from councilkit.cases.state import Case, Requirement, StepRun, fold
    from councilkit.cases.worklist import PAGE, SECTIONS, SHOW, SHOW_LABELS, Worklist

#: each public name and the module that defines it, imported when the name is first used
_NAMES = {
    "Actor": "events",
    "Batch": "book",
    "Case": "state",
    "CaseActions": "actions",
    "CaseBook": "book",
    "CasePage": "queries",
    "CaseRead": "events",
    "CaseReader": "queries",
    "CaseSummary": "queries",
    "Change": "book",
    "Choice": "moves",
    "CouncilSource": "queries",
    "EVENT_KINDS": "events",
    "Event": "events",
    "MOVES": "moves",
    "Move": "moves",
    "MoveKind": "moves",
    "PAGE": "worklist",
    "RefusedError": "events",
    "Requirement": "state",
    "SECTIONS": "worklist",
    "SHOW": "worklist",
    "SHOW_LABELS": "worklist",
    "STATUSES": "events",
    "Scope": "queries",
    "StepRun": "state",
    "UnknownCaseError": "events",
    "Worklist": "worklist",
    "fold": "state",
    "make_move": "moves",
    "may_make": "moves",
    "next_moves": "moves",
    "numbering_problems": "integrity",
    "parse_ref": "events",
}
__getattr__, __dir__ = lazy_names(globals(), _NAMES)

__all__ = [
    "EVENT_KINDS",
    "MOVES",
    "PAGE",
    "SECTIONS",
    "SHOW",
    "SHOW_LABELS",
    "STATUSES",
    "Actor",
    "Batch",
    "Case",
    "CaseActions",
    "CaseBook",
    "CasePage",
    "CaseRead",
    "CaseReader",
    "CaseSummary",
    "Change",
    "Choice",
    "CouncilSource",
    "Event",
    "Move",
    "MoveKind",
    "RefusedError",
    "Requirement",
    "Scope",
    "StepRun",
    "UnknownCaseError",
    "Worklist",
    "fold",
    "make_move",
    "may_make",
    "next_moves",
    "numbering_problems",
    "parse_ref",
]
