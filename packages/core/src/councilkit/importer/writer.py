"""Writing the imported council as a council file (schema 1), as tomli-w writes it (``tomlout``).

The active part is the header, ``[protocol]``, the roles with the council's
titles, and every clause in document order.  Candidate rules and routes follow
as comments: each is TOML a person can make active by removing the ``# `` from
its lines, once they have checked it against the sentence quoted above it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from councilkit.importer.candidates import CandidateRoute, CandidateRule
from councilkit.importer.draft import DraftClause
from councilkit.importer.roles import RoleFound
from councilkit.importer.tomlout import dumps
from councilkit.model import derived_parent

#: how many clauses a role cites: the first places the document names it
ROLE_CITES = 8
_WIDTH = 98


def clause_tables(clauses: Sequence[DraftClause], parents: Mapping[str, str | None]) -> list[dict[str, Any]]:
    """``[[clause]]`` tables; ``parent`` only where the id does not imply it."""
    ids = {c.id for c in clauses}
    out = []
    for clause in clauses:
        table: dict[str, Any] = {"id": clause.id}
        if clause.label is not None and clause.label != clause.id:
            table["label"] = clause.label
        implied = derived_parent(clause.id)
        while implied is not None and implied not in ids:
            implied = derived_parent(implied)
        wanted = parents.get(clause.id)
        if wanted is not None and wanted in ids and wanted != implied:
            table["parent"] = wanted
        if clause.heading:
            table["heading"] = clause.heading
        table["text"] = clause.text
        out.append(table)
    return out


def role_tables(roles: Sequence[RoleFound]) -> list[dict[str, Any]]:
    out = []
    for role in roles:
        table: dict[str, Any] = {"id": role.id}
        if role.title:
            table["title"] = role.title
        table["cite"] = list(role.cite[:ROLE_CITES])
        out.append(table)
    return out


def _comment(text: str, prefix: str = "# ") -> list[str]:
    """``text`` as comment lines of at most ``_WIDTH`` characters (a longer word gets its own line);
    the lines after the first are indented two more.  ``prefix`` ends with a space."""
    words = text.split()
    one = " ".join(words)
    if len(prefix) + len(one) <= _WIDTH:
        return [(prefix + one).rstrip()]  # most notes fit on one line
    lines: list[str] = []
    lead = prefix
    width = len(lead) - 1  # the line's length, counting a space before each word
    all_words, words = words, []
    for word in all_words:
        if words and width + 1 + len(word) > _WIDTH:
            lines.append(lead + " ".join(words))
            lead = prefix + "  "
            words, width = [], len(lead) - 1
        words.append(word)
        width += 1 + len(word)
    lines.append((lead + " ".join(words)).rstrip())
    return lines


@attrs.frozen
class Proposal:
    """A norm the import found: ``table`` as the council file writes it, where it came from, and
    whether it is live (in the file as a norm) or proposed (a comment for the review)."""

    kind: str  # rule | route
    table: dict[str, Any]
    clause: str
    sentence: str
    origin: str  # "read from 'must not'" or "as Langport Town Council 2.6, similarity 0.94"
    live: bool
    why: str = ""  # why it is only proposed
    candidate: str = ""  # the reading's id, for a norm read from a sentence



_LIVE_HEAD = """\
# --- norms found by the import ---------------------------------------------------------------
# Each is live: `councilkit import` matched its clause to a known council's (similarity at or
# above the threshold) or recognised every part of its sentence.  The comment above each says
# which.  Check them with `councilkit review` and `councilkit show`.
"""
_NORMS_HEAD = """\
# --- proposed norms: none of these is active -----------------------------------------------
# `councilkit import` read each sentence quoted below as a rule or a route.  For each one:
# check it against its clause; correct the roles, the action (one of the variant's actions)
# and any conditions; then remove the "# " from its lines from [[rule]] or [[route]] down to
# make it part of the council, and run `councilkit validate` on this file.  `councilkit review
# FILE` walks them one at a time.
"""


def rule_table(rule: CandidateRule) -> dict[str, Any]:
    table: dict[str, Any] = {"id": rule.id, "effect": rule.effect, "actor": rule.actor, "action": rule.action or ""}
    if rule.target:
        table["target"] = rule.target
    if rule.when:
        table["when"] = dict(rule.when)
    if rule.exceptions:
        table["exceptions"] = [{"when": dict(condition)} for condition in rule.exceptions]
    if rule.debatable:
        table["debatable"] = rule.debatable
    table["cite"] = [rule.clause]
    return table


def route_table(route: CandidateRoute) -> dict[str, Any]:
    steps: list[dict[str, Any]] = []
    for n, handlers in enumerate(route.steps):
        step: dict[str, Any] = {"id": "raise" if n == 0 else f"step-{n + 1}", "handler": list(handlers),
                                "mode": "informal" if n == 0 else "formal"}
        if n == 0 and route.consult:
            step["consult"] = list(route.consult)
        if route.procedure:
            step["procedure"] = list(route.procedure)
        substitute = {instead: who for instead, who, _ in route.substitute if instead in handlers and who != instead}
        if substitute:
            step["substitute"] = substitute
        if n + 1 < len(route.steps):
            step["outcomes"] = [{"id": "resolved", "label": "Resolved"},
                                {"id": "not_resolved", "label": "Not resolved", "next": f"step-{n + 2}"}]
        steps.append(step)
    table: dict[str, Any] = {"id": route.id, "raised_by": list(route.raised_by)}
    if route.about:
        table["about"] = list(route.about)
    table["cite"] = [route.clause]
    table["step"] = steps
    return table


def _block(proposal: Proposal) -> list[str]:
    """The TOML lines of one norm (one tomli-w call)."""
    return dumps({proposal.kind: [proposal.table]}).rstrip("\n").split("\n")


def _notes(proposal: Proposal) -> list[str]:
    lines = _comment(f"{proposal.clause}: {proposal.sentence}")
    lines += _comment(f"({proposal.origin}{'; ' + proposal.why if proposal.why else ''})")
    table = proposal.table
    if proposal.kind == "rule" and not table.get("action"):
        lines.append("# (no action in the vocabulary matched: name one, or add it in a plugin)")
    if proposal.kind == "route" and not table.get("raised_by"):
        lines.append("# (the sentence does not say who raises it: fill in raised_by)")
    return lines


def _blocks(proposals: Sequence[Proposal]) -> list[list[str]]:
    """The TOML lines of each norm, with one tomli-w call for each kind (a call for each norm costs
    more than the writing): the output is cut where each top-level table starts."""
    out: list[list[str]] = []
    for kind in ("rule", "route"):
        tables = [p.table for p in proposals if p.kind == kind]
        if not tables:
            continue
        head = f"[[{kind}]]"
        for line in dumps({kind: tables}).rstrip("\n").split("\n"):
            if line == head:
                out.append([])
            out[-1].append(line)
    for block in out:
        while block and not block[-1]:
            block.pop()
    return out


def norms_text(proposals: Sequence[Proposal]) -> str:
    """The live norms as TOML, then the proposals as commented-out TOML, each under its sentence."""
    live = sorted((p for p in proposals if p.live), key=lambda p: p.kind == "route")  # every [[rule]] first
    proposed = sorted((p for p in proposals if not p.live), key=lambda p: p.kind == "route")
    out: list[str] = []
    if live:
        out.append(_LIVE_HEAD)
        for p, block in zip(live, _blocks(live), strict=True):
            out.append("\n".join(_notes(p) + block) + "\n")
    if proposed:
        out.append(_NORMS_HEAD)
        for p, block in zip(proposed, _blocks(proposed), strict=True):
            commented = [f"# {line}" if line else "#" for line in block]
            out.append("\n".join(_notes(p) + commented) + "\n")
    return "\n".join(out)


def council_text(
    header: Mapping[str, Any],
    protocol: Mapping[str, Any],
    roles: Sequence[RoleFound],
    clauses: Sequence[DraftClause],
    parents: Mapping[str, str | None],
    proposals: Sequence[Proposal],
    intro: Sequence[str],
    defined: Sequence[Mapping[str, Any]] = (),
) -> str:
    """The whole council file.  ``defined``: ``[[role]]`` tables for roles the import defines (who
    raises a concern from outside the council)."""
    doc: dict[str, Any] = {"schema": 1, **header, "protocol": dict(protocol)}
    if roles or defined:
        doc["role"] = role_tables(roles) + [dict(table) for table in defined]
    doc["clause"] = clause_tables(clauses, parents)
    head = "\n".join(line for text in intro for line in _comment(text)) + "\n"
    body = dumps(doc, multiline_strings=True)
    norms = norms_text(proposals)
    return head + body + ("\n" + norms if norms else "")
