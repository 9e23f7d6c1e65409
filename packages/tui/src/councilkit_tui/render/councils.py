"""A council as the picker lists it, and a council's column in Compare, as Textual markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .markup import escape

if TYPE_CHECKING:
    from councilkit import Council


def council_label(council: Council, review: str, current: bool) -> str:
    """The council's name (and whether it is the current one), its variant, its clauses, a review overdue."""
    flag = "  [review OVERDUE]" if review == "OVERDUE" else ""
    mark = "  (current)" if current else ""
    return f"{council.name}{mark}\n  {council.variant.title}, {len(council.protocol.clauses)} clauses{flag}"


def compare_column(council: Council, topic: str, limit: int = 3) -> str:
    """The council's clauses most about ``topic``, best first, under its name."""
    hits = council.protocol.topic(topic, limit=limit)
    parts = [f"[b]{escape(council.name)}[/b]"]
    if not hits:
        parts.append("[i]No clause on this topic.[/i]")
    for hit in hits:
        c = hit.clause
        parts.append(f"\n[b]{escape(c.id)}[/b] {escape(c.heading or '')}\n{escape(c.text)}")
    return "\n".join(parts)
