"""What reading a sentence yields: a candidate rule or a candidate route, live or for review.

``reading.py`` reads rules and ``routes.py`` routes; ``norms.py`` walks the clauses and
calls both; ``writer.py`` writes each candidate as a council file's ``[[rule]]`` or
``[[route]]`` table (live, or as a comment for the review).
"""

from __future__ import annotations

from typing import Any

import attrs

#: a condition as the council file writes it: ``(attribute, value)`` pairs, all of which must hold
Condition = tuple[tuple[str, Any], ...]


@attrs.frozen
class CandidateRule:
    id: str
    clause: str
    sentence: str
    effect: str  # permit | forbid | require | advise
    actor: str
    target: str | None
    action: str | None  # suggested from the vocabulary; None when nothing fits
    words: str  # the verb as printed: "must not", "may"
    live: bool = False  # every part was recognised: it goes into the file as a norm
    why: str = ""  # what was not recognised, when it is only proposed
    when: Condition = ()  # the qualifier the sentence puts on the act ("acting as an individual")
    #: exceptions written into a ban ("other than where they are properly appointed to a selection
    #: panel"): each lifts it, and grants the act, when its condition holds
    exceptions: tuple[Condition, ...] = ()
    debatable: str = ""  # a qualifier the text does not define ("normally", "in most cases")


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
    consult: tuple[str, ...] = ()  # whom the first step's handler consults ("following consultation with")

    @property
    def handlers(self) -> tuple[str, ...]:
        return (self.handler, *self.alternatives)

    @property
    def steps(self) -> tuple[tuple[str, ...], ...]:
        return (self.handlers, *self.later)
