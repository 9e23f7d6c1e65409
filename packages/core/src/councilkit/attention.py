"""What needs a clerk's attention at one council: the home screen's list, and ``councilkit attention``.

Each item says what is due, when, and whether it is already overdue, in words
(never colour alone), with a reference the UI can open.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from .council import Council


@attrs.frozen
class AttentionItem:
    kind: str  # "review" | "case" | "register"
    text: str
    due: dt.date | None
    overdue: bool
    ref: str = ""  # what to open: a clause id, a case id, a register kind

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "due": self.due.isoformat() if self.due else None,
                "overdue": self.overdue, "ref": self.ref}


def review_items(council: Council, today: dt.date, within_days: int = 31) -> list[AttentionItem]:
    """The protocol's review, when it is overdue or falls due within ``within_days``."""
    p = council.protocol
    due = p.review_due_date()
    if due is None or (due - today).days > within_days:
        return []
    overdue = due < today
    when = f"overdue since {due.isoformat()}" if overdue else f"due on {due.isoformat()}"
    cycle = f" (reviewed every {p.review_months} months)" if p.review_months else ""
    return [AttentionItem("review", f"Review of the {p.title} {when}{cycle}", due, overdue,
                          p.clauses[0].id if p.clauses else "")]


def attention_items(council: Council, today: dt.date, **sources: Any) -> list[AttentionItem]:
    """Everything due at ``council``: overdue first, then by date."""
    items = review_items(council, today)
    return sorted(items, key=lambda i: (not i.overdue, i.due or dt.date.max, i.text))
