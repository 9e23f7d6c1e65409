"""Rules by reading a sentence: who must, must not, may or should do what, towards whom, and when.

A reading takes each modal verb of a sentence in turn and finds:

- the **effect**: "must not", "should not", "cannot", "never", "should avoid", a subject
  with "no" or "neither" forbid; "may", "can", "is entitled to" permit; "must", "shall",
  "is required to", "is expected to", "has a duty to" require; "should", "ought to"
  advise ("must never fail to" is a duty: two negatives);
- the **actor**: the role (or roles) that is the verb's subject: "Councillors must",
  "Members and Officers should", "A Councillor acting as an individual cannot".  Roles
  named together are one group, and a role named with one it ``is_a`` is that role
  ("Officers and Employees" is ``employee``); "neither party" and "both" are the two
  named before, each towards the other;
- the **target**: the first other role named after the verb;
- the **action**: from the variant's vocabulary, by the words the phrase shares with each
  action's description; the reading is sure of it only when the phrase's verb is the
  action's own ("lobby", "bully", "issue an instruction") and it shares the action's object;
- **conditions**: a qualifier that matches one of the action's context facts ("acting as
  an individual", "in which they have a ... pecuniary interest", "outside the agreed
  procedures") is written as ``when``; an exception to a ban ("other than where they are
  properly appointed to a selection panel", "unless so permitted by the relevant member")
  as an exception that grants the act; "normally", "in most cases" as ``debatable``.

Lists under a stem are read with their stem: "Officers can expect from Councillors: ...
not to be subject to bullying" forbids Councillors to bully officers; "What officers
should not expect from members: ... Criticising in public" forbids members to criticise
officers in public; "That Councillors will not use their position ..." forbids what it says.

A reading is **live** only when every part of it was recognised (a firm modal, the actor
as the subject, an action whose verb is the phrase's, every condition written); the rest
are proposals for the review, each with the reason.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from councilkit.importer.candidates import CandidateRule, Condition
from councilkit.importer.roles import Mention
from councilkit.model import Action

# The patterns below read a sentence in lower case (see ``lower``), which is quicker than
# ignoring case, and keeps every position the same as in the sentence as printed.
_NEGATIVE = (r"must not|must never|shall not|shall never|should not|should never|ought not to|may not|cannot|"
             r"can ?not|can't|will not|won't|is not to|are not to|(?:is|are) not (?:permitted|allowed|entitled) to|"
             r"(?:is|are) prevented(?: by law)? from|(?:has|have) no (?:authority|power|right) to|"
             r"(?:should|must) (?:avoid|refrain from)")
_PERMIT = (r"may|can|(?:is|are) (?:entitled|permitted|allowed) to|(?:has|have) the option of|"
           r"(?:has|have) the (?:ability|authority|power|right) to")
_REQUIRE = (r"must|shall|(?:is|are) required to|(?:is|are) expected to|will need to|"
            r"(?:has|have) a duty to|(?P<is_to>is to|are to)")
_ADVISE = r"should|ought to"
#: a modal verb, unless passive ("must be read", "must only be used") or about expectations
#: ("can expect", "should not expect": the curated councils carry those as [[expectation]]s)
_MODAL = re.compile(rf"(?<![\w'])(?:(?P<neg>{_NEGATIVE})|(?P<permit>{_PERMIT})|(?P<require>{_REQUIRE})|"
                    rf"(?P<advise>{_ADVISE}))(?![\w'])"
                    r"(?!\s+(?:not\s+)?(?:\w+ly\s+)?(?:be(?!\s+able\s+to\b)|expect)\b)")
#: the words a modal verb starts with
_MODAL_START = re.compile(r"(?<![\w'])(?:must|shall|should|ought|may|can|will|won|(?:is|are) (?:not|to|required|expected|"
                          r"entitled|permitted|allowed|prevented)|(?:has|have) (?:no|a duty|the))")
_NO_SUBJECT = re.compile(r"\b(?:no|neither|nor|never)\b")
#: "must never fail to advise": two negatives make a duty
_DOUBLE_NEGATIVE = re.compile(r"^\s*(?:\w+ly\s+)?(?:fail|neglect|omit)\s+to\b")
#: both parties named before ("Members and Officers ... neither party should")
_BOTH = re.compile(r"\b(?:neither party|neither side|neither|both parties|both|each other|one another)\b")
#: words that make a sentence conditional or give an exception: a reading with one of these is
#: live only when the condition was recognised as one of the action's facts
_CONDITIONAL = re.compile(r"\b(?:unless|except|excepting|other than|provided that|providing that|(?<!be )subject to|if|"
                          r"where|when|whenever|without|save that|save where|in the case of|only)\b")
#: "there are no circumstances where ... can": a prohibition, not a condition
_NO_CIRCUMSTANCES = re.compile(r"\b(?:no|any) (?:circumstances?|situation|occasion) (?:where|in which|when)\b")
#: "subject to 2.6 below": another clause, which carries its own norms, not a condition
_CROSS_REFERENCE = re.compile(r"\bsubject to (?:clause |paragraph |section )?\d+(?:\.\d+)*(?:\([a-z0-9]+\))?"
                              r"(?: (?:below|above))?")
#: where a qualifier starts: a word that introduces a condition, an exception, or a phrase that
#: may name one of the action's facts ("outside the agreed procedures", "in public")
_EXCEPTIVE = r"unless|except(?: where| when| to| for)?|excepting|other than(?: where| when)?|save(?: where| that)?"
_QUALIFIER = re.compile(
    rf"(?<![\w'])(?:(?P<exception>{_EXCEPTIVE})|(?P<condition>if|where|when|whenever|provided that|providing that|"
    r"so long as|as long as|in the case of|relating to|related to|in relation to|concerning|in which|acting|who|"
    r"which|that|outside|within|through|in|on|for|by|of|so|as))(?![\w'])"
)
_OR = re.compile(r"\bor\b")
#: a clause that grants something before the rule, and is no condition of it: "Whilst the Council has a
#: Scheme of Delegation allowing the Town Clerk to ... without recourse to the Council, no member is to"
_CONCESSIVE = re.compile(r"\W*(?:whilst|while|although|though|even though|despite)\b[^,;]*,")
#: where a qualifier may end
_STOPS = re.compile(r"[,;:()]|\s[-–]\s")
#: "e.g. about personal employment matters or budgetary matters": examples, not conditions
_EXAMPLE = re.compile(r"\b(?:e\.g\.|eg\b|for example|for instance|such as)(?:\s+(?!provided\b|must\b|should\b|shall\b|"
                      r"may\b|will\b|can\b|is\b|are\b|has\b|have\b)[^\s,;:()]+){1,8}")
#: qualifiers the text does not define: the rule holds, but it is open to argument
_HEDGE = re.compile(r"\b(?:normally|usually|generally|in general|in most cases|ordinarily|as a rule)\b")
#: modals a live reading may rest on (not "can", "will", "is to": too often description)
_FIRM = re.compile(r"^(?:must|shall|should|may|may not|must not|must never|shall not|should not|should never|cannot|"
                   r"can not|is not to|are not to|(?:should|must) (?:avoid|refrain from)|(?:is|are) required to|"
                   r"(?:is|are) expected to|(?:has|have) a duty to|"
                   r"(?:is|are) (?:entitled|permitted) to|(?:has|have) no (?:authority|power|right) to|"
                   r"(?:is|are) prevented(?: by law)? from|(?:is|are) not (?:permitted|allowed|entitled) to)$")
#: words that join roles named together ("Members and Officers", "officers/staff", "the Clerk or the
#: Chairman"), so they are one group
_JOINT = re.compile(r"\s*(?:,|and|or|nor|&|/|and/or|and the|or the|, the|and all|and any|and other|or other|"
                    r"or any)?\s*(?:the\s+|their\s+|other\s+|any\s+|all\s+)?")
#: words that may stand before a subject at the start of a sentence ("A", "Any", "However, all")
_SUBJECT_START = re.compile(r"^\W*(?:(?:however|therefore|accordingly|equally|similarly|also|and|but|so),?\s+)?"
                            r"(?:(?:a|an|the|any|all|each|every|no|individual|elected|other|such)\s+)*$")
#: "respect the impartiality of Officers and must not ask": the role before "and" is the first verb's
#: object, not the second's subject
_CONJUNCTION = re.compile(r"\b(?:and|or|but|nor)\b")
#: an aside between a subject and its verb: ", once elected,"
_ASIDE = re.compile(r"\s*,[^,;:.]{1,40},\s*")
#: a subject's qualifier: "A Councillor acting as an individual cannot", "Any officer assisting a
#: member ... must"
_SUBJECT_QUALIFIER = re.compile(r"^\s*(?:acting|who|which|that|whose|when|whilst|while|[a-z]+ing|[a-z]+ed)\b")
#: a stem that a list's items complete: "Officers can expect from Councillors:", "What officers should
#: not expect from members"
_EXPECT_STEM = re.compile(r"\b(?P<neg>should not|cannot|can ?not|must not|do not)?\s*(?:can|may|will|should|are "
                          r"entitled to)?\s*(?:reasonably\s+)?expect\b")
#: list items under an expectation: "Not to be bullied", "not to have personal issues raised with them
#: by Officers"
_NOT_TO = re.compile(r"^\W*not to (?:be|have)\b")
_ITEM_MODAL = re.compile(r"(?<![\w'])will not(?![\w'])")
_BY = re.compile(r"\bby\s+(?:the\s+|an?\s+|any\s+)?$")
#: what "should avoid" avoids when it is a noun, up to what it says of it ("any close personal
#: familiarity", not "that could give rise to the suspicion of bias")
_AVOID_NOUN = re.compile(r"\s*(?!\w+ing\b)[^,;.]*?(?=\s+(?:that|which|who|as|because|since)\b|[,;.]|$)")
#: "It is not the role of Councillors to involve themselves ...", "it is never the role of an officer
#: to criticise": forbids
_ROLE_OF = re.compile(r"\bit is (?:not|never) (?:the |a |part of the |any part of the )?(?:role|job|function|"
                      r"place|business|responsibility) of\b")
_TO = re.compile(r"\s+to\b")
#: what may stand between two verbs that share a subject: "Councillors must respect these obligations,
#: must not obstruct ..."; "should not pressurise the officer ..., nor victimise"
_ELLIPSIS = re.compile(r"[^.;:]*?(?:,|\band\b|\bor\b|\bnor\b|\bbut\b)\s*(?:also\s+)?")
#: an act ruled out with nobody named: "Harassment and bullying is not acceptable", "Close personal
#: familiarity should be avoided", "zero tolerance for harassment and bullying"
_UNACCEPTABLE = re.compile(r"^\W*(?P<act>[^,;:]+?)\s+(?P<verb>(?:is|are) (?:not acceptable|unacceptable|not tolerated|"
                           r"prohibited|forbidden|not permitted|not allowed)|(?:should|must|shall) be avoided|"
                           r"(?:will|shall) not be tolerated)\b|(?P<verb2>zero tolerance) (?:for|of|towards) "
                           r"(?P<act2>[^,;:.]+)")
_EVERYONE = re.compile(r"\b(?:every person|everyone|everybody|all persons|all people|anyone)\b")
#: a caution: what an act "can confuse", "is incompatible with"
_CAUTION = re.compile(r"\b(?:can|could|may|might|will|is likely to|are likely to)\s+(?:\w+\s+)?(?:confuse|create|give "
                      r"rise|get in the way|undermine|damage|harm|lead to|cause|compromise)\b|"
                      r"\b(?:is|are) (?:\w+\s+)?(?:incompatible|inconsistent) with\b|"
                      r"\bis not (?:considered )?(?:recommended|advisable|good practice|appropriate)\b")
_BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?")
#: "... for close personal, or any financial, relationships to develop between ...": the act
_FOR_TO = re.compile(r"\bfor\s+(?P<act>[^.;]+?)\s+to\s+\w+\s+(?=between\b)")
#: the verb right before the role it is done to: "pressure the Town Clerk"
_DIRECT = re.compile(r"\s*(?:\w+ly\s+)?(?:seek to\s+|try to\s+)?(?!(?:by|to|for|with|of|in|on|from|as)\b)\w+\s+"
                     r"(?:the|a|an|any|their|his|her)?\s*")
#: a passive verb: "may be asked ... by", "must only be used", "must not be disclosed"
_PASSIVE = re.compile(r"\b(?P<modal>must|shall|should|may|can)\s+(?P<not>not\s+|never\s+)?(?P<only>only\s+)?be\s+"
                      r"(?:\w+ly\s+)?(?P<part>[a-z]+(?:ed|en)|made|sought|told|put|kept|held|brought|done)\b")
#: the one a thing was given to, who is the one a passive rule binds ("provided to Councillors")
_PROVIDED_TO = re.compile(r"\b(?:provided|given|supplied|issued|lent|made available)\s+(?:to|for)\s+(?:the\s+|a\s+|an\s+|"
                          r"any\s+|all\s+)?$")
#: a pronoun for the one the act is done to: "must not ask them to undertake work"
_THEM = re.compile(r"\s*(?:\w+\s+){0,2}?(?:them|him|her|him or her|him/her)\b")
#: a pronoun just before the verb, standing for the subject before it
_PRONOUN = re.compile(r"\b(?:they|he|she|he or she|he/she|s/he)\s+$")
#: "you" as the subject of the verb after it
_YOU = re.compile(r"\byou\s+(?:\w+ly\s+)?$")
_YOU_NEAR = re.compile(r"[\s,]+(?:[\w-]+\s+){0,6}?you\b")
#: the longest sentence a reading may rest on, in words: a longer one may say more than one thing
LONG = 60

_STOP = frozenset(
    [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from",
        "as", "is", "are", "be", "been", "their", "them", "they", "his", "her", "its", "it",
        "this", "that", "these", "those", "any", "other", "others", "than", "not", "no", "nor",
        "so", "such", "who", "which", "what", "whom", "whose", "when", "where", "whilst", "while",
        "target", "actor", "may", "must", "should", "shall", "will", "would", "can", "could", "do",
        "does", "use", "used", "under", "over", "about", "into", "onto", "upon", "within", "without",
        "between", "through",
    ]
)
_SUFFIX = re.compile(r"(?:ations|ation|ing|ed|es|s|ions|ion|ments|ment)$")
_WORDS = re.compile(r"[a-z]+")
#: verbs that carry a noun which is the real act: "issue an instruction", "make a complaint"
_LIGHT = frozenset(["issue", "make", "give", "take", "have", "carry", "conduct", "provide", "undertake", "put",
                    "pass"])
#: words that qualify a verb without being one ("seek to", "try to", "normally", "directly")
_NOT_VERBS = frozenset(["seek", "try", "attempt", "also", "ever", "always", "purport", "knowingly", "become",
                        "becoming", "being", "get", "getting", "able"])
#: words a condition's phrase says that carry no meaning of their own ("it is", "the matter")
_CONDITION_STOP = _STOP | {"done", "matter", "request", "statement", "relationship", "relating", "related",
                           "relation", "connection", "case", "cases", "where", "if", "unless", "except",
                           "other", "than", "acting", "basis", "purpose", "purposes"} - {"not", "no"}
_NEGATIONS = frozenset(["not", "no", "neither", "nor", "never"])
#: how close (0-1) a qualifier's words must be to a fact's words to be read as that fact
CONDITION_MATCH = 0.6


def modals(low: str) -> list[re.Match[str]]:
    """The modal verbs of a sentence (see ``_MODAL``), tried only where one may start: quicker than
    letting the whole pattern try every position."""
    out: list[re.Match[str]] = []
    end = 0
    for start in _MODAL_START.finditer(low):
        if start.start() < end:
            continue
        m = _MODAL.match(low, start.start())
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def lower(text: str) -> str:
    """``text`` in lower case, character for character (so positions match the text as printed)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


