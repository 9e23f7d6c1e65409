"""Conditions and exceptions: a qualifier ("acting as an individual", "unless so permitted by ...")
read as one of an action's context facts (``ConditionReader``), and all the qualifiers of one
reading (``read_qualifiers``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from councilkit.importer.candidates import Condition
from councilkit.importer.modals import (
    _BRACKETED_CONDITION,
    _CONCESSIVE,
    _CONDITIONAL,
    _CROSS_REFERENCE,
    _EXAMPLE,
    _NO_CIRCUMSTANCES,
    _OR,
    _QUALIFIER,
    _STOPS,
)
from councilkit.importer.words import _STOP, _WORDS, stem
from councilkit.model import Action

#: words a condition's phrase says that carry no meaning of their own ("it is", "the matter")
_CONDITION_STOP = _STOP | {"done", "matter", "request", "statement", "relationship", "relating", "related",
                           "relation", "connection", "case", "cases", "where", "if", "unless", "except",
                           "other", "than", "acting", "basis", "purpose", "purposes",
                           "relevant", "appropriate", "respective",  # "the relevant member"
                           "has", "have", "had", "was", "were", "been", "being"} - {"not", "no"}
_OR_END = re.compile(r"\bor\s*$")
_NEGATIONS = frozenset(["not", "no", "non", "neither", "nor", "never"])
#: how close (0-1) a qualifier's words must be to a fact's words to be read as that fact
CONDITION_MATCH = 0.6


#: words a condition says for a word a fact's wording uses ("not related to Council business": not for
#: council duties)
_CONDITION_SYNONYMS = {"busines": "duty", "councillor": "council"}


@functools.lru_cache(maxsize=4096)
def _condition_words(text: str) -> frozenset[str]:
    words = _WORDS.findall(text.lower().replace("{target}", " ").replace("{actor}", " "))
    return frozenset("not" if w in _NEGATIONS else _CONDITION_SYNONYMS.get(stem(w), stem(w)) for w in words
                     if (w not in _CONDITION_STOP or w in _NEGATIONS) and (len(w) > 2 or w == "no"))


class ConditionReader:
    """Reads a qualifier as one of an action's context facts, by the words they share with the
    fact's own wording ("acting as an individual": ``acting_individually`` is true; "outside the
    agreed procedures": ``through_agreed_procedures`` is false)."""

    def __init__(self, actions: Mapping[str, Action]):
        self.facts: dict[str, list[tuple[str, bool, frozenset[str]]]] = {}
        for action in actions.values():
            facts = []
            for attribute in action.context:
                if attribute.type != "bool":
                    continue
                for value, phrase in ((True, attribute.yes), (False, attribute.no)):
                    if phrase:
                        facts.append((attribute.id, value, _condition_words(phrase)))
            self.facts[action.id] = facts
        #: each action's choices ("resource": photocopying, ict_equipment ...), each with its words
        self.choices: dict[str, list[tuple[str, str, frozenset[str]]]] = {
            action.id: [(attribute.id, choice, frozenset(stem(w) for w in choice.split("_") if len(w) > 2))
                        for attribute in action.context if attribute.type == "choice"
                        for choice in attribute.choices or () if choice != "other"]
            for action in actions.values()}
        #: every word some fact of the action says: a text sharing none states none of its facts
        self.words = {a: frozenset().union(*(f for _, _, f in facts)) - {"not"} for a, facts in self.facts.items()}

    def mentions_any(self, action: str, text: str) -> bool:
        """Could ``text`` state one of ``action``'s facts (does it share a word with any)?"""
        return bool(self.words.get(action)) and not self.words[action].isdisjoint(_condition_words(text))

    def choice(self, action: str, text: str) -> tuple[str, str] | None:
        """The one choice of the action's choice facts that ``text`` names ("limited private
        photocopying": ``resource`` is ``photocopying``; "IT equipment": ``ict_equipment``), or None
        when it names none or more than one."""
        words = {stem(w) for w in _WORDS.findall(text.lower())}
        found = [(attribute, choice) for attribute, choice, said in self.choices.get(action, ()) if said & words]
        return found[0] if len(found) == 1 else None

    def read(self, action: str, qualifier: str) -> tuple[str, bool, float] | None:
        """The fact ``qualifier`` states for ``action``, with how closely (0-1), or None.

        The words that say what the fact is about are compared without "not": it says which way
        round, where the fact's two wordings share their words ("has no ... interest"); where they do
        not ("outside" / "within its level of authority"), the words say it."""
        words = _condition_words(qualifier)
        content = words - {"not"}
        if not content or self.words.get(action, frozenset()).isdisjoint(content):
            return None
        negative = "not" in words
        best: tuple[float, float, str, bool] | None = None
        for attribute, value, fact in self.facts.get(action, ()):
            said = fact - {"not"}
            shared = len(content & said)
            if not said or shared < min(2, len(said)):
                continue
            score = 2 * shared / (len(content) + len(said))
            if len(content) <= len(said) + 4:
                # a qualifier may say the fact in a few more words: "in connection with the proper
                # performance of the member's duties as a member of the Council"
                score = max(score, shared / len(said))
            way = 1.0 if negative == ("not" in fact) else 0.0  # which way round, when the words tie
            if best is None or (score, way) > (best[0], best[1]):
                best = (score, way, attribute, value)
        if best is None or best[0] < CONDITION_MATCH:
            return None
        attribute, value = best[2], best[3]
        if negative and not any("not" in fact for a, _, fact in self.facts.get(action, ()) if a == attribute):
            value = not value  # "for purposes not related to Council business": neither wording says "not"
        return attribute, value, best[0]


