"""Routes by reading: where a concern goes when things go wrong, step by step.

A *candidate route* is a sentence that says where a concern goes: "If ... the
matter should be raised with the Parish Clerk", "Complaints about elected
members should be made to the Monitoring Officer".  The sentences after it may
add to it, over the next few clauses:

- another handler for the same step ("If a complainant would prefer not to put
  the complaint to the Clerk, ... to the Chairman"), or one the sentence offers
  itself ("to their head of service, or where necessary to their Director");
- a later step, when the first does not settle it ("If an amicable solution
  cannot be reached, ... the Council");
- a substitution: "Where the employee concerned is the Parish Clerk, ... the
  Chairman of the Personnel Committee", "(or the Vice-Chair if the complaint is
  against the Chairman)", "a complaint about his or her own actions ... to the
  Council".

A handler is never a party: a reading that would send a concern to the person
it is about, or to the one raising it, is dropped.  A text with no sentence
that sends a concern somewhere gets no route.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import attrs

from councilkit.importer.candidates import CandidateRoute
from councilkit.importer.modals import _SUBJECT_START
from councilkit.importer.roles import Mention
from councilkit.importer.subjects import collapse, groups

_RAISE = re.compile(
    r"(?<![\w'])(?:(?:raised|brought|referred|reported|made|taken up|directed|addressed|escalated|sent)"
    r"\s+(?:with|to(?: the attention of)?)|raise[sd]?\s+(?:(?:it|this|the matter|the issue|the concern|them|"
    r"concerns?|a concern|a complaint|complaints?)\s+)?with|recourse to|seek (?:the )?advice (?:of|from)|"
    r"(?:should|must|may) (?:contact|approach|speak to|inform|consult)|"
    r"(?:submitted|made|put|sent|addressed|directed|raised|passed|pursued)(?: in writing)?\s+(?:to|with)|"
    r"put (?:it|this|the complaint|their complaint|his complaint|her complaint|the matter)(?: in writing)? to|"
    r"(?:put|submit|send|make) (?:the|their|his|her|a|your|any) (?:complaint|grievance|concern|matter)[^.;]{0,80}? to|"
    r"discuss (?:any|the|a|their|his|her) (?:grievance|concern|complaint|matter|issue)s? with|"
    r"should be (?:made |sent |addressed )?to|"
    r"refer (?:it|this|the complaint|the matter|the grievance)? ?to|provide a copy to|"
    r"forward (?:it|this|the statement|the complaint|the grievance)? ?to|bring [^.;]{0,60}? to(?: the attention of)?|"
    r"(?:investigated|considered|dealt with|discussed|heard|determined) by|"
    r"(?:place|put|bring|brought|placed) (?:it |this |the matter |the complaint |the grievance )?before|"
    r"address (?:their|the|his|her|a|his/her|his or her) (?:complaint|grievance|concern)s? to)"
    r"(?![\w'])"
)
#: the words every sentence ``_RAISE`` matches has one of (a quick test before the slow one)
_RAISE_WORDS = ("rais", "brought", "bring", "refer", "report", "made", "make", "taken", "direct", "address", "escalat",
                "sent", "send", "recourse", "advice", "contact", "approach", "speak", "inform", "consult", "submit",
                "put", "pass", "pursu", "discuss", "should be", "copy", "forward", "investigat", "consider", "dealt",
                "heard", "determin", "place")


def _may_raise(low: str) -> bool:
    return any(word in low for word in _RAISE_WORDS)
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
#: "to their head of service, or where necessary, to their Director or the Chief Executive": the
#: handlers after it are the next step, for what the first does not settle
_WHERE_NECESSARY = re.compile(r"^\s*,?\s*(?:or|and)\s+(?:where|if|when)\s+(?:necessary|appropriate|required|needed)\s*,?\s*"
                              r"(?:to|with|by)\s+(?:the\s+|their\s+|his\s+|her\s+|a\s+|an\s+)?$")
_ALTERNATIVE = re.compile(r"^\s*\)?\s*(?:,\s*)?(?:or|and/or|/)\s*(?:to\s+|with\s+|by\s+)?(?:the\s+|their\s+|his\s+|"
                          r"her\s+|a\s+|an\s+)?(?:(?:other|another|any|nominated|proper|appropriate|relevant|"
                          r"designated|senior)\s+){0,3}$")
#: two concerns in one sentence: "If an Officer is concerned about a Councillor, or if a Councillor is
#: concerned about an Officer"
_EITHER = re.compile(r"[,;]?\s*\bor (?:if|where|when|should)\b")
#: a role named as the one something is told or given to, not the one who raises it
_RECIPIENT = re.compile(r"\b(?:to|with|from|by)\s+(?:the\s+|a\s+|an\s+|their\s+|any\s+)?$")
#: a referral: whoever refers it received it, and raises nothing of their own ("a councillor ... must
#: refer the matter to the Clerk")
_REFERRAL = re.compile(r"\b(?:refer|refers|referred|forward|forwards|forwarded|pass|passes|passed)\b")
#: who raises a concern from outside the council: a role the import defines in the council file
#: ("Should agency staff, or contractors have a complaint ..."; "If you wish to make a complaint")
OUTSIDE = {
    "contractor": ("Contractor or agency worker", "works for the council through an agency or a contract"),
    "public": ("Member of the public", "anyone outside the council who makes a complaint to it"),
}
_CONTRACTOR = re.compile(r"\b(?:agency staff|agency workers?|contractors?)\b")
_PUBLIC = re.compile(r"\b(?:members? of the public|the public|complainants?|you|customers?|service users?|"
                     r"residents?|parishioners?|members? of the community)\b")
#: the public named as those who complain, anywhere in the document ("From time to time members of the
#: public have complaints", "an expression of dissatisfaction by one or more members of the public")
_PUBLIC_COMPLAINS = re.compile(r"\b(?:members? of the public|the public|customers?|service users?|you)\b[^.]{0,80}"
                               r"\bcomplain|\bcomplain[^.]{0,80}\b(?:members? of the public|the public|customers?|"
                               r"service users?)\b|\bcomplainants?\b", re.I)
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


def _continue_route(previous: CandidateRoute, route: CandidateRoute, sentence: str, low: str,
                    mentions: Sequence[Mention]) -> CandidateRoute | None:
    """``previous`` with what ``route``'s sentence adds to it, or None when it is a route of its own:
    another handler for the same step ("would prefer not to put the complaint to the Clerk ... to
    the Chairman"), a handler in place of one complained about ("about his or her own actions ...
    refer the complaint to the Council"), or the next step ("If an amicable solution cannot be
    reached ... the Council")."""
    handlers = {h for step in previous.steps for h in step}
    # "The Clerk or Chairman shall bring ... to the Council", "the Clerk will ... place the matter before
    # the Council": a handler passes it on, so this is the next step
    forwarded = bool(route.raised_by) and set(route.raised_by) <= handlers
    outside = set(route.raised_by) <= set(OUTSIDE)
    referral = _REFERRAL.search(low) is not None and set(route.handlers) <= handlers
    if route.raised_by and not forwarded and not referral and route.raised_by != previous.raised_by \
            and not (outside and (not previous.raised_by or set(previous.raised_by) <= set(OUTSIDE))):
        return None  # someone else raising something else
    if outside and route.raised_by and not previous.raised_by:
        # "... the complainant shall be asked to put it in writing": now the route says who raises it
        settled = previous.why == NO_RAISER
        previous = attrs.evolve(previous, raised_by=route.raised_by, live=previous.live or settled,
                                why="" if settled else previous.why)
    route = attrs.evolve(route, raised_by=())
    said = (*previous.sentences, sentence)
    if _OWN_ACTIONS.search(low):
        subjects = [m.role for m in mentions if m.role != route.handler and m.start < low.find(" own")]
        new = tuple((r, route.handler, sentence) for r in dict.fromkeys(subjects) if r in handlers)
        if new:
            return attrs.evolve(previous, substitute=(*previous.substitute, *new), sentences=said)
        return None
    if _PREFER_NOT.search(low):
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
    if (_ESCALATE.search(low) or forwarded) and (route.handlers != previous.steps[-1] or _FORMAL.search(low)):
        return attrs.evolve(previous, later=(*previous.later, route.handlers), sentences=said)
    if set(route.handlers) <= set(previous.steps[-1]) and not route.substitute:
        return attrs.evolve(previous, sentences=said)  # "passed to the Clerk": the step already said
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


NO_RAISER = "the sentence does not say who raises it"
#: a sentence that says who raises what about whom, without sending it anywhere: "A member should not
#: raise matters relating to the conduct or capability of an officer/member of staff in a manner ..."
_RAISES_MATTERS = re.compile(r"\b(?:raise|raises|raising|bring|brings|make|makes|have|has)\s+(?:(?:a|an|any)\s+)?"
                             r"(?:matters?|concerns?|complaints?|issues?|grievances?|criticisms?)\b")


def public_complains(text: str) -> bool:
    """Does ``text`` say that people outside the council complain to it (so a complaint no role of the
    council raises is the public's)?"""
    return "omplain" in text and _PUBLIC_COMPLAINS.search(text) is not None


def _body(role: str) -> bool:
    """The council or a committee: never the one raising a concern, nor the one it is about."""
    return role == "council" or "committee" in role


def _routes(sentence: str, low: str, mentions: Sequence[Mention], public: bool = False,
            ancestors: Mapping[str, frozenset[str]] | None = None) -> list[CandidateRoute]:
    """The routes a sentence starts: one, or one for each concern it names ("If an Officer is
    concerned about a Councillor, or if a Councillor is concerned about an Officer, ... the Town
    Clerk")."""
    raise_ = _RAISE.search(low) if _may_raise(low) else None
    if raise_ is None:
        return []  # nothing is sent anywhere
    split = _EITHER.search(low, 0, raise_.start())
    if split is None:
        route = _route(sentence, low, mentions, public, ancestors, raise_)
        return [route] if route is not None else []
    first = [m for m in mentions if m.end <= split.start() or m.start >= raise_.start()]
    second = [m for m in mentions if m.start >= split.end()]
    out = [_route(sentence, low, part, public, ancestors, raise_) for part in (first, second)]
    found = [r for r in out if r is not None]
    if len(found) == 2 and (found[0].raised_by, found[0].about) == (found[1].raised_by, found[1].about):
        return found[:1]
    return found


def _route(sentence: str, low: str, mentions: Sequence[Mention], public: bool = False,
           ancestors: Mapping[str, frozenset[str]] | None = None,
           raise_: re.Match[str] | None = None) -> CandidateRoute | None:
    """The route a sentence starts (``raise_``: where it sends the concern, when already found)."""
    if raise_ is None:
        raise_ = _RAISE.search(low) if _may_raise(low) else None
    if raise_ is None:
        return None
    handler = next((m for m in mentions if raise_.end() <= m.start <= raise_.end() + 60), None)
    if handler is None:
        return None
    # "You may make a complaint to a councillor but ... a councillor ... must refer the matter to the
    # Clerk": one who passes it on does not handle it
    for referral in _REFERRAL.finditer(low, handler.end):
        again = any(m.role == handler.role and handler.end <= m.start < referral.start() for m in mentions)
        onward = next((m for m in mentions if referral.end() <= m.start <= referral.end() + 40), None)
        if again and onward is not None and onward.role != handler.role:
            handler = onward
            break
    about_phrase = _ABOUT.search(low, 0, raise_.start())
    if not _CONDITION.search(low[: raise_.end()]) and about_phrase is None:
        return None
    # other handlers offered ("their Chairman or Clerk"), and a substitution in the same sentence
    after = [m for m in mentions if m.start >= handler.end]
    alternatives: list[str] = []
    next_step: list[str] = []  # the next step's handlers ("or where necessary, to their Director or ...")
    substitute: list[tuple[str, str, str]] = []
    last = handler
    for m in after:
        between = low[last.end : m.start]
        if not next_step and " or " in between and _WHERE_NECESSARY.match(between) and m.role != handler.role:
            next_step.append(m.role)
            last = m
            continue
        if next_step:
            if _ALTERNATIVE.match(between) and m.role not in next_step and m.role != handler.role:
                next_step.append(m.role)
                last = m
                continue
            break
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
    # ... nor one it is told to ("notified orally to a Councillor", "discussed with the Clerk")
    people = [m for m in before if not _body(m.role) and not _RECIPIENT.search(low, max(0, m.start - 16), m.start)]
    raised_by: tuple[str, ...] = ()
    about: tuple[str, ...] = ()
    if about_phrase is not None:
        # about whom: a role named straight after "complaint about" ("about the Clerk"), not one
        # further on ("about procedures ... notified to a Councillor"), and never the council itself
        # ("about the Council's procedures" is about a matter)
        about = tuple(dict.fromkeys(m.role for m in before if about_phrase.end() <= m.start <= about_phrase.end() + 12
                                    and not _body(m.role)))[:1]
        raised_by = tuple(dict.fromkeys(m.role for m in people if m.end <= about_phrase.start()))[:1]
    elif people:
        # the first roles named, together ("an Officer or Employee": employee)
        group = groups(people, low)[0]
        first = group[-1]
        raised_by = tuple(collapse((m.role for m in group), ancestors or {}))
        # about whom: the next roles named after "about", "with", "of"... ("concerned about the
        # behaviour of a Councillor", "dissatisfied with the conduct ... of an Officer or Employee")
        link = _LINK.search(low, first.end, raise_.start())
        if link is not None:
            later = [g for g in groups([m for m in before if m.start >= link.end() and not _body(m.role)], low)]
            about = tuple(r for r in collapse((m.role for m in later[0]), ancestors or {})
                          if r not in raised_by) if later else ()
    if not raised_by:
        # nobody in the council raises it: someone outside it, when the sentence or the document says so
        lead = low[: raise_.start()]
        if _CONTRACTOR.search(lead):
            raised_by = ("contractor",)
        elif _PUBLIC.search(lead) or (public and re.search(r"\bcomplain", low)):
            raised_by = ("public",)
    if handler.role in raised_by or handler.role in about:
        return None  # a handler is never a party: the sentence was misread
    # "to the clerk, unless a different officer has been nominated (ie should the complaint be in
    # relation to the Clerk)": who instead, in the route's own sentence
    own = _SUBSTITUTE.search(low, handler.end)
    if own is not None:
        instead = next((m for m in mentions if m.start >= own.end()), None)
        who = next((m for m in mentions if handler.end <= m.start < own.start() and m.role != handler.role
                    and not _body(m.role) and m.role not in alternatives), None)
        if instead is not None and who is not None and instead.role == handler.role:
            substitute.append((handler.role, who.role, sentence))
    procedure = tuple(dict.fromkeys(name for pattern, name in _PROCEDURES if pattern.search(low)))
    why = ""
    if not raised_by:
        why = NO_RAISER
    elif len(sentence.split()) > 60:
        why = "a long sentence, which may say more than one step"
    return CandidateRoute("", "", sentence, raised_by, about, handler.role, procedure, tuple(substitute),
                          tuple(alternatives), live=not why, why=why, later=(tuple(next_step),) if next_step else ())


#: one the protocol names to settle what its parties dispute: "the Town Clerk will arbitrate on the
#: interpretation of this Protocol"
_ARBITER = re.compile(r"\b(?:will|shall|is to|may)\s+(?:\w+ly\s+)?(?:arbitrate|adjudicate|rule|decide)\s+(?:on|upon)\s+"
                      r"(?:the\s+)?(?:interpretation|any disputes?|disputes?|any disagreements?|disagreements?)\b")
_CONSULTING = re.compile(r"\b(?:following|after) consult(?:ation|ing)(?: with)?\s+(?:the\s+)?|"
                         r"\bin consultation with\s+(?:the\s+)?")


def _arbiter(sentence: str, low: str, mentions: Sequence[Mention], parties: Sequence[str]) -> CandidateRoute | None:
    """A route for whatever the protocol's parties dispute about it, to the one it names to settle it
    ("When necessary, the Town Clerk will arbitrate on the interpretation of this Protocol following
    consultation with the monitoring officer"), or None."""
    m = _ARBITER.search(low)
    if m is None or len(parties) != 2:
        return None
    who = [x for x in mentions if x.end <= m.start()]
    if not who or not re.fullmatch(r"\s*", low[who[-1].end : m.start()]):
        return None
    handler = who[-1].role
    consult = _CONSULTING.search(low, m.end())
    asked = tuple(x.role for x in mentions if consult is not None and x.start == consult.end() and x.role != handler)
    if consult is not None and not asked:
        return None  # consults someone it does not name as a role: a person decides
    return CandidateRoute("", "", sentence, tuple(parties), (), handler, ("arbitration",), live=True, consult=asked)


class RouteReader:
    """Reads the routes of a document sentence by sentence, in order: a sentence either starts a
    route, or adds a handler, a step or a substitution to the one before it (within the last
    ``RECENT`` clauses)."""

    RECENT = 16

    def __init__(self, public: bool = False, ancestors: Mapping[str, frozenset[str]] | None = None) -> None:
        #: the document says people outside the council complain (see :func:`public_complains`)
        self.public = public
        self.ancestors = ancestors or {}
        self.routes: list[CandidateRoute] = []
        self._clauses = 0  # how many clauses have been read
        self._touched = 0  # the clause that last started or added to the last route
        self._counts: dict[str, int] = {}
        #: the protocol's parties (its councillors and its staff), for a route all of them may take
        self.parties: Sequence[str] = ()
        #: who an earlier sentence of the clause says raises matters about whom (see ``_RAISES_MATTERS``)
        self._raising: tuple[tuple[str, ...], tuple[str, ...]] | None = None

    def clause(self, clause_id: str) -> None:
        """Reading moves on to ``clause_id``."""
        self._clauses += 1
        self._raising = None

    def _learn_raiser(self, low: str, mentions: Sequence[Mention]) -> None:
        """Remember who the sentence says raises matters, and about whom ("A member should not raise
        matters relating to the conduct ... of an officer/member of staff"), for a route later in the
        clause that does not say ("Complaints about officers should be made to their head of service")."""
        m = _RAISES_MATTERS.search(low)
        if m is None:
            return
        first = groups([x for x in mentions if x.end <= m.start()], low)[:1]
        later = groups([x for x in mentions if m.end() <= x.start <= m.end() + 80], low)[:1]
        if not first or not later or not _SUBJECT_START.match(low[: first[0][0].start]):
            return
        raisers = tuple(collapse((x.role for x in first[0]), self.ancestors))
        about = tuple(r for r in collapse((x.role for x in later[0]), self.ancestors) if r not in raisers)
        if raisers and about and not any(_body(r) for r in (*raisers, *about)):
            self._raising = (raisers, about)

    def _raiser(self, route: CandidateRoute) -> CandidateRoute:
        """A route whose sentence does not say who raises it, raised by whom the clause said raises such
        matters a sentence before (about the wider role, if that sentence named one that includes the
        route's); failing that, a complaint about one of the protocol's parties is for everyone the protocol
        governs to raise (the other side first): "Complaints about elected members should be made to the
        Monitoring Officer".  Other routes are left as they are."""
        if route.why != NO_RAISER or not route.about:
            return route
        if self._raising is not None:
            raisers, about = self._raising
            if all(r in about or bool(set(about) & self.ancestors.get(r, frozenset())) for r in route.about):
                return attrs.evolve(route, raised_by=raisers, about=about, live=True, why="")
        everyone = self.everyone()
        if len(everyone) != 2:
            return route
        # about one side as a whole ("elected members"), not one office-holder ("the Clerk")
        sides = [p for p in everyone if route.about == (p,)]
        if len(sides) != 1:
            return route
        raisers = tuple(sorted(everyone, key=lambda p: p in sides))  # the other side first
        return attrs.evolve(route, raised_by=raisers, live=True, why="")

    def _previous(self) -> CandidateRoute | None:
        """The route a sentence may add to: the last, if a clause added to it lately."""
        return self.routes[-1] if self.routes and self._clauses - self._touched < self.RECENT else None

    def _update(self, route: CandidateRoute) -> None:
        self.routes[-1] = route
        self._touched = self._clauses

    def sentence(self, clause_id: str, sentence: str, low: str, local: Sequence[Mention]) -> None:
        found = _routes(sentence, low, local, self.public, self.ancestors)
        if not found and ("matter" in low or "concern" in low or "complaint" in low or "issue" in low
                          or "grievance" in low or "criticism" in low):
            self._learn_raiser(low, local)
        if len(found) > 1:  # each concern the sentence names is a route of its own
            for route in found:
                self._add(clause_id, route)
            return
        route = found[0] if found else None
        previous = self._previous()
        if route is None and " on " in low and (arbiter := _arbiter(sentence, low, local, self.everyone())):
            self._add(clause_id, arbiter)
            return
        if route is None:
            if previous is not None and (bracket := _bracket_substitute(previous, sentence, low, local)):
                self._update(bracket)
            return
        sub = _SUBSTITUTE.search(low) if not route.substitute else None  # its own sentence's is read
        if previous is not None and not sub:
            merged = _continue_route(previous, route, sentence, low, local)
            if merged is not None:
                self._update(merged)
                return
        if _OWN_ACTIONS.search(low) and not sub:
            route = attrs.evolve(route, raised_by=(), about=(), live=False,
                                 why="a handler in place of one complained about, with no route before it")
        if sub:
            instead = next((m for m in local if m.start >= sub.end()), None)
            if previous is not None and instead is not None and instead.role in previous.handlers \
                    and route.handler != instead.role:
                self._update(attrs.evolve(previous, about=self._concerned(previous, sub, local), substitute=(
                    *previous.substitute, (instead.role, route.handler, sentence))))
                return
            # a substitution with no route before it to attach to: the role it names is the
            # one complained about, not the one raising it; a person decides
            about = (instead.role,) if instead is not None and instead.role != route.handler else ()
            route = attrs.evolve(route, raised_by=(), about=about, live=False,
                                 why="a substitution with no route before it: check what it replaces")
        self._add(clause_id, route)

    def _concerned(self, previous: CandidateRoute, sub: re.Match[str], mentions: Sequence[Mention]) -> tuple[str, ...]:
        """Whom the route is about, as the substitution names them: "a Councillor is dissatisfied with
        the conduct ... of an officer ... Where the employee concerned is the Parish Clerk" is about any
        employee, when the role the substitution names includes the one the route named."""
        said = next((m.role for m in mentions if sub.start() <= m.start and m.end <= sub.end()), None)
        if said is None or not previous.about or said in previous.about:
            return previous.about
        if all(said in self.ancestors.get(r, ()) for r in previous.about):
            return (said,)
        return previous.about

    def everyone(self) -> list[str]:
        """Everyone the protocol governs: its councillors and all its staff ("officers" are employees)."""
        return [next((a for a in ("councillor", "employee") if a in self.ancestors.get(p, ())), p)
                for p in self.parties]

    def escalation(self, sentence: str, low: str) -> None:
        """A sentence that names nobody but a formal procedure for what the step before did not settle
        ("If the matter cannot be resolved informally, it may be necessary to ... invoke the Council's
        Disciplinary Procedure"): the route's next step, with the same handlers, under that procedure."""
        previous = self._previous()
        if previous is None or self._touched != self._clauses or not _ESCALATE.search(low):
            return
        procedure = tuple(name for pattern, name in _PROCEDURES[:3] if pattern.search(low))
        if not procedure:
            return
        self._update(attrs.evolve(previous, later=(*previous.later, previous.steps[-1]),
                                  procedure=tuple(dict.fromkeys((*previous.procedure, *procedure))),
                                  sentences=(*previous.sentences, sentence)))

    def _add(self, clause_id: str, route: CandidateRoute) -> None:
        n = self._counts[clause_id] = self._counts.get(clause_id, 0) + 1
        route = self._raiser(route)
        self.routes.append(attrs.evolve(route, id=f"proposed-route-{clause_id}-{n}", clause=clause_id))
        self._touched = self._clauses
