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
             r"(?:is|are) prevented(?: by law)? from|(?:has|have) no (?:authority|power|right) to|"
             r"(?:should|must) (?:avoid|refrain from)")
_PERMIT = (r"may|can|(?:is|are) (?:entitled|permitted|allowed) to|(?:has|have) the option of|"
           r"(?:has|have) the (?:ability|authority|power|right) to")
_ADVISE = (r"must|shall|should|ought to|(?:is|are) required to|(?:is|are) expected to|will need to|"
           r"(?:has|have) a duty to|(?P<is_to>is to|are to)")
#: a modal verb, unless passive ("must be read", "must only be used") or about expectations
#: ("can expect", "should not expect": the curated councils carry those as [[expectation]]s)
_MODAL = re.compile(rf"(?<![\w'])(?:(?P<neg>{_NEGATIVE})|(?P<permit>{_PERMIT})|(?P<advise>{_ADVISE}))(?![\w'])"
                    r"(?!\s+(?:not\s+)?(?:\w+ly\s+)?(?:be|expect)\b)")
_NO_SUBJECT = re.compile(r"\b(?:no|neither|nor|never)\b")
#: "must never fail to advise": two negatives make a duty
_DOUBLE_NEGATIVE = re.compile(r"^\s*(?:\w+ly\s+)?(?:fail|neglect|omit)\s+to\b")
#: both parties named before ("Members and Officers ... neither party should")
_BOTH = re.compile(r"\b(?:neither party|neither side|neither|both parties|both|each other|one another)\b")
#: words that make a sentence conditional or give an exception: a reading with one of these is
#: proposed, never made live, since the condition has to be written as `when`/`unless` by a person
_CONDITIONAL = re.compile(r"\b(?:unless|except|excepting|other than|provided that|providing that|subject to|if|where|"
                          r"when|whenever|without|save that|save where|in the case of|only)\b")
#: "there are no circumstances where ... can": a prohibition, not a condition
_NO_CIRCUMSTANCES = re.compile(r"\b(?:no|any) (?:circumstances?|situation|occasion) (?:where|in which|when)\b")
#: sentences that describe or define, and state no norm
_DESCRIPTIVE = re.compile(r"^(?:the (?:role|job|purpose|aim|function) of\b|in this (?:document|protocol|policy)\b|"
                          r"this (?:protocol|policy|procedure|document|code)\b)|\b(?:refers? to|means|is defined as)\b")
#: modals a live reading may rest on (not "can", "will", "is to": too often description)
_FIRM = re.compile(r"^(?:must|shall|should|may|may not|must not|must never|shall not|should not|should never|cannot|"
                   r"can not|is not to|are not to|(?:should|must) (?:avoid|refrain from)|(?:is|are) required to|"
                   r"(?:is|are) (?:entitled|permitted) to|(?:has|have) no (?:authority|power|right) to)$")

_RAISE = re.compile(
    r"(?<![\w'])(?:(?:raised|brought|referred|reported|made|taken up|directed|addressed|escalated|sent)"
    r"\s+(?:with|to(?: the attention of)?)|raise[sd]?\s+(?:(?:it|this|the matter|the issue|the concern|them|"
    r"concerns?|a concern|a complaint|complaints?)\s+)?with|recourse to|seek (?:the )?advice (?:of|from)|"
    r"(?:should|must|may) (?:contact|approach|speak to|inform|consult)|"
    r"(?:submitted|made|put|sent|addressed|directed|raised|passed|pursued)(?: in writing)?\s+(?:to|with)|"
    r"put (?:it|this|the complaint|their complaint|his complaint|her complaint|the matter)(?: in writing)? to|"
    r"discuss (?:any|the|a|their|his|her) (?:grievance|concern|complaint|matter|issue)s? with|"
    r"should be (?:made |sent |addressed )?to|"
    r"refer (?:it|this|the complaint|the matter|the grievance)? ?to|provide a copy to|"
    r"forward (?:it|this|the statement|the complaint|the grievance)? ?to|bring [^.;]{0,60}? to(?: the attention of)?)"
    r"(?![\w'])"
)
_CONDITION = re.compile(r"^(?:if|where|when|whenever|should|in the event)\b|[,;]\s*(?:if|where|when)\b|\bif\b|"
                        r"\b(?:complaints?|grievances?|concerns?)\b")
