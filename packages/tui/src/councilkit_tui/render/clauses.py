"""A clause and a decision of the policy engine, as Textual markup (Clauses and Ask)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit.present.words import outcome_words

from .markup import escape

if TYPE_CHECKING:
    from councilkit import Council
    from councilkit.model import Clause
    from councilkit.policy import Decision

OUTCOME_STYLES = {
    "permitted": "$success",
    "forbidden": "$error",
    "conditional": "$warning",
    "not_covered": "$secondary",
}


def clause_markup(council: Council, clause: Clause) -> str:
    """Number, heading, text, children, and the norms that cite the clause."""
    head = f"{clause.display_label} {clause.heading or ''}".strip() or clause.id
    where = "" if clause.display_label == clause.id else f"  [dim](clause {escape(clause.id)})[/dim]"
    lines = [f"[b]{escape(head)}[/b]{where}"]
    if clause.text:
        lines += ["", escape(clause.text)]
    for child in council.protocol.children(clause.id):
        text = child.text or child.heading or ""
        lines += ["", f"  [b]{escape(child.display_label or child.id)}[/b] {escape(text)}"]
    norms = council.norms_citing(clause.id)
    lines.append("")
    lines.append(f"[b]Norms citing {escape(clause.id)}[/b]" if norms else "[i]No norm cites this clause.[/i]")
    for n in norms:
        lines.append(f"  • {escape(n.kind)}: {escape(n.summary)}")
    return "\n".join(lines)


def decision_markup(decision: Decision) -> str:
    label = outcome_words(decision.outcome)
    style = OUTCOME_STYLES[decision.outcome]
    lines = [f"[b {style}]{label}[/]", "", escape(decision.explanation)]
    if decision.obligations:
        lines += ["", "[b]Obligations[/b]"] + [f"  • {escape(o.text)}" for o in decision.obligations]
    if decision.facts:
        lines += ["", "[b]Facts that would settle it:[/b] " + escape(", ".join(decision.facts))]
    if decision.ask_titles:
        lines += ["", "[b]Ask:[/b] " + escape(" or ".join(decision.ask_titles))]
    return "\n".join(lines)
