"""Escalation routes: what happens, step by step, when things go wrong.

A route is triggered by a concern ``raised_by`` one role ``about`` another
(optionally a particular ``matter``).  Its steps run in order; each names who
handles it (alternatives allowed), whether it is informal or formal, the
procedure used, whom to consult and notify, how many working days it should
take, and what happens next for each outcome.  A substitution names who
handles the step instead when the usual handler is a party to the concern
("where the employee concerned is the Parish Clerk, the Chairman of the
Personnel Committee").
"""

from __future__ import annotations

import attrs

from councilkit._attrs import frozen
from councilkit.model.norms import Obligation

MODES = ("informal", "formal")
PROCEDURES = (
    "conciliation",
    "mediation",
    "grievance",
    "disciplinary",
    "capability",
    "code_of_conduct",
    "arbitration",
    "complaint",
    "advice",
)

#: The outcomes a step has when its council names none.
DEFAULT_OUTCOMES = ("resolved", "escalated")


@frozen
class StepOutcome:
    """One way a step can end; ``next`` is the following step's id, or None to close."""

    id: str
    label: str = ""
    next: str | None = None


@frozen(hash=False)
class Step:
    id: str
    title: str = ""
    handler: tuple[str, ...] = ()
    mode: str = "formal"
    procedure: tuple[str, ...] = ()
    consult: tuple[str, ...] = ()
    notify: tuple[str, ...] = ()
    due_days: int | None = None
    substitute: dict[str, str] = attrs.field(factory=dict)
    outcomes: tuple[StepOutcome, ...] = ()
    optional: bool = False
    obligations: tuple[Obligation, ...] = ()
    cite: tuple[str, ...] = ()
    description: str = ""


@frozen(hash=False)
class Route:
    id: str
    raised_by: tuple[str, ...]
    steps: tuple[Step, ...]
    cite: tuple[str, ...]
    about: tuple[str, ...] = ()
    matters: tuple[str, ...] = ()
    title: str = ""
    description: str = ""

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def next_step(self, step_id: str) -> Step | None:
        ids = [s.id for s in self.steps]
        at = ids.index(step_id)
        return self.steps[at + 1] if at + 1 < len(self.steps) else None