_ABOUT = re.compile(r"\b(?:complaints?|concerns?|grievances?|allegations?)\s+(?:about|against|regarding|concerning)\b")
_LINK = re.compile(r"\b(?:about|against|concerning|regarding|with|of)\b")
_SUBSTITUTE = re.compile(
    r"\b(?:where|if|when|should)\s+the\s+(?:[\w-]+\s+)?(?:concerned|involved|complained about)\s+(?:is|be)\s+|"
    r"\b(?:where|if|when|should)\s+the\s+(?:complaint|grievance|concern|matter)\s+(?:be|is)\s+(?:about|against|"
    r"in relation to|relating to|concerning)\s+"
)
#: a substitution inside the sentence of the route: "with the clerk, or in the case of any grievance
#: relating to the clerk with the Chairman"; "to the Chairman (or the Vice-Chair if the complaint is
#: against the Chairman)"
_INLINE_SUBSTITUTE = re.compile(
    r"\bin the case of (?:a|an|any) (?:grievance|complaint|concern|matter)s? (?:relating to|against|about|"
    r"concerning|in relation to) |\bif the (?:complaint|grievance|concern) is (?:against|about) "
)
#: "If a complainant would prefer not to put the complaint to the Clerk, ... to the Chairman": another
#: handler for the same step
_PREFER_NOT = re.compile(r"\b(?:prefers?|would prefer) not to|\b(?:does|do) not (?:wish|want) to|\bwould rather not\b")
#: a later step: what happens when the one before does not settle it
_ESCALATE = re.compile(
    r"\b(?:cannot be (?:resolved|settled|reached)|can ?not be (?:resolved|settled)|(?:is|are) not (?:resolved|settled)|"
    r"(?:still )?not satisfied|dissatisfied with the (?:outcome|response|decision)|unable to (?:resolve|settle)|"
    r"does not (?:achieve|resolve)|which cannot be settled|not possible to (?:resolve|settle)|formal(?:ly)?\b|"
    r"in writing|statement of grievance)"
)
#: a formal step may go to the same person as the informal one before it
_FORMAL = re.compile(r"\bformal(?:ly)?\b|\bin writing\b|\bstatement of grievance\b")
#: "to the Chairman (or the Vice-Chair if the complaint is against the Chairman)" in a sentence that
#: sends nothing anywhere itself
_BRACKET_SUBSTITUTE = re.compile(r"\(or (?:the )?(?P<who>[^()]{2,40}?),? if the (?:complaint|grievance|concern) is "
                                 r"(?:against|about) (?:the )?(?P<instead>[^()]{2,40}?)\)")