@attrs.frozen
class Qualifiers:
    """What the qualifiers of a reading say: conditions, exceptions, and the words left unread."""

    when: Condition = ()
    exceptions: tuple[Condition, ...] = ()
    unread: str = ""  # a conditional word no fact accounts for ("without", "only")
    covered: tuple[tuple[int, int], ...] = ()  # where the facts read were said
    #: conditions the text gives as alternatives ("X, or Y"): a rule for each, instead of ``when``
    alternatives: tuple[Condition, ...] = ()


def listed_exceptions(items: Sequence[str], action: str, reader: ConditionReader) -> tuple[Condition, ...] | None:
    """The exceptions a ban's list gives ("... except that: a. limited private photocopying may be
    undertaken provided it is at no cost to the Council; b. IT equipment may be used for
    non-commercial purposes provided ..."): each item's facts, the choice it names among them, as
    one condition; None unless every item states at least one fact and leaves no condition unread."""
    out: list[Condition] = []
    for item in items:
        low = item.lower()
        said = read_qualifiers(low, 0, len(low), action, reader, "permit")
        choice = reader.choice(action, low)
        when = dict(said.when)
        if said.unread or said.alternatives or not when:
            return None
        if choice is not None:
            when = {choice[0]: choice[1], **when}
        out.append(tuple(when.items()))
    return tuple(out) if out else None


