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

The reading's parts have their own modules: ``modals`` (the words it looks for), ``words`` and
``vocabulary`` (which action a phrase names), ``conditions`` (qualifiers as context facts) and
``subjects`` (who a sentence speaks of); ``Reader`` here puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from councilkit.importer.candidates import CandidateRule, Condition
from councilkit.importer.conditions import Qualifiers, listed_exceptions, read_qualifiers
from councilkit.importer.modals import (
    _ALLOWED,
    _AVOID_NOUN,
    _BAN_BEFORE,
    _BETWEEN,
    _BOTH,
    _BY,
    _CAUTION,
    _CONFINED,
    _DIRECT,
    _DOUBLE_NEGATIVE,
    _ELLIPSIS,
    _EVERYONE,
    _EXCEPT_LIST,
    _EXCEPTION_TO_RIGHT,
    _FIRM,
    _FOR_TO,
    _GROUP_MEETING,
    _HEDGE,
    _IN_RELATION_TO,
    _INVOLVED_IN,
    _ITEM_MODAL,
    _LIMITED_PURPOSE,
    _NO_SUBJECT,
    _NOT_GOOD_PRACTICE,
    _NOT_TO,
    _OCCASIONS,
    _PASSIVE,
    _PRONOUN,
    _PROVIDED_TO,
    _PROVIDED_WITH,
    _PURPOSE_FOR,
    _RARELY,
    _REFUSED,
    _ROLE_OF,
    _SUBJECT_START,
    _SUCH,
    _SUSPICION,
    _THEM,
    _TO,
    _TREAT_CONFIDENTIAL,
    _UNACCEPTABLE,
    _WILLING,
    _WITHOUT_FAVOUR,
    _YOU,
    _YOU_NEAR,
    lower,
    modals,
)
from councilkit.importer.roles import Mention
from councilkit.importer.subjects import Stem, Subject, _subject, collapse, groups
from councilkit.importer.vocabulary import ActionIndex
from councilkit.importer.words import stem, stems

#: "Members should not use - and officers should not provide - such equipment ...": the first verb, the
#: second set off by dashes, and the words both take
_DASHED_VERB = re.compile(r"^(?P<a>[^–—]+?)\s[-–—]\s(?:and|or|nor|but)\s+(?P<b>[^-–—]+?)\s[-–—]\s+(?P<rest>\S.*)$",
                          re.S)
#: a passive verb of asking, whose asker may be the one the clause spoke of before ("should not be asked to")
_ASKED = frozenset(["asked", "requested", "instructed", "pressed", "pressured", "pressurised", "directed"])
#: an action that asks someone for something ("ask {target} for a private and confidential briefing")
_ASKS = re.compile(r"\s*(?:seek|ask|request)\b")
#: after "request/ask <role>": a verb they are asked to do ("request members identify the purpose")
_ASK_TO_DO = re.compile(r"\s+(?:to\s+)?(?:identify|explain|state|confirm|justify|set out|say)\b")
#: "there are limits to the matters on which they may seek the advice of officers, e.g. in relation to personal
#: matters": an act forbidden in the matters the example names
_LIMITS = re.compile(r"\bthere (?:are|is|will be) (?:some |certain |clear )?limits? (?:to|on) (?:the )?(?:matters|things|"
                     r"subjects|issues|areas|questions) (?:on|about|in|for|over) which (?P<who>[^,;.]{1,40}?) (?:may|can|could|"
                     r"might) (?P<act>[^,;]+?),? (?:e\.g\.|eg\b|for example|for instance|such as) (?P<example>[^;]+?)[.;]?$")
#: an asking verb whose object is "such ...": what was asked for before ("seek such assistance")
_SUCH_ASKED = re.compile(r"\s*(?:seek|ask|request)\w*\s+(?:for\s+)?such\b")
#: what weighing something says it is for: "have regard to ... in determining what are reasonable requests"
_REGARD = re.compile(r"\s*(?:have regard to|take (?:account of|into account)|bear in mind|be mindful of)\b")
_IN_DECIDING = re.compile(r"\bin (?:determining|deciding|judging|considering) (?:what|which|whether)\s+(?:are|is|would be|"
                          r"constitutes?)?\s*")
_STOPS_AT = re.compile(r"[,;:()]")
#: a verb after "entitled to" (not the thing one is entitled to): "entitled to seek", "entitled to request"
_TO_VERB = re.compile(r"\s*(?:\w+ly\s+)?(?:seek|ask|request|receive|be|have|attend|see|inspect|access|obtain|make|use|"
                      r"expect|refuse|decline|take|give|get|know|raise|speak|contact|approach|meet)\b")
#: between a passive verb and whom its act is done to: "shared with (other) members", "disclosed to the Clerk"
_WITH_TO = re.compile(r"\s+(?:with|to)\s+(?:(?:the|any|other|all|an?)\s+)*")
#: the longest sentence a reading may rest on, in words: a longer one may say more than one thing
LONG = 60


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