#: "Where the Clerk or Chairman receives a complaint about his or her own actions he or she shall
#: refer the complaint to the Council": the handler named is replaced when it is the subject
_OWN_ACTIONS = re.compile(r"\b(?:about|concerning|relating to) (?:his|her|their|his or her|his/her) own\b")
_ALTERNATIVE = re.compile(r"^\s*\)?\s*(?:,\s*)?(?:or|and/or|/)\s*(?:to\s+|with\s+)?(?:the\s+|their\s+|his\s+|her\s+)?$")
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
    target: str | None
    action: str | None  # suggested from the vocabulary; None when nothing fits
    words: str  # the verb as printed: "must not", "may"
    live: bool = False  # every part was recognised: it goes into the file as a norm
    why: str = ""  # what was not recognised, when it is only proposed



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
    alternatives: tuple[str, ...] = ()  # other handlers the sentence offers ("the Chairman or Clerk")
    live: bool = False
    why: str = ""
    #: the steps after the first, in order, each its handlers ("If an amicable solution cannot be
    #: reached, the complaint shall be brought to the attention of the Council")
    later: tuple[tuple[str, ...], ...] = ()
    sentences: tuple[str, ...] = ()  # the later sentences that added a step or a handler

    @property
    def handlers(self) -> tuple[str, ...]:
        return (self.handler, *self.alternatives)

    @property
    def steps(self) -> tuple[tuple[str, ...], ...]:
        return (self.handlers, *self.later)



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
        # what the act is done to, in the description's first part ("report the views of {target}":
        # views): a sentence sure of its action shares one of these words, not only the verb
        #: actions done to nobody in particular ("manage the day-to-day running"): no target
        self.untargeted = {a.id for a in actions.values() if "{target}" not in a.description}
        self.objects = [_stems(re.split(r",\s*or\b|;", a.description)[0]) - {verb or ""} - _LIGHT
                        for a, (_, _, verb) in zip(actions.values(), self.actions, strict=True)]
        self.index: dict[str, list[int]] = {}  # stem -> the actions whose words include it
        for n, (_, stems, _) in enumerate(self.actions):
            for stem in stems:
                self.index.setdefault(stem, []).append(n)
        self.weight = {stem: 1.0 / len(actions) for stem, actions in self.index.items()}

    def suggest(self, phrase: str) -> str | None:
        """The best action for ``phrase``, or None when none shares enough with it."""
        return self.suggest_sure(phrase)[0]

    def suggest_sure(self, phrase: str) -> tuple[str | None, bool]:
        """The best action for ``phrase`` and whether its verb is the action's own verb."""
        verb = _verb(phrase)
        scores: dict[int, float] = {}
        shared: dict[int, int] = {}
        for word in _stems(phrase):
            for n in self.index.get(word, ()):
                scores[n] = scores.get(n, 0.0) + self.weight[word]
                shared[n] = shared.get(n, 0) + 1
        best, best_score, sure = None, 1.0, False
        words = _stems(phrase)
        for n, score in scores.items():  # in vocabulary order, so ties go to the first action
            action_id, _, action_verb = self.actions[n]
            same_verb = verb is not None and verb == action_verb
            score += same_verb
            if (shared[n] >= 2 or same_verb) and score > best_score:
                objects = self.objects[n]
                best, best_score, sure = action_id, score, same_verb and (not objects or bool(objects & words))
        return best, sure


#: verbs that carry a noun which is the real act: "issue an instruction", "make a complaint"
_LIGHT = frozenset(["issue", "make", "give", "take", "have", "carry", "conduct", "provide", "undertake", "put"])


def _verb(phrase: str) -> str | None:
    """The stem of the first word of ``phrase`` that can be its verb (not "seek to", not "normally");
    after a light verb ("issue an instruction"), the noun it carries."""
    light = False
    for word in _WORDS.findall(phrase.lower()):
        if word in _STOP or word in ("seek", "try", "attempt", "also", "ever", "always") or word.endswith("ly"):
            continue
        if word in _LIGHT and not light:
            light = True
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
    """Candidate rules and routes in ``clauses`` (id, text), using the role ``mentions`` per clause.

    Each comes with ``live``: True when every part of the reading was recognised (a firm modal, the
    actor as the sentence's subject, the target, an action whose verb is the sentence's, and no
    condition or exception left unwritten); the rest are for a person to review.
    """
    rules: list[CandidateRule] = []
    routes: list[CandidateRoute] = []
    order: list[str] = []  # the clauses read so far: a route goes on over the next few
    for clause_id, text in clauses:
        found = _parties(mentions.get(clause_id, ()), text)
        order.append(clause_id)
        recent = set(order[-8:])
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
            if sentence.rstrip().endswith("?") or _DESCRIPTIVE.search(low):
                continue  # a question or a definition states no norm
            for rule in _rules(sentence, low, local, actions):
                n_rule += 1
                rules.append(attrs.evolve(rule, id=f"proposed-{clause_id}-{n_rule}", clause=clause_id))
            route = _route(sentence, low, local)
            if route is None:
                previous = routes[-1] if routes and routes[-1].clause in recent else None
                if previous is not None and (bracket := _bracket_substitute(previous, sentence, low, local)):
                    routes[-1] = bracket
                continue
            sub = _SUBSTITUTE.search(low)
            previous = routes[-1] if routes and routes[-1].clause in recent else None
            if previous is not None and not sub:
                merged = _continue_route(previous, route, sentence, low, local)
                if merged is not None:
                    routes[-1] = merged
                    continue
            if _OWN_ACTIONS.search(low) and not sub:
                route = attrs.evolve(route, raised_by=(), about=(), live=False,
                                     why="a handler in place of one complained about, with no route before it")
            if sub:
                instead = next((m for m in local if m.start >= sub.end()), None)
                if previous is not None and instead is not None and instead.role in previous.handlers \
                        and route.handler != instead.role:
                    routes[-1] = attrs.evolve(previous, substitute=(
                        *previous.substitute, (instead.role, route.handler, sentence)))
                    continue
                # a substitution with no route before it to attach to: the role it names is the
                # one complained about, not the one raising it; a person decides
                about = (instead.role,) if instead is not None and instead.role != route.handler else ()
                route = attrs.evolve(route, raised_by=(), about=about, live=False,
                                     why="a substitution with no route before it: check what it replaces")
            n_route += 1
            routes.append(attrs.evolve(route, id=f"proposed-route-{clause_id}-{n_route}", clause=clause_id))
    return rules, routes


