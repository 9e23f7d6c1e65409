"""Registers in the store: entries that are never edited, only superseded.

:class:`Registers` is the service for one council's registers, over one store.
The command line and the terminal UI both use it, and every method that reads
takes the person viewing (None for the public), so what a person may see is
decided here, not by whoever displays it:

- an entry is added, amended or withdrawn, never edited in place: each change
  appends a new version to the hash-chained ``register_entries`` table, and
  every earlier version stays readable (:meth:`Registers.history`);
- a confidential entry is seen only by those holding a role the kind names in
  ``visible_to`` (or a kind of one), until it is released; a sensitive field
  is seen only by them, always; anyone else gets the entry without it
  (:attr:`Entry.hidden <councilkit.registers.entries.Entry.hidden>` lists what was withheld);
- only someone who holds a role at the council may write (and, if the kind names
  ``keepers``, one of those); only someone who may see the whole entry may amend
  or withdraw it, and the amendment must say why (a reason has a limit,
  :data:`~councilkit.errors.LIMITS`); every refusal says who may, and nothing is written;
- an amendment names the version it was made from, and is refused with
  :class:`~councilkit.store.ConflictError` if someone else amended the entry first.

Lists come a page at a time, newest first, keyed on the entry number
(:meth:`Registers.page`), so the first page of a register of a million
entries costs the same as that of ten.  :meth:`Registers.search` uses SQLite
FTS5; :meth:`Registers.due` lists what the kinds' clocks say needs doing.
Exports and CSV import are in :mod:`councilkit.registers.exports`.

:class:`Registers` is put together from one part per idea: reading entries and
what a person may see of them (:mod:`councilkit.registers.entries`), search
(:mod:`councilkit.registers.search`) and clocks (:mod:`councilkit.registers.clocks`);
this module writes: adding, amending and withdrawing entries, and checking them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from councilkit import people
from councilkit.errors import UnknownNameError, check_text, did_you_mean
from councilkit.people.records import Person
from councilkit.registers.clocks import RegisterClocks, clock_signature, clocks_open
from councilkit.registers.entries import (
    _ROW,
    FULL,
    TABLE,
    Entry,
    EntryInvalid,
    FieldProblem,
    NotAllowedError,
    RegisterError,
    _date,
    _holds,
    _who,
    _words,
)
from councilkit.registers.kinds import FieldRule, RegisterKind
from councilkit.registers.search import RegisterSearch, search_text
from councilkit.registers.values import EXPECTED, ValueProblem, is_empty, parse_value, to_json
from councilkit.store import ConflictError, now


class Registers(RegisterSearch, RegisterClocks):
    """One council's registers in one store: read, searched, their clocks, and written.

    ``today`` fixes the date roles, clocks and releases are judged by (default:
    :func:`councilkit.settings.today`, which ``COUNCILKIT_TODAY`` can fix).
    """

    def _check_writer(self, kind: RegisterKind, person: Person | None) -> list[str]:
        """The roles ``person`` holds here, if they may write to ``kind``'s register (``register.add`` in
        :data:`~councilkit.people.authority.AUTHORITY`); else :class:`NotAllowedError` saying who may."""
        may = (f"only {self._titles(kind.keepers)} may write to the register of {kind.title} at {self.council.name}"
               if kind.keepers else f"only someone who holds a role at {self.council.name} may write to its "
                                    f"registers")
        if person is None:
            raise NotAllowedError(f"{may}, and councilkit does not know who you are, so nothing was written: an "
                                  "administrator gives your login to a person (councilkit people add NAME --login "
                                  "LOGIN)")
        held = self.roles_of(person)
        if not held:
            raise NotAllowedError(f"{may}: {person.name} holds no role at {self.council.name} on "
                                  f"{self.today.isoformat()}; nothing was written")
        if kind.keepers and not self._holds(held, kind.keepers):
            raise NotAllowedError(f"{may}: {person.name} holds "
                                  f"{', '.join(self.council.title(r) for r in held)}; nothing was written")
        return held

    # writing ----------------------------------------------------------------
    def add(
        self,
        kind_id: str,
        values: Mapping[str, object],
        by: Person | Any | None,
        *,
        confidential: bool = False,
    ) -> Entry:
        """Add an entry; ``by`` (a person, or an actor with ``.person`` and the ``.recorded_by`` login of an
        administrator acting for them) is recorded on it.  Raises :class:`EntryInvalid` listing every problem."""
        person, login = _who(by)
        kind = self.kind(kind_id)
        self._check_writer(kind, person)
        prepared = self.prepare(kind, values, confidential=confidential)
        assert person is not None
        with self.store.write() as conn:
            entry_id = self._next_entry_id(conn)
            row = self._append(conn, kind, entry_id, 1, "added", prepared, "", person, login)
        return self._fresh(row, kind, person)

    def add_many(
        self,
        kind_id: str,
        rows: Sequence[Mapping[str, object]],
        by: Person | Any | None,
        *,
        confidential: Sequence[bool] | None = None,
        first_row: int = 1,
    ) -> list[Entry]:
        """Add several entries in one transaction: all of them, or (with :class:`EntryInvalid`
        listing every problem, each with its row number) none."""
        person, login = _who(by)
        kind = self.kind(kind_id)
        prepared = self.check_many(kind_id, rows, person, confidential=confidential, first_row=first_row)
        assert person is not None
        ids = []
        with self.store.write() as conn:
            entry_id = self._next_entry_id(conn)
            for p in prepared:
                self._append(conn, kind, entry_id, 1, "added", p, "", person, login)
                ids.append(entry_id)
                entry_id += 1
        if not ids:
            return []
        rows = self.store.query(f"{_ROW} WHERE c.entry_id BETWEEN ? AND ? ORDER BY c.entry_id", (ids[0], ids[-1]))
        return self._entries(rows, self.access(kind, person))

    def check_many(
        self,
        kind_id: str,
        rows: Sequence[Mapping[str, object]],
        by: Person | Any | None,
        *,
        confidential: Sequence[bool] | None = None,
        first_row: int = 1,
    ) -> list[Prepared]:
        """Check several entries as :meth:`add_many` would, writing nothing."""
        person, _ = _who(by)
        kind = self.kind(kind_id)
        self._check_writer(kind, person)
        prepared: list[Prepared] = []
        problems: list[FieldProblem] = []
        for n, values in enumerate(rows):
            try:
                prepared.append(self.prepare(kind, values, confidential=bool(confidential and confidential[n])))
            except EntryInvalid as exc:
                problems += [attrs.evolve(p, row=first_row + n) for p in exc.problems]
            except RegisterError as exc:
                problems.append(FieldProblem(None, str(exc), first_row + n))
        if problems:
            raise EntryInvalid(problems, "nothing was imported")
        return prepared

    def amend(
        self,
        entry_id: int,
        changes: Mapping[str, object],
        by: Person | Any | None,
        *,
        reason: str,
        expected_version: int | None = None,
        confidential: bool | None = None,
    ) -> Entry:
        """A new version of entry ``entry_id`` with ``changes`` (an empty value clears a field).

        ``expected_version`` is the version the change was made from: if someone
        has amended the entry since, :class:`~councilkit.store.ConflictError` and nothing is written.
        ``confidential`` marks or unmarks the entry (None leaves it as it is).
        """
        person, login = _who(by)
        row, kind = self._for_change(entry_id, person, reason, expected_version, "amend")
        old = self._typed(kind, json.loads(row["data"]))
        base = {k: v for k, v in old.items() if k not in kind.computed_fields()}
        was_confidential = bool(row["confidential"])
        if confidential is None:
            confidential = was_confidential and not self._implied_confidential(kind, old)
        prepared = self.prepare(kind, changes, base=base, confidential=confidential)
        if prepared.data == old and prepared.confidential == was_confidential:
            raise RegisterError(f"amending entry #{entry_id} would change nothing; nothing was written")
        with self.store.write() as conn:
            self._check_version(conn, entry_id, row["current_version"])
            new = self._append(conn, kind, entry_id, row["current_version"] + 1, "amended", prepared,
                               reason.strip(), person, login)
        return self._fresh(new, kind, person)

    def withdraw(
        self,
        entry_id: int,
        by: Person | Any | None,
        *,
        reason: str,
        expected_version: int | None = None,
    ) -> Entry:
        """Withdraw entry ``entry_id``: an amendment that keeps its values and marks it withdrawn."""
        person, login = _who(by)
        row, kind = self._for_change(entry_id, person, reason, expected_version, "withdraw")
        data = self._typed(kind, json.loads(row["data"]))
        prepared = Prepared(data, bool(row["confidential"]), _date(row["released_on"]))
        with self.store.write() as conn:
            self._check_version(conn, entry_id, row["current_version"])
            new = self._append(conn, kind, entry_id, row["current_version"] + 1, "withdrawn", prepared,
                               reason.strip(), person, login)
        return self._fresh(new, kind, person)

    def _for_change(self, entry_id: int, by: Person | None, reason: str, expected: int | None,
                    verb: str) -> tuple[sqlite3.Row, RegisterKind]:
        row = self._current_row(entry_id)
        kind = self.kind(row["kind"])
        self._check_writer(kind, by)
        hides = bool(row["confidential"]) or any(f.sensitive for f in kind.fields)
        if hides and self.access(kind, by) != FULL:
            raise NotAllowedError(f"{by.name if by else 'you'} may not see all of entry #{entry_id} (only "
                                  f"{self._titles(self.visible_to(kind))} may), so may not {verb} it; only they may; "
                                  "nothing was written")
        if row["withdrawn"]:
            raise RegisterError(f"entry #{entry_id} was withdrawn; a withdrawn entry stays as it is "
                                "(add a new entry instead)")
        if not (reason or "").strip():
            raise RegisterError(f"say why you {verb} entry #{entry_id} (--reason): the register keeps "
                                "every version and why it changed")
        check_text("reason", reason)
        if expected is not None and expected != row["current_version"]:
            raise ConflictError(f"entry #{entry_id} is at version {row['current_version']}, not {expected}: "
                                "someone changed it since you read it; nothing was written; look again and retry")
        return row, kind

    def _check_version(self, conn: sqlite3.Connection, entry_id: int, version: int) -> None:
        now_version = conn.execute("SELECT version FROM register_current WHERE entry_id = ?",
                                   (entry_id,)).fetchone()[0]
        if now_version != version:
            raise ConflictError(f"entry #{entry_id} was changed by someone else (now version {now_version}) "
                                "while you were changing it; nothing was written; look again and retry")

    # validation -------------------------------------------------------------
    def prepare(
        self,
        kind: RegisterKind,
        values: Mapping[str, object],
        *,
        base: Mapping[str, Any] | None = None,
        confidential: bool = False,
    ) -> Prepared:
        """Check ``values`` (over ``base``, for an amendment), run the policy engine, apply the rules.

        Raises :class:`EntryInvalid` naming every field that is wrong and what it expects.
        """
        problems: list[FieldProblem] = []
        data: dict[str, Any] = dict(base or {})
        computed = kind.computed_fields()
        for key, raw in values.items():
            f = kind.field(key)
            if f is None:
                names = [x.id for x in kind.fields]
                problems.append(FieldProblem(key, f"{kind.title} has no field {key!r}"
                                             f"{did_you_mean(key, names)}; its fields: {', '.join(names)}"))
                continue
            if key in computed:
                problems.append(FieldProblem(key, f"{f.label} is decided by the policy engine from the other "
                                             "fields; leave it out"))
                continue
            if is_empty(raw):
                data.pop(key, None)
                continue
            try:
                data[key] = parse_value(f, raw, find_person=self._person_id, roles=self.council.roles,
                                        today=self.today)
            except ValueProblem as exc:
                problems.append(FieldProblem(key, f"{f.label}: {exc}"))
                data.pop(key, None)
        bad = {p.field for p in problems}
        for f in kind.fields:
            if f.required and f.id not in data and f.id not in bad:
                problems.append(FieldProblem(f.id, f"{f.label} is required: {_expects(f)}"))
        if kind.policy is not None and not problems:
            # the policy engine loads when a register's entry first asks it
            from councilkit.policy import RequestError

            try:
                self._decide(kind, data)
            except (RequestError, UnknownNameError) as exc:
                problems.append(FieldProblem(kind.policy.outcome_field, f"the policy engine cannot decide: {exc}"))
        for rule in kind.rules:
            problems += _rule_problems(kind, rule, data, skip=bad)
        if problems:
            raise EntryInvalid(problems)
        if confidential and not self.visible_to(kind):
            raise RegisterError(f"neither the register of {kind.title} nor the council names anybody who may "
                                "see confidential entries, so an entry cannot be marked confidential")
        is_confidential = confidential or self._implied_confidential(kind, data)
        released = data.get(kind.confidential_until) if kind.confidential_until and is_confidential else None
        return Prepared(data, is_confidential, released)

    def _implied_confidential(self, kind: RegisterKind, data: Mapping[str, Any]) -> bool:
        return kind.confidential or bool(kind.confidential_when and _holds(kind, kind.confidential_when, data))

    def _person_id(self, ref: object) -> int:
        return people.find_person(self.store, ref).id  # type: ignore[arg-type]

    def _decide(self, kind: RegisterKind, data: dict[str, Any]) -> None:
        pol = kind.policy
        assert pol is not None
        actor = self._acting_role(pol.actor, data.get(pol.actor_field) if pol.actor_field else None)
        target = pol.target
        if pol.target_field and target is not None:
            target = self._acting_role(target, data.get(pol.target_field))
        context = {attribute: data[field_id] for attribute, field_id in pol.context.items() if field_id in data}
        decision = self.council.check(actor, pol.action, target, **context)
        data[pol.outcome_field] = decision.outcome
        if pol.clauses_field:
            if decision.cited_ids:
                data[pol.clauses_field] = ", ".join(decision.cited_ids)
            else:
                data.pop(pol.clauses_field, None)
        if pol.explanation_field:
            data[pol.explanation_field] = decision.explanation

    def _acting_role(self, role: str, person_id: int | None) -> str:
        """The most specific role the person holds that is a kind of ``role`` (else ``role``)."""
        if person_id is None:
            return role
        person = people.get_person(self.store, person_id)
        held = [r for r in self.roles_of(person) if r in self.council.roles and self.council.roles.is_a(r, role)]
        if not held:
            return role
        return max(held, key=lambda r: len(self.council.roles.ancestors(r)))

    # the store --------------------------------------------------------------
    def _next_entry_id(self, conn: sqlite3.Connection) -> int:
        return int(conn.execute("SELECT coalesce(max(entry_id), 0) + 1 FROM register_current").fetchone()[0])

    def _append(self, conn: sqlite3.Connection, kind: RegisterKind, entry_id: int, version: int, action: str,
                prepared: Prepared, reason: str, by: Person, login: str | None = None) -> sqlite3.Row:
        at = now()
        row = self.store.append_chained(conn, TABLE, {
            "council_id": self.council.id, "kind": kind.id, "entry_id": entry_id, "version": version,
            "action": action, "data": encode_data(kind, prepared.data),
            "confidential": int(prepared.confidential), "reason": reason, "recorded_by": by.id,
            "recorded_login": login, "recorded_at": at,
        })
        released = prepared.released_on.isoformat() if prepared.released_on else None
        withdrawn = int(action == "withdrawn")
        open_ = int(not withdrawn and clocks_open(kind, prepared.data))
        sig = clock_signature(kind)
        if version == 1:
            conn.execute(
                "INSERT INTO register_current (entry_id, council_id, kind, seq, version, withdrawn, confidential,"
                " released_on, added_at, added_by, clocks_open, clock_sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entry_id, self.council.id, kind.id, row["seq"], version, withdrawn, int(prepared.confidential),
                 released, at, by.id, open_, sig))
        else:
            cur = conn.execute(
                "UPDATE register_current SET seq = ?, version = ?, withdrawn = ?, confidential = ?, released_on = ?,"
                " clocks_open = ?, clock_sig = ? WHERE entry_id = ? AND version = ?",
                (row["seq"], version, withdrawn, int(prepared.confidential), released, open_, sig, entry_id,
                 version - 1))
            if cur.rowcount != 1:
                raise ConflictError(f"entry #{entry_id} was changed by someone else; nothing was written")
            conn.execute("DELETE FROM register_search WHERE rowid = ?", (entry_id,))
        if not withdrawn:
            public, sensitive = self._search_text(kind, prepared.data)
            conn.execute("INSERT INTO register_search (rowid, public, sensitive) VALUES (?, ?, ?)",
                         (entry_id, public, sensitive))
        return row

    def _search_text(self, kind: RegisterKind, data: Mapping[str, Any]) -> tuple[str, str]:
        person_ids = [data[f.id] for f in kind.fields if f.type == "person" and f.id in data]
        return search_text(kind, data, people.names(self.store, person_ids), self.council.roles)

    def _fresh(self, row: sqlite3.Row, kind: RegisterKind, by: Person) -> Entry:
        full = self.store.conn.execute(f"{_ROW} WHERE c.entry_id = ?", (row["entry_id"],)).fetchone()
        return self._entries([full], self.access(kind, by))[0]


@attrs.frozen
class Prepared:
    """An entry's values, checked and complete, ready to be written."""

    data: dict[str, Any]
    confidential: bool
    released_on: dt.date | None = None


