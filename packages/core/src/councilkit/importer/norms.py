"""Candidate norms: the sentences of each clause read for rules (``reading.py``) and routes (``routes.py``).

Each sentence of each clause is read in document order, with the roles it names
(``roles.py``).  A question, a definition ("In this document Councillor refers
to ...") and a sentence that names no role state no norm.  An item of a list is
read with its stem ("Officers can expect from Councillors: ... not to be bullied").
A run of text too long to be a sentence is a list or a table run together, and
is not read.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Collection, Mapping, Sequence

import attrs

from councilkit.importer.candidates import CandidateRoute, CandidateRule
from councilkit.importer.modals import _SUCH, lower
from councilkit.importer.reading import Reader
from councilkit.importer.roles import Mention, RoleMatcher
from councilkit.importer.routes import RouteReader, public_complains
from councilkit.importer.subjects import Stem, read_stem
from councilkit.importer.vocabulary import ActionIndex

__all__ = ["ActionIndex", "CandidateRoute", "CandidateRule", "find_candidates", "sentences"]

_ABBREVIATIONS = frozenset([
    "e.g", "i.e", "etc", "cllr", "no", "nos", "mr", "mrs", "ms", "dr", "st", "para", "paras", "cf",
    "viz", "approx", "incl", "vs",
])
_BOUNDARY = re.compile(r"[.!?]['\"’”)]*\s+(?=[A-Z“\"'‘(])|(?<=[a-z])\s+(?=(?:We|This|These|It|Our|If|Where|When|"
                       r"Once|Please|You|In)\s)")
#: sentences that describe or define, and state no norm
_DESCRIPTIVE = re.compile(r"(?:the (?:role|job|purpose|aim|function) of\b|in this (?:document|protocol|policy)\b|"
                          r"this (?:protocol|policy|procedure|document|code)\b)")
_DEFINES = re.compile(r"\b(?:refers? to|means(?! that\b)|is defined as)\b")  # "X means that ..." says what follows
_POSSESSIVE = re.compile(r"['’]s?\b")
#: a noun after the council's name that makes it say whose, not who: "Council business", "Council staff"
_BODY_NOUN = re.compile(r"\s+(?:business|policy|policies|equipment|information|services?|property|premises|"
                        r"resources|meetings?|decisions?|documents?|procedures?|facilities|systems?|matters?|"
                        r"funds?|money|work|activities|website|offices?|duties)\b", re.I)
_AND_OR = re.compile(r"\s*(?:and|or|&|/)\s*")
_BRACKETED = re.compile(r"\s*\(\s*(?:the|a|an|i\.e\.|ie|usually|normally)?\s*")
#: a stem whose items go on from it: "The Town Clerk:", "Councillors must not:", "Members should -"
_SUBJECT_STEM = re.compile(r"\s*(?:[\w’'/&-]+\s+){0,12}?[\w’'/&-]+\s*[:–—-]\s*")
#: an item that starts with its verb ("is expected to advise ...", "must not ...", "not lobby ...")
_VERB_FIRST = re.compile(r"\W*(?:is|are|has|have|must|shall|should|may|will|can|cannot|not|never|to)\b", re.I)
_YOU = re.compile(r"\byou\b", re.I)
_RULED_OUT = re.compile(r"not acceptable|unacceptable|be avoided|not be tolerated|not tolerated|zero tolerance", re.I)
#: a part of each of ``_RULED_OUT``'s phrases, in lower case (none of its letters has another case
#: that only the regex's ignoring of case would match, as "i" has)
_RULED_OUT_WORDS = ("ccept", "avo", "tolera")
#: the longest sentence read for norms (characters): a longer run of text without a full stop is a
#: list or a table run together, and reading it modal by modal would cost time out of all proportion
MAX_SENTENCE = 1500


@functools.lru_cache(maxsize=4096)
def sentences(text: str) -> tuple[tuple[int, str], ...]:
    """The sentences of ``text`` with their offsets; "e.g." and "i.e." do not end one.  A web copy
    that lost a full stop with its line break ("... harassment and bullying We recognise ...") is
    cut where a word that starts sentences follows a lower-case word."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        if m.start() < start:
            continue
        before = text[start : m.start() + 1].rsplit(None, 1)
        word = before[-1].rstrip(".").lower() if before else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        out.append((start, text[start : m.end()].strip()))
        start = m.end()
    if text[start:].strip():
        out.append((start, text[start:].strip()))
    return tuple(out)


