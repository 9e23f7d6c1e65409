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

Both front ends (``councilkit review`` and the UI's review screen) work through this class alone:
the proposal in plain words (:meth:`Review.plain`), the values a changed field may take
(:meth:`Review.choices`), the progress (:meth:`Review.status`, :meth:`Review.position`) and the
writing of the file (:meth:`Review.save`: all at once, and never over a change made elsewhere).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import tomli_w

from councilkit import settings
from councilkit.councilfile import read_council_text
from councilkit.errors import CouncilkitError
from councilkit.files import write_atomically
from councilkit.importer.writer import _NORMS_HEAD, _comment
from councilkit.model import PROCEDURES, Rule
from councilkit.plugins import Registry

if TYPE_CHECKING:
    from councilkit import Council

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
#: each effect as the plain words say it
EFFECT_WORDS = {"permit": "may", "forbid": "must not", "require": "must", "advise": "should take care before they"}
#: what each field says, for a person choosing which to change
FIELD_WORDS = {"effect": "may, must, must not or should", "actor": "who", "action": "does what",
               "target": "towards whom", "raised_by": "who raises the concern", "about": "whom it is about",
               "handler": "who handles it first", "procedure": "which procedure"}
#: a route's fields that hold several roles or procedures (the command line takes them with commas)
MANY = ("raised_by", "about", "handler", "procedure")


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

    @property
    def sources(self) -> tuple[str, ...]:
        """The notes under the sentence, each whole: where the proposal came from and what it lacks
        ("read from "must not"; the sentence has a condition ... to write as when/unless")."""
        out: list[str] = []
        for n, line in enumerate(self.notes):
            text = line.removeprefix("#").strip()
            if line.startswith("#   ") and n:
                if out:
                    out[-1] = f"{out[-1]} {text}"
                continue  # (the sentence's own continuation lines come before any note)
            if n:
                out.append(text)
        return tuple(out)

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields :meth:`Review.change` takes for this kind of norm."""
        return RULE_FIELDS if self.kind == "rule" else ROUTE_FIELDS


@attrs.frozen
class Choice:
    """A value a changed field may take, with the words a person chooses it by."""

    value: str
    label: str


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
    more = []
    for note in notes[1:]:  # the sentence's own continuation lines: those straight after it
        if not note.startswith("#   "):
            break
        more.append(note.removeprefix("#").strip())
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
    #: the file's text as last read or written: :meth:`save` never writes over anything else
    on_disk: str | None = attrs.field(default=None, repr=False)
    _council: tuple[str, Council] | None = attrs.field(default=None, init=False, repr=False, eq=False)

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
        review = cls(path, head.rstrip("\n") + "\n", candidates, reviewed, registry, on_disk=text)
        council, problems = read_council_text(review.head, path.name, registry)
        if council is None:
            errors = "; ".join(str(p) for p in problems if p.is_error)
            raise ReviewError(f"{path}: the council file does not validate, so it cannot be reviewed: {errors}")
        review._council = (review.head, council)
        return review

    # what a person sees ---------------------------------------------------------------------------
    @property
    def council(self) -> Council:
        """The council as the file now stands (its live norms), read again only after a change."""
        if self._council is None or self._council[0] != self.head:
            council, problems = read_council_text(self.head, self.path.name, self.registry)
            if council is None:  # never: the head only changes to text that validated
                errors = "; ".join(p.message for p in problems if p.is_error)
                raise ReviewError(f"{self.path}: the council file does not validate: {errors}")
            self._council = (self.head, council)
        return self._council[1]

    @property
    def remaining(self) -> int:
        return len(self.candidates)

    @property
    def sentences_remaining(self) -> int:
        """Normative sentences still waiting: proposals that share a sentence count once."""
        return len({(c.clause, c.sentence) for c in self.candidates})

    @property
    def decided(self) -> int:
        """Proposals decided so far, in this sitting and every earlier one: accepted, rejected or descriptive."""
        accepted = sum(1 for line in self.head.split("\n") if line.startswith("# (accepted in review "))
        return accepted + sum(1 for line in self.reviewed if not line.startswith("#   "))

    @property
    def total(self) -> int:
        """Every proposal the import made: those decided and those that remain."""
        return self.decided + self.remaining

    @property
    def onboarded(self) -> bool:
        return not self.candidates

    def position(self, candidate: Candidate) -> int:
        """Where ``candidate`` stands among all the import's proposals (1 for the first), the decided ones first."""
        return self.decided + self.candidates.index(candidate) + 1

    def progress(self, candidate: Candidate | None = None) -> str:
        """"3 of 12 proposals; 9 normative sentences remain" (``candidate`` is the third), or that none remain."""
        if self.onboarded:
            return f"All {self.total} proposals decided: the council is onboarded"
        n = self.sentences_remaining
        where = f"{self.position(candidate)} of {self.total} proposals" if candidate is not None else (
            f"{self.remaining} of {self.total} proposals remain")
        return f"{where}; {n} normative sentence{'s remain' if n != 1 else ' remains'}"

    def status(self) -> str:
        """The file and what remains of it: how many proposals and normative sentences, or that it is onboarded."""
        if self.onboarded:
            return f"{self.path}: no proposal remains: the council is onboarded"
        return (f"{self.path}: {self.remaining} proposal{'s' if self.remaining != 1 else ''} remain "
                f"({self.sentences_remaining} normative sentence{'s' if self.sentences_remaining != 1 else ''})")

    def candidate(self, candidate_id: str) -> Candidate:
        for c in self.candidates:
            if c.id == candidate_id:
                return c
        known = ", ".join(c.id for c in self.candidates) or "none remain"
        raise ReviewError(f"{self.path}: no proposal {candidate_id!r} (proposals: {known})")

    def plain(self, candidate: Candidate) -> str:
        """The proposal in plain words: "A Councillor must not lobby the Parish Clerk (2.6)"."""
        council = self.council
        table = candidate.table
        roles = council.roles
        if candidate.kind == "rule":
            actor, action, target = table.get("actor", ""), table.get("action", ""), table.get("target")
            effect = table.get("effect", "advise")
            if actor in roles and (not target or target in roles) and action in council.actions:
                rule = Rule(candidate.id, effect, actor, action, (candidate.clause,), target)
                facts = self._facts(table.get("when"), action, roles.noun(actor))
                excepts = [self._facts(e.get("when"), action, roles.noun(actor))
                           for e in table.get("exceptions", []) if isinstance(e, dict)]
                when = f" when {facts}" if facts else ""
                unless = "".join(f", except when {e}" for e in excepts if e)
                return f"{council.describe_rule(rule)}{when}{unless} ({candidate.clause})"
            who = roles.noun(actor) if actor else "someone (no role named yet)"
            verb = EFFECT_WORDS.get(effect, effect)
            what = f"{action} (not an action councilkit knows)" if action else "(no action named yet)"
            towards = f", towards {roles.noun(target, definite=True)}" if target else ""
            return f"{who[:1].upper()}{who[1:]} {verb} {what}{towards} ({candidate.clause})"
        title = council.title

        def nouns(ids: object, definite: bool = False) -> str:
            known = [r for r in ids if r in roles] if isinstance(ids, list) else []
            return " or ".join(roles.noun(r, definite=definite) for r in known)

        raised = nouns(table.get("raised_by")) or "someone (who raises it is not named yet)"
        about = nouns(table.get("about"))
        steps = []
        for step in table.get("step", []):
            handlers = nouns(step.get("handler"), definite=True) or "(no one named yet)"
            sub = "".join(f" ({title(b)} instead when it is the {title(a)})"
                          for a, b in step.get("substitute", {}).items() if a in roles and b in roles)
            procedure = " or ".join(p.replace("_", " ") for p in step.get("procedure", []))
            steps.append(handlers + sub + (f" under the {procedure} procedure" if procedure else ""))
        about_text = f" about {about}" if about else ""
        return f"A concern raised by {raised}{about_text} goes to {', then '.join(steps)} ({candidate.clause})"

    def _facts(self, when: object, action: str, actor: str) -> str:
        """A rule's conditions in words, as the action's facts say them ("it is about budgetary matters")."""
        if not isinstance(when, dict):
            return ""
        said = []
        for key, wanted in when.items():
            attribute = self.council.actions[action].attribute(key)
            if attribute is not None and wanted is True and attribute.yes:
                said.append(attribute.yes.replace("{actor}", actor))
            elif attribute is not None and wanted is False and attribute.no:
                said.append(attribute.no.replace("{actor}", actor))
            else:
                said.append(f"{key} is {wanted}")
        return " and ".join(said)

    def value(self, candidate: Candidate, field: str) -> str:
        """The field's value now, as :meth:`change` takes it (several separated by commas)."""
        table = candidate.table
        if candidate.kind == "rule":
            return str(table.get(field, "") or "")
        if field in ("raised_by", "about"):
            return ", ".join(table.get(field, []))
        steps = table.get("step", [])
        return ", ".join(steps[0].get(field, [])) if steps else ""

    def choices(self, candidate: Candidate, field: str) -> list[Choice]:
        """The values ``field`` of ``candidate`` may take, for a person to choose from rather than type:
        the effects, the council's roles (those its text names first), the actions of its variant, the
        procedures.  A rule's ``target`` may be empty (the rule is about anyone); a route's fields take
        several (:data:`MANY`)."""
        if field not in candidate.fields:
            raise ReviewError(f"a {candidate.kind}'s field is one of {', '.join(candidate.fields)}, not {field!r}")
        council = self.council
        if field == "effect":
            return [Choice(e, f"{EFFECT_WORDS[e]} ({e})") for e in EFFECTS]
        if field == "action":
            target = candidate.table.get("target")
            noun = council.roles.noun(target, definite=True) if target in council.roles else None
            return [Choice(a, f"{council.actions[a].phrase(noun)} ({a})") for a in sorted(council.actions)]
        if field == "procedure":
            return [Choice(p, p.replace("_", " ")) for p in PROCEDURES]
        roles = sorted(council.roles.values(), key=lambda r: not r.cite)  # the roles the text names first
        out = [Choice("", "anyone (no target)")] if field == "target" else []
        return out + [Choice(r.id, r.title if r.title.lower() == r.id.replace("_", " ") else f"{r.title} ({r.id})")
                      for r in roles]

    def problems(self, candidate: Candidate) -> list[str]:
        """Why ``candidate`` would not validate if it were accepted now (empty: it would)."""
        council, problems = read_council_text(self._with(candidate), self.path.name, self.registry)
        return [] if council is not None else list(dict.fromkeys(p.message for p in problems if p.is_error))

    # decisions ------------------------------------------------------------------------------------
    def change(self, candidate_id: str, field: str, value: str) -> Candidate:
        """Set one field of a proposal (it stays a proposal until accepted).

        Refused (:class:`ReviewError`, nothing changes) when the change makes the norm invalid in a way it
        was not before: a proposal that lacks its action may have its effect changed, but an action whose
        facts do not fit the rule's conditions is refused, with the reason.
        """
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
        before = set(self.problems(old))
        if added := [p for p in self.problems(new) if p not in before]:
            raise ReviewError(f"{self.path}: {new.kind} {new.id!r} does not validate, so nothing was written: "
                              + "; ".join(added))
        self.candidates = [new if c.id == candidate_id else c for c in self.candidates]
        return new

    def _with(self, candidate: Candidate, today: dt.date | None = None) -> str:
        """The head with ``candidate`` made part of the council, as :meth:`accept` writes it."""
        block = tomli_w.dumps({candidate.kind: [candidate.table]}).rstrip("\n")
        when = (today or settings.today()).isoformat()
        notes = [*candidate.notes, f"# (accepted in review {when})"]
        head = self.head
        if ACCEPTED_MARK not in head:
            head = head.rstrip("\n") + "\n\n" + _ACCEPTED_HEAD
        return head.rstrip("\n") + "\n\n" + "\n".join(notes) + "\n" + block + "\n"

    def accept(self, candidate_id: str, today: dt.date | None = None) -> None:
        """Make the proposal part of the council; refused (nothing changes) if it does not validate."""
        candidate = self.candidate(candidate_id)
        head = self._with(candidate, today)
        council, problems = read_council_text(head, self.path.name, self.registry)
        if council is None:
            errors = "; ".join(dict.fromkeys(p.message for p in problems if p.is_error))
            raise ReviewError(f"{self.path}: {candidate.kind} {candidate.id!r} does not validate, "
                              f"so nothing was written: {errors}")
        self.head = head
        self._council = (head, council)
        self.candidates = [c for c in self.candidates if c.id != candidate_id]

    def reject(self, candidate_id: str, *, descriptive: bool = False, today: dt.date | None = None) -> None:
        """Not a norm of this council (``descriptive``: the sentence states no norm at all)."""
        candidate = self.candidate(candidate_id)
        why = "descriptive" if descriptive else "rejected"
        when = (today or settings.today()).isoformat()
        self.reviewed += _comment(f"{why} {when}, {candidate.id}: {candidate.clause}: {candidate.sentence}")
        self.candidates = [c for c in self.candidates if c.id != candidate_id]

    # the file -------------------------------------------------------------------------------------
    def text(self) -> str:
        out = self.head
        if self.candidates:
            out = out.rstrip("\n") + "\n\n" + _NORMS_HEAD
            for c in self.candidates:
                block = [f"# {line}" if line else "#" for line in
                         tomli_w.dumps({c.kind: [c.table]}).rstrip("\n").split("\n")]
                out += "\n" + "\n".join([*c.notes, *block]) + "\n"
        if self.reviewed:
            out = out.rstrip("\n") + "\n\n" + _REVIEWED_HEAD + "\n".join(self.reviewed) + "\n"
        return out

    def save(self) -> None:
        """Write the file as it now stands, all at once (a reader sees the old file or the new one).

        Refused (:class:`ReviewError`, nothing written) when the file was changed since it was read, by
        another review or an editor: writing would lose that change.  Read it again and decide again.
        """
        try:
            current = self.path.read_text("utf-8")
        except FileNotFoundError:
            current = None
        except (OSError, UnicodeDecodeError) as exc:
            raise ReviewError(f"{self.path}: cannot read the file: {exc}") from None
        if self.on_disk is not None and current != self.on_disk:
            raise ReviewError(f"{self.path}: the file was changed or removed since the review read it "
                              "(another review, or an editor), so nothing was written: open it again")
        text = self.text()
        try:
            write_atomically(self.path, text)
        except OSError as exc:
            raise ReviewError(f"{self.path}: cannot write the file: {exc.strerror or exc}") from None
        self.on_disk = text

    def summary(self) -> dict[str, object]:
        return {"file": str(self.path), "remaining": self.remaining,
                "normative_sentences_remaining": self.sentences_remaining, "onboarded": self.onboarded,
                "decided": self.decided,
                "proposals": [{"id": c.id, "kind": c.kind, "clause": c.clause, "sentence": c.sentence,
                               "notes": [n.removeprefix("# ").removeprefix("#") for n in c.notes],
                               "sources": list(c.sources), "norm": c.table, "plain": self.plain(c)}
                              for c in self.candidates]}
