"""Which of the variant's actions a phrase names: words cut to their stems, the verbs of a phrase and
of each action's description, and ``ActionIndex``, which suggests an action by the words they share
(and says whether it is sure of it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from councilkit.importer.conditions import ConditionReader
from councilkit.importer.words import _LIGHT, _NOT_VERBS, _STOP, _WORDS, phrases, stem, stems
from councilkit.model import Action


def _verbs(phrase: str, *, every: bool = False) -> list[str]:
    """The stem of the first word of ``phrase`` that can be its verb (not "seek to", not
    "normally"); after a light verb ("issue an instruction", "take unfair advantage"), the words it
    carries too.  ``every``: every content word (a list item names its act as a noun: "Bullying")."""
    words: list[str] = []
    low = phrase.lower()
    for match in _WORDS.finditer(low):
        w = match.group()
        if (w not in _STOP or w in ("use", "used")) and (w not in _NOT_VERBS or (w == "seek" and _SEEKS.match(low, match.end()))) \
                and not (w.endswith("ly") and w != "bully") and len(w) > 2:
            words.append(w)
            if not every and (len(words) == 4 or words[0] not in _LIGHT):
                break  # the first verb (or a light verb and the two words it carries) is all it needs
    if every:
        return [stem(w) for w in words]
    if not words:
        return []
    if words[0] in _LIGHT:
        return [stem(w) for w in words[1:4]]  # "give the Chairman clear guidance"
    return [stem(words[0])]


#: "seek" is a verb of its own where it takes a noun ("seek the advice of", "seek help from"), and only
#: qualifies the verb after it in "seek to influence"
_SEEKS = re.compile(r"\s+(?!to\b)[a-z]")


def _starts_light(phrase: str) -> bool:
    words = [w for w in _WORDS.findall(phrase.lower()) if w not in _STOP and w not in _NOT_VERBS]
    return bool(words) and words[0] in _LIGHT


def _pair_verbs(part: str) -> set[str]:
    """The second of two verbs a phrase starts with: "criticise or undermine {target}"."""
    pair = re.match(r"\s*(\w+) or (\w+)\b", part)
    return set(_verbs(pair.group(2))) if pair is not None else set()


def _action_verbs(description: str) -> set[str]:
    """The verbs an action's description offers: "criticise or undermine {target}, or comment on them
    ..." is criticise, undermine and comment."""
    out: set[str] = set()
    for part in re.split(r",\s*or\s+|;", description):
        out.update(_verbs(part))
        out.update(_pair_verbs(part))
    return out


class ActionIndex:
    """Suggests an action from the vocabulary for a phrase, by the words they share.

    Rare words count more than common ones ("briefing" says more than "council"), and a
    phrase whose verb is the action's verb ("lobby", "obstruct") counts that word twice.
    """

    def __init__(self, actions: Mapping[str, Action]):
        self.by_id = dict(actions)
        self.actions = [(a.id, stems(a.description) | stems(a.id.replace("_", " ")), _action_verbs(a.description))
                        for a in actions.values()]
        #: actions done to nobody in particular ("manage the day-to-day running"): no target
        self.untargeted = {a.id for a in actions.values() if "{target}" not in a.description}
        # what the act is done to, in the description's first part ("report the views of {target}":
        # views): a sentence sure of its action shares one of these words, not only the verb
        # each way the description says the act ("give instructions to {target}, or ask {target} to do
        # work"): its verbs and what it is done to (after a light verb the noun is both: "provide Council
        # equipment")
        self.ways = [[(set(_verbs(part)) | _pair_verbs(part), stems(part) - {stem(w) for w in _LIGHT}
                       - (set() if _starts_light(part) else set(_verbs(part)) | _pair_verbs(part)))
                      for part in re.split(r",\s*or\s+|;", a.description)]
                     for a in actions.values()]
        self.objects = [set().union(*(objects for _, objects in ways)) for ways in self.ways]
        self.index: dict[str, list[int]] = {}  # stem -> the actions whose words include it
        for n, (_, words, _) in enumerate(self.actions):
            for word in words:
                self.index.setdefault(word, []).append(n)
        self.weight = {word: 1.0 / len(found) for word, found in self.index.items()}
        self.conditions = ConditionReader(actions)
        self.correlative = _correlatives(actions)

    def suggest(self, phrase: str) -> str | None:
        """The best action for ``phrase``, or None when none shares enough with it."""
        return self.suggest_sure(phrase)[0]

    def suggest_sure(self, phrase: str, *, noun: bool = False) -> tuple[str | None, bool]:
        """The best action for ``phrase`` and whether its verb is the action's own verb.  ``noun``:
        the phrase names the act without a verb ("Criticising in public"), so any of its words may
        be the action's verb."""
        phrase = phrases(phrase.lower())
        verbs = set(_verbs(phrase, every=noun))
        words = stems(phrase)
        scores: dict[int, float] = {}
        shared: dict[int, int] = {}
        for word in sorted(words):  # in a fixed order: a set's order changes from run to run
            for n in self.index.get(word, ()):
                scores[n] = scores.get(n, 0.0) + self.weight[word]
                shared[n] = shared.get(n, 0) + 1
        best: tuple[bool, float] = (False, 1.0)
        found: str | None = None
        for n, score in sorted(scores.items()):  # in vocabulary order, so ties go to the first action
            action_id, _, action_verbs = self.actions[n]
            same_verb = bool(verbs & action_verbs)
            score += same_verb
            if not (shared[n] >= 2 or same_verb):
                continue
            objects = self.objects[n]
            if noun:  # "Bullying", "close personal familiarity": its verb, or two of its words
                sure = same_verb or (shared[n] >= 2 and len(objects & words) >= 2)
            else:  # the phrase's verb, and what that way of saying it does it to
                sure = any(way_verbs & verbs and (not way_objects or bool(way_objects & words))
                           for way_verbs, way_objects in self.ways[n])
            # an action the phrase's verb and object both name beats one it only shares words with
            if (sure, score) > best:
                found, best = action_id, (sure, score)
        return found, best[0]


#: verbs that give something to the one the act is done for: a duty to give it lets them ask for it
_GIVING = frozenset(["giv", "provid", "help", "supply", "offer"])
_ASKING = re.compile(r"\s*(?:seek|ask|request)\b")


def _correlatives(actions: Mapping[str, Action]) -> dict[str, str]:
    """Each giving action's asking counterpart: "give advice to {target}" and "seek the advice of
    {target}"; "help {target} with media relations" and "seek help from {target} with ... a media
    statement".  A duty to give lets the one it is owed to ask: the counterpart says what they may
    ask for, by the words the two share (the one that shares the most of its own words, if just one)."""
    askers = [(a.id, stems(a.description)) for a in actions.values()
              if _ASKING.match(a.description) and "{target}" in a.description]
    out: dict[str, str] = {}
    for action in actions.values():
        first = re.split(r",\s*or\s+|;", action.description)[0]
        words = _WORDS.findall(first.lower().replace("{target}", " "))
        if "{target}" not in action.description or not words or stem(words[0]) not in _GIVING:
            continue
        said = stems(first)
        # what is given: the first word after the verb ("advice", "media")
        given = next((stem(w) for w in words[1:] if w not in _STOP and len(w) > 2), None)
        scored = sorted(((len(words & said) / len(words), asker) for asker, words in askers
                         if words and asker != action.id and given in words), reverse=True)
        if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
            out[action.id] = scored[0][1]
    return out
