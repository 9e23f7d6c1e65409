"""Candidate norms: sentences that read like a rule or a route, for a person to confirm.

A *candidate rule* is a sentence in which one role must, must not, may, cannot
or should do something towards another: "Members must not seek to influence
the appointment of Council staff", "no member is to pressure the Town Clerk".
"must not", "cannot", "should not" and a subject with "no"/"neither" forbid;
"may", "can", "is entitled to" permit; "must", "should", "is required to"
advise.  The actor is the role named before the verb (or the one before it, for
"Councillors must respect ..., must not obstruct officers"), the target the
first other role named after it.  The action is suggested from the variant's
vocabulary by the words the sentence shares with each action's description.

A *candidate route* is a sentence that says where a concern goes: "If ... the
matter should be raised with the Parish Clerk", "Complaints about elected
members should be made to the Monitoring Officer".  "Where the employee
concerned is the Parish Clerk, ... the Chairman of the Personnel Committee"
becomes a substitution on the route before it.

None of these is ever active: the writer puts them in the council file as
comments, each with its sentence and clause.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping, Sequence

import attrs

from councilkit.importer.roles import Mention
from councilkit.model import Action

_ABBREVIATIONS = frozenset([
    "e.g", "i.e", "etc", "cllr", "no", "nos", "mr", "mrs", "ms", "dr", "st", "para", "paras", "cf",
    "viz", "approx", "incl", "vs",
])
_BOUNDARY = re.compile(r"[.!?]['\"’”)]*\s+(?=[A-Z“\"'‘(])")

# The patterns below read a sentence in lower case (see ``_lower``), which is quicker than
# ignoring case, and keeps every position the same as in the sentence as printed.
_NEGATIVE = (r"must not|must never|shall not|shall never|should not|should never|ought not to|may not|cannot|"
             r"can ?not|can't|will not|won't|is not to|are not to|(?:is|are) not (?:permitted|allowed|entitled) to|"
             r"(?:is|are) prevented(?: by law)? from")
_PERMIT = r"may|can|(?:is|are) (?:entitled|permitted|allowed) to|(?:has|have) the option of"
_ADVISE = (r"must|shall|should|ought to|(?:is|are) required to|(?:is|are) expected to|will need to|"
           r"(?:has|have) a duty to|(?P<is_to>is to|are to)")
#: a modal verb, unless passive ("must be read", "must only be used") or about expectations
#: ("can expect", "should not expect": the curated councils carry those as [[expectation]]s)
_MODAL = re.compile(rf"(?<![\w'])(?:(?P<neg>{_NEGATIVE})|(?P<permit>{_PERMIT})|(?P<advise>{_ADVISE}))(?![\w'])"
                    r"(?!\s+(?:not\s+)?(?:\w+ly\s+)?(?:be|expect)\b)")
_NO_SUBJECT = re.compile(r"\b(?:no|neither|nor|never)\b")

_RAISE = re.compile(
    r"(?<![\w'])(?:(?:raised|brought|referred|reported|made|taken up|directed|addressed|escalated|sent)"
    r"\s+(?:with|to(?: the attention of)?)|raise[sd]?\s+(?:(?:it|this|the matter|the issue|the concern|them|"
    r"concerns?|a concern|a complaint|complaints?)\s+)?with|recourse to|seek (?:the )?advice (?:of|from)|"
    r"(?:should|must|may) (?:contact|approach|speak to|inform|consult))(?![\w'])"
)
_CONDITION = re.compile(r"^(?:if|where|when|whenever|should|in the event)\b|[,;]\s*(?:if|where|when)\b|\bif\b")
_ABOUT = re.compile(r"\b(?:complaints?|concerns?|grievances?|allegations?)\s+(?:about|against|regarding|concerning)\b")
_LINK = re.compile(r"\b(?:about|against|concerning|regarding|with|of)\b")
_SUBSTITUTE = re.compile(r"\b(?:where|if|when)\s+the\s+(?:[\w-]+\s+)?(?:concerned|involved|complained about)\s+is\s+")
_PROCEDURES = (
    (re.compile(r"\bgrievance"), "grievance"),
    (re.compile(r"\bdisciplinary"), "disciplinary"),
    (re.compile(r"\b(?:capability|performance matter)"), "capability"),
    (re.compile(r"\bcode of conduct"), "code_of_conduct"),
    (re.compile(r"\barbitrat"), "arbitration"),
    (re.compile(r"\bmediat"), "mediation"),
    (re.compile(r"\bconciliat"), "conciliation"),
    (re.compile(r"\bcomplain"), "complaint"),
)
#: the longest sentence read for norms (characters): a longer run of text without a full stop is a
#: list or a table run together, and reading it modal by modal would cost time out of all proportion
MAX_SENTENCE = 1500
_STOP = frozenset(
    [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "with", "by", "at", "from",
        "as", "is", "are", "be", "been", "their", "them", "they", "his", "her", "its", "it",
        "this", "that", "these", "those", "any", "other", "others", "than", "not", "no", "nor",
        "so", "such", "who", "which", "what", "whom", "whose", "when", "where", "whilst", "while",
        "target", "actor", "may", "must", "should", "shall", "will", "would", "can", "could", "do",
        "does", "use", "used",
    ]
)
_SUFFIX = re.compile(r"(?:ing|ed|es|s|ion|ions|ment|ments)$")
_WORDS = re.compile(r"[a-z]+")
_POSSESSIVE = re.compile(r"['’]s?\b")


@attrs.frozen
class CandidateRule:
    id: str
    clause: str
    sentence: str
    effect: str  # permit | forbid | advise
    actor: str
    target: str
    action: str | None  # suggested from the vocabulary; None when nothing fits
    words: str  # the verb as printed: "must not", "may"

    def as_dict(self) -> dict[str, object]:
        return attrs.asdict(self)


@attrs.frozen
class CandidateRoute:
    id: str
    clause: str
    sentence: str
    raised_by: tuple[str, ...]
    about: tuple[str, ...]
    handler: str
    procedure: tuple[str, ...] = ()
    substitute: tuple[tuple[str, str, str], ...] = ()  # (instead of, who, the sentence that says so)

    def as_dict(self) -> dict[str, object]:
        return attrs.asdict(self)


def sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of ``text`` with their offsets; "e.g." and "i.e." do not end one."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start() + 1].rsplit(None, 1)
        word = before[-1].rstrip(".").lower() if before else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        out.append((start, text[start : m.end()].strip()))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:].strip()))
    return out


def _stems(text: str) -> set[str]:
    words = _WORDS.findall(text.lower().replace("{target}", " "))
    return {_stem(w) for w in words if w not in _STOP and len(w) > 2}


@functools.lru_cache(maxsize=8192)
def _stem(word: str) -> str:
    return _SUFFIX.sub("", word) or word


class ActionIndex:
    """Suggests an action from the vocabulary for a phrase, by the words they share.

    Rare words count more than common ones ("briefing" says more than "council"), and a
    phrase whose verb is the action's verb ("lobby", "obstruct") counts that word twice.
    """

    def __init__(self, actions: Mapping[str, Action]):
        self.actions = [(a.id, _stems(a.description) | _stems(a.id.replace("_", " ")), _verb(a.description))
                        for a in actions.values()]
        self.index: dict[str, list[int]] = {}  # stem -> the actions whose words include it
        for n, (_, stems, _) in enumerate(self.actions):
            for stem in stems:
                self.index.setdefault(stem, []).append(n)
        self.weight = {stem: 1.0 / len(actions) for stem, actions in self.index.items()}

    def suggest(self, phrase: str) -> str | None:
        """The best action for ``phrase``, or None when none shares enough with it."""
        verb = _verb(phrase)
        scores: dict[int, float] = {}
        shared: dict[int, int] = {}
        for word in _stems(phrase):
            for n in self.index.get(word, ()):
                scores[n] = scores.get(n, 0.0) + self.weight[word]
                shared[n] = shared.get(n, 0) + 1
        best, best_score = None, 1.0
        for n, score in scores.items():  # in vocabulary order, so ties go to the first action
            action_id, _, action_verb = self.actions[n]
            same_verb = verb is not None and verb == action_verb
            score += same_verb
            if (shared[n] >= 2 or same_verb) and score > best_score:
                best, best_score = action_id, score
        return best


def _verb(phrase: str) -> str | None:
    """The stem of the first word of ``phrase`` that can be its verb (not "seek to", not "normally")."""
    for word in _WORDS.findall(phrase.lower()):
        if word in _STOP or word in ("seek", "try", "attempt", "also", "ever", "always") or word.endswith("ly"):
            continue
        if len(word) > 2:
            return _stem(word)
    return None


def _parties(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """The mentions that name a party: not a possessive ("the Council's Monitoring Officer") or a
    word that qualifies the role after it ("Council staff")."""
    out = []
    for i, m in enumerate(mentions):
        if _POSSESSIVE.match(text, m.end):
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and not text[m.end : nxt.start].strip():
            continue
        out.append(m)
    return out


def find_candidates(
    clauses: Sequence[tuple[str, str]],
    mentions: Mapping[str, Sequence[Mention]],
    actions: ActionIndex,
) -> tuple[list[CandidateRule], list[CandidateRoute]]:
    """Candidate rules and routes in ``clauses`` (id, text), using the role ``mentions`` per clause."""
    rules: list[CandidateRule] = []
    routes: list[CandidateRoute] = []
    for clause_id, text in clauses:
        found = _parties(mentions.get(clause_id, ()), text)
        if not found:
            continue
        n_rule = n_route = 0
        starts = [m.start for m in found]  # in order: each sentence takes its slice, so reading is linear
        for offset, sentence in sentences(text):
            if len(sentence) > MAX_SENTENCE:
                continue  # a run of text with no full stop is a list or a table, not a norm
            lo = bisect.bisect_left(starts, offset)
            hi = bisect.bisect_left(starts, offset + len(sentence), lo)
            local = [Mention(m.role, m.start - offset, m.end - offset, m.printed) for m in found[lo:hi]]
            if not local:
                continue
            low = _lower(sentence)
            if len({m.role for m in local}) >= 2:  # a rule is one role towards another
                for rule in _rules(sentence, low, local, actions):
                    n_rule += 1
                    rules.append(attrs.evolve(rule, id=f"proposed-{clause_id}-{n_rule}", clause=clause_id))
            route = _route(sentence, low, local)
            if route is None:
                continue
            sub = _SUBSTITUTE.search(low)
            previous = routes[-1] if routes and routes[-1].clause == clause_id else None
            if sub and previous is not None:
                instead = next((m for m in local if m.start >= sub.end()), None)
                if instead is not None and instead.role == previous.handler and route.handler != instead.role:
                    routes[-1] = attrs.evolve(previous, substitute=(
                        *previous.substitute, (instead.role, route.handler, sentence)))
                    continue
            n_route += 1
            routes.append(attrs.evolve(route, id=f"proposed-route-{clause_id}-{n_route}", clause=clause_id))
    return rules, routes


def _lower(text: str) -> str:
    """``text`` in lower case, character for character (so positions match the text as printed)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _rules(sentence: str, low: str, mentions: Sequence[Mention], actions: ActionIndex) -> list[CandidateRule]:
    out = []
    modals = list(_MODAL.finditer(low))
    actor: str | None = None
    for k, modal in enumerate(modals):
        window_start = modals[k - 1].end() if k else 0
        window_end = modals[k + 1].start() if k + 1 < len(modals) else len(sentence)
        before = [m for m in mentions if window_start <= m.start and m.end <= modal.start()]
        if before:
            actor = before[-1].role
        if actor is None:
            continue
        target = next((m.role for m in mentions if modal.end() <= m.start < window_end and m.role != actor), None)
        if target is None:
            continue
        negated = bool(_NO_SUBJECT.search(low, window_start, modal.start()))
        if modal.group("is_to") and not negated:
            continue  # "the role of officers is to give advice" describes; "no member is to ..." forbids
        if modal.group("neg"):
            effect = "forbid"
        else:
            effect = "forbid" if negated else ("permit" if modal.group("permit") else "advise")
        action = actions.suggest(sentence[modal.end() : window_end])
        if action is None and effect == "permit":
            continue  # "relationships can confuse roles": a permission names something one may do
        words = " ".join(sentence[modal.start() : modal.end()].split())
        out.append(CandidateRule("", "", sentence, effect, actor, target, action, words))
    return out


