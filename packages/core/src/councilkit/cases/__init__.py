"""Cases: an append-only, hash-chained log of events folded into a case's state; the case
book that writes them; lists, the worklist, and the moves a person may make (one list of them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit._lazy import lazy_names

if TYPE_CHECKING:
    from councilkit.cases.book import (
        STATUSES,
        Actor,
        Case,
        CaseBook,
        CaseSummary,
        Change,
        CouncilSource,
        RefusedError,
        StepRun,
        UnknownCaseError,
        fold,
        parse_ref,
    )
    from councilkit.cases.moves import MOVES, Choice, Move, MoveKind, make_move, next_moves
    from councilkit.cases.worklist import PAGE, SECTIONS, SHOW, SHOW_LABELS, Worklist

#: each public name and the module that defines it, imported when the name is first used
_NAMES = {
    "Actor": "book",
    "Case": "book",
    "CaseBook": "book",
    "CaseSummary": "book",
    "Change": "book",
    "Choice": "moves",
    "CouncilSource": "book",
    "MOVES": "moves",
    "Move": "moves",
    "MoveKind": "moves",
    "PAGE": "worklist",
    "RefusedError": "book",
    "SECTIONS": "worklist",
    "SHOW": "worklist",
    "SHOW_LABELS": "worklist",
    "STATUSES": "book",
    "StepRun": "book",
    "UnknownCaseError": "book",
    "Worklist": "worklist",
    "fold": "book",
    "make_move": "moves",
    "next_moves": "moves",
    "parse_ref": "book",
}
__getattr__, __dir__ = lazy_names(globals(), _NAMES)

__all__ = [
    "MOVES",
    "PAGE",
    "SECTIONS",
    "SHOW",
    "SHOW_LABELS",
    "STATUSES",
    "Actor",
    "Case",
    "CaseBook",
    "CaseSummary",
    "Change",
    "Choice",
    "CouncilSource",
    "Move",
    "MoveKind",
    "RefusedError",
    "StepRun",
    "UnknownCaseError",
    "Worklist",
    "fold",
    "make_move",
    "next_moves",
    "parse_ref",
]