def parties(mentions: Sequence[Mention], text: str) -> list[Mention]:
    """The mentions that name a party: not a possessive ("the Council's Monitoring Officer"), a
    word that qualifies the role after it ("Council staff"), or a role a bracket says more exactly
    ("the Proper Officer (the Clerk)")."""
    out = []
    for i, m in enumerate(mentions):
        if _POSSESSIVE.match(text, m.end):
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and not text[m.end : nxt.start].strip():
            continue
        if nxt is not None and _BRACKETED.fullmatch(text, m.end, nxt.start) and text.startswith(")", nxt.end):
            continue
        if _BODY_NOUN.match(text, m.end) and (m.role == "council" or "committee" in m.role):
            continue  # "Council business", "Council equipment": what belongs to the council
        out.append(m)
    return out


def aliases(clauses: Sequence[tuple[str, str]], mentions: Mapping[str, Sequence[Mention]]
            ) -> dict[str, list[Mention]]:
    """The mentions, with a title the document explains in a bracket read as the role the bracket
    names, wherever it is printed ("the Proper Officer (the Clerk)": every later "Proper Officer" is
    the Clerk)."""
    alias: dict[str, str] = {}
    for clause_id, text in clauses:
        found = mentions.get(clause_id, ())
        for m, nxt in itertools.pairwise(found):
            if _BRACKETED.fullmatch(text, m.end, nxt.start) and text.startswith(")", nxt.end) and m.role != nxt.role:
                alias.setdefault(m.printed.lower(), nxt.role)
    if not alias:
        return {k: list(v) for k, v in mentions.items()}
    return {k: [m._replace(role=alias.get(m.printed.lower(), m.role)) for m in v] for k, v in mentions.items()}


def distribute(clauses: Sequence[tuple[str, str]], mentions: Mapping[str, Sequence[Mention]],
               matcher: RoleMatcher) -> dict[str, list[Mention]]:
    """The mentions, with a word that qualifies two roles read with both: in "Committee Chairs and
    Vice-Chairs" the Vice-Chairs are the committees' (``committee_vice_chair``), not the Council's."""
    texts = dict(clauses)
    out: dict[str, list[Mention]] = {}
    for clause_id, found in mentions.items():
        found = list(found)
        text = texts.get(clause_id, "")
        for i in range(1, len(found)):
            first, second = found[i - 1], found[i]
            if not _AND_OR.fullmatch(text, first.end, second.start):
                continue
            head = first.printed.split()[0]
            if len(first.printed.split()) < 2 or second.printed.split()[0].lower() == head.lower():
                continue
            joined = f"{head} {second.printed}"
            again = matcher.mentions(joined)
            if len(again) == 1 and again[0].start == 0 and again[0].end == len(joined) and again[0].role != second.role:
                found[i] = second._replace(role=again[0].role)
        out[clause_id] = found
    return out


