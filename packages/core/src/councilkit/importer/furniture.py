"""Page furniture: what the printed pages repeat that is not part of any clause.

A document saved from Word or PDF keeps its headers, footers and page numbers
as lines of text, often in the middle of a sentence that runs over a page.  A
line is furniture when it is

- a page number ("Page 3", "3 of 12", "- 3 -"); a bare number on its own line
  is judged later, against the clause numbering (``segment.py``);
- a table-of-contents line ("Introduction ........ 3"), or a "Contents" heading;
- a short line printed more than once, on its own (a running header);
- a short line much like one from the title page (a running "Reviewed and
  revised February 2016" under a title page that says "Reviewed and updated");
- an adoption or revision record on its own line in the body.

Each is dropped with its reason, and the report lists every line dropped.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence

import attrs

from councilkit.importer.headings import heading_like
from councilkit.importer.labels import Label
from councilkit.importer.lines import Line
from councilkit.importer.metadata import Value, metadata_fields

PAGE_NUMBER = "a page number"
CONTENTS = "a table of contents line"
REPEATED = "a running line, printed {count} times"
LIKE_TITLE_PAGE = "a running line, like line {line} of the title page"
RECORD = "an adoption or revision record repeated on the page"
WEB = "web page furniture (navigation, a download link, a share button)"

_PAGE = re.compile(
    r"^(?:(?:page|pg\.?|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\d{1,4}\s*(?:of|/)\s*\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]"
    r"|\d{1,4}\s*\|\s*page|page\s*\|\s*\d{1,4}|\[\d{1,4}\])$",
    re.I,
)
_CONTENTS_LINE = re.compile(r"(?:\.{4,}|…{2,}|(?:\. ){3,}|_{4,})\s*\d{1,4}$")
_CONTENTS = re.compile(r"^(?:table of )?contents$", re.I)
_DIGITS = re.compile(r"\d+")
#: whole lines a web page prints around a document: navigation, download and share links, headings of
#: the page rather than the protocol ("IN THIS ARTICLE", "Skip to content"), a file's size
_WEB = re.compile(
    r"^(?:skip to (?:main )?content|skip navigation|loading images\.*|loading\.*|select page|back to top|"
    r"print(?: this page)?|share(?: this(?: page| document| article)?)?(?: with a friend)?|in this (?:article|section|page)|"
    r"on this page|listen|advertisement|menu|search|home|cookie settings|accept(?: all)? cookies|"
    r"(?:view|download|open)(?: the)?(?: full)?(?: document| policy| file| pdf| handbook| protocol)?(?: as a pdf)?"
    r"(?:\s*\(?[\w ,.-]*\b\d+(?:\.\d+)?\s*[km]b\)?)?|"
    r"\(?a pdf version of this [\w ]+ is available(?: for download)?(?: here)?\.?\)?|"
    r"(?:pdf|docx?|word)(?: icon)?\s*(?:pdf|docx?)?\s*\d+(?:\.\d+)?\s*[km]b|"
    r"\(?\d+(?:\.\d+)?\s*[km]b\)?|you are here:?.*|home\s*[>»›|].*|.*\s[>»›]\s.*\s[>»›]\s.*|"
    r"date post:.*|upload:.*|view: \d+ times?|download: \d+ times?|category:.*|"
    r"(?:last )?(?:updated|modified|published)(?: on)?:? \d{1,2}(?:st|nd|rd|th)? \w+ \d{4}|"
    r"uploaded on \w+ \d{1,2}, \d{4}|.*\buploaded on \w+ \d{1,2}, \d{4}|agenda item|"
    r".*\b(?:offcanvas|javascript|cookies? (?:policy|settings))\b.*|[»›]\s*(?:\w+\s*){1,6})$",
    re.I,
)
#: a record printed as a line of its own that the record reader cannot take apart ("Review 09.25",
#: "Adopted December 2007"): kept out of the clauses, and listed in the report
_RECORD_LINE = re.compile(
    r"^(?:date )?(?:adopted|accepted|approved|reviewed|review(?: date| due)?|revised|next review|last "
    r"(?:reviewed|updated|revised))\b[\s:]*(?:on\s+)?(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    r"(?:\d{1,2}[./-]\d{2,4}(?:[./-]\d{2,4})?|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{2,4})$",
    re.I,
)
_WEB_START = frozenset("»›sSlLbBpPiIoOaAmMhHcCvVdDyYuUnNjJ(0123456789")
_MAX_WORDS = 15


@attrs.frozen
class Dropped:
    """A line left out of every clause, and why."""

    line: int
    text: str
    reason: str



def obvious(line: Line) -> str | None:
    """The reason ``line`` is furniture wherever it appears, or None."""
    text = line.text
    if text[0] in _WEB_START and len(text) <= 90 and _WEB.match(text):
        return WEB
    if not (text[-1].isdigit() or text[-1] in "-–—]" or text[-1] in "eEsS"):
        return None  # every form below ends in a number, a dash, a bracket, "page" or "contents"
    if _PAGE.match(text):
        return PAGE_NUMBER
    if (text[-1].isdigit() and _CONTENTS_LINE.search(text)) or _CONTENTS.match(text):
        return CONTENTS
    return None


def _key(text: str) -> str:
    return _DIGITS.sub("#", text.casefold())


def _standalone(lines: Sequence[Line], i: int) -> bool:
    before = i == 0 or lines[i - 1].blank or lines[i].page_break
    after = i + 1 >= len(lines) or lines[i + 1].blank or lines[i + 1].page_break
    return before and after


def find_furniture(
    lines: Sequence[Line],
    labels: Sequence[Label | None],
    body_start: int,
    title_page: Sequence[int],
) -> tuple[dict[int, str], list[tuple[list[Value], int]]]:
    """Furniture in the body: line index -> reason; and the records found on record lines.

    ``title_page`` holds the indices of the front-matter lines (title, name,
    records), which running lines often repeat.
    """
    found: dict[int, str] = {}
    records: list[tuple[list[Value], int]] = []
    candidates: list[int] = []
    for i in range(body_start, len(lines)):
        line = lines[i]
        if line.blank:
            continue
        if reason := obvious(line):
            found[i] = reason
        elif labels[i] is None and len(line.text) <= 60 and line.text[-1].isdigit() \
                and _RECORD_LINE.match(line.text) and not metadata_fields(line, front=False):
            found[i] = RECORD  # a record the reader cannot take apart, on its own line in the body
        elif labels[i] is None and len(line.text.split()) <= _MAX_WORDS:
            candidates.append(i)

    counts = Counter(_key(lines[i].text) for i in (*title_page, *candidates))
    front = [(j, lines[j].text.casefold()) for j in title_page]
    for i in candidates:
        line = lines[i]
        key = _key(line.text)
        if counts[key] >= 2 and (_standalone(lines, i) or heading_like(line.text)):
            found[i] = REPEATED.format(count=counts[key])
            continue
        if not _standalone(lines, i) and not heading_like(line.text):
            continue
        record = metadata_fields(line, front=False)
        if record:
            found[i] = RECORD
            records.append(([v for v in record if isinstance(v, Value)], line.number))
            continue
        text = line.text.casefold()
        for j, other in front:
            if abs(len(other) - len(text)) <= max(8, len(text) // 4) and \
                    difflib.SequenceMatcher(None, text, other, autojunk=False).ratio() >= 0.8:
                found[i] = LIKE_TITLE_PAGE.format(line=lines[j].number)
                break
    return found, records
