"""Clause numbering as printed: ``1.``, ``1.1``, ``2.2.3``, ``a)``, ``(a)``, ``i.``, ``3.1(a)``, bullets.

:func:`parse_label` reads the label at the start of a line, after any Markdown
list marker (``- 1.1``) and bold (``**1.2**``).  A Markdown bullet with no
number after it is printed as ``•``; other bullet characters (``·``, ``•``,
``▪``, ``o``...) are kept as printed.  Whether a number is really a clause
number, and where a lettered item belongs, depends on the numbering around it:
:func:`plausible_next` and :func:`step_note` judge a number against the last
one, and the segmenter (``segment.py``) keeps the lists.
"""

from __future__ import annotations

import re

import attrs

DECIMAL = "decimal"
ITEM = "item"
BULLET = "bullet"

#: how a Markdown list marker is printed in a clause's label
MARKDOWN_BULLET = "•"

_B = r"(?:\*\*|__)?"
_MD_LIST = re.compile(r"^([-*+])[ ]+(?=\S)")
_COMBINED = re.compile(
    rf"^{_B}(?P<num>\d{{1,3}}(?:\.\d{{1,3}})+)\.?{_B}[ ]?\((?P<tok>[a-z]|[ivx]{{1,5}})\){_B}(?:[ ]+|$)(?P<rest>.*)$"
    rf"|^{_B}(?P<num2>\d{{1,3}}(?:\.\d{{1,3}})+)\.?{_B}[ ]?(?P<tok2>[a-z]|[ivx]{{1,5}})\){_B}(?:[ ]+|$)(?P<rest2>.*)$"
)
#: "1GENERAL", "1.1Community Councillors": a PDF's tab lost between the number and a capital
_DECIMAL = re.compile(rf"^{_B}(?P<num>\d{{1,3}}(?:\.\d{{1,3}})*)(?P<dot>\.?){_B}(?=[ ]|$|[A-Z][A-Za-z])[ ]*(?P<rest>.*)$")
_ITEM_TOKEN = r"(?P<tok>([a-z])\2?|[A-Z]|[ivxlc]{1,6}|[IVXLC]{1,6}|\d{1,2})"
#: "(1)Members are elected": a web page's list number printed without its space, before a capital
_ITEM_PAREN = re.compile(rf"^{_B}\({_ITEM_TOKEN}\){_B}(?:[ ]+|$|(?=[A-Z“\"‘']))(?P<rest>.*)$")
_ITEM_CLOSE = re.compile(rf"^{_B}{_ITEM_TOKEN}\){_B}(?:[ ]+|$)(?P<rest>.*)$")
_ITEM_DOT = re.compile(rf"^{_B}(?P<tok>[a-z]|[ivxlc]{{1,6}})\.{_B}[ ]+(?P<rest>\S.*)$")
_BULLET = re.compile(
    "^(?P<b>[•·▪◦●○■□►▸‣⁃∙➢➤✓✔\uf0b7\uf0a7\uf076\uf0d8\uf0fc–—])[ ]*(?P<rest>\\S.*)$"
    "|^(?P<o>o)[ ]+(?P<orest>[A-Za-z].*)$"
)
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


@attrs.frozen
class Label:
    """A label at the start of a line, and the text after it (still with bold markers)."""

    kind: str  # decimal | item | bullet
    printed: str  # as printed: "1.", "1.1", "a)", "(a)", "I)", "·"; a Markdown bullet is "•"
    rest: str
    parts: tuple[int, ...] = ()  # decimal: (2, 2, 3)
    token: str = ""  # item: "a", "I", "iv", "3"
    dot: bool = False  # decimal printed with a final dot ("1.")
    within: tuple[int, ...] = ()  # item printed with its clause number, "3.1(a)": (3, 1)

    @property
    def number(self) -> str:
        return ".".join(str(p) for p in self.parts)


def parse_label(marked: str) -> Label | None:
    """The label that starts ``marked`` (a line with bold markers kept), or None."""
    text = marked
    md = _MD_LIST.match(text)
    if md:
        text = text[md.end():]
    first = text[:1]
    if first.isdigit() or first in "*_":
        if m := _COMBINED.match(text):
            num = m.group("num") or m.group("num2")
            tok = m.group("tok") or m.group("tok2")
            rest = m.group("rest") if m.group("num") else m.group("rest2")
            printed = text[: len(text) - len(rest)].strip().replace("**", "").replace("__", "")
            return Label(ITEM, printed, rest, token=tok, within=_parts(num))
        if m := _DECIMAL.match(text):
            return Label(DECIMAL, m.group("num") + m.group("dot"), m.group("rest"),
                         parts=_parts(m.group("num")), dot=bool(m.group("dot")))
    if first.isalnum() or first in "(*_":
        for pattern, shape in ((_ITEM_PAREN, "({})"), (_ITEM_CLOSE, "{})"), (_ITEM_DOT, "{}.")):
            if m := pattern.match(text):
                return Label(ITEM, shape.format(m.group("tok")), m.group("rest"), token=m.group("tok"))
    if m := _BULLET.match(text):
        if m.group("b"):
            return Label(BULLET, m.group("b"), m.group("rest"))
        return Label(BULLET, m.group("o"), m.group("orest"))
    if md:
        return Label(BULLET, MARKDOWN_BULLET, text)
    return None