def find_candidates(
    clauses: Sequence[tuple[str, str]],
    mentions: Mapping[str, Sequence[Mention]],
    actions: ActionIndex,
    ancestors: Mapping[str, frozenset[str]] | None = None,
    parents: Mapping[str, str | None] | None = None,
    named: Mapping[str, list[Mention]] | None = None,
    skip: Collection[str] = (),
    skip_sentences: Collection[tuple[str, str]] = (),
) -> tuple[list[CandidateRule], list[CandidateRoute]]:
    """Candidate rules and routes in ``clauses`` (id, text), using the role ``mentions`` per clause.

    ``ancestors``: each role's ``is_a`` closure (a role named with one it includes is that one);
    ``parents``: each clause's parent, so a list's items are read with their stem; ``named``: each
    clause's parties (:func:`parties`), when the caller has them; ``skip`` and ``skip_sentences``: the
    clauses and sentences whose rules are known already (by alignment), so only their routes are read.

    Each comes with ``live``: True when every part of the reading was recognised (a firm modal, the
    actor as the sentence's subject, the target, an action whose verb is the sentence's, and every
    condition or exception written); the rest are for a person to review.
    """
    reader = Reader(actions, ancestors or {})
    routes = RouteReader(public=any(public_complains(text) for _, text in clauses), ancestors=reader.ancestors)
    rules: list[CandidateRule] = []
    texts = dict(clauses)
    # each clause's parties, read once (the import passes them in, read for its own use too)
    named_in = dict(named) if named is not None else {cid: parties(mentions.get(cid, ()), text) for cid, text in clauses}
    for clause_id, text in clauses:
        if "you" in text.lower():
            reader.address(text, named_in[clause_id])
    # the protocol's parties, from its opening (the first few clauses that name anyone)
    opening = [m.role for cid, _ in clauses[:6] for m in named_in[cid]]
    reader.learn_parties(opening)
    reader.learn_staff(m.role for cid, _ in clauses for m in named_in[cid])
    routes.parties = reader.parties
    stems: dict[str, Stem | None] = {}
    items: dict[str, list[str]] = {}  # each clause's items, in order
    for clause_id, text in clauses:
        parent = (parents or {}).get(clause_id)
        if parent is not None:
            items.setdefault(parent, []).append(text)
    for clause_id, text in clauses:
        found = named_in[clause_id]
        routes.clause(clause_id)
        parent = (parents or {}).get(clause_id)
        stem: Stem | None = None
        lead: tuple[str, list[Mention]] | None = None  # "The Town Clerk:" before "is expected to advise"
        if parent is not None and parent in texts:
            in_stem = named_in[parent] if parent in named_in else parties(mentions.get(parent, ()), texts[parent])
            if parent not in stems:
                stems[parent] = read_stem(texts[parent], in_stem, reader.ancestors)
            stem = stems[parent]
            if stem is None and in_stem and _SUBJECT_STEM.fullmatch(texts[parent]):
                lead = (texts[parent].rstrip().rstrip(":-–— ") + " ", in_stem)
        low_text = text.lower()  # the words of the slow tests below, looked for first
        addressed = bool(reader.addressee) and "you" in low_text and _YOU.search(text) is not None
        ruled_out = bool(reader.parties) and any(w in low_text for w in _RULED_OUT_WORDS) \
            and _RULED_OUT.search(text) is not None  # "... is not acceptable"
        if not found and stem is None and lead is None and not addressed and not ruled_out:
            continue
        n_rule = 0
        reader.start_clause(text, items.get(clause_id, ()))
        starts = [m.start for m in found]  # in order: each sentence takes its slice, so reading is linear
        for n, (offset, sentence) in enumerate(sentences(text)):
            if len(sentence) > MAX_SENTENCE:
                continue  # a run of text with no full stop is a list or a table, not a norm
            lo = bisect.bisect_left(starts, offset)
            hi = bisect.bisect_left(starts, offset + len(sentence), lo)
            local = [Mention(m.role, m.start - offset, m.end - offset, m.printed) for m in found[lo:hi]]
            if not local and not (stem is not None and n == 0) and not (addressed and _YOU.search(sentence)) \
                    and not (ruled_out and _RULED_OUT.search(sentence)) \
                    and not (reader.granted is not None and _SUCH.match(lower(sentence))) \
                    and not (reader.purpose is not None and "purpose" in sentence):
                if "ormal" in sentence or "rocedure" in sentence:
                    routes.escalation(sentence, lower(sentence))  # "If it cannot be resolved informally, ..."
                continue  # names no role (an item names them in its stem: "Criticising in public")
            low = lower(sentence)
            if sentence.rstrip().endswith("?") or _DESCRIPTIVE.match(low) or (
                    ("refer" in low or "means" in low or "defined" in low) and _DEFINES.search(low)):
                continue  # a question or a definition states no norm
            if clause_id in skip or (clause_id, sentence) in skip_sentences:
                read: list[CandidateRule] = []
            elif lead is not None and n == 0 and _VERB_FIRST.match(sentence):
                # an item that goes on from its stem: read the two as one sentence
                prefix, stem_named = lead
                said = prefix + sentence
                shifted = [*stem_named, *(Mention(m.role, m.start + len(prefix), m.end + len(prefix), m.printed)
                                     for m in local)]
                read = reader.rules(said, lower(said), shifted)
            elif stem is not None and n == 0:
                read = reader.item(sentence, low, local, stem)
            else:
                read = reader.rules(sentence, low, local)
            reader.saw(low, local)
            reader.remember(read)
            for rule in read:
                n_rule += 1
                rules.append(attrs.evolve(rule, id=f"proposed-{clause_id}-{n_rule}", clause=clause_id))
            if local:
                routes.sentence(clause_id, sentence, low, local)
    return rules, routes.routes
