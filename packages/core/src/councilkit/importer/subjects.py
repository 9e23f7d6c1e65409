"""Who a sentence speaks of: roles named together as one group, the roles that are a verb's subject,
and what a list's stem says of its items ("Officers can expect from Councillors:").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import attrs

from councilkit.importer.modals import (
    _ASIDE,
    _CONJUNCTION,
    _EXPECT_STEM,
    _JOINT,
    _SUBJECT_QUALIFIER,
    _SUBJECT_START,
    lower,
)
from councilkit.importer.roles import Mention


def groups(mentions: Sequence[Mention], low: str) -> list[list[Mention]]:
    """The mentions in order, those named together ("Members and Officers", "officers/staff") as one
    group."""
    out: list[list[Mention]] = []
    for m in mentions:
        if (out and _JOINT.fullmatch(low[out[-1][-1].end : m.start]) and low[out[-1][-1].end : m.start].strip()) or (out and out[-1][-1].end == m.start):
            out[-1].append(m)
        else:
            out.append([m])
    return out


def collapse(roles: Iterable[str], ancestors: Mapping[str, frozenset[str]]) -> list[str]:
    """The roles, each once, without those another of them includes: officer and employee together
    are employee (an officer is_a employee), councillor and chair are councillor."""
    unique = list(dict.fromkeys(roles))
    return [r for r in unique if not any(o != r and o in ancestors.get(r, ()) for o in unique)]


@attrs.frozen
class Subject:
    roles: tuple[str, ...]
    qualifier: tuple[int, int] | None = None  # "acting as an individual": a condition to read


def _subject(low: str, start: int, mentions: Sequence[Mention], modal_start: int) -> Subject | None:
    """The roles that are the subject of the verb at ``modal_start``: the group just before it
    ("Councillors must", "Members and Officers should", "the Clerk or the Chairman shall"), or the
    group that starts the sentence followed by its qualifier ("A Councillor acting as an individual
    cannot give instructions")."""
    before = [g for g in groups([m for m in mentions if start <= m.start and m.end <= modal_start], low)]
    if not before:
        return None
    last = before[-1]
    gap = low[last[-1].end : modal_start]
    if (len(gap.split()) <= 2 and "," not in gap and not _CONJUNCTION.search(gap)) or _ASIDE.fullmatch(gap):
        return Subject(tuple(m.role for m in last))  # "A councillor, once elected, must"
    first = before[0]
    lead = low[start : first[0].start]
    rest = low[first[-1].end : modal_start]
    if _SUBJECT_START.match(lead) and _SUBJECT_QUALIFIER.match(rest) and "," not in rest \
            and len(rest.split()) <= 10:
        return Subject(tuple(m.role for m in first), (first[-1].end, modal_start))
    return None


@attrs.frozen
class Stem:
    """What a list's stem says of its items: who expects (``expecting``), from whom (``from_``), and
    whether it is what they should *not* expect."""

    expecting: tuple[str, ...]
    from_: tuple[str, ...]
    negative: bool


def read_stem(text: str, mentions: Sequence[Mention], ancestors: Mapping[str, frozenset[str]]) -> Stem | None:
    """The stem of a list of expectations ("Officers can expect from Councillors:"), or None."""
    low = lower(text)
    m = _EXPECT_STEM.search(low)
    if m is None or len(low.split()) > 14:
        return None
    after = low.find("from", m.end())
    expecting = collapse((x.role for x in mentions if x.end <= m.start()), ancestors)
    from_ = collapse((x.role for x in mentions if after >= 0 and x.start > after), ancestors)
    if not expecting:
        return None
    return Stem(tuple(expecting), tuple(from_), bool(m.group("neg")))