def read_qualifiers(low: str, start: int, end: int, action: str, reader: ConditionReader,
                    effect: str, extra: Sequence[tuple[int, int]] = (), ends: Sequence[int] = ()) -> Qualifiers:
    """The conditions and exceptions in ``low[start:end]`` (and the spans ``extra``) for ``action``;
    ``ends``: where a qualifier may end besides punctuation (the modal verbs)."""
    found: list[tuple[float, int, int, str, str, bool]] = []  # (score, start, end, kind, attribute, value)
    window = low[start:end] + "".join(" " + low[a:b] for a, b in extra)
    spans = [] if not reader.mentions_any(action, window) else [(m.start(), "exception" if m.group("exception") else "condition")
             for m in _QUALIFIER.finditer(low, start, end)] + [(s, "condition") for s, _ in extra]
    # a negation just before a qualifier is part of it: "for purposes not related to Council business"
    spans = [(at - 4, kind) if at >= start + 4 and low.startswith("not ", at - 4) else (at, kind) for at, kind in spans]
    stops = sorted({m.start() for m in _STOPS.finditer(low, start, end)} | {e for _, e in extra} | set(ends) | {end}
                   | {at for at, _ in spans})
    examples = [(m.start(), m.end()) for m in _EXAMPLE.finditer(low, start, end)]
    background = _CONCESSIVE.match(low)
    if background is not None:
        examples.append((0, background.end()))  # "Whilst the Council has a Scheme ... without recourse ...,"
    for at, kind in spans:
        if any(a <= at < b for a, b in examples):
            continue  # "e.g. about personal employment matters": an example, not a condition
        best: tuple[float, int, str, bool] | None = None
        # a qualifier before the verb ends at it ("A Councillor acting as an individual cannot"): it
        # never takes in the verb and what follows
        limit = min((e for e in ends if e > at), default=end) if ends and at < min(ends) else end
        for stop in [s for s in stops if at < s <= limit][:6]:
            got = reader.read(action, low[at:stop])
            if got is not None:  # the shortest that says a fact: a longer one takes in the next qualifier
                best = (got[2], stop, got[0], got[1])
                break
        if best is not None:
            found.append((best[0], at, best[1], kind, best[2], best[3]))
    # of two qualifiers read over the same words, the closer ("other than where they are properly
    # appointed to a selection panel", not "of council staff other than where ...")
    # a condition inside an exception's words is part of it: "except to the small number of officers
    # employed specifically to provide support services" is the exception, not a condition
    found = [f for f in found if f[3] == "exception" or not any(
        e[3] == "exception" and e[1] < f[1] < e[2] for e in found)]
    kept: list[tuple[float, int, int, str, str, bool]] = []
    # the closest; an exception before a condition over the same words; then the shortest
    for item in sorted(found, key=lambda f: (-f[0], f[3] != "exception", f[2] - f[1], f[1])):
        if any(item[1] < k[2] and k[1] < item[2] for k in kept):
            continue
        kept.append(item)
    kept.sort(key=lambda f: f[1])
    when: dict[str, Any] = {}
    exceptions: list[Condition] = []
    # conditions joined by "or" are alternatives: "work of a party political nature, or ... anything
    # which would prejudice their impartiality" is a rule for each
    choices: list[dict[str, Any]] = [{}]
    previous_end: int | None = None
    previous_start = 0
    for _, at, stop, kind, attribute, value in kept:
        if kind == "exception" and effect == "forbid":
            exceptions.append(((attribute, value),))
        elif kind == "exception":
            when[attribute] = not value  # "may ... unless X": only when X does not hold
        else:
            if previous_end is not None and choices[-1] and (
                    _OR.search(low, previous_end, at) or _OR_END.search(low, previous_start, previous_end)):
                choices.append({})  # "... campaigning activity or for purposes not related to ..."
            choices[-1][attribute] = value
            previous_start, previous_end = at, stop
    alternatives = tuple(tuple({**when, **choice}.items()) for choice in choices) if len(choices) > 1 else ()
    for choice in choices if len(choices) == 1 else ():
        when.update(choice)
    covered = [(a, b) for _, a, b, *_ in kept]
    unread = ""
    def blank(m: re.Match[str]) -> str:
        return " " * len(m.group())

    text = _BRACKETED_CONDITION.sub(blank, _CROSS_REFERENCE.sub(blank, _NO_CIRCUMSTANCES.sub(blank, low)))
    for m in _CONDITIONAL.finditer(text):
        if not any(a <= m.start() < b for a, b in covered) and not (background and m.start() < background.end()):
            unread = m.group()
            break
    return Qualifiers(tuple(when.items()), tuple(exceptions), unread, tuple(covered), alternatives)