@functools.lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A word cut to what its forms share: "bullying", "bullied" -> "bully"; "advice", "advise" ->
    "advis"; "criticising", "criticise" -> "criticis"."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ice"):
        word = word[:-3] + "ise"  # advice/advise, practice/practise
    if word.endswith("ied") or word.endswith("ies"):
        return word[:-3] + "y"
    cut = _SUFFIX.sub("", word)
    if len(cut) < 3 or (len(cut) < 4 and word[len(cut):] in ("ment", "ments", "ion", "ions")):
        cut = word  # "comment", "nation": nothing to cut; "asked" is "ask"
    if len(cut) > 3 and cut.endswith("e"):
        cut = cut[:-1]
    if len(cut) > 3 and cut[-1] == cut[-2] and cut[-1] not in "ls":
        cut = cut[:-1]  # "committed" -> "commit"
    return _SYNONYMS.get(cut, cut)


_IRREGULAR = {"used": "use", "uses": "use", "using": "use"}


#: words the protocols use for a word an action's description uses ("request a briefing": ask for one)
_SYNONYMS = {"request": "ask", "assist": "help", "assistanc": "help", "pressuris": "pressur", "pressuriz": "pressur",
             "approach": "contact", "telephon": "contact", "phon": "contact", "divulg": "disclos", "reveal": "disclos",
             "relay": "disclos", "pass": "disclos", "rol": "duty",
             "guidanc": "advis"}


