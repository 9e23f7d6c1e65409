"""The adoption record: title, version, adoption date, adopted by, minute, review cycle and date.

Protocols print these in a table at the top ("Version number<TAB>1.0<TAB>Minute
reference<TAB>PER20/21-008(c)"), as "Key: value" lines, as a line such as
"Reviewed and updated February 2016", or in a sentence ("Adopted by Full
Council on 12 May 2021, minute 45/21").  :func:`read_front_matter` reads the
lines before the first clause: the title, the council's name as printed, and
these records.  :func:`metadata_fields` also recognises a record line on its own
in the body, where it is page furniture (a running "Reviewed and revised
February 2016"); there only the strict "key value" form counts, so a sentence of
a clause is never taken for one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import attrs

from councilkit.importer.headings import heading_like, title_case
from councilkit.importer.labels import DECIMAL, Label
from councilkit.importer.lines import Line, plain, tidy

# --- dates and review cycles ----------------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+"
_DATE_FORMS = (
    re.compile(rf"(?:{_DAY})?(?P<d>\d{{1,2}})\s*(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})", re.I),
    re.compile(rf"(?:{_DAY})?(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})", re.I),
    re.compile(r"(?P<y>\d{4})-(?P<mn>\d{1,2})-(?P<d>\d{1,2})"),
    re.compile(r"(?P<d>\d{1,2})[/.](?P<mn>\d{1,2})[/.](?P<y>\d{4}|\d{2})(?!\d)"),
)
_MONTH_YEAR = re.compile(rf"(?P<m>{_MONTH}),?\s+(?P<y>\d{{4}})", re.I)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18, "twenty-four": 24, "a": 1}
_FREQUENCIES = {
    "annually": 12, "annual": 12, "yearly": 12, "every year": 12, "each year": 12, "once a year": 12,
    "biennially": 24, "biennial": 24, "triennially": 36, "triennial": 36, "quarterly": 3,
    "six-monthly": 6, "six monthly": 6, "half-yearly": 6, "half yearly": 6, "monthly": 1,
}
_EVERY = re.compile(r"(?:(?:every|each)\s+)?(?P<n>\d{1,2}|[a-z-]+)\s*(?P<unit>years?|months?)")


def parse_date(text: str) -> tuple[dt.date | None, tuple[int, int] | None, str]:
    """The first date in ``text``: ``(date, None, printed)``, or ``(None, (year, month), printed)``
    for a month and year alone, or ``(None, None, "")``."""
    for form in _DATE_FORMS:
        m = form.search(text)
        if not m:
            continue
        groups = m.groupdict()
        month = _MONTHS[groups["m"].lower().rstrip(".")] if groups.get("m") else int(groups["mn"])
        year = int(groups["y"])
        if year < 100:
            year += 2000
        try:
            return dt.date(year, month, int(groups["d"])), None, m.group()
        except ValueError:
            continue
    m = _MONTH_YEAR.search(text)
    if m:
        return None, (int(m.group("y")), _MONTHS[m.group("m").lower().rstrip(".")]), m.group()
    return None, None, ""


def end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_frequency(text: str) -> int | None:
    """A review cycle in months: "Annually" -> 12, "every two years" -> 24, "6 months" -> 6."""
    value = text.strip().strip(".").lower()
    value = re.sub(r"^(?:to be\s+)?(?:reviewed\s+)?", "", value)
    if value in _FREQUENCIES:
        return _FREQUENCIES[value]
    m = _EVERY.fullmatch(value)
    if not m:
        return None
    n, unit = m.group("n"), m.group("unit")
    count = int(n) if n.isdigit() else _NUMBER_WORDS.get(n)
    if not count:
        return None
    return count * (12 if unit.startswith("year") else 1)


# --- what a record says ----------------------------------------------------------------------

_KEYS = (
    ("adopted_by", r"(?:adopted|approved|agreed) by"),
    ("revised", r"reviewed and (?:updated|revised|amended|re-?adopted)|(?:last )?(?:revised|updated|amended)"
                r"(?: on)?|(?:date )?(?:of )?last review(?:ed)?|revision date|date (?:last )?(?:revised|reviewed)"),
    ("review", r"date of next review|next review(?: date| due)?|review(?: due| date| frequency| cycle| period| by)"
               r"(?: date)?|(?:to be )?reviewed every|review|reviewed"),
    ("adopted", r"date (?:of )?(?:adoption|approval)|date (?:adopted|approved)|(?:adoption|approval) date|"
                r"(?:adopted|approved)(?: on)?"),
    ("minute", r"(?:council |committee )?(?:minute|min\.?|resolution)(?: reference| ref\.?| number| no\.?)?"),
    ("version", r"(?:document )?version(?: number| no\.?)?|issue(?: number| no\.?)?|ver\.?"),
)
_KEY = {name: re.compile(pattern, re.I) for name, pattern in _KEYS}
_PREFIX = re.compile(
    r"^(?P<key>" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _KEYS) + r")(?:\s*[:\-–—]\s*|\s+)(?P<value>\S.*)$",
    re.I,
)
_VERSION = re.compile(r"v?\.?\s*(?P<v>\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)", re.I)
_MINUTE = re.compile(r"(?:[A-Za-z]{1,8}\.?\s?)?[\w/().-]*\d[\w/().-]*")
_ADOPTED_LEAD = re.compile(
    r"(?:the\s+|(?:and (?:approved|agreed)\s+)?(?:at|by|in)\b.{0,80}?\bon\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)"
    r"day,?\s+)?(?:the\s+)?)",
    re.I,
)
_ADOPTED_BY_TAIL = re.compile(r"\s+(?:on|at)\b.*$|\s*[,;(].*$", re.I)

#: the fields of ``[protocol]`` the import can fill, in the order the report shows them
FIELDS = ("version", "adopted", "adopted_by", "minute", "review_months", "review_due", "revised")


@attrs.frozen
class Value:
    """One record value: the ``[protocol]`` key it fills, the value, and the text as printed."""

    key: str
    value: Any
    printed: str


@attrs.frozen
class Unreadable:
    """A record whose value could not be used: the key it names, the text, and why."""

    key: str
    printed: str
    why: str


def _values(key: str, printed: str) -> list[Value | Unreadable]:
    """What ``key`` with value ``printed`` fills in ``[protocol]``; Unreadable if it cannot."""
    text = printed.strip().rstrip(".;,").strip()
    if not text:
        return [Unreadable(key, printed, "no value is given")]
    if key == "version":
        m = _VERSION.fullmatch(text)
        return [Value("version", m.group("v"), text)] if m else [Unreadable(key, text, "not a version number")]
    if key == "minute":
        ok = len(text) <= 40 and _MINUTE.fullmatch(text) is not None
        return [Value("minute", text, text)] if ok else [Unreadable(key, text, "not a minute reference")]
    if key == "adopted":
        day, month_year, shown = parse_date(text)
        if day is not None and len(shown) >= len(text) - 2:
            return [Value("adopted", day, text)]
        if day is not None and text.endswith(shown) and _ADOPTED_LEAD.fullmatch(text[: -len(shown)]):
            # "Adopted on the 25th July 2017", "Adopted and Approved at the Meeting of the Parish
            # Council on Monday 2nd November 2015"
            return [Value("adopted", day, text)]
        if month_year is not None:
            return [Unreadable(key, text, "the adoption date has no day; write adopted = YYYY-MM-DD by hand")]
        return [Unreadable(key, text, "not a date")]
    if key == "adopted_by":
        body = _ADOPTED_BY_TAIL.sub("", text).strip()
        body = re.sub(r"^the\s+", "", body, flags=re.I)
        out: list[Value | Unreadable] = []
        if body and len(body.split()) <= 10 and body[0].isupper():
            out.append(Value("adopted_by", body, body))
        else:
            out.append(Unreadable(key, text, "not the name of a council or committee"))
        rest = text[len(body):]
        day, _, shown = parse_date(rest)
        if day is not None:
            out.append(Value("adopted", day, shown))
        m = re.search(r"\bminute\s*(?:ref(?:erence)?\.?|no\.?|number)?\s*:?\s*(?P<m>[A-Za-z]{0,6}\d[\w/().-]*)", rest, re.I)
        if m:
            out.append(Value("minute", _balanced(m.group("m")), m.group()))
        return out
    if key in ("review", "revised"):
        months = parse_frequency(text)
        if months is not None:
            return [Value("review_months", months, text)]
        day, month_year, shown = parse_date(text)
        if len(shown) < len(text) - 2:
            return [Unreadable(key, text, "neither a date nor a review cycle")]
        if key == "revised":
            return [Value("revised", text, text)]
        if day is not None:
            return [Value("review_due", day, text)]
        if month_year is not None:
            return [Value("review_due", end_of_month(*month_year), text)]
    return [Unreadable(key, text, "not understood")]


def _balanced(text: str) -> str:
    text = text.rstrip(".,;")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    return text


def _cells(line: Line, front: bool) -> list[str]:
    raw = line.raw.strip()
    if "\t" in raw:
        cells = re.split(r"\t+", raw)
    elif raw.startswith("|") and raw.endswith("|"):
        cells = raw.strip("|").split("|")
    elif front and re.search(r"\S {3,}\S", raw):
        cells = re.split(r" {3,}", raw)
    else:
        return [line.text]
    return [plain(tidy(c)).strip(" :") for c in cells if tidy(c)]


def _key_of(cell: str) -> str | None:
    cell = cell.strip().rstrip(":.").strip()
    for name, pattern in _KEY.items():
        if pattern.fullmatch(cell):
            return name
    return None


def _sentence_fields(text: str) -> list[Value]:
    """Records stated in a sentence: "Adopted by Full Council on 12 May 2021 (minute 45/21)"."""
    found: list[Value] = []
    if m := re.search(r"\b(?:adopted|approved)\s+by\s+(?P<v>(?:the\s+)?[A-Z][^,.;()]*?)(?=\s+(?:on|at|in)\b|\s*[,.;(]|$)",
                      text):
        found.extend(v for v in _values("adopted_by", m.group("v")) if isinstance(v, Value))
    if (m := re.search(r"\b(?:adopted|approved)\b.*?\bon\s+(?P<v>.*)$", text, re.I)) and "adopted" not in {
            v.key for v in found}:
        day, _, shown = parse_date(m.group("v"))
        if day is not None and m.group("v").startswith(shown.split()[0]):
            found.append(Value("adopted", day, shown))
    if (m := re.search(r"\bminute\s*(?:ref(?:erence)?\.?|no\.?|number)?\s*:?\s*(?P<v>[A-Za-z]{0,6}\d[\w/().-]*)", text, re.I)) \
            and "minute" not in {v.key for v in found}:
        found.append(Value("minute", _balanced(m.group("v")), m.group()))
    if m := re.search(r"\breviewed\s+(?P<v>annually|yearly|biennially|triennially|every\s+\S+\s+(?:years?|months?))",
                      text, re.I):
        found.extend(v for v in _values("review", m.group("v")) if isinstance(v, Value))
    if m := re.search(r"\bnext review\b\D*?(?P<v>(?:\d{1,2}\s*(?:st|nd|rd|th)?\s+)?[A-Za-z]+\.?,?\s+\d{4})", text, re.I):
        found.extend(v for v in _values("review", m.group("v")) if isinstance(v, Value))
    return found


def metadata_fields(line: Line, *, front: bool) -> list[Value | Unreadable] | None:
    """The records on ``line``, or None if it is not a record line.

    In the body (``front=False``) a line counts only in the strict forms, a table
    row or "key value" with a value that reads as one; at the front, sentences
    that state an adoption or review count too.
    """
    cells = _cells(line, front)
    if len(cells) >= 2 and len(cells) % 2 == 0:
        keys = [_key_of(c) for c in cells[::2]]
        if all(keys):
            out: list[Value | Unreadable] = []
            for key, value in zip(keys, cells[1::2], strict=True):
                out.extend(_values(key, value))  # type: ignore[arg-type]
            return out
    text = line.text
    if len(text.split()) > (30 if front else 12):
        return None
    m = _PREFIX.match(text)
    if m:
        key = next(name for name, _ in _KEYS if m.group(name))
        found = _values(key, m.group("value"))
        if front or all(isinstance(v, Value) for v in found):
            return found
        return None
    if not front:
        return None
    return list(_sentence_fields(text)) or None


# --- the front matter ------------------------------------------------------------------------

_TITLE_WORDS = re.compile(
    r"\b(?:protocols?|code of|policy|charter|guidance|guide|relations|relationships|procedures?|framework|"
    r"standards|concordat|agreement)\b",
    re.I,
)
#: words that make an unnumbered first line a title too ("Role of Parish Clerk and Parish Councillor")
_UNNUMBERED_TITLE_WORDS = re.compile(r"\b(?:roles? of|responsibilities)\b", re.I)
_NAME = re.compile(r"\b(?:council|authority)$", re.I)
#: first words of a page heading that ends in "Council" without naming one ("Your Council")
_NOT_NAMES = frozenset(["your", "our", "the", "about", "this", "parish", "town", "community", "a", "my"])
_ASIDE = re.compile(
    r"^(?:draft|final|confidential|official|not protectively marked|(?:appendix|annex|schedule|enclosure|"
    r"agenda item|item)\s+[\w.]{1,6}|[\w ]{0,20}\d{4})$",
    re.I,
)


@attrs.define
class Metadata:
    """What the document says about itself."""

    title: str | None = None
    title_line: int | None = None
    title_number: str | None = None  # the title is printed with a number ("8. Protocol for ...")
    name: str | None = None  # the council, as the document names it
    name_line: int | None = None
    values: dict[str, tuple[Value, int]] = attrs.field(factory=dict)  # key -> (value, line)
    unreadable: list[tuple[Unreadable, int]] = attrs.field(factory=list)
    conflicts: list[tuple[Value, int, Value, int]] = attrs.field(factory=list)

    def take(self, found: Sequence[Value | Unreadable], line: int) -> None:
        for item in found:
            if isinstance(item, Unreadable):
                self.unreadable.append((item, line))
            elif item.key not in self.values:
                self.values[item.key] = (item, line)
            elif self.values[item.key][0].value != item.value:
                first, first_line = self.values[item.key]
                self.conflicts.append((first, first_line, item, line))

    def get(self, key: str) -> Any:
        found = self.values.get(key)
        return found[0].value if found else None


@attrs.frozen
class FrontMatter:
    metadata: Metadata
    end: int  # index of the first line after the front matter
    lines: tuple[int, ...]  # indices of the lines it used (title, name, records)
    asides: tuple[int, ...]  # indices of lines it could not place ("DRAFT", "Appendix 3")


def _numbered_title_ok(label: Label, labels: Sequence[Label | None]) -> bool:
    """A numbered title ("8. Protocol for ...") is a section number of a larger document only if
    nothing else in the document is numbered under it or next to it."""
    n = label.parts[0]
    if len(label.parts) != 1:
        return False
    return not any(
        other is not None and other is not label and other.kind == DECIMAL
        and (other.parts[0] == n or (len(other.parts) == 1 and abs(other.parts[0] - n) == 1))
        for other in labels
    )


def _title(line: Line, label: Label | None, labels: Sequence[Label | None]) -> tuple[str, str | None] | None:
    text, number = line.text, None
    if label is not None:
        if label.kind != DECIMAL or not label.rest or not _numbered_title_ok(label, labels):
            return None
        text, number = plain(label.rest), label.printed
    if not (_TITLE_WORDS.search(text) or (number is None and _UNNUMBERED_TITLE_WORDS.search(text))) \
            or len(text.split()) > 16:
        return None
    if not (heading_like(text.replace(": ", " "), sentence_case=True, max_words=16) or line.heading_level or line.bold):
        return None
    return title_case(text), number


def read_front_matter(lines: Sequence[Line], labels: Sequence[Label | None], skip: set[int]) -> FrontMatter:
    """Read the title, the council's name and the adoption records from the top of the document.

    The front matter ends at the first line that is none of these: a clause
    number, a heading, or a paragraph of text.  Lines in ``skip`` (page numbers, a
    table of contents) are passed over.
    """
    meta = Metadata()
    used: list[int] = []
    asides: list[int] = []
    i = 0
    while i < len(lines):
        line, label = lines[i], labels[i]
        if line.blank or i in skip:
            i += 1
            continue
        found = metadata_fields(line, front=True) if label is None else None
        if found and any(isinstance(v, Value) for v in found):
            meta.take(found, line.number)
        elif meta.title is None and (title := _title(line, label, labels)) is not None:
            meta.title, meta.title_number = title
            meta.title_line = line.number
        elif meta.name is None and label is None and _NAME.search(line.text) and len(line.text.split()) <= 8 \
                and line.text.split()[0].lower() not in _NOT_NAMES:
            meta.name, meta.name_line = title_case(line.text), line.number
        elif found:
            meta.take(found, line.number)  # a record whose value cannot be read: the report says so
        elif label is None and _ASIDE.match(line.text):
            asides.append(i)
            i += 1
            continue
        else:
            break
        used.append(i)
        i += 1
    return FrontMatter(meta, i, tuple(used), tuple(asides))
