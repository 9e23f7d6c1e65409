"""The review: a person walks the norms the import only proposed, one at a time.

An imported council file ends with its proposals as comments (``writer.py``): each a
sentence, where the proposal came from, and a ``[[rule]]`` or ``[[route]]`` with ``# ``
in front of each line.  :class:`Review` reads them back and applies a person's decision
to the file:

- **accept**: the norm becomes part of the council (it moves up, without its ``# ``);
- **change** a field first (the action, a role, the effect, who raises a route, its handler);
- **reject**: it is not a norm of this council;
- **descriptive**: the sentence describes and states no norm;
- skip: nothing changes (the command line moves on).

The file is the record of progress: each decision is written at once (validated first: a
file is never written with a norm that does not validate), rejected and descriptive
sentences are listed at its end, so a later sitting starts where the last one stopped.  A
council is onboarded when no proposal remains.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from councilkit import settings
from councilkit.councilfile import read_council_text
from councilkit.errors import CouncilkitError
from councilkit.importer.writer import _comment
from councilkit.model import Rule
from councilkit.plugins import Registry

PROPOSED_MARK = "# --- proposed norms"
LIVE_MARK = "# --- norms found by the import"
REVIEWED_MARK = "# --- reviewed: not norms"
_REVIEWED_HEAD = """\
# --- reviewed: not norms ---------------------------------------------------------------------
# Sentences a person reviewed and found to be no norm of this council (`councilkit review`).
"""
_ACCEPTED_HEAD = """\
# --- norms accepted in review ----------------------------------------------------------------
"""
ACCEPTED_MARK = "# --- norms accepted in review"
#: the fields ``change`` takes, and where they live in a rule's or a route's table
RULE_FIELDS = ("effect", "actor", "action", "target")
ROUTE_FIELDS = ("raised_by", "about", "handler", "procedure")
EFFECTS = ("permit", "forbid", "require", "advise")


class ReviewError(CouncilkitError):
    """A decision that cannot be applied: an unknown proposal, a bad field, a norm that does not validate."""


@attrs.frozen
class Candidate:
    """One proposal in the file: its notes (the sentence, where it came from) and its table."""

    id: str
    kind: str  # rule | route
    table: dict[str, Any]
    notes: tuple[str, ...]  # comment lines as written, "# " included
    clause: str
    sentence: str



def _blocks(section: str) -> list[list[str]]:
    out: list[list[str]] = []
    for chunk in re.split(r"\n\s*\n", section):
        lines = [line for line in chunk.split("\n") if line.strip()]
        if lines:
            out.append(lines)
    return out


def _candidate(lines: list[str]) -> Candidate | None:
    start = next((n for n, line in enumerate(lines) if line in ("# [[rule]]", "# [[route]]")), None)
    if start is None:
        return None
    body = "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in lines[start:])
    try:
        data = tomllib.loads(body)
    except tomllib.TOMLDecodeError:
        return None
    kind = "rule" if "rule" in data else "route"
    table = data[kind][0]
    notes = tuple(lines[:start])
    first = notes[0].removeprefix("# ") if notes else ""
    clause, _, sentence = first.partition(": ")
    more = [n.removeprefix("# ").strip() for n in notes[1:] if n.startswith("#   ")]
    sentence = " ".join([sentence, *more]).strip()
    return Candidate(str(table.get("id", "")), kind, table, notes, clause.strip(), sentence)


@attrs.define
class Review:
    """An imported council file, its live part and its proposals."""

    path: Path
    head: str  # everything above the proposals (the council and its live norms)
    candidates: list[Candidate]
    reviewed: list[str]  # comment lines of sentences found to be no norm
    registry: Registry | None = None

    @classmethod
    def load(cls, path: str | Path, registry: Registry | None = None) -> Review:
        path = Path(path)
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            raise ReviewError(f"{path}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ReviewError(f"{path}: cannot read the file: {exc}") from None
        head, reviewed_part = text, ""
        if REVIEWED_MARK in head:
            head, _, reviewed_part = head.partition(REVIEWED_MARK)
            reviewed_part = REVIEWED_MARK + reviewed_part
        head, _, proposed = head.partition(PROPOSED_MARK)
        candidates = [c for block in _blocks(proposed) if (c := _candidate(block)) is not None]
        reviewed = [line for line in reviewed_part.split("\n")[2:] if line.strip()]
        review = cls(path, head.rstrip("\n") + "\n", candidates, reviewed, registry)
        council, problems = read_council_text(review.head, path.name, registry)
        if council is None:
            errors = "; ".join(str(p) for p in problems if p.is_error)
            raise ReviewError(f"{path}: the council file does not validate, so it cannot be reviewed: {errors}")
        return review

    # what a person sees ---------------------------------------------------------------------------
    @property
    def remaining(self) -> int:
        return len(self.candidates)

    @property
    def sentences_remaining(self) -> int:
        """Normative sentences still waiting: proposals that share a sentence count once."""
        return len({(c.clause, c.sentence) for c in self.candidates})

    @property
    def onboarded(self) -> bool:
        return not self.candidates

    def candidate(self, candidate_id: str) -> Candidate:
        for c in self.candidates:
            if c.id == candidate_id:
                return c
        known = ", ".join(c.id for c in self.candidates) or "none remain"
        raise ReviewError(f"{self.path}: no proposal {candidate_id!r} (proposals: {known})")

    def plain(self, candidate: Candidate) -> str:
        """The proposal in plain words: "A Councillor must not lobby the Parish Clerk (2.6)"."""
        council, _ = read_council_text(self.head, self.path.name, self.registry)
        table = candidate.table
        if council is None:
            return ""
        if candidate.kind == "rule":
            actor, action, target = table.get("actor", ""), table.get("action", ""), table.get("target")
            if actor not in council.roles or (target and target not in council.roles) or not action:
                what = f"{table.get('effect')} {actor} {action or '(no action)'} {target or ''}".strip()
                return f"{what} ({candidate.clause})"
            rule = Rule(candidate.id, table.get("effect", "advise"), actor, action, (candidate.clause,), target)
            return f"{council.describe_rule(rule)} ({candidate.clause})"
        title = council.title
        raised = " or ".join(title(r) for r in table.get("raised_by", []) if r in council.roles) or "(someone)"
        about = " or ".join(title(r) for r in table.get("about", []) if r in council.roles)
        steps = []
        for step in table.get("step", []):
            handlers = " or ".join(title(h) for h in step.get("handler", []) if h in council.roles)
            sub = "".join(f" ({title(b)} instead when it is the {title(a)})"
                          for a, b in step.get("substitute", {}).items() if a in council.roles and b in council.roles)
            steps.append(handlers + sub)
        about_text = f" about {about}" if about else ""
        return f"A concern raised by {raised}{about_text} goes to {', then '.join(steps)} ({candidate.clause})"

    # decisions ------------------------------------------------------------------------------------
    def change(self, candidate_id: str, field: str, value: str) -> Candidate:
        """Set one field of a proposal (it stays a proposal until accepted)."""
        old = self.candidate(candidate_id)
        table = dict(old.table)
        values = [v.strip() for v in value.split(",") if v.strip()]
        if old.kind == "rule":
            if field not in RULE_FIELDS:
                raise ReviewError(f"a rule's field is one of {', '.join(RULE_FIELDS)}, not {field!r}")
            if field == "effect" and value not in EFFECTS:
                raise ReviewError(f"effect {value!r}: use one of {', '.join(EFFECTS)}")
            if field == "target" and not value:
                table.pop("target", None)
            else:
                table[field] = value
        else:
            if field not in ROUTE_FIELDS:
                raise ReviewError(f"a route's field is one of {', '.join(ROUTE_FIELDS)}, not {field!r}")
            if field in ("raised_by", "about"):
                table[field] = values
            else:
                steps = [dict(s) for s in table.get("step", [])] or [{"id": "raise", "mode": "informal"}]
                steps[0][field] = values
                table["step"] = steps
        new = attrs.evolve(old, table=table)
        self._check(self.head, [new if c.id == candidate_id else c for c in self.candidates], only=None)
        self.candidates = [new if c.id == candidate_id else c for c in self.candidates]
        return new

    def accept(self, candidate_id: str, today: dt.date | None = None) -> None:
        """Make the proposal part of the council; refused (nothing changes) if it does not validate."""
        candidate = self.candidate(candidate_id)
        block = tomli_w.dumps({candidate.kind: [candidate.table]}).rstrip("\n")
        when = (today or settings.today()).isoformat()
        notes = [n for n in candidate.notes]
        notes.append(f"# (accepted in review {when})")
        head = self.head
        if ACCEPTED_MARK not in head:
            head = head.rstrip("\n") + "\n\n" + _ACCEPTED_HEAD
        head = head.rstrip("\n") + "\n\n" + "\n".join(notes) + "\n" + block + "\n"
        self._check(head, [], only=candidate)
        self.head = head
        self.candidates = [c for c in self.candidates if c.id != candidate_id]

    def reject(self, candidate_id: str, *, descriptive: bool = False, today: dt.date | None = None) -> None:
        """Not a norm of this council (``descriptive``: the sentence states no norm at all)."""
        candidate = self.candidate(candidate_id)
        why = "descriptive" if descriptive else "rejected"
        when = (today or settings.today()).isoformat()
        self.reviewed += _comment(f"{why} {when}, {candidate.id}: {candidate.clause}: {candidate.sentence}")
        self.candidates = [c for c in self.candidates if c.id != candidate_id]

    def _check(self, head: str, candidates: Sequence[Candidate], only: Candidate | None) -> None:
        council, problems = read_council_text(head, self.path.name, self.registry)
        if council is None:
            errors = "; ".join(p.message for p in problems if p.is_error)
            what = f"{only.kind} {only.id!r}" if only else "the change"
            raise ReviewError(f"{self.path}: {what} does not validate, so nothing was written: {errors}")

    # the file -------------------------------------------------------------------------------------
    def text(self) -> str:
        out = self.head
        if self.candidates:
            from councilkit.importer.writer import _NORMS_HEAD

            out = out.rstrip("\n") + "\n\n" + _NORMS_HEAD
            for c in self.candidates:
                block = [f"# {line}" if line else "#" for line in
                         tomli_w.dumps({c.kind: [c.table]}).rstrip("\n").split("\n")]
                out += "\n" + "\n".join([*c.notes, *block]) + "\n"
        if self.reviewed:
            out = out.rstrip("\n") + "\n\n" + _REVIEWED_HEAD + "\n".join(self.reviewed) + "\n"
        return out

    def summary(self) -> dict[str, object]:
        return {"file": str(self.path), "remaining": self.remaining,
                "normative_sentences_remaining": self.sentences_remaining, "onboarded": self.onboarded,
                "proposals": [{"id": c.id, "kind": c.kind, "clause": c.clause, "sentence": c.sentence,
                               "notes": [n.removeprefix("# ").removeprefix("#") for n in c.notes],
                               "norm": c.table, "plain": self.plain(c)} for c in self.candidates]}