def stems(text: str) -> set[str]:
    words = _WORDS.findall(text.lower().replace("{target}", " ").replace("{actor}", " "))
    return {stem(w) for w in words if w not in _STOP and w not in _NOT_VERBS and len(w) > 2}


def _verbs(phrase: str, *, every: bool = False) -> list[str]:
    """The stem of the first word of ``phrase`` that can be its verb (not "seek to", not
    "normally"); after a light verb ("issue an instruction", "take unfair advantage"), the words it
    carries too.  ``every``: every content word (a list item names its act as a noun: "Bullying")."""
    words: list[str] = []
    for match in _WORDS.finditer(phrase.lower()):
        w = match.group()
        if (w not in _STOP or w in ("use", "used")) and w not in _NOT_VERBS \
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

    def suggest(self, phrase: str) -> str | None:
        """The best action for ``phrase``, or None when none shares enough with it."""
        return self.suggest_sure(phrase)[0]

    def suggest_sure(self, phrase: str, *, noun: bool = False) -> tuple[str | None, bool]:
        """The best action for ``phrase`` and whether its verb is the action's own verb.  ``noun``:
        the phrase names the act without a verb ("Criticising in public"), so any of its words may
        be the action's verb."""
        verbs = set(_verbs(phrase, every=noun))
        words = stems(phrase)
        scores: dict[int, float] = {}
        shared: dict[int, int] = {}
        for word in words:
            for n in self.index.get(word, ()):
                scores[n] = scores.get(n, 0.0) + self.weight[word]
                shared[n] = shared.get(n, 0) + 1
        best: tuple[bool, float] = (False, 1.0)
        found: str | None = None
        for n, score in scores.items():  # in vocabulary order, so ties go to the first action
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