def _route(sentence: str, low: str, mentions: Sequence[Mention]) -> CandidateRoute | None:
    raise_ = _RAISE.search(low)
    if raise_ is None:
        return None
    handler = next((m for m in mentions if raise_.end() <= m.start <= raise_.end() + 60), None)
    if handler is None:
        return None
    about_phrase = _ABOUT.search(low, 0, raise_.start())
    if not _CONDITION.search(low[: raise_.start()]) and about_phrase is None:
        return None
    before = [m for m in mentions if m.end <= raise_.start()]
    raised_by: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    if about_phrase is not None:
        about = tuple(dict.fromkeys(m.role for m in before if m.start >= about_phrase.end()))[:1]
        raised_by = tuple(dict.fromkeys(m.role for m in before if m.end <= about_phrase.start()))[:1]
    elif before:
        first = before[0]
        raised_by = (first.role,)
        # about whom: the first other role named after "about", "with", "of"... ("concerned about the
        # behaviour of a Councillor", "dissatisfied with the conduct ... of an officer")
        link = _LINK.search(low, first.end, raise_.start())
        if link is not None:
            about = tuple(m.role for m in before if m.start >= link.end() and m.role != first.role)[:1]
    procedure = tuple(dict.fromkeys(name for pattern, name in _PROCEDURES if pattern.search(low)))
    return CandidateRoute("", "", sentence, raised_by, about, handler.role, procedure)