#: a clause number that starts a new clause in the middle of a line, after a sentence ends: "... by
#: Full Council. 1.3 This protocol covers" (text copied from a web page or a PDF loses line breaks)
_RUNIN_NUMBER = re.compile(
    r"(?<=[.;:!?])[ ]+(?=\d{1,3}(?:\.\d{1,3})+\.?[ ]+[A-Z“\"‘(]|\d{1,3}\.[ ]+[A-Z]{2,}[ ,][A-Z]{2,})"
    # after a heading in capitals: "... COUNCILLORS 1. INTRODUCTION TO ...", "... CONDUCT 2.1 The public"
    r"|(?<=[A-Z][A-Z])[ ]+(?=\d{1,3}\.[ ]+[A-Z]{2,}[ ,][A-Z]{2,}|\d{1,3}(?:\.\d{1,3})+\.?[ ]+[A-Z“\"‘(])"
)

#: what every run-in number has: a space before a digit (a quick test before the slow one)
_SPACE_DIGIT = re.compile(r" \d")


def split_runin_numbers(text: str) -> list[str]:
    """``text`` cut before each clause number printed mid-line after a full stop ("1.3 This ...")."""
    if "." not in text or not _SPACE_DIGIT.search(text) or not _RUNIN_NUMBER.search(text):
        return [text]
    return [part for part in _RUNIN_NUMBER.split(text) if part]


def _parts(number: str) -> tuple[int, ...]:
    return tuple(int(p) for p in number.split("."))


def roman_value(token: str) -> int | None:
    """The value of a lower-case roman numeral, or None if ``token`` is not a well-formed one."""
    token = token.lower()
    if not token or any(c not in _ROMAN for c in token):
        return None
    total = 0
    for i, c in enumerate(token):
        value = _ROMAN[c]
        if i + 1 < len(token) and _ROMAN[token[i + 1]] > value:
            total -= value
        else:
            total += value
    return total if to_roman(total) == token else None


def to_roman(value: int) -> str:
    out = ""
    for amount, letters in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                            (5, "v"), (4, "iv"), (1, "i")):
        while value >= amount:
            out += letters
            value -= amount
    return out


def next_letter(letter: str) -> str:
    """The letter after ``letter`` in a list: a..z, then aa, bb..."""
    if len(letter) == 1 and letter < "z":
        return chr(ord(letter) + 1)
    if len(letter) == 1:
        return "aa"
    return chr(ord(letter[0]) + 1) * 2 if letter[0] < "z" else letter + letter[0]


#: letters that documents (and text extraction) confuse: a capital I printed for a small l
LOOKALIKES = {("I", "l"), ("l", "i"), ("1", "l"), ("0", "o"), ("O", "o")}


def plausible_next(new: tuple[int, ...], last: tuple[int, ...] | None) -> bool:
    """Could ``new`` follow ``last`` as the document's next clause number?

    A first child (``2.2`` -> ``2.2.1``, or ``2.2.2`` when a part is skipped), or a
    later sibling of any ancestor (``2.2.4`` -> ``2.3`` -> ``3`` -> ``3.1``), with
    small steps.  A number that could not follow is more likely a number in the
    text ("1.5 million") or a page number.
    """
    if any(p > 999 for p in new):
        return False
    if last is None:
        return new[0] <= 50 and all(1 <= p <= 3 for p in new[1:])
    if len(new) == len(last) + 1 and new[:-1] == last and 1 <= new[-1] <= 3:
        return True
    for j in range(min(len(new), len(last))):
        if new[:j] != last[:j]:
            break
        if 1 <= new[j] - last[j] <= 3 and all(1 <= p <= 3 for p in new[j + 1:]):
            return True
    return False


def step_note(new: tuple[int, ...], last: tuple[int, ...] | None) -> str | None:
    """Why ``new`` is an unexpected next number after ``last`` (a gap, a repeat...), or None."""
    shown = ".".join(map(str, new))
    if last is None:
        if new[0] != 1 or any(p != 1 for p in new[1:]):
            return f"the numbering starts at {shown}, not 1"
        return None
    prev = ".".join(map(str, last))
    if new == last:
        return f"{shown} is printed twice"
    if len(new) == len(last) + 1 and new[:-1] == last:
        return None if new[-1] == 1 else f"{shown} follows {prev}: there is no {prev}.1"
    for j in range(min(len(new), len(last))):
        if new[:j] != last[:j]:
            break
        step = new[j] - last[j]
        if step == 1 and all(p == 1 for p in new[j + 1:]):
            return None
        if step >= 1:
            expected = ".".join(map(str, (*new[:j], last[j] + 1)))
            if step == 1:
                return f"{shown} follows {prev}: there is no {expected}.1"
            return f"{shown} follows {prev}: there is no {expected}"
    return f"{shown} follows {prev}: the numbering goes backwards or jumps"
