"""A council as the picker lists it, and a council's column in Compare, as Textual markup."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .markup import escape, state_word

if TYPE_CHECKING:
    from councilkit import Council
    from councilkit.model.search import ClauseHit


def council_label(council: Council, review: str, current: bool) -> str:
    """The council's name (and whether it is the current one), its variant, its clauses, a review overdue."""
    flag = f"  review {state_word('OVERDUE')}" if review == "OVERDUE" else ""
    mark = "  (current)" if current else ""
    return (f"[b]{escape(council.name)}[/b]{mark}\n  {escape(council.variant.title)}, "
            f"{len(council.protocol.clauses)} clauses{flag}")


def compare_column(council: Council, hits: list[ClauseHit]) -> str:
    """The council's clauses found on a topic, best first, under its name, each by its printed reference."""
    from councilkit.model.search import reference

    parts = [f"[b]{escape(council.name)}[/b]"]
    if not hits:
        parts.append("[i]No clause on this topic.[/i]")
    for hit in hits:
        c = hit.clause
        head = " ".join(w for w in (reference(council.protocol, c.id), c.heading or "") if w)
        parts.append(f"\n[b]{escape(head)}[/b]\n{escape(c.text)}")
    return "\n".join(parts)


def searched_line(topic: str, words: list[str], found: dict[str, int]) -> str:
    """Which councils were searched for ``topic``, by which meaning words, and how many clauses each had."""
    each = ", ".join(f"{name} ({n or 'none'})" for name, n in found.items())
    about = f" (by the words {', '.join(words)}, in any form)" if words else " (it has no meaning words to look for)"
    return f"Searched {len(found)} councils for “{topic}”{about}: {each}."
