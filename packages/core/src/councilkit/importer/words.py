"""Words cut to what their forms share ("bullying", "bullied": "bully"), and the words a phrase's
meaning does not rest on ("the", "seek to"): what :mod:`councilkit.importer.vocabulary` and
:mod:`councilkit.importer.conditions` compare.
"""

from __future__ import annotations

import functools
import re

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
_SUFFIX = re.compile(r"(?:ations|ation|ings|ing|ed|es|s|ions|ion|ments|ment)$")
_WORDS = re.compile(r"[a-z]+")
#: verbs that carry a noun which is the real act: "issue an instruction", "make a complaint"
_LIGHT = frozenset(["issue", "make", "give", "take", "have", "carry", "conduct", "provide", "undertake", "put",
                    "pass"])
#: words that qualify a verb without being one ("seek to", "try to", "normally", "directly")
_NOT_VERBS = frozenset(["seek", "try", "attempt", "also", "ever", "always", "purport", "knowingly", "become",
                        "becoming", "being", "get", "getting", "able"])


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
             "relay": "disclos", "pass": "disclos", "shar": "disclos", "discuss": "brief", "rol": "duty",
             "guidanc": "advis", "organis": "manag", "organiz": "manag", "prior": "beforehand"}


#: phrases the protocols use for an action's verb: "confer an advantage on any person" favours them
_PHRASES = re.compile(r"\bconfer(?:s|red|ring)?\s+(?:an?\s+|any\s+)?(?:unfair\s+|undue\s+)?advantage\b|"
                      r"\b(?:give|show)s?\s+(?:any\s+)?preferential\s+treatment\b")
#: "asked to deal with matters": asked to do work
_ASKED_TO = re.compile(r"\basked to (?!be\b|provide\b|give\b|explain\b|attend\b|meet\b)(?=\w)")


def phrases(text: str) -> str:
    """``text`` with the phrases the protocols use for an action's own verb put as that verb."""
    if "confer" in text or "preferential" in text:
        text = _PHRASES.sub("favour", text)
    if "asked to " in text:
        text = _ASKED_TO.sub("asked to do work: ", text)
    return text


def stems(text: str) -> set[str]:
    words = _WORDS.findall(phrases(text.lower()).replace("{target}", " ").replace("{actor}", " "))
    return {stem(w) for w in words if w not in _STOP and w not in _NOT_VERBS and len(w) > 2}
