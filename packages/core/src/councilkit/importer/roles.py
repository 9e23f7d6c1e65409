"""Role mentions: "the Parish Clerk", "Chairman of the Personnel Committee", "Directors", "members".

The roles come from the variant's plugins (``Registry.roles_for(variant)``), so
a variant the importer has never heard of works the same way.  From each role's
title the matcher builds the ways documents print it:

- the words they use for the title's words: Chairman or Chairperson for Chair,
  Member for Councillor, member of staff for Employee;
- "X of the Y" also as "Y X" ("Council Chairman" for Chair of the Council);
- a clerk's title with the kind of council in front ("Parish Clerk", "Community
  Clerk" for Clerk; "Clerk" alone for Town Clerk);
- the initials of a long title ("RFO");
- plurals ("Directors", "Committee Chairmen").

The longest match wins, so "Chairman of the Personnel Committee" is the chair of
that committee, not a chair and a committee.  A council's title for a role is
the form its document prints most often, when that differs from the plugin's
("Parish Clerk", "Member").  Capitalised phrases that end like a role ("Proper
Officer", "Head of Democratic Services") but match none are listed for a person.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import attrs

from councilkit.importer.headings import SMALL, STARTERS
from councilkit.model import Role

#: other words documents print for a word in a role's title
_WORD_FORMS: dict[str, tuple[str, ...]] = {
    "chair": ("chair", "chairman", "chairwoman", "chairperson"),
    "vice-chair": ("vice-chair", "vice chair", "vice-chairman", "vice chairman", "vice-chairwoman",
                   "vice-chairperson", "deputy chair", "deputy chairman"),
    "councillor": ("councillor", "member", "elected member", "cllr"),
    "clerk": ("clerk", "clerk to the council", "clerk of the council"),
    "personnel committee": ("personnel committee", "staffing committee", "staff committee", "hr committee",
                            "human resources committee"),
    "employee": ("employee", "member of staff", "staff member", "staff"),
    "junior officer": ("junior officer", "junior staff", "junior employee", "junior member of staff"),
    "political group": ("political group", "party group", "party political group", "political party group",
                        "opposition group"),
    "overview and scrutiny committee": ("overview and scrutiny committee", "scrutiny committee",
                                        "overview & scrutiny committee"),
    "head of paid service": ("head of paid service",),
    "council": ("council", "full council"),
    "cabinet member": ("cabinet member", "member of the cabinet", "portfolio holder"),
}
#: the kinds of council a clerk's (or council's) title may start with
_QUALIFIERS = ("parish", "town", "community", "city", "village", "district", "borough", "county")
#: phrases that look like a role but are not one
_NOT_ROLES = re.compile(
    r"\bmembers? of (?:the )?public\b|\bmembers? of (?:the |a )?(?:community|family|household|panel)\b|"
    r"\bagency staff\b", re.I
)
#: mass nouns a role is printed as, which make poor titles ("Staff")
_NOT_TITLES = frozenset({"staff", "cllr"})
_ROLE_NOUNS = (r"(?:Officer|Clerk|Manager|Director|Chairman|Chairwoman|Chairperson|Chair|Leader|Executive|"
               r"Secretary|Treasurer|Mayor|Warden|Adviser|Advisor|Controller|Solicitor|Auditor)s?")
#: capitalised words that start a phrase without being part of a title ("Certain Officers")
_LEADING = frozenset([
    "What", "Which", "Whose", "Certain", "Other", "Such", "Both", "Either", "Neither",
    "Individual", "Relevant", "Appropriate", "Particular", "Whole", "Local", "Senior",
])
#: (the capital each starts with is looked for first: a regex that tries twenty words at every
#: place is slow)
_ROLE_NOUN = re.compile(rf"(?=[ACDELMOSTWH])(?:{_ROLE_NOUNS}\b|Head of (?:[A-Z][\w'’&-]*\s?){{1,4}})")
_WORDS_BEFORE = re.compile(r"(?:[A-Z][\w'’-]*\s+){1,3}$")
_NOT_ROLE_WORDS = ("public", "communit", "famil", "household", "panel", "agency")


class Mention(NamedTuple):
    """A role named in a text, where, and as printed."""

    role: str
    start: int
    end: int
    printed: str


@attrs.frozen
class RoleFound:
    """A role the document mentions: its printed forms, the title to give it, where it is cited."""

    id: str
    title: str | None  # the council's title for it, when it differs from the plugin's
    default_title: str
    forms: tuple[tuple[str, int], ...]  # printed form (singular) -> times, most frequent first
    cite: tuple[str, ...]

    @property
    def count(self) -> int:
        return sum(n for _, n in self.forms)



def _head(words: Sequence[str]) -> int:
    """The head noun of a title: the word before "of" ("Chairmen of the Council"), else the last."""
    lowered = [w.lower() for w in words]
    return lowered.index("of") - 1 if "of" in lowered[1:] else len(words) - 1


_TOKEN = re.compile(r"[^\W\d_]+(?:['’](?!s\b)[^\W\d_]+)*|&")
_GAP = re.compile(r"\s+|-|\s*-\s*")


@functools.lru_cache(maxsize=8192)
def _norm(word: str) -> str:
    """A word as the matcher compares it: lower case and singular ("Chairmen" -> "chairman")."""
    w = word.lower()
    if w == "&":
        return "and"
    if len(w) > 4 and w.endswith("men"):
        return w[:-3] + "man"
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(_norm(t.group()) for t in _TOKEN.finditer(phrase))


def _forms(title: str) -> set[str]:
    """Ways a document may print ``title`` (lower case, singular)."""
    base = title.lower()
    out = {base}
    for key, forms in _WORD_FORMS.items():
        for phrase in list(out):
            if re.search(rf"\b{re.escape(key)}\b", phrase):
                for form in forms:
                    out.add(re.sub(rf"\b{re.escape(key)}\b", form, phrase))
    for phrase in list(out):
        m = re.fullmatch(r"(.+?) of (?:the |a )?(.+)", phrase)
        if m:
            out.add(f"{m.group(2)} {m.group(1)}")
    for phrase in list(out):
        words = phrase.split()
        if words[0] in _QUALIFIERS and len(words) > 1:
            out.add(" ".join(words[1:]))
    for phrase in list(out):  # "Chairman of the Parish Council"
        if phrase.endswith(" of the council"):
            out |= {f"{phrase[: -len('council')]}{q} council" for q in _QUALIFIERS}
    return out


def _bare_forms(roles: Mapping[str, Role]) -> dict[str, set[str]]:
    """"Leader" for "Leader of the Council", where no other role's title has the same head noun
    ("Chair" stays unmatched when there are committee chairs too: a person decides)."""
    heads: dict[str, list[str]] = {}
    bare: dict[str, str] = {}
    for role in roles.values():
        words = role.title.lower().split()
        heads.setdefault(words[_head(words)], []).append(role.id)
        m = re.fullmatch(r"(.+?) of (?:the )?council", role.title.lower())
        if m and " " not in m.group(1):
            bare[role.id] = m.group(1)
    out: dict[str, set[str]] = {}
    for role_id, word in bare.items():
        # "the Chairman" alone is the Chair of the Council: a committee's chair is printed with its
        # committee ("Committee Chairman", "Chairman of the Personnel Committee"), and a group's leader
        # with its group ("Group Leader"); the longest phrase wins, so the bare word is left for the
        # council's own ("the Leader")
        others = [r for r in heads.get(word, []) if r != role_id]
        if heads.get(word) == [role_id] or all("committee" in roles[r].title.lower() or "group" in roles[r].title.lower()
                                               for r in others):
            out[role_id] = {f for f in _forms(word) if " " not in f}
    return out


#: "of" naming a body other than the council, after a bare office word
_OF_ANOTHER = re.compile(r"\s+of\s+(?!(?:the\s+|this\s+)?(?:\w+\s+){0,2}council\b)")

_ROLE = object()  # the key under which a trie node keeps the role its phrase names


class RoleMatcher:
    """Finds mentions of a variant's roles in text.

    The printed forms of every role's title go into a trie of words (lower case,
    singular), so text is read once, word by word, and the longest phrase wins.
    """

    def __init__(self, roles: Mapping[str, Role]):
        self.roles = dict(roles)
        self._trie: dict[object, Any] = {}
        self._initials: dict[str, str] = {}
        bare = _bare_forms(roles)
        #: the single words that stand for a council's own office ("Leader"), which "of" something
        #: other than the council gives to another ("the Leader of the Labour Group")
        self._bare = {form for forms in bare.values() for form in forms}
        for role in roles.values():
            for form in sorted(_forms(role.title) | bare.get(role.id, set())):
                words = _words(form)
                if not words:
                    continue
                self._add(words, role.id)
                if len(words) == 1 and words[0] not in ("council", "committee"):
                    for qualifier in _QUALIFIERS:  # "Parish Clerk", "Community Clerk"
                        self._add((qualifier, *words), role.id)
            significant = [w for w in re.split(r"[\s-]+", role.title) if w.lower() not in SMALL]
            if len(significant) >= 3:
                self._initials.setdefault("".join(w[0] for w in significant).upper(), role.id)
        # where a mention may start: the first letters of every phrase's first word, so the text
        # is only read word by word where a role may be named
        starts = {word[:4] for word in self._trie if isinstance(word, str)} | {i[:4].lower() for i in self._initials}
        # read in lower case: quicker than ignoring case, and the positions stay the same
        self._starts = re.compile(_prefix_pattern(starts)) if starts else None

    def _add(self, words: tuple[str, ...], role_id: str) -> None:
        node = self._trie
        for word in words:
            node = node.setdefault(word, {})
        node.setdefault(_ROLE, role_id)  # the first role to claim a phrase keeps it

    def mentions(self, text: str) -> list[Mention]:
        if self._starts is None:
            return []
        out: list[Mention] = []
        blocked: list[tuple[int, int]] | None = None
        done = 0
        low = text.lower()
        if len(low) != len(text):
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        for hit in self._starts.finditer(low):
            start = hit.start()
            if start < done or (start and (low[start - 1].isalnum() or low[start - 1] in "-_")):
                continue
            if blocked is None:
                blocked = [(m.start(), m.end()) for m in _NOT_ROLES.finditer(text)] \
                    if any(word in text for word in _NOT_ROLE_WORDS) else []
            if blocked and any(s <= start < e for s, e in blocked):
                continue
            found = self._match(text, start)
            if found is not None and self._bare and low[start:found[1]] in self._bare \
                    and _OF_ANOTHER.match(low, found[1]):
                found = None  # "the Leader of the Labour Group" is no Leader of the Council
            if found is not None:
                role, end = found
                printed = text[start:end]
                if "  " in printed or "\n" in printed:
                    printed = " ".join(printed.split())
                out.append(Mention(role, start, end, printed))
                done = end
        return out

    def _match(self, text: str, start: int) -> tuple[str, int] | None:
        """The role named by the longest phrase starting at ``start``, and where it ends."""
        node, best, pos = self._trie, None, start
        while True:
            token = _TOKEN.match(text, pos)
            if token is None:
                break
            word = _norm(token.group())
            if word not in node:
                break
            node = node[word]
            end = token.end()
            if _ROLE in node and not text.startswith("-", end):
                best = (node[_ROLE], end)
            if len(node) == (_ROLE in node):
                break  # no longer phrase starts with these words
            gap = _GAP.match(text, end)
            if gap is None:
                break
            pos = gap.end()
        if best is None:
            first = _TOKEN.match(text, start)
            if first is not None and first.group() in self._initials:
                return self._initials[first.group()], first.end()
        return best

    def unmapped(self, text: str, mentions: Sequence[Mention]) -> list[str]:
        """Capitalised role-like phrases in ``text`` ("Proper Officer") that no mention covers in full."""
        out = []
        for m in _ROLE_NOUN.finditer(text):
            start, end = m.start(), m.end()
            if start and (text[start - 1].isalnum() or text[start - 1] in "-_"):
                continue  # inside a word ("Subofficer", "Non-Officer")
            if not m.group().startswith("Head of"):
                space = text.rfind(" ", 0, max(0, start - 1))
                if not text[space + 1 : start][:1].isupper():
                    continue  # no capitalised word before it: "the officers"
                before = _WORDS_BEFORE.search(text, max(0, start - 80), start)
                if before is None:
                    continue  # a role noun alone ("Officers") is what the generic roles are for
                start = before.start()
            while True:  # leading words that start sentences or qualify a noun are not part of a title
                word = re.match(r"([\w'’-]+)\s+", text[start:end])
                if word is None or not (word.group(1) in STARTERS or word.group(1) in _LEADING
                                        or word.group(1).endswith(("'s", "’s", "s'", "s’"))):
                    break
                start += word.end()
            end = start + len(text[start:end].rstrip())
            if re.fullmatch(_ROLE_NOUNS, text[start:end]):
                continue  # a role noun alone ("Officers") is what the generic roles are for
            if not any(x.start <= start and x.end >= end for x in mentions):
                out.append(" ".join(text[start:end].split()))
        return out


def _prefix_pattern(words: Iterable[str]) -> str:
    """A pattern matching the longest of ``words`` that starts at a place, the words shared beginnings
    written once ("c(?:l(?:er|lr)|oun)"): the regex engine then tries one branch a character, where a
    plain alternation of forty words tries each word at every place."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict]) -> str:
        kids = [re.escape(char) + branch(child) for char, child in sorted(node.items()) if char]
        if not kids:
            return ""
        body = kids[0] if len(kids) == 1 else "(?:" + "|".join(kids) + ")"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first

    return f"(?:{branch(trie)})"


