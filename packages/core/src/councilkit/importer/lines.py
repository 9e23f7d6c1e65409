"""The document's lines, with the markup of Markdown and Word exports taken off.

Each :class:`Line` keeps its number in the file (for the report), the text as
printed, and what the markup said about it: a Markdown heading (``###``), a
line that is bold throughout, how far it is indented, and whether a page break
comes before it.  ``marked`` keeps bold markers (``**``), which matter for
run-in headings (``2.4 **Officers** The role of officers...``); ``text`` is
plain.  Superscripts (``15 <sup>th</sup>``), HTML entities, Markdown escapes,
non-breaking and zero-width spaces are undone; runs of spaces become one.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import attrs

_TAGS = re.compile(
    r"</?(?:sup|sub|b|i|u|em|strong|span|br|small|big|mark|font|ins|del|s|strike|a)\b[^<>]{0,200}>",
    re.IGNORECASE,
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_MD_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(={3,}|-{3,})[ \t]*$")
_RULE = re.compile(r"^ {0,3}(?:(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|(?:-[ \t]*){3,})$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?")
_BOLD_LINE = re.compile(r"^(\*\*|__)(?P<inner>(?:(?!\1).)+)\1[ \t]*$")
_ODD_SPACE = re.compile("[\u00a0\u2007\u202f\u2009\u200a\u3000\t\f\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_MARKUP_STARTS = frozenset("=-*_>#")
_STRONG = re.compile(r"\*\*|__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])")
_SPACES = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u3000": " ",
    "\t": " ", "\f": " ",
    "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None, "\u00ad": None,
})


@attrs.frozen
class Line:
    """One line of the document."""

    number: int  # 1-based, as an editor counts
    raw: str  # exactly as in the file
    marked: str  # cleaned, with bold markers kept
    text: str  # cleaned and plain
    indent: int = 0  # leading spaces (a tab counts 4)
    heading_level: int = 0  # Markdown heading level, 0 for none
    bold: bool = False  # bold from start to end
    page_break: bool = False  # a page break (form feed) comes before it

    @property
    def blank(self) -> bool:
        return not self.text


def tidy(text: str) -> str:
    """Undo HTML tags and entities, Markdown escapes and odd spaces; collapse runs of spaces."""
    if "<" in text:
        text = _TAGS.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if _ODD_SPACE.search(text):
        text = text.translate(_SPACES)
    return " ".join(text.split())


def plain(text: str) -> str:
    """``text`` without bold or italic markers."""
    if "*" not in text and "_" not in text:
        return text
    text = _STRONG.sub("", text)
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)
    return " ".join(text.split())


def _indent(raw: str) -> int:
    if raw[:1] not in " \t\u00a0\f":
        return 0
    width = 0
    for ch in raw:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4
        elif ch in "\u00a0\f":
            width += ch != "\f"
        else:
            break
    return width


def split_runin(lines: list[Line], split: Callable[[str], list[str]]) -> list[Line]:
    """``lines`` with each line ``split`` cuts into several given as several lines with the same number."""
    out: list[Line] = []
    for line in lines:
        if line.blank or line.heading_level:
            out.append(line)
            continue
        parts = split(line.marked)
        if len(parts) == 1:
            out.append(line)
            continue
        for n, part in enumerate(parts):
            out.append(attrs.evolve(line, marked=part, text=plain(part), page_break=line.page_break and n == 0,
                                    bold=False))
    return out


def read_lines(text: str) -> list[Line]:
    """Every line of ``text`` (split on newlines only, so numbers match the file)."""
    out: list[Line] = []
    page_break = False
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            page_break = True
        body = raw
        level = 0
        first = raw.lstrip()[:1]
        if first in _MARKUP_STARTS:  # the Markdown below starts with one of these: skip it otherwise
            if (m := _SETEXT.match(body)) and out and not out[-1].blank and not out[-1].heading_level:
                # a Markdown underline ("Title\n=====") makes the line above a heading
                out[-1] = attrs.evolve(out[-1], heading_level=1 if m.group(1)[0] == "=" else 2)
                body = ""
            elif _RULE.match(body):
                body = ""
            else:
                body = _QUOTE.sub("", body)
                if m := _MD_HEADING.match(body):
                    level = len(m.group(1))
                    body = m.group(2)
        marked = tidy(body)
        text_ = plain(marked)
        if not text_:
            out.append(Line(number, raw, "", "", page_break=page_break))
            continue
        out.append(Line(number, raw, marked, text_, _indent(raw), level,
                        marked[:1] in "*_" and _BOLD_LINE.match(marked) is not None, page_break))
        page_break = False
    return out
