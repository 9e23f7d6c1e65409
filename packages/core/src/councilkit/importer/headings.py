"""Telling a heading from text, and making slug ids from headings.

A heading is short, has no closing punctuation, and is in Title Case or
capitals ("Group Briefings", "SCOPE AND PURPOSE"); a short phrase in sentence
case ("Procedure for officers") counts where its place says heading too.  Three
kinds of run-in heading share a line with their text:

- bold: ``2.4 **Officers** The role of officers is ...``;
- a colon: ``Background Papers: Langport Town Council Code of Conduct ...``;
- plain: ``3.3 Limitations upon Behaviour The distinct roles ...``, found
  because a short phrase with no verb is followed by a word that starts
  sentences ("The", "From", "In"...).  This is the least certain kind, so the
  report lists every heading found this way for a person to check.
"""

from __future__ import annotations

import re
import unicodedata

from councilkit.importer.lines import plain

#: words a Title Case heading leaves in lower case
SMALL = frozenset(
    [
        "a", "an", "the", "and", "or", "nor", "but", "of", "on", "in", "to", "for", "with", "by",
        "at", "from", "as", "upon", "into", "onto", "via", "per", "vs", "within", "between",
        "under", "over", "about", "than", "its", "their",
    ]
)
#: words a heading (or a sentence at a page break) does not end with
OPEN_ENDINGS = SMALL | frozenset(
    [
        "that", "which", "who", "whom", "whose", "is", "are", "be", "been", "was", "were", "will",
        "would", "shall", "should", "may", "must", "can", "could", "not", "this", "these", "those",
        "such", "any", "each", "every", "both", "either", "neither", "his", "her", "our", "your",
        "my", "no", "all", "some", "if", "when", "where", "whilst", "while", "so", "because",
        "although", "there", "also", "only",
    ]
)
#: words that make a phrase a sentence rather than a heading
VERBS = frozenset(
    [
        "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would",
        "may", "might", "must", "should", "shall", "can", "could", "do", "does", "did", "cannot",
        "can't", "won't",
    ]
)
#: capitalised words that start a sentence after a plain run-in heading
STARTERS = frozenset(
    [
        "The", "A", "An", "This", "These", "That", "Those", "It", "In", "From", "If", "Where",
        "When", "Whenever", "Whilst", "While", "Although", "As", "At", "By", "For", "On", "To",
        "With", "Under", "Unless", "Once", "Each", "Every", "Any", "All", "No", "Some", "There",
        "They", "We", "Our", "Their", "Before", "After", "During", "Nothing", "Only", "Subject",
        "Following", "Generally", "Normally",
    ]
)
_QUOTES = "\"'‘’“”()[]"
_TWO_SENTENCES = re.compile(r"[.;!?]\s")
_BOLD_START = re.compile(r"^(\*\*|__)(?P<head>(?:(?!\1).){1,150}?)\1\s*(?P<rest>.*)$")
_COLON = re.compile(r"^(?P<head>[^:]{2,80}?)\s*:\s+(?P<rest>\S.*)$")
_NOT_SLUG = re.compile(r"[\W_]+", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def _word(w: str) -> str:
    return w.strip(_QUOTES + ",").lower()


def _capitalised(word: str) -> bool:
    for ch in word:
        if ch.isalpha():
            return ch.isupper()
    return True  # numbers and symbols: "2020", "&"


def heading_like(text: str, *, sentence_case: bool = False, max_words: int = 12) -> bool:
    """Could ``text`` (a whole line or phrase, plain) be a heading?

    Title Case or capitals, at most ``max_words`` words, no closing punctuation.
    With ``sentence_case``, a phrase of up to five words with no verb also counts.
    """
    text = text.strip()
    if not text or len(text) > 120 or text[-1] in ".,;:!?-–—":
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in _QUOTES):
        return False
    words = text.split()
    if len(words) > max_words or _TWO_SENTENCES.search(text) or ": " in text:
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True
    significant = [w for w in words if _word(w) not in SMALL]
    if significant and all(_capitalised(w) for w in significant):
        return _word(words[-1]) not in OPEN_ENDINGS or len(words) == 1
    return (
        sentence_case
        and len(words) <= 5
        and not any(_word(w) in VERBS for w in words)
        and _word(words[-1]) not in OPEN_ENDINGS
    )