def encode_data(kind: RegisterKind, data: Mapping[str, Any]) -> str:
    """An entry's values as stored (and hashed): canonical JSON, dates as ISO text, money in pence."""
    types = {f.id: f.type for f in kind.fields}
    stored = {k: to_json(types.get(k, ""), v) for k, v in data.items()}
    return json.dumps(stored, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _expects(f: Any) -> str:
    if f.type == "choice":
        return "one of " + ", ".join(repr(c) for c in f.choices)
    if f.type == "role" and f.choices:
        return "one of the roles " + ", ".join(f.choices)
    return EXPECTED.get(f.type, f.type)


def _rule_problems(kind: RegisterKind, rule: FieldRule, data: Mapping[str, Any],
                   skip: set[str | None]) -> list[FieldProblem]:
    if any(key in skip for key in rule.when) or not _holds(kind, rule.when, data):
        return []
    out = []
    because = f" when {_words(rule.when)}" if rule.when else ""
    why = f" ({rule.message})" if rule.message else ""
    for key in rule.require:
        if key not in data and key not in skip:
            f = kind.field(key)
            label = f.label if f else key
            out.append(FieldProblem(key, f"{label} is required{because}: {_expects(f) if f else 'a value'}{why}"))
    for key in rule.forbid:
        if key in data and key not in skip:
            f = kind.field(key)
            label = f.label if f else key
            out.append(FieldProblem(key, f"{label} must be left empty{because}{why}"))
    for later, earlier in rule.not_before.items():
        a, b = data.get(later), data.get(earlier)
        if isinstance(a, dt.date) and isinstance(b, dt.date) and a < b:
            fa, fb = kind.field(later), kind.field(earlier)
            out.append(FieldProblem(later, f"{fa.label if fa else later} ({a.isoformat()}) cannot be before "
                                    f"{fb.label if fb else earlier} ({b.isoformat()}){why}"))
    return out