def _continue_route(previous: CandidateRoute, route: CandidateRoute, sentence: str, low: str,
                    mentions: Sequence[Mention]) -> CandidateRoute | None:
    """``previous`` with what ``route``'s sentence adds to it, or None when it is a route of its own:
    another handler for the same step ("would prefer not to put the complaint to the Clerk ... to
    the Chairman"), a handler in place of one complained about ("about his or her own actions ...
    refer the complaint to the Council"), or the next step ("If an amicable solution cannot be
    reached ... the Council")."""
    if route.raised_by and previous.raised_by and route.raised_by != previous.raised_by:
        return None
    said = (*previous.sentences, sentence)
    if _OWN_ACTIONS.search(low):
        subjects = [m.role for m in mentions if m.role != route.handler and m.start < low.find(" own")]
        handlers = {h for step in previous.steps for h in step}
        new = tuple((r, route.handler, sentence) for r in dict.fromkeys(subjects) if r in handlers)
        if new:
            return attrs.evolve(previous, substitute=(*previous.substitute, *new), sentences=said)
        return None
    if _PREFER_NOT.search(low) and not route.raised_by:
        last = previous.steps[-1]
        # "... prefers not to put it to the Clerk, ... advised to put it to the Chairman": the handler
        # is the one named after the last verb that sends it somewhere
        sends = list(_RAISE.finditer(low))
        after = [m for m in mentions if sends and m.start >= sends[-1].end()]
        handler = after[0].role if after else route.handler
        route = attrs.evolve(route, handler=handler)
        if route.handler in last:
            return None
        if previous.later:
            later = (*previous.later[:-1], (*last, route.handler))
            return attrs.evolve(previous, later=later, sentences=said)
        return attrs.evolve(previous, alternatives=(*previous.alternatives, route.handler), sentences=said)
    handlers = {h for step in previous.steps for h in step}
    if route.raised_by and set(route.raised_by) <= handlers:
        route = attrs.evolve(route, raised_by=())  # "The Clerk or Chairman shall bring ... to the Council"
    if _ESCALATE.search(low) and (not route.raised_by or route.raised_by == previous.raised_by) \
            and (route.handlers != previous.steps[-1] or _FORMAL.search(low)):
        return attrs.evolve(previous, later=(*previous.later, route.handlers), sentences=said)
    return None


def _bracket_substitute(previous: CandidateRoute, sentence: str, low: str,
                        mentions: Sequence[Mention]) -> CandidateRoute | None:
    """``previous`` with the substitution a bracket in ``sentence`` gives, if it gives one for a handler."""
    m = _BRACKET_SUBSTITUTE.search(low)
    if m is None:
        return None
    who = next((x.role for x in mentions if m.start("who") <= x.start < m.end("who")), None)
    instead = next((x.role for x in mentions if m.start("instead") <= x.start < m.end("instead")), None)
    handlers = {h for step in previous.steps for h in step}
    if who is None or instead is None or who == instead or instead not in handlers:
        return None
    return attrs.evolve(previous, substitute=(*previous.substitute, (instead, who, sentence)),
                        sentences=(*previous.sentences, sentence))