@functools.lru_cache(maxsize=4096)
def singular(printed: str) -> str:
    """"Committee Chairmen" -> "Committee Chairman"; "Directors" -> "Director"; "members" -> "member"."""
    words = printed.split()
    head = _head(words)
    word = words[head]
    low = word.lower()
    if low.endswith("men"):
        word = word[:-3] + ("MAN" if word.isupper() else "man")
    elif low.endswith("ies") and len(low) > 4:
        word = word[:-3] + "y"
    elif low.endswith("s") and not low.endswith(("ss", "us", "is")) and len(low) > 3:
        word = word[:-1]
    words[head] = word
    return " ".join(words)


def _as_title(form: str) -> str:
    """A printed form as a title: capitalised where the document printed it in lower case."""
    if form.islower():
        return " ".join(w if w in SMALL else w[:1].upper() + w[1:] for w in form.split())
    return form


def find_roles(
    matcher: RoleMatcher, clauses: Iterable[tuple[str, str]]
) -> tuple[list[RoleFound], dict[str, list[Mention]], Counter[str]]:
    """The roles mentioned in ``clauses`` (id, text), the mentions per clause, and unmapped phrases."""
    forms: dict[str, Counter[str]] = {}
    cites: dict[str, list[str]] = {}
    per_clause: dict[str, list[Mention]] = {}
    unmapped: Counter[str] = Counter()
    for clause_id, text in clauses:
        found = matcher.mentions(text)
        per_clause[clause_id] = found
        for mention in found:
            forms.setdefault(mention.role, Counter())[singular(mention.printed)] += 1
            ids = cites.setdefault(mention.role, [])
            if not ids or ids[-1] != clause_id:
                ids.append(clause_id)
        if found or "Head of" in text or text[1:].lower() != text[1:]:  # a capital after the first letter
            unmapped.update(matcher.unmapped(text, found))
    out = []
    for role_id, counter in forms.items():
        role = matcher.roles[role_id]
        ranked = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0].islower(), -len(kv[0].split()), kv[0]))
        # "the Town Clerk ... the Clerk": the short form counts for the council's full title
        weight = Counter({form: n + sum(m for other, m in counter.items()
                                        if form.split()[0].lower() in _QUALIFIERS
                                        and form.lower() == f"{form.split()[0].lower()} {other.lower()}")
                          for form, n in counter.items()})
        ranked_titles = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0].islower(), -len(kv[0].split()), kv[0]))
        title = None
        for form, _ in ranked_titles:
            if form.lower() in _NOT_TITLES:
                continue
            candidate = _as_title(form)
            if candidate.lower() != role.title.lower():
                title = candidate
            break
        out.append(RoleFound(role_id, title, role.title, tuple(ranked), tuple(dict.fromkeys(cites[role_id]))))
    order = list(matcher.roles)
    out.sort(key=lambda r: order.index(r.id))
    return out, per_clause, unmapped
