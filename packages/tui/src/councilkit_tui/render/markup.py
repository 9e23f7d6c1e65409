"""Textual markup's basics: text made literal, and a state written as a word.

Every state is written in words, never colour alone: the colour only helps.  The words
themselves (which state, which date) come from :mod:`councilkit.present.words`, as the
command line's do; here they are only escaped and emphasised.
"""

from __future__ import annotations


def escape(text: str) -> str:
    """``text`` made literal in Textual markup: every ``[`` escaped.

    Rich's ``escape`` leaves ``[Council]`` alone (it only escapes what looks like a lower-case tag), and
    Textual then swallows it as a style: a register search hit (``Society of Local [Council] Clerks``) or a
    title a clerk typed (``[Draft] budget``) would lose words.
    """
    return text.replace("[", "\\[")


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
