"""Writing the imported council as a council file (schema 1), with tomli-w.

The active part is the header, ``[protocol]``, the roles with the council's
titles, and every clause in document order.  Candidate rules and routes follow
as comments: each is TOML a person can make active by removing the ``# `` from
its lines, once they have checked it against the sentence quoted above it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import tomli_w

from councilkit.importer.norms import CandidateRoute, CandidateRule
from councilkit.importer.roles import RoleFound
from councilkit.importer.segment import DraftClause
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
    """``text`` as comment lines of at most ``_WIDTH`` characters (a longer word gets its own line)."""
    lines: list[str] = []
    line = prefix
    for word in text.split():
        if line.strip("# ") and len(line) + 1 + len(word) > _WIDTH:
            lines.append(line)
            line = prefix + "  "
        line += ("" if line.endswith(" ") else " ") + word
    lines.append(line.rstrip())
    return lines


def _commented_tables(key: str, tables: Sequence[dict[str, Any]]) -> list[list[str]]:
    """Each table of the array ``[[key]]`` as commented-out TOML lines (one tomli-w call for all)."""
    blocks: list[list[str]] = []
    for line in tomli_w.dumps({key: list(tables)}).rstrip("\n").split("\n"):
        if line == f"[[{key}]]":
            blocks.append([])
        blocks[-1].append(f"# {line}" if line else "#")
    for block in blocks:
        while block and block[-1] == "#":
            block.pop()
    return blocks


_NORMS_HEAD = """\
# --- proposed norms: none of these is active -----------------------------------------------
# `councilkit import` read each sentence quoted below as a rule or a route.  For each one:
# check it against its clause; correct the roles, the action (one of the variant's actions)
# and any conditions; then remove the "# " from its lines from [[rule]] or [[route]] down to
# make it part of the council, and run `councilkit validate` on this file.
"""


def _rule_table(rule: CandidateRule) -> dict[str, Any]:
    return {"id": rule.id, "effect": rule.effect, "actor": rule.actor, "action": rule.action or "",
            "target": rule.target, "cite": [rule.clause]}


def _route_table(route: CandidateRoute) -> dict[str, Any]:
    step: dict[str, Any] = {"id": "raise", "handler": [route.handler], "mode": "informal"}
    if route.procedure:
        step["procedure"] = list(route.procedure)
    if route.substitute:
        step["substitute"] = {instead: who for instead, who, _ in route.substitute}
    table: dict[str, Any] = {"id": route.id, "raised_by": list(route.raised_by)}
    if route.about:
        table["about"] = list(route.about)
    table["cite"] = [route.clause]
    table["step"] = [step]
    return table


def proposed_norms(rules: Sequence[CandidateRule], routes: Sequence[CandidateRoute]) -> str:
    """The candidate norms as commented-out TOML, each under the sentence it comes from."""
    if not rules and not routes:
        return ""
    out = [_NORMS_HEAD]
    rule_blocks = _commented_tables("rule", [_rule_table(r) for r in rules]) if rules else []
    for rule, block in zip(rules, rule_blocks, strict=True):
        lines = _comment(f'{rule.clause} ("{rule.words}"): {rule.sentence}')
        if rule.action is None:
            lines.append("# (no action in the vocabulary matched: name one, or add it in a plugin)")
        out.append("\n".join(lines + block) + "\n")
    route_blocks = _commented_tables("route", [_route_table(r) for r in routes]) if routes else []
    for route, block in zip(routes, route_blocks, strict=True):
        lines = _comment(f"{route.clause}: {route.sentence}")
        for _, _, sentence in route.substitute:
            lines += _comment(f"{route.clause}: {sentence}")
        if not route.raised_by:
            lines.append("# (the sentence does not say who raises it: fill in raised_by)")
        out.append("\n".join(lines + block) + "\n")
    return "\n".join(out)


def council_text(
    header: Mapping[str, Any],
    protocol: Mapping[str, Any],
    roles: Sequence[RoleFound],
    clauses: Sequence[DraftClause],
    parents: Mapping[str, str | None],
    rules: Sequence[CandidateRule],
    routes: Sequence[CandidateRoute],
    intro: Sequence[str],
) -> str:
    """The whole council file."""
    doc: dict[str, Any] = {"schema": 1, **header, "protocol": dict(protocol)}
    if roles:
        doc["role"] = role_tables(roles)
    doc["clause"] = clause_tables(clauses, parents)
    head = "\n".join(line for text in intro for line in _comment(text)) + "\n"
    body = tomli_w.dumps(doc, multiline_strings=True)
    norms = proposed_norms(rules, routes)
    return head + body + ("\n" + norms if norms else "")
