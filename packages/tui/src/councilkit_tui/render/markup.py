"""Textual markup's basics: text made literal, and a state written as a word.

Every state is written in words, never colour alone: the colour only helps.  The words
themselves (which state, which date) come from :mod:`councilkit.present.words`, as the
command line's do; here they are only escaped and emphasised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from councilkit.present.words import safe

if TYPE_CHECKING:
    from rich.text import Text


def escape(text: object) -> str:
    """``text`` made literal in Textual markup and safe on a terminal: control characters and escape
    sequences shown escaped (:func:`councilkit.present.words.safe`: ``\\x1b[31m`` reads as those eight
    characters), then every ``[`` escaped.

    Rich's ``escape`` leaves ``[Council]`` alone (it only escapes what looks like a lower-case tag), and
    Textual then swallows it as a style: a register search hit (``Society of Local [Council] Clerks``) or a
    title a clerk typed (``[Draft] budget``) would lose words.
    """
    return safe(text).replace("[", "\\[")


def plain(text: object) -> Text:
    """``text`` as a table cell or one-line label: never parsed as markup, control characters escaped,
    newlines and tabs too (a cell is one line)."""
    from rich.text import Text

    return Text(safe(text, one_line=True), no_wrap=True, overflow="ellipsis")


STATE_STYLES = {
    "OVERDUE": "$error",
    "BLOCKED": "$error",
    "REFUSED": "$error",
    "RELOADED": "$warning",
    "OUTSTANDING": "$warning",
    "AWAITING": "$warning",
    "OPEN": "$accent",
    "RESOLVED": "$success",
    "CLOSED": "$secondary",
    "WITHDRAWN": "$secondary",
    "CONFIDENTIAL": "$warning",
    "SUPERSEDED": "$secondary",
}


def state_word(word: str) -> str:
    """A state in capitals, emphasised: the word carries the meaning, the colour only helps."""
    style = STATE_STYLES.get(word, "")
    return f"[b {style}]{escape(word)}[/]" if style else f"[b]{escape(word)}[/b]"


def words(text: str) -> str:
    """Plain words from :mod:`councilkit.present.words` as markup: a state (``OUTSTANDING``) emphasised
    as :func:`state_word` does, anything else (``done``, ``waived: why``) made literal."""
    return state_word(text) if text in STATE_STYLES else escape(text)


def refused(message: object) -> str:
    """A refusal as the clerk reads it: REFUSED, the SDK's reason as a whole sentence (it names who may),
    and that nothing was written (said once)."""
    from councilkit.present.words import sentence

    text = sentence(str(message))
    if "nothing was written" not in text.lower():
        text += " Nothing was written."
    return f"{state_word('REFUSED')} {escape(text)}"
