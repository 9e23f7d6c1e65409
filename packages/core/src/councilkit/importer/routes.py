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
from collections.abc import Sequence

import attrs

from councilkit.importer.candidates import CandidateRoute
from councilkit.importer.roles import Mention

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


class RouteReader:
    """Reads the routes of a document sentence by sentence, in order: a sentence either starts a
    route, or adds a handler, a step or a substitution to the one before it (within the last
    ``RECENT`` clauses)."""

    RECENT = 8

    def __init__(self) -> None:
        self.routes: list[CandidateRoute] = []
        self._order: list[str] = []
        self._counts: dict[str, int] = {}

    def clause(self, clause_id: str) -> None:
        """Reading moves on to ``clause_id``."""
        self._order.append(clause_id)

    def _previous(self) -> CandidateRoute | None:
        recent = self._order[-self.RECENT:]
        return self.routes[-1] if self.routes and self.routes[-1].clause in recent else None

    def sentence(self, clause_id: str, sentence: str, low: str, local: Sequence[Mention]) -> None:
        route = _route(sentence, low, local)
        previous = self._previous()
        if route is None:
            if previous is not None and (bracket := _bracket_substitute(previous, sentence, low, local)):
                self.routes[-1] = bracket
            return
        sub = _SUBSTITUTE.search(low)
        if previous is not None and not sub:
            merged = _continue_route(previous, route, sentence, low, local)
            if merged is not None:
                self.routes[-1] = merged
                return
        if _OWN_ACTIONS.search(low) and not sub:
            route = attrs.evolve(route, raised_by=(), about=(), live=False,
                                 why="a handler in place of one complained about, with no route before it")
        if sub:
            instead = next((m for m in local if m.start >= sub.end()), None)
            if previous is not None and instead is not None and instead.role in previous.handlers \
                    and route.handler != instead.role:
                self.routes[-1] = attrs.evolve(previous, substitute=(
                    *previous.substitute, (instead.role, route.handler, sentence)))
                return
            # a substitution with no route before it to attach to: the role it names is the
            # one complained about, not the one raising it; a person decides
            about = (instead.role,) if instead is not None and instead.role != route.handler else ()
            route = attrs.evolve(route, raised_by=(), about=about, live=False,
                                 why="a substitution with no route before it: check what it replaces")
        n = self._counts[clause_id] = self._counts.get(clause_id, 0) + 1
        self.routes.append(attrs.evolve(route, id=f"proposed-route-{clause_id}-{n}", clause=clause_id))
