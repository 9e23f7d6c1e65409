"""What segmenting makes: each clause as the import builds it (``DraftClause``) with its kind
(numbered, heading, preamble, paragraph, lettered item, bullet), what the import could not settle
alone (``Finding``), and the whole result (``Segmented``).  :mod:`councilkit.importer.segment`
makes them.
"""

from __future__ import annotations

import attrs

#: kinds of clause
NUMBERED = "numbered"
HEADING = "heading"  # an unnumbered heading (slug id)
PREAMBLE = "preamble"
PARAGRAPH = "paragraph"  # an unnumbered paragraph (.pN)
LETTERED = "item"
BULLETED = "bullet"


@attrs.define
class DraftClause:
    """A clause as the import builds it."""

    id: str
    kind: str
    line: int
    label: str | None = None  # as printed; None = same as the id
    heading: str | None = None
    heading_how: str | None = None  # markdown, bold, colon, run-in, own line
    paragraphs: list[str] = attrs.field(factory=list)
    parent: str | None = None
    #: the text, once the clause is complete (``done``): read many times after segmenting
    _done: str | None = attrs.field(default=None, init=False, repr=False, eq=False)

    @property
    def text(self) -> str:
        if self._done is not None:
            return self._done
        return "\n\n".join(p for p in self.paragraphs if p)

    def done(self) -> None:
        """The clause is complete: its text no longer changes."""
        self._done = "\n\n".join(p for p in self.paragraphs if p)


@attrs.frozen
class Finding:
    """Something the import could not settle alone: ``topic`` is numbering, placing, heading..."""

    topic: str
    message: str
    line: int | None = None
    clause: str | None = None


@attrs.define
class Segmented:
    clauses: list[DraftClause]
    findings: list[Finding]
    page_numbers: list[tuple[int, str]]  # (line, text) of bare numbers taken as page numbers
    joins: list[tuple[str, int]]  # (clause id, line) where text continued across a break
