"""The import report: what was found, and what needs a person.

*Found*: the title and the council's name as printed, the clauses (how many of
each kind), the headings (and how each was recognised), the adoption record,
the roles with the council's titles, the lines dropped as page furniture, and
the paragraphs joined across a page break.

*Needs a person*: numbering the import had to interpret (a gap, a number
printed twice, a letter read as another), text it could not place, headings
found by a guess (run-in headings), records it could not read, role-like
phrases that match no role, and the proposed norms, which are only comments
until a person confirms them.  ``councilkit.present.json`` gives the same for ``--json``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs

from councilkit.importer.candidates import CandidateRoute, CandidateRule
from councilkit.importer.draft import (
    BULLETED,
    HEADING,
    LETTERED,
    NUMBERED,
    PARAGRAPH,
    PREAMBLE,
    DraftClause,
    Finding,
)
from councilkit.importer.furniture import Dropped
from councilkit.importer.roles import RoleFound
from councilkit.importer.writer import Proposal

_KIND_WORDS = {
    NUMBERED: ("numbered clause", "numbered clauses"),
    HEADING: ("unnumbered heading", "unnumbered headings"),
    PREAMBLE: ("preamble", "preambles"),
    PARAGRAPH: ("unnumbered paragraph", "unnumbered paragraphs"),
    LETTERED: ("lettered item", "lettered items"),
    BULLETED: ("bullet", "bullets"),
}
#: how a heading was recognised -> a note for the clerk, for the uncertain ways
_HEADING_CHECKS = {
    "run-in": "read from the words that start the clause",
    "colon": "read from the words before a colon",
    "bold": "read from bold words that start the clause",
}


@attrs.frozen
class ClauseFound:
    id: str
    kind: str
    line: int
    label: str | None
    heading: str | None
    heading_how: str | None

    @classmethod
    def of(cls, clause: DraftClause) -> ClauseFound:
        return cls(clause.id, clause.kind, clause.line, clause.label, clause.heading, clause.heading_how)



@attrs.frozen
class RecordFound:
    key: str
    value: str
    printed: str
    line: int



def _shown(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


@attrs.frozen
class ImportReport:
    file: str
    council_id: str
    variant: str
    title: str
    title_line: int | None
    name_in_document: str | None
    clauses: tuple[ClauseFound, ...]
    records: tuple[RecordFound, ...]
    roles: tuple[RoleFound, ...]
    dropped: tuple[Dropped, ...]
    joined: tuple[tuple[str, int], ...]
    needs: tuple[Finding, ...]
    rules: tuple[CandidateRule, ...]
    routes: tuple[CandidateRoute, ...]
    warnings: tuple[str, ...] = ()
    output: str | None = None
    norms: tuple[Proposal, ...] = ()

    @property
    def live(self) -> tuple[Proposal, ...]:
        return tuple(p for p in self.norms if p.live)

    @property
    def live_rules(self) -> tuple[Proposal, ...]:
        return tuple(p for p in self.norms if p.live and p.kind == "rule")

    @property
    def proposed(self) -> tuple[Proposal, ...]:
        return tuple(p for p in self.norms if not p.live)

    @property
    def headings(self) -> tuple[ClauseFound, ...]:
        return tuple(c for c in self.clauses if c.heading)

    def kinds(self) -> Counter[str]:
        return Counter(c.kind for c in self.clauses)

    # text -------------------------------------------------------------------------------------
    def text(self) -> str:
        out: list[str] = []
        kinds = self.kinds()
        total = len(self.clauses)
        where = f" -> {self.output}" if self.output else ""
        out.append(f"Imported {self.file}{where}: council {self.council_id}, variant {self.variant}, "
                   f"{total} clause{'s' if total != 1 else ''}")
        out.append("")
        out.append("Found")
        title_at = f" (line {self.title_line})" if self.title_line else ""
        out.append(f"  title       {self.title}{title_at}")
        if self.name_in_document:
            out.append(f"  council     {self.name_in_document} (as the document names it)")
        parts = [f"{n} {_KIND_WORDS[k][n != 1]}" for k, n in kinds.items()]
        out.append(f"  clauses     {total}: {', '.join(parts)}")
        heads = self.headings
        out.append(f"  headings    {len(heads)}")
        shown_labels = [c.label if c.label is not None else c.id for c in heads]
        width = max((len(label) for label in shown_labels), default=0)
        for c, shown in zip(heads, shown_labels, strict=True):
            how = f"  ({c.heading_how})" if c.heading_how in _HEADING_CHECKS else ""
            out.append(f"                {shown:<{width}}  {c.heading}{how}".rstrip())
        if self.records:
            for r in self.records:
                out.append(f"  {r.key:<11} {r.value}  (line {r.line}: {r.printed!r})")
        else:
            out.append("  record      no version, adoption or review details found")
        if self.roles:
            out.append(f"  roles       {len(self.roles)}")
            for role in self.roles:
                title = f' titled "{role.title}"' if role.title else ""
                places = len(role.cite)
                out.append(f"                {role.id}{title}: {role.count} mention{'s' if role.count != 1 else ''} "
                           f"in {places} clause{'s' if places != 1 else ''}")
        live = self.live
        if live:
            aligned = sum(1 for p in live if p.origin.startswith("as "))
            out.append(f"  norms       {len(live)} live: {aligned} by alignment with a known council, "
                       f"{len(live) - aligned} read in full from their sentences")
            for p in live:
                out.append(f"                {p.clause}: {_shown_norm(p)}  ({p.origin})")
        for d in self.dropped:
            out.append(f"  dropped     line {d.line}: {d.text!r} ({d.reason})")
        if self.joined:
            shown = ", ".join(f"{c} (line {line})" for c, line in self.joined)
            out.append(f"  joined      text that ran on after a page break or blank line: {shown}")
        out.append("")
        aligned = [p for p in self.proposed if p.origin.startswith("as ")]
        # one for each line listed below: the findings, the proposed norms (one line), the validation warnings
        n_needs = len(self.needs) + bool(self.rules or self.routes or aligned) + len(self.warnings)
        out.append(f"Needs a person ({n_needs})" if n_needs else "Needs a person: nothing")
        for f in self.needs:
            at = f"line {f.line}: " if f.line else ""
            out.append(f"  {f.topic:<11} {at}{f.message}")
        if self.rules or self.routes or aligned:
            out.append(f"  {'norms':<11} {len(self.rules)} proposed rule{'s' if len(self.rules) != 1 else ''} and "
                       f"{len(self.routes)} proposed route{'s' if len(self.routes) != 1 else ''} read from sentences"
                       f"{f', and {len(aligned)} from weaker matches with known councils,' if aligned else ''} are "
                       "in the file as comments: `councilkit review FILE` walks them one at a time")
            for p in aligned:
                out.append(f"                {p.clause}: {_shown_norm(p)}  ({p.origin})")
            for r in self.rules:
                action = r.action or "?"
                out.append(f"                {r.clause}: {r.effect} {r.actor} {action} {r.target}  ({r.words})")
            for r in self.routes:
                who = ", ".join(r.raised_by) or "?"
                about = f" about {', '.join(r.about)}" if r.about else ""
                sub = "".join(f"; {who_} instead of {instead}" for instead, who_, _ in r.substitute)
                out.append(f"                {r.clause}: raised by {who}{about} -> {r.handler}{sub}")
        for w in self.warnings:
            out.append(f"  {'validate':<11} {w}")
        return "\n".join(out) + "\n"


def _shown_norm(p: Proposal) -> str:
    t = p.table
    if p.kind == "rule":
        return f"{t.get('effect')} {t.get('actor')} {t.get('action') or '?'} {t.get('target') or ''}".rstrip()
    steps = " -> ".join("/".join(step.get("handler", [])) for step in t.get("step", []))
    return f"raised by {', '.join(t.get('raised_by', [])) or '?'} -> {steps}"


def heading_findings(clauses: list[DraftClause]) -> list[Finding]:
    """A finding for each heading found in an uncertain way."""
    out = []
    for c in clauses:
        if c.heading and c.heading_how in _HEADING_CHECKS and (c.heading_how != "bold" or c.text):
            out.append(Finding("heading", f'{c.label or c.id} "{c.heading}": heading {_HEADING_CHECKS[c.heading_how]}; '
                               "check it is a heading and not the start of the text", c.line, c.id))
    return out


def record(key: str, value: object, printed: str, line: int) -> RecordFound:
    return RecordFound(key, _shown(value), printed, line)
