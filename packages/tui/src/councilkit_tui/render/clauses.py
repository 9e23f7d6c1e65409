"""A clause and a decision of the policy engine, as Textual markup (Clauses and Ask)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit.model.search import reference
from councilkit.present.words import fact_words, outcome_words

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
    """Number, heading, text, children, and the norms that cite the clause; the clause's reference as the
    document prints it (or its position, for text the document does not number)."""
    protocol = council.protocol
    ref = reference(protocol, clause.id)
    head = f"{clause.display_label} {clause.heading or ''}".strip() or ref
    where = "" if clause.display_label == ref or head == ref else f"  [dim](clause {escape(ref)})[/dim]"
    lines = [f"[b]{escape(head)}[/b]{where}"]
    if clause.text:
        lines += ["", escape(clause.text)]
    for child in council.protocol.children(clause.id):
        text = child.text or child.heading or ""
        lines += ["", f"  [b]{escape(child.display_label or child.id)}[/b] {escape(text)}"]
    norms = council.norms_citing(clause.id)
    lines.append("")
    lines.append(f"[b]Norms citing {escape(ref)}[/b]" if norms else "[i]No norm cites this clause.[/i]")
    for n in norms:
        lines.append(f"  • {escape(n.kind)}: {escape(n.summary)}")
    return "\n".join(lines)


def decision_markup(decision: Decision, council: Council | None = None, action_id: str = "") -> str:
    """A decision: its outcome in words, the explanation, obligations, the facts that would settle it (by
    their descriptions) and whom to ask."""
    label = outcome_words(decision.outcome)
    style = OUTCOME_STYLES[decision.outcome]
    facts = fact_words(council, action_id, decision.facts) if council is not None else list(decision.facts)
    explanation = decision.explanation
    ids = f"say whether: {', '.join(decision.facts)}"
    if decision.facts and ids in explanation:  # the SDK names the facts by id (J_TO_LEAD item 6): say them
        explanation = explanation.replace(ids, "say whether " + "; whether ".join(facts))
    lines = [f"[b {style}]{label}[/]", "", escape(explanation)]
    if decision.obligations:
        lines += ["", "[b]Obligations[/b]"] + [f"  • {escape(o.text)}" for o in decision.obligations]
    if decision.facts:
        lines += ["", "[b]Facts that would settle it:[/b] whether " + escape("; whether ".join(facts))]
    if decision.ask_titles:
        lines += ["", "[b]Ask:[/b] " + escape(" or ".join(decision.ask_titles))]
    return "\n".join(lines)
