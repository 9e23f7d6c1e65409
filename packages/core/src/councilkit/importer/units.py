"""The first pass of segmenting: lines grouped into *units* (a numbered line, a lettered item, a
bullet, or a paragraph, each with the lines that run on from it), and the tests of how a line ends
or starts that decide whether text runs on across a page break or a line is a heading of its own.
:mod:`councilkit.importer.segment` turns the units into clauses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from councilkit.importer.draft import Finding
from councilkit.importer.headings import (
    OPEN_ENDINGS,
    heading_like,
)
from councilkit.importer.labels import (
    BULLET,
    DECIMAL,
    ITEM,
    Label,
    plausible_next,
    step_note,
)
from councilkit.importer.lines import Line, plain


@attrs.define
class Unit:
    kind: str  # decimal | item | bullet | para
    line: int
    lines: list[str]  # marked text
    label: Label | None = None
    indent: int = 0
    heading_level: int = 0
    block_start: bool = True


_SENTENCE_END = re.compile(r"[.!?:;]['\"’”)]*$|:-$")
_CLOSED = re.compile(r"[.!?:;)\]'\"’”]$")


def _starts_upper(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.isupper()
        if ch.isdigit():
            return True
        if ch not in "\"'‘“([*_":
            return False
    return False


def _starts_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch not in "\"'‘“([*_":
            return False
    return False


def join_lines(lines: Sequence[str]) -> str:
    """The lines of one paragraph as one text: a line break where a line ends a sentence or an
    entry and the next starts with a capital (a list of references); a space where a sentence
    runs on from one line to the next."""
    out = ""
    for raw in lines:
        line = plain(raw).strip()
        if not line:
            continue
        if not out:
            out = line
        elif _CLOSED.search(out) and _starts_upper(line):
            out += "\n" + line
        else:
            out += " " + line
    return out


def _open_end(text: str) -> bool:
    """Does ``text`` stop mid-sentence (on a small word, a comma, a dash)?"""
    text = text.rstrip()
    if not text or _SENTENCE_END.search(text):
        return False
    if text[-1] in ",-–—/&(":
        return True
    last = text.split()[-1].strip("\"'’”").lower()
    return last in OPEN_ENDINGS


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))


def short_heading(text: str) -> bool:
    """Could a line of its own be a heading in sentence case or as a question: at most ten words,
    no closing full stop, not ending on a small word ("How to make a complaint", "What
    constitutes a complaint?")."""
    text = text.strip()
    words = text.split()
    if not words or len(words) > 10 or len(text) > 90 or text[-1] in ".,;:!-–—" or ": " in text:
        return False
    if not _starts_upper(text) or re.search(r"[.;!]\s", text):
        return False
    last = words[-1].strip("\"'’”?").lower()
    return last not in OPEN_ENDINGS or len(words) == 1


def _glued_heading(lines: Sequence[Line], i: int, current: Unit, dropped: dict[int, str]) -> bool:
    """Is line ``i`` a heading printed with no blank line around it ("ROLES OF MEMBERS AND OFFICERS"
    between the end of one clause and the start of the next), so it starts a unit of its own?"""
    text = lines[i].text
    after_item = current.kind in (BULLET, ITEM) and heading_like(text)
    if not current.lines or not (_SENTENCE_END.search(plain(current.lines[-1]).rstrip()) or after_item):
        return False
    if not heading_like(text) or (len(text.split()) == 1 and not text.isupper()):
        return False
    nxt = next((j for j in range(i + 1, min(len(lines), i + 4)) if j not in dropped and not lines[j].blank), None)
    return nxt is not None and _starts_upper(lines[nxt].text)


def _units(
    lines: Sequence[Line],
    labels: Sequence[Label | None],
    start: int,
    dropped: dict[int, str],
    findings: list[Finding],
    page_numbers: list[tuple[int, str]],
) -> list[Unit]:
    units: list[Unit] = []
    current: Unit | None = None
    block_start = True
    last_number: tuple[int, ...] | None = None
    n = len(lines)
    # a web page copied without blank lines prints one paragraph a line: there, a line that starts
    # with a capital after one that ends a sentence (or a heading's line) starts a new paragraph
    body = [line for line in lines[start:] if not line.blank]
    inside = lines[start : max((i for i, line in enumerate(lines) if not line.blank), default=start) + 1]
    dense = len(body) >= 6 and sum(1 for line in inside if line.blank) < len(body) / 10
    for i in range(start, n):
        line = lines[i]
        if i in dropped or line.page_break:
            current, block_start = None, True
        if i in dropped:
            continue
        if line.blank:
            current, block_start = None, True
            continue
        label = labels[i]
        if label is not None and label.kind == DECIMAL:
            if not label.rest and not label.dot and len(label.parts) == 1:
                following = next((j for j in range(i + 1, min(n, i + 4))
                                  if not lines[j].blank and j not in dropped), None)
                # a clause number alone on its line is followed by its heading or text, not by
                # another number ("2" then "2. Roles" is page 2)
                if following is None or labels[following] is not None \
                        or not plausible_next(label.parts, last_number):
                    page_numbers.append((line.number, line.text))
                    current, block_start = None, True
                    continue
            elif not plausible_next(label.parts, last_number) and (
                    not block_start or (len(label.parts) == 1 and not label.dot and _starts_lower(label.rest))) \
                    and not (label.dot and len(label.parts) == 1 and current is not None and current.kind == BULLET
                             and heading_like(plain(label.rest), sentence_case=True)):
                # a number inside running text, or a sentence that starts with one (but "1. Scope"
                # straight after a list, as a web page prints its numbered headings, is a number)
                label = None
        if label is not None and label.kind == DECIMAL:
            note = step_note(label.parts, last_number)
            if note:
                findings.append(Finding("numbering", note, line.number, label.number))
            last_number = label.parts
        if line.heading_level and label is None:
            units.append(Unit("para", line.number, [line.marked], heading_level=line.heading_level))
            current, block_start = None, True
            continue
        if label is None and current is not None and not block_start and dense and current.lines \
                and _starts_upper(line.text) and (_ends_sentence(plain(current.lines[-1]))
                                                  or (len(current.lines) == 1 and short_heading(plain(current.lines[-1])))
                                                  or short_heading(line.text)):
            current = Unit("para", line.number, [line.marked], indent=line.indent, block_start=True)
            units.append(current)
            block_start = False
            continue
        if label is None and current is not None and not block_start and _glued_heading(lines, i, current, dropped):
            units.append(Unit("para", line.number, [line.marked], indent=line.indent))
            current, block_start = None, True
            continue
        if label is not None:
            current = Unit(label.kind, line.number, [label.rest] if label.rest.strip() else [], label,
                           line.indent, line.heading_level, block_start)
            units.append(current)
        elif current is not None and not block_start:
            current.lines.append(line.marked)
        else:
            current = Unit("para", line.number, [line.marked], indent=line.indent, block_start=True)
            units.append(current)
        block_start = False
    return units