def bold_heading(marked: str) -> tuple[str, str] | None:
    """``**Officers** The role...`` -> ("Officers", "The role...").  ``rest`` is "" for a bold line.

    A bold phrase followed by lower case is emphasis inside a sentence, not a heading.
    """
    m = _BOLD_START.match(marked)
    if not m:
        return None
    head = plain(m.group("head")).strip(" :")
    rest = m.group("rest")
    if not head or len(head.split()) > 15 or head[-1] in ".;,":
        return None
    if rest and not (rest[0].isupper() or rest[0].isdigit() or rest[0] in _QUOTES):
        return None
    return head, rest


def colon_heading(text: str, *, min_words: int = 2) -> tuple[str, str] | None:
    """``Background Papers: Langport Town Council ...`` -> ("Background Papers", "Langport ...")."""
    m = _COLON.match(text)
    if not m:
        return None
    head, rest = m.group("head").strip(), m.group("rest")
    words = head.split()
    if len(words) < min_words or len(words) > 6 or any(_word(w) in VERBS for w in words):
        return None
    if not heading_like(head) or not (rest[0].isupper() or rest[0].isdigit() or rest[0] in _QUOTES):
        return None
    return head, rest


def runin_heading(text: str) -> tuple[str, str] | None:
    """``Limitations upon Behaviour The distinct roles ...`` -> ("Limitations upon Behaviour", "The ...").

    The heading is one to six words with no verb and no punctuation, starting with a
    capital that does not itself start sentences, not ending on a small word; the
    text after it starts with a sentence-starting word and runs on for at least four words.
    """
    words = text.split(" ")
    if not words or not words[0][:1].isupper() or words[0] in STARTERS:
        return None
    for k in range(1, 7):
        if k + 4 > len(words):
            return None
        word = words[k - 1]
        if any(ch in word for ch in ".,;:!?()[]\"“”") or _word(word) in VERBS:
            return None
        if _word(word) in OPEN_ENDINGS:
            continue
        if words[k] in STARTERS:
            return " ".join(words[:k]), " ".join(words[k:])
    return None


#: the longest slug (characters): a clause id must stay short enough (64) with the ".p12.b3" of its
#: paragraphs and items after it
SLUG_LENGTH = 48


def slug(heading: str) -> str:
    """A stable id from a heading: "Officer's/Member of Staff's Advice" -> "officers-member-of-staffs-advice";
    a long heading is cut at a word ("Dunston Parish Council Grievance Policy Accepted October 2021 ..."
    -> "dunston-parish-council-grievance-policy")."""
    text = re.sub(r"['’‘`]", "", heading.casefold())
    # letters as plain ASCII ("Rôle" -> "role"), so the id is one any council file may hold
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = _NOT_SLUG.sub("-", text).strip("-") or "section"
    if len(out) > SLUG_LENGTH:
        cut = out[: SLUG_LENGTH + 1].rsplit("-", 1)[0]
        out = (cut if len(cut) >= SLUG_LENGTH // 2 else out[:SLUG_LENGTH]).strip("-")
    return out


def title_case(text: str) -> str:
    """A heading printed in capitals, in Title Case: "PROTOCOL ON OFFICER AND MEMBER RELATIONSHIPS"
    -> "Protocol on Officer and Member Relationships"."""
    letters = [c for c in text if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return text
    out = []
    for i, word in enumerate(text.split()):
        lower = word.lower()
        if i and lower in SMALL:
            out.append(lower)
        else:
            out.append(_LETTERS.sub(lambda m: m.group()[:1].upper() + m.group()[1:].lower(), word))
    return " ".join(out)
