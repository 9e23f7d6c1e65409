"""Cutting the body of a document into clauses, with ids from its own numbering.

Two passes.  The first groups lines into *units*: a numbered line, a lettered
item, a bullet, or a paragraph, each with the lines that run on from it.  A
number counts as a clause number only where the numbering makes it plausible
(so "1.5 million" inside a sentence stays text, and a bare "3" between pages is
a page number).  The second pass turns units into clauses:

- ``4.`` / ``4`` / ``4.2`` / ``2.2.3`` -> ids ``4``, ``4.2``, ``2.2.3``, label as printed;
- ``a)``, ``(a)``, ``a.``, ``i.`` under 3.1 -> ``3.1(a)``, ``3.1(i)``; a roman list inside a
  lettered item -> ``3.1(a)(i)``; ``3.1(a)`` printed in full -> ``3.1(a)``;
- the n-th bullet under 2.1 -> ``2.1.bn``, label as printed (a Markdown ``-`` is ``•``);
- an unnumbered heading -> a slug of it, ``group-briefings``; its paragraphs ->
  ``group-briefings.p1``...;
- text before the first heading or number -> ``preamble``;
- paragraphs under a numbered clause are its text, joined by blank lines, unless
  they alternate with lists ("What members can expect:" + bullets, "What officers
  can expect:" + bullets): then each paragraph is ``4.p1``, ``4.p2``... with its
  list under it, so no list loses its introduction;
- a paragraph that continues a sentence cut by a page break (the previous one
  ends without punctuation, on a word like "the", or the next starts in lower
  case) is joined to it with a space.

Everything the numbering leaves unclear (a gap, a number printed twice, a
letter read as another) is a :class:`Finding` for the report.

The first pass is :mod:`councilkit.importer.units`; the clause, its kinds, the finding and the
result are in :mod:`councilkit.importer.draft`; the second pass is here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from councilkit.importer.draft import (
    BULLETED,
    HEADING,
    LETTERED,
    NUMBERED,
    PARAGRAPH,
    PREAMBLE,
    DraftClause,
    Finding,
    Segmented,
)
from councilkit.importer.headings import (
    bold_heading,
    colon_heading,
    heading_like,
    runin_heading,
    slug,
)
from councilkit.importer.labels import (
    BULLET,
    DECIMAL,
    ITEM,
    LOOKALIKES,
    Label,
    next_letter,
    roman_value,
    to_roman,
)
from councilkit.importer.lines import Line, plain
from councilkit.importer.units import (
    _SENTENCE_END,
    Unit,
    _ends_sentence,
    _open_end,
    _starts_lower,
    _starts_upper,
    _units,
    join_lines,
    short_heading,
)
from councilkit.model import derived_parent


@attrs.define
class _Frame:
    """An open list: what kind, whose items, the last item's value and clause."""

    kind: str  # letter | roman | digit | bullet
    owner: str
    last: str
    last_id: str
    indent: int = 0