def _lower(text: str) -> str:
    """``text`` in lower case, character for character (so positions match the text as printed)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _subject(low: str, start: int, mentions: Sequence[Mention], modal_start: int) -> list[Mention]:
    """The roles that are the subject of the verb at ``modal_start``: the mentions just before it
    ("Councillors must", "Members and Officers should", "the Clerk or the Chairman shall"), with
    nothing but "and", "or", "individual", "all"... between them."""
    before = [m for m in mentions if start <= m.start and m.end <= modal_start]
    if not before:
        return []
    subject = [before[-1]]
    gap = low[before[-1].end : modal_start]
    if len(gap.split()) > 2 or "," in gap:
        return []
    for m in reversed(before[:-1]):
        joint = low[m.end : subject[0].start]
        if re.fullmatch(r"\s*(?:,|and|or|&|/|and the|or the|, the|and all|and any)\s*(?:the\s+)?", joint):
            subject.insert(0, m)
        else:
            break
    return subject


def _rules(sentence: str, low: str, mentions: Sequence[Mention], actions: ActionIndex) -> list[CandidateRule]:
    out: list[CandidateRule] = []
    modals = list(_MODAL.finditer(low))
    actor: str | None = None
    roles_named = list(dict.fromkeys(m.role for m in mentions))
    conditional = _CONDITIONAL.search(_NO_CIRCUMSTANCES.sub(" ", low))
    for k, modal in enumerate(modals):
        window_start = modals[k - 1].end() if k else 0
        window_end = modals[k + 1].start() if k + 1 < len(modals) else len(sentence)
        subject = _subject(low, window_start, mentions, modal.start())
        both = _BOTH.search(low, window_start, modal.start()) if not subject else None
        before = [m for m in mentions if window_start <= m.start and m.end <= modal.start()]
        negated = bool(_NO_SUBJECT.search(low, window_start, modal.start()))
        if modal.group("is_to") and not negated:
            continue  # "the role of officers is to give advice" describes; "no member is to ..." forbids
        rest = low[modal.end() : window_end]
        double = modal.group("neg") and _DOUBLE_NEGATIVE.match(rest)
        if double:
            effect = "advise"  # "must never fail to advise"
            rest_start = modal.end() + _DOUBLE_NEGATIVE.match(rest).end()  # type: ignore[union-attr]
        else:
            rest_start = modal.end()
            if modal.group("neg"):
                effect = "forbid"
            else:
                effect = "forbid" if negated else ("permit" if modal.group("permit") else "advise")
        # who to whom: the subject's roles towards the first other role named after the verb, or,
        # for a joint subject ("Members and Officers should avoid..."), each towards the other
        pairs: list[tuple[str, str | None]]
        actors = list(dict.fromkeys(m.role for m in subject))
        if not actors and both is not None and len(roles_named) >= 2:
            actors = roles_named[:2]  # "neither party should": the two named before
        if not actors and before:
            actors = [before[-1].role]
        elif not actors and actor is not None:
            actors = [actor]
        if not actors:
            continue
        actor = actors[-1]
        target = next((m.role for m in mentions if rest_start <= m.start < window_end and m.role not in actors), None)
        if len(actors) >= 2 and target is None:
            pairs = [(a, b) for a in actors[:2] for b in actors[:2] if a != b]
        elif target is not None:
            pairs = [(a, target) for a in actors]
        else:
            continue
        action, sure = actions.suggest_sure(sentence[rest_start:window_end])
        if action is None and effect == "permit":
            continue  # "relationships can confuse roles": a permission names something one may do
        if action in actions.untargeted:
            pairs = list(dict.fromkeys((a, None) for a, _ in pairs))
        words = " ".join(sentence[modal.start() : modal.end()].split())
        why = _doubt(words if not (negated and words.lower() in ("can", "could")) else "cannot",
                     subject, both, action, sure, conditional, sentence, double)
        for a, b in pairs:
            out.append(CandidateRule("", "", sentence, effect, a, b, action, words, live=not why, why=why))
    return out


def _doubt(words: str, subject: Sequence[Mention], both: re.Match[str] | None, action: str | None, sure: bool,
           conditional: re.Match[str] | None, sentence: str, double: object) -> str:
    """Why a reading is not certain enough to go live ("" when it is)."""
    if action is None:
        return "no action in the vocabulary matched"
    if not sure:
        return "the action was matched by shared words, not by the sentence's verb"
    if not _FIRM.match(words.lower()):
        return f"'{words}' may describe rather than require"
    if not subject and both is None:
        return "the actor is not the subject of the sentence"
    if conditional is not None:
        return f"the sentence has a condition or exception ('{conditional.group()}') to write as when/unless"
    if len(sentence.split()) > 45:
        return "a long sentence, which may say more than one thing"
    if double:
        return "a double negative"
    return ""


def _route(sentence: str, low: str, mentions: Sequence[Mention]) -> CandidateRoute | None:
    raise_ = _RAISE.search(low)
    if raise_ is None:
        return None
    handler = next((m for m in mentions if raise_.end() <= m.start <= raise_.end() + 60), None)
    if handler is None:
        return None
    about_phrase = _ABOUT.search(low, 0, raise_.start())
    if not _CONDITION.search(low[: raise_.end()]) and about_phrase is None:
        return None
    # other handlers offered ("their Chairman or Clerk"), and a substitution in the same sentence
    after = [m for m in mentions if m.start >= handler.end]
    alternatives: list[str] = []
    substitute: list[tuple[str, str, str]] = []
    last = handler
    for m in after:
        between = low[last.end : m.start]
        inline = _INLINE_SUBSTITUTE.search(between)
        if inline is not None:
            nxt = next((x for x in after if x.start > m.end), None)
            if nxt is not None and nxt.role != m.role and re.fullmatch(r"[\s,]*(?:to|with)?\s*(?:the\s+)?",
                                                                        low[m.end : nxt.start]):
                substitute.append((m.role, nxt.role, sentence))
            elif "(" in low[handler.end : m.start] or inline.group().startswith("if"):
                # "to the Chairman (or the Vice-Chair if the complaint is against the Chairman)"
                prev = alternatives[-1] if alternatives else None
                if prev is not None and prev != m.role:
                    alternatives.pop()
                    substitute.append((m.role, prev, sentence))
            break
        if _ALTERNATIVE.match(between) and m.role != handler.role and m.role not in alternatives:
            alternatives.append(m.role)
            last = m
            continue
        if not re.fullmatch(r"\s*\(?(?:or\s+)?(?:the\s+)?", between):
            break
        last = m
    # who raises it is a person in a role, never the council or a committee ("their engagement with
    # the Council")
    before = [m for m in mentions if m.end <= raise_.start()]
    people = [m for m in before if m.role != "council" and "committee" not in m.role]
    raised_by: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    if about_phrase is not None:
        # about whom: a role named straight after "complaint about" ("about the Clerk"), not one
        # further on ("about procedures ... notified to a Councillor")
        about = tuple(dict.fromkeys(m.role for m in before
                                    if about_phrase.end() <= m.start <= about_phrase.end() + 12))[:1]
        raised_by = tuple(dict.fromkeys(m.role for m in people if m.end <= about_phrase.start()))[:1]
    elif people:
        first = people[0]
        raised_by = (first.role,)
        # about whom: the first other role named after "about", "with", "of"... ("concerned about the
        # behaviour of a Councillor", "dissatisfied with the conduct ... of an officer")
        link = _LINK.search(low, first.end, raise_.start())
        if link is not None:
            about = tuple(m.role for m in before if m.start >= link.end() and m.role not in (first.role, "council"))[:1]
    if handler.role in raised_by or handler.role in about:
        return None  # a handler is never a party: the sentence was misread
    procedure = tuple(dict.fromkeys(name for pattern, name in _PROCEDURES if pattern.search(low)))
    why = ""
    if not raised_by:
        why = "the sentence does not say who raises it"
    elif len(sentence.split()) > 60:
        why = "a long sentence, which may say more than one step"
    return CandidateRoute("", "", sentence, raised_by, about, handler.role, procedure, tuple(substitute),
                          tuple(alternatives), live=not why, why=why)