def words_end(words: str, *ends: str) -> bool:
    """Whether the last word of ``words`` is one of ``ends`` (no words: no)."""
    last = words.rsplit(None, 1)
    return bool(last) and last[-1] in ends


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
        #: the act the clause last granted ("Individual members may request the Town Clerk to provide
        #: them with factual information"), for "Such requests must be reasonable"
        self.granted: CandidateRule | None = None
        #: the protocol's parties (see ``unacceptable``), and whether the clause speaks of "every person"
        self.parties: list[str] = []
        self.everyone = False
        #: the items of the clause being read, for a ban whose exceptions they list ("except that:")
        self.items: Sequence[str] = ()
        #: who asks whom for what, from "the purpose for which they require information", for "Those
        #: purposes may only be ..." after it
        self.purpose: tuple[tuple[str, ...], tuple[str, ...], str] | None = None
        #: whom each act was done to in the clause's earlier sentences, for a later one that does not say
        #: ("... at group meetings ... It is not usually considered good practice for officers to attend such
        #: briefings alone")
        self.done_to: dict[str, str] = {}
        #: the staff as the document most often names them ("officers"), whom an asking act that names no
        #: one asks; and the actions that ask (each giving action's counterpart)
        self.staff: str | None = None
        self.asking = frozenset(a.id for a in actions.by_id.values()
                                if _ASKS.match(a.description) and "{target}" in a.description)

    def learn_staff(self, named: Iterable[str]) -> None:
        """The staff role the document names most often (``staff``), of those that are a kind of employee
        (or employee itself)."""
        counts: dict[str, int] = {}
        for r in named:
            if r == "employee" or "employee" in self.ancestors.get(r, ()):
                counts[r] = counts.get(r, 0) + 1
        if counts:
            self.staff = max(counts, key=lambda r: counts[r])

    def learn_parties(self, named: Sequence[str]) -> None:
        """The protocol's parties from the roles its opening names: its councillors and its staff,
        each as the widest role named ("Councillors, Officers and Employees": councillor, employee)."""
        members = self.collapse(r for r in named if r == "councillor" or "councillor" in self.ancestors.get(r, ()))
        staff = self.collapse(r for r in named if r == "employee" or "employee" in self.ancestors.get(r, ()))
        if len(members) == 1 and len(staff) == 1:
            self.parties = [members[0], staff[0]]

    def start_clause(self, text: str = "", items: Sequence[str] = ()) -> None:
        self.earlier = None
        self.granted = None
        self.purpose = None
        self.done_to = {}
        self.everyone = any(w in text for w in ("very", "VERY", "nyone", "NYONE", "ll pe", "LL PE")) and \
            bool(_EVERYONE.search(text.lower()))  # a quick test first: most clauses say none of it
        self.items = items

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

    def person(self, role: str) -> bool:
        """Is ``role`` a person (a councillor or an employee, or a kind of one), not a body?"""
        return role in ("councillor", "employee") or bool({"councillor", "employee"} & self.ancestors.get(role, set()))

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
        elif m.group("part") in _ASKED and m.group("not") and subject is not None and self.earlier is not None \
                and not set(self.collapse(subject.roles)) & set(self.earlier.roles):
            # "Councillors should have regard to the seniority of officers ... Junior staff should not be
            # asked to deal with matters outside their level of authority": asked by the councillors the
            # clause's sentence before spoke of
            actor = tuple(self.earlier.roles)
            targets = tuple(self.collapse(subject.roles))
        elif m.group("not") and subject is not None and len(self.parties) == 2 \
                and m.group("modal") in ("must", "shall") and m.group("part") != "involved" \
                and (other := self._other_side(subject.roles)):
            # "Officers giving such advice must not be named in public": a ban on what is done to one side
            # of the protocol that names no doer binds the other side, and those the clause spoke of before
            # ("Opposition groups are also entitled to confidential information and discussions with officers")
            targets = tuple(self.collapse(subject.roles))
            earlier = tuple(r for r in (self.earlier.roles if self.earlier else ()) if r not in targets)
            actor = tuple(dict.fromkeys((other, *earlier)))
        elif m.group("not") and subject is None and len(self.parties) == 2 \
                and m.group("modal") in ("must", "shall", "is", "are") \
                and (told := self._told(low, mentions, m)) and (other := self._other_side(told)):
            # "Briefings shall remain strictly confidential and are not to be shared with other members of the
            # Council": what is kept from one side of the protocol, with no doer named, is kept from them by
            # the other side
            actor, targets = (other,), tuple(told)
        elif m.group("part") in _ALLOWED and not m.group("not") and m.group("modal") in ("must", "shall") \
                and len(self.parties) == 2:
            # "..., which they must be allowed to discharge": the protocol's parties must not stand in the
            # way of the sentence's subject ("they": the roles the sentence starts with)
            if subject is None and _PRONOUN.search(low, 0, m.start()):
                first = groups(list(mentions), low)[:1]
                subject = Subject(tuple(x.role for x in first[0])) if first and first[0][0].start < 40 else None
            if subject is None:
                return None
            targets = tuple(self.collapse(subject.roles))
            stop = low.find(".", m.end())
            phrase = "obstruct them in" + low[m.end() : stop if stop > 0 else len(low)] + " " + low[: m.start()]
            return Verb(m.start(), m.end(), None, "forbid", Subject(tuple(self.parties)), targets, phrase,
                        False, m.end())
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
        # a caution about the protocol's two sides binds them as the protocol names them: "between
        # Councillors and Officers" in a protocol for "Councillors and employees" is its employees
        parties = [next((p for p in self.parties if p in self.ancestors.get(r, ())), r) for r in parties]
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
        if "that" in low and (suspected := self.suspected(sentence, low, mentions)):
            return suspected
        if self.granted is not None and (such := self.such(sentence, low)):
            return such
        if " to be " in low and " only " in low and (limited := self.willing_only(sentence, low, mentions)):
            return limited
        if "ed to " in low and " by " in low and (kept := self.confined(sentence, low, mentions)):
            return kept  # "confined to", "limited to", "restricted to"
        if "exception" in low and " right" in low and (outside := self.outside_right(sentence, low, mentions)):
            return outside
        if "practice for" in low and (against := self.not_good_practice(sentence, low, mentions)):
            return against
        if self.purpose is not None and (limited := self.limited_purpose(sentence, low)):
            return limited
        if "purpose" in low:
            self.learn_purpose(low, mentions)
        if " with " in low and (given := self.provided_with(sentence, low, mentions)):
            return given
        if "confidential" in low and " treat" in low and (kept := self.kept_confidential(sentence, low, mentions)):
            return kept
        if " - " in low or " – " in low or " — " in low:
            shared = self._shared_object(sentence, low, mentions, item=item)
            if shared is not None:
                return shared
        if not mentions and (" avoided" in low or "accept" in low or "tolera" in low or "prohibit" in low):
            return self.unacceptable(sentence, low, mentions)
        if "limit" in low and (limited := self.limited_matters(sentence, low, mentions)):
            return limited
        out: list[CandidateRule] = []
        if " occasions " in low or " times " in low or " cases " in low or " circumstances " in low:
            out += self.occasions(sentence, low, mentions)
        if "refused" in low or "declined" in low or "turned down" in low:
            out += self.refused(sentence, low, mentions)
        if "without" in low and "favour" in low:
            out += self.without_favour(sentence, low, mentions)
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
            rarely = _RARELY.match(low, rest_start) if not modal.get("neg") else None
            if rarely is not None:
                rest_start = rarely.end()  # "Members will only exceptionally be involved in ...": advice
            involved = _INVOLVED_IN.match(low, rest_start)
            if involved is not None:
                rest_start = involved.end()  # "must not be involved in advising on ...": advising
            if double:
                effect = "require"  # "must never fail to advise"
            elif verb.effect:
                effect = verb.effect
            elif rarely is not None and not negated:
                effect = "advise"
            elif (modal.get("neg") or negated) and hedge is not None and verb.modal is not None \
                    and verb.modal.group().startswith("should"):
                effect = "advise"  # "In most cases Councillors should avoid ...": advice, not a ban
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
            if len(actors) >= 2 and any(self.person(a) for a in actors):
                # "The Leader and Cabinet are entitled to ...": a body named with a person stands for its
                # members, where the variant names them ("Cabinet Member")
                actors = list(dict.fromkeys(f"{a}_member" if not self.person(a) and f"{a}_member" in self.ancestors
                                            else a for a in actors))
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
                granted = self.granted
                if granted is not None and action in self.asking and granted.action in self.asking \
                        and _SUCH_ASKED.match(low, rest_start):
                    # "A member may be asked for advice and support by an employee ... Employees are entitled to
                    # seek such assistance": the asking the clause granted before
                    action = granted.action
                if not sure and words_end(verb.modal.group() if verb.modal else "", "to") \
                        and "entitled" in (verb.modal.group() if verb.modal else "") and not _TO_VERB.match(low, rest_start):
                    # "The Leader and Cabinet are entitled to confidential information and discussions with
                    # officers": entitled to a thing, they may ask for it
                    asked, asked_sure = self.actions.suggest_sure("ask for " + sentence[rest_start:window_end])
                    if asked_sure and asked in self.asking:
                        action, sure = asked, asked_sure
                weighed = _IN_DECIDING.search(low, rest_start, window_end) if not sure and _REGARD.match(low, rest_start) \
                    else None
                if weighed is not None:
                    # "should have regard to the seniority of officers in determining what are reasonable
                    # requests": advice on the act whose measure is weighed (making requests of officers)
                    stop = _STOPS_AT.search(low, weighed.end(), window_end)
                    named_act, named_sure = self.actions.suggest_sure(
                        sentence[weighed.end() : stop.start() if stop else window_end], noun=True)
                    if named_sure:
                        action, sure = named_act, named_sure
                about = _IN_RELATION_TO.search(low, rest_start, window_end) if modal.get("careful") and not sure \
                    else None
                if about is not None:
                    # "should be careful not to prejudice the Council's position in relation to disciplinary
                    # procedures or employment matters": a caution about the act those matters name
                    named_act, named_sure = self.actions.suggest_sure(sentence[about.end() : window_end], noun=True)
                    if named_sure:
                        action, sure = named_act, named_sure
                if sure and action in self.asking and (" request " in low or " ask " in low):
                    # "entitled to request members identify the purpose ...": asking them to do something,
                    # not asking them for what the sentence goes on to name
                    asked = next((x for x in mentions if rest_start <= x.start < rest_start + 24), None)
                    if asked is not None and _ASK_TO_DO.match(low, asked.end):
                        sure = False
            if action is None and (effect == "permit" or modal.get("will")):
                # "relationships can confuse roles": a permission names something one may do; "will"
                # with nothing the vocabulary knows says what happens ("will at all times comply")
                continue
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
                if not named_after and verb.targets and verb.phrase:
                    # a passive: what it is done to ("Officers giving such advice must not be named")
                    named_after = list(verb.targets)
                pairs = [(a, t) for a in actors for t in named_after or [None]]
            elif targets:
                pairs = [(a, t) for a in actors for t in targets]
            elif joint:
                pairs = [(a, b) for a in actors for b in actors if a != b]
            elif action is not None and (implied := self.implied_target(low, action, actors)) is not None:
                pairs = [(a, implied) for a in actors if a != implied]
            elif action is not None:
                # "must not use your position ...": towards anyone (live only when sure of the action)
                pairs = [(a, None) for a in actors]
            else:
                continue
            qualifiers = Qualifiers()
            if action is not None:
                extra = [subject.qualifier] if subject is not None and subject.qualifier else []
                said_low = low if rarely is None else \
                    low[: rarely.start()] + " " * (rarely.end() - rarely.start()) + low[rarely.end() :]
                qualifiers = read_qualifiers(said_low, window_start, window_end, action, self.actions.conditions,
                                             effect, extra, [verb.start, verb.end])
                listed = _EXCEPT_LIST.search(low, verb.end) if qualifiers.unread and self.items else None
                if listed is not None and effect == "forbid":
                    # "... except that:" and the exceptions as the clause's items
                    exceptions = listed_exceptions(self.items, action, self.actions.conditions)
                    if exceptions is not None:
                        cut = listed.start()
                        qualifiers = read_qualifiers(low[:cut], window_start, min(window_end, cut), action,
                                                     self.actions.conditions, effect, extra, [verb.start, verb.end])
                        qualifiers = attrs.evolve(qualifiers, exceptions=qualifiers.exceptions + exceptions)
                if subject is not None and subject.qualifier and not any(
                        subject.qualifier[0] <= a < subject.qualifier[1] for a, _ in qualifiers.covered):
                    printed = " ".join(sentence[subject.qualifier[0] : subject.qualifier[1]].split())
                    qualifiers = attrs.evolve(qualifiers, unread=qualifiers.unread or printed)
            said = "cannot" if negated and words.lower() in ("can", "could") else words
            firm = verb.modal is None or bool(_FIRM.match(said.lower())) or (item and said.lower() == "will not") \
                or (negated and bool(modal.get("is_to")))  # "no member is to pressure"
            why = self._doubt(said, firm, guessed, action, sure, qualifiers, sentence, double)
            if not why and modal.get("will") and action not in self.actions.untargeted \
                    and all(b is None for _, b in pairs):
                # "All Councillors will attend the monthly meeting": "will" states a duty only where it
                # names whom the act is for ("will assist members")
                why = f"'{words}' may say what happens rather than require it: it names no one the act is for"
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
            if effect == "permit" and action is not None and not why and not qualifiers.when and pairs:
                self.granted = CandidateRule("", "", sentence, effect, pairs[0][0], pairs[0][1], action, words)
            asks = self.actions.correlative.get(action or "") if effect == "require" and not double else None
            for a, b in dict.fromkeys(pairs):
                for said_effect, when in readings:
                    out.append(CandidateRule("", "", sentence, said_effect, a, b, action, words, live=not why,
                                             why=why, when=when, exceptions=qualifiers.exceptions,
                                             debatable=debatable))
                if asks is not None and b is not None and not qualifiers.when and not qualifiers.alternatives \
                        and not qualifiers.exceptions and self.person(b):
                    # a duty to give lets the one it is owed to ask: "Officers have a duty to provide ...
                    # advice ... to elected members" lets members seek their advice
                    out.append(CandidateRule("", "", sentence, "permit", b, a, asks, words, live=not why, why=why,
                                             debatable=debatable))
        return out

    def provided_with(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """What a role is given for a purpose it may use for that purpose: "Members are provided with
        ICT equipment and support services ... to enable them to better perform their policy and
        constituency role as Councillors" lets members use Council equipment for their council duties."""
        first = groups(list(mentions), low)[:1]
        if not first or not _SUBJECT_START.match(low[: first[0][0].start]):
            return []
        m = _PROVIDED_WITH.match(low, first[0][-1].end)
        if m is None:
            return []
        thing = sentence[m.start("thing") : m.end("thing")]
        action, sure = self.actions.suggest_sure("use " + thing)
        if action is None or not sure:
            return []
        fact = self.actions.conditions.read(action, sentence[m.start("purpose") : m.end("purpose")].lower())
        if fact is None:
            return []
        attribute, value, _ = fact
        actors = self.collapse(x.role for x in first[0])
        words = " ".join(sentence[first[0][-1].end : m.start("thing")].split())
        return [CandidateRule("", "", sentence, "permit", a, None, action, words, live=True, when=((attribute, value),))
                for a in actors if action in self.actions.untargeted]

    def kept_confidential(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """What a role is to treat as confidential it must not disclose: "Group Leaders and members who
        receive such advice will treat it as strictly confidential to the council" forbids members to
        disclose it (to anyone)."""
        m = _TREAT_CONFIDENTIAL.search(low)
        if m is None:
            return []
        subject = _subject(low, 0, mentions, m.start())
        if subject is None:
            return []
        action, sure = self.actions.suggest_sure("disclose confidential " + sentence[m.start("what") : m.end("what")])
        if action is None or not sure:
            return []
        words = " ".join(sentence[m.start() : m.end()].split())
        return [CandidateRule("", "", sentence, "forbid", a, None, action, words, live=True)
                for a in self.collapse(subject.roles)]

    def _told(self, low: str, mentions: Sequence[Mention], m: re.Match[str]) -> list[str]:
        """The roles a passive verb's act is done to, named right after it: "shared with other members"."""
        group = next(iter(groups([x for x in mentions if m.end() < x.start <= m.end() + 24], low)), None)
        if group is None or not _WITH_TO.fullmatch(low, m.end(), group[0].start):
            return []
        return self.collapse(x.role for x in group)

    def _other_side(self, roles: Iterable[str]) -> str | None:
        """The protocol's party that ``roles`` (all on one side of it) are not, or None."""
        sides = {p for r in roles for p in self.parties if r == p or p in self.ancestors.get(r, ())}
        if len(sides) != 1:
            return None
        return next(p for p in self.parties if p not in sides)

    def remember(self, read: Sequence[CandidateRule]) -> None:
        """Note whom each act the sentence read was done to, for a later sentence of the clause."""
        for rule in read:
            if rule.action and rule.target:
                self.done_to[rule.action] = rule.target
                self.done_to[""] = rule.target  # the last, for "such briefings"

    def implied_target(self, low: str, action: str, actors: Sequence[str] = ()) -> str | None:
        """Whom an act the sentence names no one for is done to: a political group, where it speaks of
        "group meetings"; else whom an earlier sentence of the clause did the same act to, or, where it
        says "such briefings", the last act to."""
        if action in self.actions.untargeted:
            return None
        if "group " in low and "political_group" in self.ancestors and _GROUP_MEETING.search(low):
            return "political_group"
        said = self.done_to.get(action) or (self.done_to.get("") if "such " in low else None)
        if said is None and self.staff and action in self.asking and actors and not any(
                r == "employee" or "employee" in self.ancestors.get(r, ()) for r in actors):
            # "Political groups may request private and confidential briefings": of the council's staff, as
            # the text most often calls them
            return self.staff
        return said

    def willing_only(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """What one side is willing to have done to it, but only in some cases, the other may do only
        then: "Many officers/members of staff are willing to be contacted by members at home outside normal
        working hours, but this step should only be taken in cases of genuine importance or urgency or by
        prior arrangement" forbids members to contact them at home except when urgent or arranged."""
        m = _WILLING.search(low)
        if m is None:
            return []
        done_to = groups([x for x in mentions if x.end <= m.start()], low)[:1]
        by = re.search(r"\s+by\s+(?:the\s+|an?\s+|any\s+)?", low[m.start("act") : m.end("act")])
        doers = groups([x for x in mentions if by is not None and x.start == m.start("act") + by.end()], low)[:1]
        if not done_to or not doers or not _SUBJECT_START.match(low[: done_to[0][0].start].replace("many ", "")):
            return []
        actors = self.collapse(x.role for x in doers[0])
        targets = [r for r in self.collapse(x.role for x in done_to[0]) if r not in actors]
        act = low[m.start("act") : m.start("act") + by.start()] + low[doers[0][-1].end : m.end("act")]
        action, sure = self.actions.suggest_sure(act)
        if action is None or not sure or not targets:
            return []
        # each case the act is limited to, as a fact of the action ("genuine importance or urgency": urgent)
        exceptions: list[Condition] = []
        pending = ""
        for part in re.split(r"\s+or\s+", m.group("cond")):
            pending = f"{pending} or {part}" if pending else part
            fact = self.actions.conditions.read(action, pending)
            if fact is not None:
                exceptions.append(((fact[0], fact[1]),))
                pending = ""
        why = "" if exceptions and not pending else f"the cases it is limited to ('{m.group('cond')}') are not " \
            "all facts of the action"
        words = " ".join(sentence[m.end("act") : m.start("cond")].split()).lstrip(", ")
        untargeted = action in self.actions.untargeted
        return [CandidateRule("", "", sentence, "forbid", a, None if untargeted else t, action, words, live=not why,
                              why=why, exceptions=tuple(dict.fromkeys(exceptions)))
                for a in actors for t in targets]

    def confined(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """What one side gives the other, kept to some matters: "Advice by officers/staff must be confined
        to council business" forbids officers/staff to advise councillors on anything else."""
        m = _CONFINED.match(low)
        if m is None or len(self.parties) != 2:
            return []
        who = groups([x for x in mentions if m.start("who") <= x.start and x.end <= m.end("who")], low)[:1]
        if not who or who[0][-1].end != m.end("who"):
            return []
        actors = self.collapse(x.role for x in who[0])
        # to the protocol's other side
        sides = [p for p in self.parties if any(a == p or p in self.ancestors.get(a, ()) for a in actors)]
        if len(sides) != 1:
            return []
        other = next(p for p in self.parties if p != sides[0])
        action, sure = self.actions.suggest_sure("give " + m.group("noun"))
        if action is None or not sure or action in self.actions.untargeted:
            return []
        fact = self.actions.conditions.read(action, "not " + m.group("what"))
        if fact is None:
            return []
        words = " ".join(sentence[m.end("who") : m.start("what")].split())
        return [CandidateRule("", "", sentence, "forbid", a, other, action, words, live=True,
                              when=((fact[0], fact[1]),)) for a in actors]

    def limited_matters(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """The matters a text puts beyond an act, by example: "there are limits to the matters on which they
        may seek the advice of officers, e.g. in relation to personal matters" forbids seeking their advice
        on personal matters.  "They", where the clause named no one before, is the protocol's side the act is
        not done to.  Only an example the action's facts state makes a rule: a limit the text does not say
        is for a person to read."""
        m = _LIMITS.search(low)
        if m is None:
            return []
        act = sentence[m.start("act") : m.end("act")]
        action, sure = self.actions.suggest_sure(act)
        fact = self.actions.conditions.read(action, m.group("example")) if action is not None and sure else None
        if fact is None or not fact[1]:
            return []
        targets = self._targets(low, mentions, m.start("act"), m.end("act"), [])
        doers = groups([x for x in mentions if m.start("who") <= x.start < m.end("who")], low)[:1]
        if doers:
            actors = self.collapse(x.role for x in doers[0])
        elif _PRONOUN.search(low, m.start("who"), m.end("who") + 1) and self.earlier is not None:
            actors = list(self.earlier.roles)
        elif _PRONOUN.search(low, m.start("who"), m.end("who") + 1) and len(self.parties) == 2 \
                and (other := self._other_side(targets)) is not None:
            actors = [other]
        else:
            return []
        words = " ".join(sentence[m.start() : m.end("who")].split())
        untargeted = action in self.actions.untargeted
        return [CandidateRule("", "", sentence, "forbid", a, None if untargeted else t, action, words, live=True,
                              when=((fact[0], True),)) for a in actors for t in (targets or [None]) if a != t]

    def occasions(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """What the text allows may happen: "Reports to Committees will normally be produced by officers but
        there may be occasions when a member prepares a report" permits a member to prepare a report (for
        the committee the sentence named)."""
        m = _OCCASIONS.search(low)
        doers = groups([x for x in mentions if m.end() <= x.start <= m.end() + 12], low)[:1] if m else []
        if m is None or not doers or not _SUBJECT_START.match(low[m.end() : doers[0][0].start]):
            return []
        actors = self.collapse(x.role for x in doers[0])
        end = len(low.rstrip(" .;"))
        action, sure = self.actions.suggest_sure(sentence[doers[0][-1].end : end])
        if action is None or not sure:
            return []
        tail = low[doers[0][-1].end : end]  # the "when" that introduced it is no condition of it
        qualifiers = read_qualifiers(tail, 0, len(tail), action, self.actions.conditions, "permit")
        if qualifiers.unread:
            return []
        targets = self._targets(low, mentions, doers[0][-1].end, end, actors) or \
            self._targets(low, mentions, 0, m.start(), actors)[:1] or [None]
        words = " ".join(sentence[m.start() : m.end()].split())
        untargeted = action in self.actions.untargeted
        return [CandidateRule("", "", sentence, "permit", a, None if untargeted else t, action, words, live=True,
                              when=qualifiers.when) for a in actors for t in targets if a != t]

    def refused(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """A refusal the text allows for: "on the rare occasions when a request by a member for information
        is refused, the member is entitled to ..." lets the protocol's other side refuse a member's request."""
        m = _REFUSED.search(low)
        if m is None or len(self.parties) != 2:
            return []
        who = groups([x for x in mentions if m.start("who") <= x.start and x.end <= m.end("who")], low)[:1]
        if not who:
            return []
        askers = self.collapse(x.role for x in who[0])
        refuser = self._other_side(askers)
        action, sure = self.actions.suggest_sure(f"refuse a {m.group('what')} for {m.group('thing')}")
        if refuser is None or action is None or not sure:
            return []
        words = " ".join(sentence[m.start() : m.end()].split())
        return [CandidateRule("", "", sentence, "permit", refuser, None if action in self.actions.untargeted else a,
                              action, words, live=True) for a in askers]

    def outside_right(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """What a right does not cover is forbidden: "Information about disciplinary, capability or other
        employment processes are one of the exceptions to the rights of members to access information"
        forbids members to ask the protocol's other side for information about employment processes."""
        m = _EXCEPTION_TO_RIGHT.match(low)
        if m is None or len(self.parties) != 2:
            return []
        who = groups([x for x in mentions if m.start("who") <= x.start and x.end <= m.end("who")], low)[:1]
        if not who:
            return []
        holders = self.collapse(x.role for x in who[0])
        other = self._other_side(holders)
        # a right to access, obtain or see something is a right to ask for it
        action, sure = self.actions.suggest_sure("ask for " + m.group("what"))
        if other is None or action is None or not sure:
            return []
        fact = self.actions.conditions.read(action, m.group("thing"))
        if fact is None:
            return []
        words = " ".join(sentence[m.end("thing") : m.start("who")].split())
        untargeted = action in self.actions.untargeted
        return [CandidateRule("", "", sentence, "forbid", a, None if untargeted else other, action, words, live=True,
                              when=((fact[0], fact[1]),)) for a in holders]

    def without_favour(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """A duty done "without political bias or favour" forbids favouring the protocol's other side:
        "Officers and Employees are required to discharge their responsibilities in a professional manner
        and without political bias or favour"."""
        m = _WITHOUT_FAVOUR.search(low)
        first = groups([x for x in mentions if x.end <= m.start()], low)[:1] if m is not None else []
        if m is None or not first or not _SUBJECT_START.match(low[: first[0][0].start]) or \
                not modals(low[first[0][-1].end : m.start()]):
            return []
        actors = self.collapse(x.role for x in first[0])
        other = self._other_side(actors) if len(self.parties) == 2 else None
        action, sure = self.actions.suggest_sure("favour", noun=True)
        if other is None or action is None or not sure:
            return []
        words = " ".join(sentence[m.start() : m.end()].split())
        return [CandidateRule("", "", sentence, "forbid", a, other, action, words, live=True) for a in actors]

    def not_good_practice(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """What a text calls not good practice it advises against: "It is not usually considered good
        practice for officers to attend such briefings alone" advises officers not to attend alone."""
        m = _NOT_GOOD_PRACTICE.search(low)
        if m is None:
            return []
        doers = groups([x for x in mentions if m.end() <= x.start <= m.end() + 12], low)[:1]
        to = _TO.match(low, doers[0][-1].end) if doers else None
        if to is None or not re.fullmatch(r"\s*(?:the\s+|an?\s+|any\s+)?", low[m.end() : doers[0][0].start]):
            return []
        actors = self.collapse(x.role for x in doers[0])
        end = len(low.rstrip(" .;"))
        action, sure = self.actions.suggest_sure(sentence[to.end() : end])
        if action is None or not sure:
            return []
        targets = self._targets(low, mentions, to.end(), end, actors) or [self.implied_target(low, action)]
        qualifiers = read_qualifiers(low, to.end(), end, action, self.actions.conditions, "advise")
        fact = self.actions.conditions.read(action, low[to.end() : end])
        when = qualifiers.when or ((fact[0], fact[1]),) if fact is not None else qualifiers.when
        why = "" if when and not qualifiers.unread else "what makes it bad practice is not one of the action's facts"
        hedge = _HEDGE.search(low, 0, m.end())
        debatable = f"'{hedge.group()}' admits exceptions the protocol does not name" if hedge else ""
        words = " ".join(sentence[m.start() : m.end()].split())
        return [CandidateRule("", "", sentence, "advise", a, None if action in self.actions.untargeted else t, action,
                              words, live=not why, why=why, when=when, debatable=debatable)
                for a in actors for t in targets if a != t]

    def learn_purpose(self, low: str, mentions: Sequence[Mention]) -> None:
        """Remember who asks whom for what where a sentence names the purpose of asking: "officers/staff
        are entitled to request members identify the purpose for which they require information" (members
        ask officers/staff for information)."""
        m = _PURPOSE_FOR.search(low)
        if m is None:
            return
        before = groups([x for x in mentions if x.end <= m.start()], low)
        if not before:
            return
        askers = tuple(self.collapse(x.role for x in before[-1]))
        asked = tuple(r for r in self.collapse(x.role for x in before[-2]) if r not in askers) if len(before) > 1 else ()
        action, sure = self.actions.suggest_sure("ask for " + m.group("what"))
        if action is not None and sure and askers and all(self.person(r) for r in (*askers, *asked)):
            self.purpose = (askers, asked, action)

    def limited_purpose(self, sentence: str, low: str) -> list[CandidateRule]:
        """The purposes a sentence before named, limited: after "... the purpose for which they require
        information", "Those purposes may only be in connection with the members' duties as an elected
        member and not for personal, political or other purposes" lets members ask for information for
        their duties, and forbids it for anything else."""
        m = _LIMITED_PURPOSE.match(low)
        if m is None or self.purpose is None:
            return []
        askers, asked, action = self.purpose
        fact = self.actions.conditions.read(action, m.group("cond"))
        if fact is None:
            return []
        attribute, value, _ = fact
        words = " ".join(sentence[m.start() : m.start("cond")].split())
        targets = asked if action not in self.actions.untargeted and asked else (None,)
        return [CandidateRule("", "", sentence, effect, a, t, action, words, live=True, when=((attribute, v),))
                for effect, v in (("permit", value), ("forbid", not value)) for a in askers for t in targets]

    def such(self, sentence: str, low: str) -> list[CandidateRule]:
        """A condition put on the act the clause just granted: after "Individual members may request the
        Town Clerk to provide them with factual information", "Such requests must be reasonable"
        forbids the request when it is not."""
        m = _SUCH.match(low)
        granted = self.granted
        if m is None or granted is None or granted.action is None:
            return []
        if stem(m.group("noun")) not in stems(self.actions.by_id[granted.action].description):
            return []  # "such meetings" when the act granted was a request
        fact = self.actions.conditions.read(granted.action, m.group("cond"))
        if fact is None:
            return []
        attribute, value, _ = fact
        words = " ".join(sentence[m.start("noun") : m.start("cond")].split())
        return [attrs.evolve(granted, sentence=sentence, effect="forbid", words=words, live=True,
                             when=((attribute, not value),))]

    def suspected(self, sentence: str, low: str, mentions: Sequence[Mention]) -> list[CandidateRule]:
        """What a ban keeps others from suspecting is forbidden: "Special relationships ... should be
        avoided as it can create suspicion that an employee favours that Councillor or political group
        above others" forbids an employee to favour a Councillor or a political group."""
        m = _SUSPICION.search(low)
        ban = _BAN_BEFORE.search(low, 0, m.start()) if m is not None else None
        if m is None or ban is None:
            return []
        after = groups([x for x in mentions if x.start >= m.end()], low)
        if not after or after[0][0].start != m.end():
            return []  # "suspicion that ..." does not go on with who does it
        actors = self.collapse(x.role for x in after[0])
        verb = re.match(r"\s+(?:\w+ly\s+)?(\w+s)\b", low[after[0][-1].end :])
        if verb is None:
            return []
        start = after[0][-1].end + verb.start(1)
        action, sure = self.actions.suggest_sure(sentence[start:])
        if action is None:
            return []
        targets = self._targets(low, mentions, start, len(low), actors)
        qualifiers = read_qualifiers(low, start, len(low), action, self.actions.conditions, "forbid")
        words = " ".join(sentence[ban.start() : ban.end()].split())
        why = self._doubt(words, True, False, action, sure, qualifiers, sentence, None)
        untargeted = action in self.actions.untargeted
        return [CandidateRule("", "", sentence, "forbid", a, None if untargeted else t, action, words, live=not why,
                              why=why, when=qualifiers.when, exceptions=qualifiers.exceptions)
                for a in actors for t in dict.fromkeys(targets or [None]) if a != t]

    def _shared_object(self, sentence: str, low: str, mentions: Sequence[Mention], *,
                       item: bool) -> list[CandidateRule] | None:
        """Two verbs that share what follows them, the second set off by dashes: "Members should not
        use - and officers should not provide - such equipment ... for purposes not related to Council
        business" is "Members should not use such equipment ..." and "officers should not provide such
        equipment ..."; None when the sentence is not of that shape."""
        m = _DASHED_VERB.match(low)
        if m is None or not modals(low[m.start("b") : m.end("b")]) or not modals(low[: m.end("a")]):
            return None
        rest = m.start("rest")
        out: list[CandidateRule] = []
        first: list[str] = []  # the first verb's actors: whom the second does its act for
        for start, end in ((0, m.end("a")), (m.start("b"), m.end("b"))):
            said = sentence[start:end] + " " + sentence[rest:]
            shift = end + 1 - rest  # where the shared words move to
            local = [Mention(x.role, x.start - start, x.end - start, x.printed) for x in mentions
                     if start <= x.start and x.end <= end]
            local += [Mention(x.role, x.start + shift - start, x.end + shift - start, x.printed) for x in mentions
                      if x.start >= rest]
            read = [attrs.evolve(r, sentence=sentence) for r in self.rules(said, lower(said), local, item=item)]
            if start:  # "and officers should not provide": provide to the members who should not use
                read = [attrs.evolve(r, target=t) if r.target is None and r.action not in self.actions.untargeted
                        and r.actor != t else r for r in read for t in first or [None]]
                read = list(dict.fromkeys(read))
            else:
                first = list(dict.fromkeys(r.actor for r in read))
            out += read
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