class _Builder:
    def __init__(self, units: list[Unit], findings: list[Finding]):
        self.units = units
        self.findings = findings
        self.clauses: list[DraftClause] = []
        self.by_id: dict[str, DraftClause] = {}
        self.section: DraftClause | None = None
        self.heading: DraftClause | None = None  # the unnumbered heading numbered clauses sit under
        self.prefix = ""  # the heading whose slug prefixes ids where the numbering starts again under it
        self.last_numbered: DraftClause | None = None
        self.mode = "text"  # how paragraphs attach to the section: text | paragraphs
        self.owner: DraftClause | None = None  # who owns a list that starts now
        self.frames: list[_Frame] = []
        self.counts: dict[tuple[str, str], int] = {}
        self.repeats: dict[str, int] = {}  # id printed again -> the last suffix given to it
        self.joins: list[tuple[str, int]] = []
        self.continues = [self._continues(i) for i in range(len(units))]
        self.slug_heading = [self._is_heading(i) for i in range(len(units))]
        # no number and no heading anywhere: each paragraph is a clause of its own, by position
        self.flat = not any(u.kind in (DECIMAL, ITEM) for u in units) and not any(self.slug_heading)

    # classification ---------------------------------------------------------------------------
    def _heading_only(self, i: int) -> bool:
        """Is unit ``i`` a number with a heading and no text (so text after it cannot continue it)?"""
        unit = self.units[i]
        if unit.kind != DECIMAL:
            return False
        if len(unit.lines) != 1:
            return not unit.lines
        first = unit.lines[0]
        bold = bold_heading(first)
        return (bold is not None and not bold[1]) or heading_like(plain(first), sentence_case=True)

    def _continues(self, i: int) -> bool:
        """Does paragraph ``i`` carry on a sentence the unit before it left open (a page break)?"""
        unit = self.units[i]
        if unit.kind != "para" or i == 0 or unit.heading_level:
            return False
        prev = self.units[i - 1]
        if not prev.lines or (prev.kind == "para" and (prev.heading_level or self._standalone_heading(i - 1))):
            return False
        if self._heading_only(i - 1):
            return False
        tail = plain(prev.lines[-1])
        first = plain(unit.lines[0])
        if _SENTENCE_END.search(tail.rstrip()):
            return False
        if len(unit.lines) == 1 and heading_like(first) and i + 1 < len(self.units) and (
                self.units[i + 1].kind == DECIMAL
                or (self.units[i + 1].lines and _starts_upper(plain(self.units[i + 1].lines[0])))):
            return False  # "At the Meeting" between two clauses is a heading, not the clause above going on
        return _open_end(tail) or _starts_lower(first)

    def _standalone_heading(self, i: int) -> bool:
        unit = self.units[i]
        if unit.kind != "para":
            return False
        if unit.heading_level:
            return True
        first = unit.lines[0]
        bold = bold_heading(first)
        if bold is not None and not bold[1]:
            text_ok = True
        else:
            text_ok = heading_like(plain(first), sentence_case=len(unit.lines) == 1 and len(plain(first).split()) <= 4)
            if text_ok and not heading_like(plain(first)) and i + 1 < len(self.units):
                # a short phrase in sentence case ("Agreeing a budget") heads only what says a sentence:
                # a column of such phrases (a table copied as text) is text
                nxt = self.units[i + 1]
                text_ok = nxt.kind != "para" or bool(re.search(r"[.:;!?]['\"’”)]*(?:\s|$)", " ".join(nxt.lines)))
        if not text_ok and len(unit.lines) == 1 and short_heading(plain(first)) and i + 1 < len(self.units):
            # a line of its own in sentence case ("How to make a complaint", "Main Responsibilities
            # as part of the Corporate Body"), after a finished sentence and before one that starts
            prev = self.units[i - 1] if i else None
            nxt = self.units[i + 1]
            question = plain(first).rstrip().endswith("?")
            text_ok = (prev is None or not prev.lines or question or _ends_sentence(plain(prev.lines[-1]))
                       or self._standalone_heading_text(i - 1)) and (
                nxt.kind != "para" or (_starts_upper(plain(nxt.lines[0])) and (
                    question or bool(re.search(r"[.:;!?]['\"’”)]*(?:\s|$)", " ".join(nxt.lines))))))
        if not text_ok:
            return False
        if len(unit.lines) > 1:
            return _starts_upper(plain(unit.lines[1]))
        return i + 1 < len(self.units)

    def _standalone_heading_text(self, i: int) -> bool:
        unit = self.units[i]
        return unit.kind == "para" and len(unit.lines) == 1 and (
            bool(unit.heading_level) or heading_like(plain(unit.lines[0]), sentence_case=True))

    def _is_heading(self, i: int) -> bool:
        return not self.continues[i] and self._standalone_heading(i)

    def _interleaved(self, i: int) -> bool:
        """After unit ``i``, up to the next number or heading, does a paragraph follow a list?"""
        seen_list = False
        for j in range(i + 1, len(self.units)):
            unit = self.units[j]
            if unit.kind == DECIMAL or self.slug_heading[j] or self._colon(j):
                return False
            if unit.kind in (ITEM, BULLET):
                seen_list = True
            elif seen_list and not self.continues[j]:
                return True
        return False

    def _colon(self, j: int) -> tuple[str, str] | None:
        unit = self.units[j]
        if unit.kind != "para" or self.continues[j] or not unit.block_start:
            return None
        return colon_heading(plain(unit.lines[0]))

    # building ---------------------------------------------------------------------------------
    def add(self, clause_id: str, kind: str, line: int, **fields: object) -> DraftClause:
        wanted = clause_id
        if clause_id in self.by_id:  # remember the last suffix, so numbering printed again costs no search
            n = self.repeats.get(wanted, 1) + 1
            while f"{wanted}-{n}" in self.by_id:
                n += 1
            self.repeats[wanted] = n
            clause_id = f"{wanted}-{n}"
        if clause_id != wanted:
            self.findings.append(Finding(
                "numbering", f"{wanted} is used twice; the second was given the id {clause_id} "
                "(renumber one of them by hand)", line, clause_id))
        clause = DraftClause(clause_id, kind, line, **fields)  # type: ignore[arg-type]
        self.clauses.append(clause)
        self.by_id[clause_id] = clause
        return clause

    def count(self, owner: str, what: str) -> int:
        key = (owner, what)
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key]

    def build(self) -> list[DraftClause]:
        for i, unit in enumerate(self.units):
            if unit.kind == DECIMAL:
                self.numbered(i, unit)
            elif unit.kind == ITEM:
                self.item(unit)
            elif unit.kind == BULLET:
                self.bullet(unit)
            else:
                self.paragraph(i, unit)
        return self.clauses

    def start_section(self, clause: DraftClause, i: int, paragraphs: bool | None = None) -> None:
        self.section = clause
        self.owner = clause
        self.frames = []
        self.mode = "paragraphs" if (paragraphs if paragraphs is not None else self._interleaved(i)) else "text"

    def numbered(self, i: int, unit: Unit) -> None:
        label = unit.label
        assert label is not None
        heading, how, text_lines = self.split_heading(i, unit)
        number = self.number_for(label, unit.line)
        clause = self.add(number, NUMBERED, unit.line,
                          label=None if label.printed == number else label.printed,
                          heading=heading, heading_how=how)
        if text_lines:
            clause.paragraphs.append(join_lines(text_lines))
        # a clause whose number names no clause above it ("2.1" with no "2") sits in the section it
        # is printed under: the unnumbered heading before it
        implied = derived_parent(number)
        while implied is not None and implied not in self.by_id:
            implied = derived_parent(implied)
        if implied is None and len(label.parts) > 1 and self.heading is not None and self.heading.line < unit.line \
                and (self.last_numbered is None or self.last_numbered.line < self.heading.line
                     or self.last_numbered.parent == self.heading.id):
            clause.parent = self.heading.id
        self.last_numbered = clause
        self.start_section(clause, i)

    def number_for(self, label: Label, line: int) -> str:
        """The id for a clause number: as printed; under a heading where the numbering starts again,
        the heading's slug first (``appendix-a.1``); the next number where a web page prints every
        item of its list as "1."."""
        number = label.number
        last = self.last_numbered
        restarted = number in self.by_id or (self.prefix and f"{self.prefix}.{number}" in self.by_id)
        if restarted and self.heading is not None and (last is None or last.line < self.heading.line):
            self.prefix = self.heading.id
        elif restarted and label.parts == (1,) and last is not None and "." not in last.id.removeprefix(
                f"{self.prefix}.") and last.id.removeprefix(f"{self.prefix}.").isdigit():
            own = int(last.id.removeprefix(f"{self.prefix}.")) + 1
            self.findings.append(Finding(
                "numbering", f"{label.printed} printed again after {last.label or last.id}: read as {own}, the next "
                "item of a numbered list (a web page prints each item of a list as 1.)", line))
            number = str(own)
        return f"{self.prefix}.{number}" if self.prefix else number

    def split_heading(self, i: int, unit: Unit) -> tuple[str | None, str | None, list[str]]:
        """The heading of numbered unit ``i``, how it was found, and the lines of its text."""
        if not unit.lines:
            return None, None, []
        first, more = unit.lines[0], unit.lines[1:]
        bold = bold_heading(first)
        if bold is not None and bold[1]:
            return bold[0], "bold", [bold[1], *more]
        text = plain(first)
        if bold is not None and heading_like(bold[0], sentence_case=True) and (
                more or self._has_content(i) or len(unit.label.parts) == 1):  # type: ignore[union-attr]
            return bold[0], "bold", more
        if unit.heading_level and heading_like(text, sentence_case=True):
            return text, "markdown", more
        if colon := colon_heading(text, min_words=1):
            return colon[0], "colon", [colon[1], *more]
        if runin := runin_heading(text):
            return runin[0], "run-in", [runin[1], *more]
        if heading_like(text, sentence_case=True):
            if more and _starts_upper(plain(more[0])):
                return text, "own line", more
            if not more and (len(unit.label.parts) == 1 or self._has_content(i)):  # type: ignore[union-attr]
                return text, "own line", []
        return None, None, unit.lines

    def _has_content(self, i: int) -> bool:
        """Does something belonging to numbered unit ``i`` follow it (text, a list, a sub-clause)?"""
        if i + 1 >= len(self.units):
            return False
        nxt = self.units[i + 1]
        if nxt.kind != DECIMAL:
            return True
        parts = self.units[i].label.parts  # type: ignore[union-attr]
        return len(nxt.label.parts) > len(parts) and nxt.label.parts[: len(parts)] == parts  # type: ignore[union-attr]

    def paragraph(self, i: int, unit: Unit) -> None:
        if self.continues[i] and self.clauses and self.clauses[-1].paragraphs:
            last = self.clauses[-1]
            last.paragraphs[-1] = f"{last.paragraphs[-1]} {join_lines(unit.lines)}".strip()
            self.joins.append((last.id, unit.line))
            return
        if self.slug_heading[i]:
            first = unit.lines[0]
            bold = bold_heading(first)
            heading = bold[0] if bold is not None else plain(first)
            how = "markdown" if unit.heading_level else ("bold" if bold is not None else "own line")
            clause = self.add(slug(heading), HEADING, unit.line, label="", heading=heading, heading_how=how)
            self.heading = clause
            self.start_section(clause, i, paragraphs=True)
            if unit.lines[1:]:
                self.new_paragraph(unit.lines[1:], unit.line + 1)
            return
        if colon := self._colon(i):
            clause = self.add(slug(colon[0]), HEADING, unit.line, label="", heading=colon[0], heading_how="colon")
            clause.paragraphs.append(join_lines([colon[1], *unit.lines[1:]]))
            self.start_section(clause, i, paragraphs=True)
            return
        if self.section is None:
            clause = self.add(PREAMBLE, PREAMBLE, unit.line, label="")
            clause.paragraphs.append(join_lines(unit.lines))
            self.start_section(clause, i, paragraphs=True if self.flat else None)
            return
        if self.mode == "text" and not self.frames:
            self.section.paragraphs.append(join_lines(unit.lines))
            self.owner = self.section
            return
        self.new_paragraph(unit.lines, unit.line)

    def new_paragraph(self, lines: Sequence[str], line: int) -> None:
        assert self.section is not None
        n = self.count(self.section.id, "p")
        clause = self.add(f"{self.section.id}.p{n}", PARAGRAPH, line, label="", parent=self.section.id)
        clause.paragraphs.append(join_lines(lines))
        self.owner = clause
        self.frames = []

    def list_owner(self, line: int) -> DraftClause:
        if self.owner is None:
            clause = self.add(PREAMBLE, PREAMBLE, line, label="")
            self.start_section(clause, -1, paragraphs=False)
        assert self.owner is not None
        return self.owner

    def item(self, unit: Unit) -> None:
        label = unit.label
        assert label is not None
        if label.within:
            self.full_item(unit, label)
            return
        token = label.token
        low = token.lower()
        kind, frame = self.item_kind(token, unit)
        if frame is None:
            top = self.frames[-1] if self.frames and self.frames[-1].kind != "bullet" else None
            if top is not None and kind != top.kind:
                owner = top.last_id  # a new list inside the last item: (a) > (i)
            else:
                while self.frames and self.frames[-1].kind == "bullet":
                    self.frames.pop()
                owner = self.list_owner(unit.line).id
                self.frames = [f for f in self.frames if f.owner != owner]
            frame = _Frame(kind, owner, "", "", unit.indent)
            self.frames.append(frame)
            first = {"letter": "a", "roman": "i", "digit": "1"}[kind]
            if kind == "letter" and low != first and (token, "a") not in LOOKALIKES:
                self.findings.append(Finding("numbering", f"the list under {owner} starts at {label.printed}, not a)",
                                             unit.line, owner))
        else:
            while self.frames and self.frames[-1] is not frame:
                self.frames.pop()
        value = self.item_value(kind, token, frame, unit)
        clause = self.add(f"{frame.owner}({value})", LETTERED, unit.line, label=label.printed, parent=frame.owner)
        clause.paragraphs.append(join_lines(unit.lines))
        frame.last, frame.last_id = value, clause.id

    def item_kind(self, token: str, unit: Unit) -> tuple[str, _Frame | None]:
        """Is ``token`` a letter, a roman numeral or a number, and which open list does it continue?"""
        if token.isdigit():
            return "digit", self.find_frame("digit")
        low = token.lower()
        letters = self.find_frame("letter")
        romans = self.find_frame("roman")
        could_letter = len(low) == 1 or (len(low) == 2 and low[0] == low[1])
        could_roman = roman_value(low) is not None
        if letters is not None and could_letter:
            expected = next_letter(letters.last)
            if low == expected or (token, expected) in LOOKALIKES:
                return "letter", letters
        if romans is not None and could_roman and roman_value(low) == (roman_value(romans.last) or 0) + 1:
            return "roman", romans
        if could_roman and (not could_letter or low == "i"):
            if romans is not None and (self.frames[-1] is romans or letters is None):
                return "roman", romans
            return "roman", None
        if letters is not None and could_letter:
            return "letter", letters
        return ("letter" if could_letter else "roman"), None

    def find_frame(self, kind: str) -> _Frame | None:
        for frame in reversed(self.frames):
            if frame.kind == kind:
                return frame
        return None

    def item_value(self, kind: str, token: str, frame: _Frame, unit: Unit) -> str:
        low = token.lower()
        if kind == "digit":
            return str(int(token))
        if kind == "roman":
            value = roman_value(low)
            expected = (roman_value(frame.last) or 0) + 1 if frame.last else 1
            printed = unit.label.printed  # type: ignore[union-attr]
            if value is not None and value != expected:
                message = (f"{printed} follows ({frame.last}) under {frame.owner}: there is no ({to_roman(expected)})"
                           if frame.last else f"the list under {frame.owner} starts at {printed}, not (i)")
                self.findings.append(Finding("numbering", message, unit.line, frame.owner))
            return low
        expected = next_letter(frame.last) if frame.last else "a"
        printed = unit.label.printed  # type: ignore[union-attr]
        if low != expected and (token, expected) in LOOKALIKES:
            after = f" (the letter after {frame.last})" if frame.last else ""
            self.findings.append(Finding("numbering", f"{printed} is read as {expected}){after}", unit.line,
                                         f"{frame.owner}({expected})"))
            return expected
        if frame.last and low != expected:
            self.findings.append(Finding("numbering", f"{printed} follows {frame.last}) under {frame.owner}: "
                                         f"there is no {expected})", unit.line, frame.owner))
        return low

    def full_item(self, unit: Unit, label: Label) -> None:
        """An item printed with its clause number: ``3.1(a)``."""
        owner = ".".join(map(str, label.within))
        value = label.token.lower()
        clause = self.add(f"{owner}({value})", LETTERED, unit.line, label=label.printed, parent=owner)
        clause.paragraphs.append(join_lines(unit.lines))
        kind = "roman" if roman_value(value) is not None and value != "i" and len(value) > 1 else "letter"
        self.frames = [_Frame(kind, owner, value, clause.id, unit.indent)]

    def bullet(self, unit: Unit) -> None:
        label = unit.label
        assert label is not None
        while self.frames and self.frames[-1].kind == "bullet" and unit.indent < self.frames[-1].indent - 1:
            self.frames.pop()
        top = self.frames[-1] if self.frames else None
        if top is not None and top.kind == "bullet" and unit.indent <= top.indent + 1:
            frame = top
        else:
            if top is not None and unit.indent > top.indent + 1:
                owner = top.last_id  # a list inside the last item or bullet
            else:
                owner = self.list_owner(unit.line).id
                self.frames = []
            frame = _Frame("bullet", owner, "", "", unit.indent)
            self.frames.append(frame)
        n = self.count(frame.owner, "b")
        clause = self.add(f"{frame.owner}.b{n}", BULLETED, unit.line, label=label.printed, parent=frame.owner)
        clause.paragraphs.append(join_lines(unit.lines))
        frame.last, frame.last_id = str(n), clause.id


def segment(
    lines: Sequence[Line],
    labels: Sequence[Label | None],
    start: int,
    dropped: dict[int, str],
) -> Segmented:
    """The clauses of the body (lines from ``start``, without the ``dropped`` furniture)."""
    findings: list[Finding] = []
    page_numbers: list[tuple[int, str]] = []
    units = _units(lines, labels, start, dropped, findings, page_numbers)
    builder = _Builder(units, findings)
    clauses = builder.build()
    clauses = _settle(clauses, findings)
    return Segmented(clauses, findings, page_numbers, builder.joins)


def _settle(clauses: list[DraftClause], findings: list[Finding]) -> list[DraftClause]:
    """Leave out clauses with neither heading nor text, and note where each clause belongs."""
    kept = []
    for clause in clauses:
        if not clause.text.strip() and not (clause.heading or "").strip():
            findings.append(Finding(
                "placing", f"{clause.label or clause.id} is printed with no heading and no text; "
                "it was left out (its sub-clauses stay, under the clause above it)", clause.line, clause.id))
            continue
        kept.append(clause)
    return kept