# --- conditions ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _condition_words(text: str) -> frozenset[str]:
    words = _WORDS.findall(text.lower().replace("{target}", " ").replace("{actor}", " "))
    return frozenset("not" if w in _NEGATIONS else stem(w) for w in words
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
        #: every word some fact of the action says: a text sharing none states none of its facts
        self.words = {a: frozenset().union(*(f for _, _, f in facts)) - {"not"} for a, facts in self.facts.items()}

    def mentions_any(self, action: str, text: str) -> bool:
        """Could ``text`` state one of ``action``'s facts (does it share a word with any)?"""
        return bool(self.words.get(action)) and not self.words[action].isdisjoint(_condition_words(text))

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
        return best[2], best[3], best[0]


@attrs.frozen
class Qualifiers:
    """What the qualifiers of a reading say: conditions, exceptions, and the words left unread."""

    when: Condition = ()
    exceptions: tuple[Condition, ...] = ()
    unread: str = ""  # a conditional word no fact accounts for ("without", "only")
    covered: tuple[tuple[int, int], ...] = ()  # where the facts read were said
    #: conditions the text gives as alternatives ("X, or Y"): a rule for each, instead of ``when``
    alternatives: tuple[Condition, ...] = ()


def read_qualifiers(low: str, start: int, end: int, action: str, reader: ConditionReader,
                    effect: str, extra: Sequence[tuple[int, int]] = (), ends: Sequence[int] = ()) -> Qualifiers:
    """The conditions and exceptions in ``low[start:end]`` (and the spans ``extra``) for ``action``;
    ``ends``: where a qualifier may end besides punctuation (the modal verbs)."""
    found: list[tuple[float, int, int, str, str, bool]] = []  # (score, start, end, kind, attribute, value)
    window = low[start:end] + "".join(" " + low[a:b] for a, b in extra)
    spans = [] if not reader.mentions_any(action, window) else [(m.start(), "exception" if m.group("exception") else "condition")
             for m in _QUALIFIER.finditer(low, start, end)] + [(s, "condition") for s, _ in extra]
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
    for _, at, stop, kind, attribute, value in kept:
        if kind == "exception" and effect == "forbid":
            exceptions.append(((attribute, value),))
        elif kind == "exception":
            when[attribute] = not value  # "may ... unless X": only when X does not hold
        else:
            if previous_end is not None and _OR.search(low, previous_end, at) and choices[-1]:
                choices.append({})
            choices[-1][attribute] = value
            previous_end = stop
    alternatives = tuple(tuple({**when, **choice}.items()) for choice in choices) if len(choices) > 1 else ()
    for choice in choices if len(choices) == 1 else ():
        when.update(choice)
    covered = [(a, b) for _, a, b, *_ in kept]
    unread = ""
    text = _CROSS_REFERENCE.sub(lambda m: " " * len(m.group()), _NO_CIRCUMSTANCES.sub(
        lambda m: " " * len(m.group()), low))
    for m in _CONDITIONAL.finditer(text):
        if not any(a <= m.start() < b for a, b in covered) and not (background and m.start() < background.end()):
            unread = m.group()
            break
    return Qualifiers(tuple(when.items()), tuple(exceptions), unread, tuple(covered), alternatives)


# --- who ------------------------------------------------------------------------------------------


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


# --- reading -------------------------------------------------------------------------------------


@attrs.frozen
class Verb:
    """Where a sentence says what someone must, must not, may or should do: a modal verb, or a phrase
    that works as one ("it is not the role of X to")."""

    start: int
    end: int
    modal: re.Match[str] | None
    effect: str = ""  # when the phrase says it, not the modal
    subject: Subject | None = None  # when the phrase names it ("the role of Councillors")
    #: a passive verb's: whom the act is done to (the sentence's subject) and the act's words
    #: ("A member may be asked for advice and support by an employee": employee asks a member)
    targets: tuple[str, ...] | None = None
    phrase: str = ""
    only: bool = False  # "must only be used to ...": allowed for that, forbidden otherwise
    said_end: int = -1  # where the verb's own words end, when the verb reaches further (to its doer)


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


def words_end(words: str, *ends: str) -> bool:
    return words.split()[-1] in ends


class Reader:
    """Reads the rules of one document's sentences, with its roles and its vocabulary."""

    def __init__(self, actions: ActionIndex, ancestors: Mapping[str, frozenset[str]]):
        self.actions = actions
        self.ancestors = ancestors
        #: whom the document calls "you" ("As a Community Councillor you have a duty ..."), if it says
        self.addressee: tuple[str, ...] = ()
        #: the roles an earlier sentence of the clause started with, for "they" ("Committee Chairs and
        #: Vice-Chairs have additional responsibilities. ... However, they must still ...")
        self.earlier: Subject | None = None
        #: the protocol's parties (see ``unacceptable``), and whether the clause speaks of "every person"
        self.parties: list[str] = []
        self.everyone = False

    def learn_parties(self, named: Sequence[str]) -> None:
        """The protocol's parties from the roles its opening names: its councillors and its staff,
        each as the widest role named ("Councillors, Officers and Employees": councillor, employee)."""
        members = self.collapse(r for r in named if r == "councillor" or "councillor" in self.ancestors.get(r, ()))
        staff = self.collapse(r for r in named if r == "employee" or "employee" in self.ancestors.get(r, ()))
        if len(members) == 1 and len(staff) == 1:
            self.parties = [members[0], staff[0]]

    def start_clause(self, text: str = "") -> None:
        self.earlier = None
        self.everyone = bool(_EVERYONE.search(text.lower()))

    def saw(self, low: str, mentions: Sequence[Mention]) -> None:
        """Remember the roles a sentence starts with, for a "they" in the next ones."""
        if not mentions or mentions[0].start > 40:
            return
        first = groups(list(mentions[:4]), low)[:1]
        if first and _SUBJECT_START.match(low[: first[0][0].start]):
            self.earlier = Subject(tuple(self.collapse(m.role for m in first[0])))

    def address(self, text: str, mentions: Sequence[Mention]) -> None:
        """Learn whom the document calls "you" from a sentence that says so ("As a Community
        Councillor you ...", "you, as a member of the Council, ...")."""
        if self.addressee or "you" not in text.lower():
            return
        low = lower(text)
        for m in mentions:
            before = low[max(0, m.start - 6) : m.start]
            if not re.search(r"\bas an?\s+$", before):
                continue
            if _YOU_NEAR.match(low, m.end) or re.search(r"\byou\W{1,3}$", low[max(0, m.start - 12) : m.start - 5]):
                self.addressee = (m.role,)
                return

    def collapse(self, roles: Iterable[str]) -> list[str]:
        return collapse(roles, self.ancestors)

    # a sentence --------------------------------------------------------------------------------
    def verbs(self, low: str, mentions: Sequence[Mention], *, item: bool = False) -> list[Verb]:
        """Where the sentence says someone must, must not, may or should: its modal verbs, and "it is
        not the role of X to ..." (which forbids X); in a list's item, "will not" too."""
        found = [Verb(m.start(), m.end(), m) for m in modals(low)]
        for m in _ROLE_OF.finditer(low) if " of " in low and ("role" in low or "job" in low or "function" in low
                                                           or "place" in low or "business" in low
                                                           or "responsibility" in low) else ():
            group = next((g for g in groups([x for x in mentions if m.end() <= x.start <= m.end() + 12], low)), None)
            to = _TO.match(low, group[-1].end) if group else None
            if group is not None and to is not None:
                found.append(Verb(m.start(), to.end(), None, "forbid", Subject(tuple(x.role for x in group))))
        for m in _PASSIVE.finditer(low) if " be " in low else ():
            passive = self._passive(low, mentions, m)
            if passive is not None:
                found.append(passive)
        if item and not found:
            found = [Verb(m.start(), m.end(), m, "forbid") for m in _ITEM_MODAL.finditer(low)]
        return sorted(found, key=lambda v: v.start)

    def _passive(self, low: str, mentions: Sequence[Mention], m: re.Match[str]) -> Verb | None:
        """A passive verb whose doer the sentence names: "by an employee" after it, or the one a thing
        was "provided to" before it ("Council equipment ... provided to Councillors must only be used
        to ..."); None when it names none."""
        after = [g for g in groups([x for x in mentions if m.end() <= x.start <= m.end() + 48], low)
                 if _BY.search(low, max(m.end(), g[0].start - 12), g[0].start)]
        before = [g for g in groups([x for x in mentions if x.end <= m.start()], low)
                  if _PROVIDED_TO.search(low, max(0, g[0].start - 40), g[0].start)]
        subject = _subject(low, 0, mentions, m.start())
        targets: tuple[str, ...] | None
        if after:
            actor = tuple(self.collapse(x.role for x in after[0]))
            # done to the sentence's subject; "It must not be assumed by any party group or member that
            # any officer ...": to the one named after
            targets = tuple(r for r in self.collapse(subject.roles) if r not in actor) if subject else None
        elif before:
            actor, targets = tuple(self.collapse(x.role for x in before[-1])), ()
        else:
            return None
        if m.group("not"):
            effect = "forbid"
        elif m.group("modal") in ("may", "can"):
            effect = "permit"
        elif m.group("modal") == "should":
            effect = "advise"
        else:
            effect = "require"
        stop = low.find(".", m.end())
        phrase = low[m.start("part") : stop if stop > 0 else len(low)] + " " + low[: m.start()]
        # what it is done to is named after the one who does it ("by any party group or member that any
        # officer ...")
        end = after[0][-1].end if after else m.end()
        return Verb(m.start(), end, None, effect, Subject(actor), targets, phrase, bool(m.group("only")), m.end())

    def unacceptable(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """An act the text rules out without saying who does it: "Harassment and bullying is not
        acceptable", "Close personal familiarity should be avoided".  It binds the protocol's parties
        (``parties``: the councillors and the staff its opening names) each towards the other, and
        towards their own kind too where the clause says "every person"."""
        m = _UNACCEPTABLE.search(low)
        if m is None or mentions or len(self.parties) != 2:
            return []
        act = m.group("act") or m.group("act2") or ""
        start = low.find(act)
        action, sure = self.actions.suggest_sure(sentence[start : start + len(act)], noun=True)
        if action is None:
            return []
        why = "" if sure else "the action was matched by shared words, not by the sentence's words"
        every = self.everyone
        words = " ".join(sentence[m.start("verb") : m.end("verb")].split())
        return [CandidateRule("", "", sentence, "forbid", a, None if action in self.actions.untargeted else b, action,
                              words, live=not why, why=why)
                for a in self.parties for b in self.parties if a != b or every]

    def caution(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """A caution about an act between two roles: "Close personal relationships between Councillors
        and officers can confuse these separate roles", "it is incompatible with good relations for
        close personal ... relationships to develop between officers/staff and members".  It advises
        each side, towards the other."""
        warn = _CAUTION.search(low)
        between = _BETWEEN.search(low)
        if warn is None or between is None:
            return []
        sides = groups([m for m in mentions if between.end() <= m.start < between.end() + 60], low)
        parties = self.collapse(m.role for m in (sides[0] if sides else ()))
        if len(parties) != 2:
            return []
        act = _FOR_TO.search(low, warn.end(), between.end())
        start, end = (act.start("act"), act.end("act")) if act is not None else (0, between.start())
        if act is None and warn.start() < between.start():
            return []  # the caution is not about what is between them
        action, sure = self.actions.suggest_sure(sentence[start:end], noun=True)
        if action is None:
            return []
        why = "" if sure else "the action was matched by shared words, not by the sentence's words"
        words = " ".join(sentence[warn.start() : warn.end()].split())
        return [CandidateRule("", "", sentence, "advise", a, b, action, words, live=not why, why=why)
                for a in parties for b in parties if a != b]

    def rules(self, sentence: str, low: str, mentions: Sequence[Mention], *, item: bool = False) -> list[CandidateRule]:
        """The rules a sentence states, one per modal verb and pair of roles.  ``item``: the sentence
        is an item of a list ("That Councillors will not use ..."), where "will not" forbids."""
        if "between" in low and _CAUTION.search(low) and (cautions := self.caution(sentence, low, mentions)):
            return cautions
        if not mentions and (" avoided" in low or "accept" in low or "tolera" in low or "prohibit" in low):
            return self.unacceptable(sentence, low, mentions)
        out: list[CandidateRule] = []
        verbs = self.verbs(low, mentions, item=item)
        actor: list[str] = []
        last_subject: Subject | None = None
        named = self.collapse(m.role for m in mentions)
        hedge = _HEDGE.search(low)
        for k, verb in enumerate(verbs):
            window_start = verbs[k - 1].end if k else 0
            window_end = verbs[k + 1].start if k + 1 < len(verbs) else len(sentence)
            semicolon = low.find(";", verb.end, window_end)
            if semicolon >= 0:
                window_end = semicolon  # "...; such issues should be taken through agreed procedures"
            subject = verb.subject or _subject(low, window_start, mentions, verb.start)
            if subject is None and self.addressee and _YOU.search(low, window_start, verb.start):
                subject = Subject(self.addressee)  # "You must not use your position": the reader addressed
            if subject is None and last_subject is None and self.earlier and _PRONOUN.search(low, window_start,
                                                                                               verb.start):
                subject = self.earlier  # "Committee Chairs and Vice-Chairs have ... However, they must"
            if subject is None and last_subject is not None and (
                    _ELLIPSIS.fullmatch(low[window_start : verb.start]) or _PRONOUN.search(low, window_start, verb.start)):
                # "Councillors must respect these obligations, must not obstruct"; "... in the sense that
                # they should not relay"
                subject = last_subject
            last_subject = subject
            both = _BOTH.search(low, window_start, verb.start) if subject is None else None
            before = [m for m in mentions if window_start <= m.start and m.end <= verb.start]
            negated = verb.modal is not None and bool(_NO_SUBJECT.search(low, window_start, verb.start))
            modal = verb.modal.groupdict() if verb.modal is not None else {}
            if modal.get("is_to") and not negated:
                continue  # "the role of officers is to give advice" describes; "no member is to ..." forbids
            rest = low[verb.end : window_end]
            double = modal.get("neg") and _DOUBLE_NEGATIVE.match(rest)
            rest_start = verb.end + (double.end() if double else 0)
            if double:
                effect = "require"  # "must never fail to advise"
            elif verb.effect:
                effect = verb.effect
            elif modal.get("neg") or negated:
                effect = "forbid"
            elif modal.get("permit"):
                effect = "permit"
            elif modal.get("require"):
                effect = "require"
            else:
                effect = "advise"
            # who: the subject's roles, or for "neither party" the two named before, each towards the
            # other; failing both, the role named last before the verb (a guess, never live)
            actors = self.collapse(subject.roles) if subject is not None else []
            joint = len(actors) >= 2
            if not actors and both is not None and len(named) >= 2:
                actors, joint = named[:2], True
            guessed = False
            if not actors and before:
                actors, guessed = [before[-1].role], True
            elif not actors and actor:
                actors, guessed = actor, True
            if not actors:
                continue
            actor = actors
            words = " ".join(sentence[verb.start : verb.said_end if verb.said_end >= 0 else verb.end].split())
            avoid = _AVOID_NOUN.match(low, rest_start, window_end) if words_end(words.lower(), "avoid") else None
            if verb.phrase:  # a passive verb: its participle, then what it is done to
                action, sure = self.actions.suggest_sure(verb.phrase)
            elif avoid is not None:  # "should avoid any close personal familiarity that could ...": the noun
                action, sure = self.actions.suggest_sure(sentence[rest_start : avoid.end()], noun=True)
            else:
                action, sure = self.actions.suggest_sure(sentence[rest_start:window_end])
            if action is None and effect == "permit":
                continue  # "relationships can confuse roles": a permission names something one may do
            targets = list(verb.targets) if verb.targets is not None else \
                self._targets(low, mentions, rest_start, window_end, actors)
            if not targets and _THEM.match(low, rest_start):
                # "must not ask them to ...": the role named before, that is not the actor
                earlier = [g for g in groups([m for m in mentions if m.end <= verb.start], low)
                           if not set(self.collapse(m.role for m in g)) & set(actors)]
                targets = self.collapse(m.role for m in earlier[-1]) if earlier else []
            pairs: list[tuple[str, str | None]]
            if action is not None and action in self.actions.untargeted:
                # done to nobody in particular, unless the verb names whom ("pressure the Town Clerk to
                # use this delegated authority")
                direct = [g for g in groups([m for m in mentions if rest_start <= m.start < window_end], low)
                          if _DIRECT.fullmatch(low, rest_start, g[0].start)][:1]
                named_after = self.collapse(m.role for m in direct[0]) if direct else []
                pairs = [(a, t) for a in actors for t in named_after or [None]]
            elif targets:
                pairs = [(a, t) for a in actors for t in targets]
            elif joint:
                pairs = [(a, b) for a in actors for b in actors if a != b]
            elif action is not None:
                # "must not use your position ...": towards anyone (live only when sure of the action)
                pairs = [(a, None) for a in actors]
            else:
                continue
            qualifiers = Qualifiers()
            if action is not None:
                extra = [subject.qualifier] if subject is not None and subject.qualifier else []
                qualifiers = read_qualifiers(low, window_start, window_end, action, self.actions.conditions,
                                             effect, extra, [verb.start, verb.end])
                if subject is not None and subject.qualifier and not any(
                        subject.qualifier[0] <= a < subject.qualifier[1] for a, _ in qualifiers.covered):
                    printed = " ".join(sentence[subject.qualifier[0] : subject.qualifier[1]].split())
                    qualifiers = attrs.evolve(qualifiers, unread=qualifiers.unread or printed)
            said = "cannot" if negated and words.lower() in ("can", "could") else words
            firm = verb.modal is None or bool(_FIRM.match(said.lower())) or (item and said.lower() == "will not") \
                or (negated and bool(modal.get("is_to")))  # "no member is to pressure"
            why = self._doubt(said, firm, guessed, action, sure, qualifiers, sentence, double)
            debatable = f"'{hedge.group()}' admits exceptions the protocol does not name" if hedge else ""
            readings: list[tuple[str, Condition]] = [(effect, when) for when in qualifiers.alternatives or
                                                     (qualifiers.when,)]
            if verb.only:
                # "must only be used to assist them in their role": allowed for that, forbidden otherwise
                single = [(k, v) for k, v in qualifiers.when if isinstance(v, bool)]
                if len(single) == 1 and not qualifiers.alternatives:
                    key, value = single[0]
                    readings = [("permit", qualifiers.when), ("forbid", ((key, not value),))]
                    if why.startswith("the sentence has a condition or exception ('only')"):
                        why = self._doubt(said, firm, guessed, action, sure, attrs.evolve(qualifiers, unread=""),
                                          sentence, double)
                else:
                    why = why or "'only' limits the act to a purpose no fact of the action states"
            for a, b in dict.fromkeys(pairs):
                for said_effect, when in readings:
                    out.append(CandidateRule("", "", sentence, said_effect, a, b, action, words, live=not why,
                                             why=why, when=when, exceptions=qualifiers.exceptions,
                                             debatable=debatable))
        return out

    def _targets(self, low: str, mentions: Sequence[Mention], start: int, end: int, actors: Sequence[str]) -> list[str]:
        """The roles the act is done to: the first group named after the verb that is not the actor
        (for a joint subject, the first group: "Neither officers nor members should pass comment
        about officers" binds officers towards officers too)."""
        for group in groups([m for m in mentions if start <= m.start < end], low):
            roles = [r for r in self.collapse(m.role for m in group) if len(actors) > 1 or r not in actors]
            if roles:
                return roles
        return []

    @staticmethod
    def _doubt(words: str, firm: bool, guessed: bool, action: str | None, sure: bool, qualifiers: Qualifiers,
               sentence: str, double: object) -> str:
        """Why a reading is not certain enough to go live ("" when it is)."""
        if action is None:
            return "no action in the vocabulary matched"
        if not sure:
            return "the action was matched by shared words, not by the sentence's verb"
        if not firm:
            return f"'{words}' may describe rather than require"
        if guessed:
            return "the actor is not the subject of the sentence"
        if qualifiers.unread:
            return (f"the sentence has a condition or exception ('{qualifiers.unread}') to write as "
                    "when/unless")
        if len(sentence.split()) > LONG:
            return "a long sentence, which may say more than one thing"
        if double:
            return "a double negative"
        return ""

    # a list item --------------------------------------------------------------------------------
    def item(self, sentence: str, low: str, mentions: Sequence[Mention], stem: Stem) -> list[CandidateRule]:
        """The rules an item of an expectation list states with its stem: "[Officers can expect from
        Councillors] not to be subject to bullying" forbids Councillors to bully officers; "[What
        officers should not expect from members:] Criticising in public" forbids the same way."""
        if _ITEM_MODAL.search(low) or modals(low):
            return self.rules(sentence, low, mentions, item=True)  # "That Councillors will not use ..."
        passive = _NOT_TO.match(low)
        if not passive and not stem.negative:
            return []  # "A working partnership": what they can expect, no rule
        # who does it: "by Officers" in the item, else those the stem expects it from
        by = [m.role for m in mentions if _BY.search(low, max(0, m.start - 12), m.start)]
        actors = self.collapse(by) or list(stem.from_)
        targets = [r for r in stem.expecting if r not in actors]
        if not actors or not targets:
            return []
        start = passive.end() if passive else 0
        action, sure = self.actions.suggest_sure(sentence[start:], noun=True)
        if action is None:
            return []
        qualifiers = read_qualifiers(low, start, len(low), action, self.actions.conditions, "forbid")
        why = ""
        if not sure:
            why = "the action was matched by shared words, not by the item's words"
        elif qualifiers.unread:
            why = f"the item has a condition or exception ('{qualifiers.unread}') to write as when/unless"
        elif len(sentence.split()) > LONG:
            why = "a long item, which may say more than one thing"
        words = "should not expect" if stem.negative else "can expect ... not to"
        pairs = [(a, None if action in self.actions.untargeted else t) for a in actors for t in targets]
        return [CandidateRule("", "", sentence, "forbid", a, t, action, words, live=not why, why=why,
                              when=qualifiers.when, exceptions=qualifiers.exceptions)
                for a, t in dict.fromkeys(pairs)]
