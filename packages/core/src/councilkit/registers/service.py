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
  (:attr:`Entry.hidden` lists what was withheld);
- only someone who holds a role at the council may write (and, if the kind names
  ``keepers``, one of those); only someone who may see the whole entry may amend
  or withdraw it, and the amendment must say why;
- an amendment names the version it was made from, and is refused with
  :class:`~councilkit.store.ConflictError` if someone else amended the entry first.

Lists come a page at a time, newest first, keyed on the entry number
(:meth:`Registers.page`), so the first page of a register of a million
entries costs the same as that of ten.  :meth:`Registers.search` uses SQLite
FTS5; :meth:`Registers.due` lists what the kinds' clocks say needs doing.
Exports and CSV import are in :mod:`councilkit.registers.exports`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from councilkit import people
from councilkit.errors import CouncilkitError, UnknownNameError, did_you_mean
from councilkit.people.records import Person
from councilkit.policy import RequestError
from councilkit.registers.kinds import (
    Clock,
    FieldRule,
    RegisterKind,
    RegisterUse,
    resolve_settings,
    setting_text,
)
from councilkit.registers.values import (
    EXPECTED,
    ValueProblem,
    from_json,
    is_empty,
    parse_value,
    render,
    to_json,
)
from councilkit.routing import add_working_days
from councilkit.settings import today as clock_today
from councilkit.store import ConflictError, Store, now, register_chained

TABLE = "register_entries"
#: the columns each version's hash covers
CHAINED_COLUMNS = (
    "council_id", "kind", "entry_id", "version", "action", "data", "confidential", "reason",
    "recorded_by", "recorded_login", "recorded_at",
)
register_chained(TABLE, CHAINED_COLUMNS)

FULL = "full"
PUBLIC = "public"
STATUSES = ("current", "withdrawn", "all")
DEFAULT_PAGE = 50
MAX_PAGE = 1000


# ---------------------------------------------------------------------------
# errors


class RegisterError(CouncilkitError, ValueError):
    """A change or request the registers refuse, with the reason."""


class NotAllowedError(RegisterError):
    """The person may not do this (write to this register, see this entry...)."""


class UnknownEntryError(CouncilkitError, LookupError):
    """No entry with that number in this council's registers."""


@attrs.frozen
class FieldProblem:
    """One thing wrong with an entry: the field (if any), what is expected, and the CSV row (if any)."""

    field: str | None
    message: str
    row: int | None = None

    def __str__(self) -> str:
        where = f"row {self.row}: " if self.row is not None else ""
        return f"{where}{'field ' + repr(self.field) + ': ' if self.field else ''}{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


class EntryInvalid(RegisterError):
    """An entry (or a file of them) with problems; nothing was written.  ``problems`` lists them all."""

    def __init__(self, problems: Sequence[FieldProblem], heading: str = "the entry was not saved"):
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        count = len(self.problems)
        super().__init__(f"{heading}: {count} problem{'s' if count != 1 else ''}:\n{lines}")


# ---------------------------------------------------------------------------
# what a reader gets


@attrs.frozen
class Entry:
    """One version of an entry, as one viewer may see it.

    ``values`` and ``display`` hold only the fields the viewer may see (typed,
    and as text); ``hidden`` names the fields withheld from them.  ``status`` is
    ``current``, ``superseded`` (an earlier version) or ``withdrawn``.
    """

    id: int
    council_id: str
    kind: str
    version: int
    status: str
    action: str
    values: dict[str, Any]
    display: dict[str, str]
    hidden: tuple[str, ...]
    confidential: bool
    released_on: dt.date | None
    reason: str
    recorded_by: int | None
    recorded_by_name: str
    recorded_at: str
    recorded_login: str | None
    added_at: str
    seq: int
    hash: str

    @property
    def withdrawn(self) -> bool:
        return self.status == "withdrawn"

    def value(self, field_id: str) -> Any:
        return self.values.get(field_id)

    def summary(self, kind: RegisterKind) -> str:
        parts = [self.display[c] for c in kind.list_columns() if self.display.get(c)]
        return " · ".join(parts)

    def as_dict(self, kind: RegisterKind | None = None) -> dict[str, Any]:
        fields = kind.fields if kind is not None else ()
        order = [f.id for f in fields if f.id in self.values] or sorted(self.values)
        return {
            "entry": self.id,
            "council": self.council_id,
            "kind": self.kind,
            "version": self.version,
            "status": self.status,
            "action": self.action,
            "confidential": self.confidential,
            "released_on": self.released_on.isoformat() if self.released_on else None,
            "values": {k: to_json("", self.values[k]) for k in order},
            "display": {k: self.display.get(k, "") for k in order},
            "hidden": list(self.hidden),
            "reason": self.reason,
            "recorded_by": self.recorded_by,
            "recorded_by_name": self.recorded_by_name,
            "recorded_login": self.recorded_login,
            "recorded_at": self.recorded_at,
            "added_at": self.added_at,
            "hash": self.hash,
        }


@attrs.frozen
class Page:
    """One page of a register, newest first.  ``next_before`` continues it (None at the end)."""

    entries: tuple[Entry, ...]
    next_before: int | None
    access: str

    def as_dict(self, kind: RegisterKind | None = None) -> dict[str, Any]:
        return {"entries": [e.as_dict(kind) for e in self.entries], "next_before": self.next_before,
                "access": self.access}


@attrs.frozen
class SearchHit:
    entry: Entry
    snippet: str

    def as_dict(self) -> dict[str, Any]:
        return {**self.entry.as_dict(), "snippet": self.snippet}


@attrs.frozen
class ClockState:
    """Where one of a kind's clocks stands for one entry."""

    clock: Clock
    due_on: dt.date
    start_on: dt.date | None
    stopped_on: dt.date | None
    today: dt.date
    working_days: bool = False
    working: str = ""

    @property
    def running(self) -> bool:
        return self.stopped_on is None

    @property
    def overdue(self) -> bool:
        return self.running and self.today > self.due_on

    @property
    def late(self) -> bool:
        """Done, but after the due date."""
        return self.stopped_on is not None and self.stopped_on > self.due_on

    @property
    def days_left(self) -> int:
        return (self.due_on - self.today).days

    def status(self) -> str:
        if self.stopped_on is not None:
            if self.late:
                return f"done {self.stopped_on.isoformat()}, {(self.stopped_on - self.due_on).days} day(s) late"
            return f"done {self.stopped_on.isoformat()}"
        left = self.days_left
        if left < 0:
            return f"OVERDUE by {-left} day{'s' if left != -1 else ''}"
        if left == 0:
            return "due today"
        return f"due in {left} day{'s' if left != 1 else ''}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "clock": self.clock.id, "label": self.clock.label, "due_on": self.due_on.isoformat(),
            "start_on": self.start_on.isoformat() if self.start_on else None,
            "done_on": self.stopped_on.isoformat() if self.stopped_on else None,
            "overdue": self.overdue, "late": self.late, "status": self.status(),
            "working_days": self.working_days, "working": self.working,
        }


@attrs.frozen
class DueItem:
    """An entry whose clock says something needs doing."""

    entry: Entry
    kind_title: str
    state: ClockState

    def as_dict(self) -> dict[str, Any]:
        return {"entry": self.entry.id, "kind": self.entry.kind, "register": self.kind_title,
                "council": self.entry.council_id, **self.state.as_dict(), "summary_values": self.entry.display}


# ---------------------------------------------------------------------------
# the service


_ROW = ("SELECT e.seq, e.council_id, e.kind, e.entry_id, e.version, e.action, e.data, e.confidential, "
        "e.reason, e.recorded_by, e.recorded_login, e.recorded_at, e.hash, c.withdrawn, c.version AS current_version, "
        "c.added_at, c.released_on FROM register_current c JOIN register_entries e ON e.seq = c.seq")
_TOKEN = re.compile(r"[\w'’-]+\*?|\"[^\"]+\"", re.UNICODE)


class Registers:
    """One council's registers in one store.

    ``today`` fixes the date roles, clocks and releases are judged by (default:
    :func:`councilkit.settings.today`, which ``COUNCILKIT_TODAY`` can fix).
    """

    def __init__(self, store: Store, council: Any, today: dt.date | None = None):
        self.store = store
        self.council = council
        self._today = today

    @property
    def today(self) -> dt.date:
        return self._today or clock_today()

    # kinds ----------------------------------------------------------------
    def kinds(self) -> list[RegisterKind]:
        """The kinds this council keeps, in the order its file turns them on."""
        return [self.council.register_kinds[u.kind] for u in self.council.registers
                if u.kind in self.council.register_kinds]

    def kind(self, kind_id: str) -> RegisterKind:
        kinds = self.council.register_kinds
        if kind_id not in kinds:
            raise UnknownNameError("register", kind_id, kinds, f"at {self.council.id}")
        return kinds[kind_id]

    def use(self, kind_id: str) -> RegisterUse | None:
        return next((u for u in self.council.registers if u.kind == kind_id), None)

    def settings(self, kind_id: str) -> dict[str, Any]:
        """The kind's settings as this council has them (money in pence)."""
        use = self.use(kind_id)
        return resolve_settings(self.kind(kind_id), use.settings if use else None)

    def settings_text(self, kind_id: str) -> dict[str, str]:
        kind = self.kind(kind_id)
        values = self.settings(kind_id)
        return {s.id: setting_text(s, values[s.id]) for s in kind.settings}

    # who may see and do what -------------------------------------------------
    def roles_of(self, person: Person | Any | None) -> list[str]:
        """The roles ``person`` holds at this council today (none for the public)."""
        person, _ = _who(person)
        if person is None:
            return []
        return people.roles_held(self.store, person, self.council.id, self.today)

    def visible_to(self, kind: RegisterKind | str) -> tuple[str, ...]:
        """The roles that see a kind's confidential entries and sensitive fields: the kind's
        ``visible_to``, or, for a kind that names nobody, the council's adviser (the Clerk, the
        Monitoring Officer), who then sees any entry marked confidential by hand."""
        kind = self.kind(kind) if isinstance(kind, str) else kind
        return kind.visible_to or tuple(self.council.adviser.roles)

    def access(self, kind: RegisterKind | str, viewer: Person | Any | None) -> str:
        """``full`` (sees everything) or ``public`` (no confidential entries, no sensitive fields)."""
        kind = self.kind(kind) if isinstance(kind, str) else kind
        return FULL if self._holds(self.roles_of(viewer), self.visible_to(kind)) else PUBLIC

    def _holds(self, held: Iterable[str], wanted: Iterable[str]) -> bool:
        wanted = tuple(wanted)
        return any(self.council.roles.is_a(r, w) for r in held for w in wanted)

    def _titles(self, roles: Iterable[str]) -> str:
        return " or ".join(self.council.title(r) for r in roles) or "nobody"

    def _check_writer(self, kind: RegisterKind, person: Person | None) -> list[str]:
        if person is None:
            raise NotAllowedError("councilkit does not know who you are, so nothing was written: "
                                  "act as a person with --as PERSON, or give your login to a person "
                                  "(councilkit people add NAME --login LOGIN)")
        held = self.roles_of(person)
        if not held:
            raise NotAllowedError(f"{person.name} holds no role at {self.council.name} on "
                                  f"{self.today.isoformat()}, so may not write to its registers")
        if kind.keepers and not self._holds(held, kind.keepers):
            raise NotAllowedError(f"only {self._titles(kind.keepers)} may write to the register of "
                                  f"{kind.title} at {self.council.name}; {person.name} holds "
                                  f"{', '.join(self.council.title(r) for r in held)}")
        return held

    def _visible(self, confidential: bool, released_on: dt.date | None, access: str) -> bool:
        return access == FULL or not confidential or (released_on is not None and released_on <= self.today)

    # reading ----------------------------------------------------------------
    def page(
        self,
        kind_id: str,
        viewer: Person | None,
        *,
        before: int | None = None,
        limit: int = DEFAULT_PAGE,
        status: str = "current",
    ) -> Page:
        """A page of ``kind_id``'s entries, newest first, that ``viewer`` may see.

        ``before`` is the previous page's ``next_before``; ``status`` is
        ``current`` (the default: not withdrawn), ``withdrawn`` or ``all``.
        """
        kind = self.kind(kind_id)
        if status not in STATUSES:
            raise RegisterError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        if not 1 <= limit <= MAX_PAGE:
            raise RegisterError(f"a page holds 1 to {MAX_PAGE} entries, not {limit}")
        access = self.access(kind, viewer)
        where = ["c.council_id = ?", "c.kind = ?"]
        params: list[Any] = [self.council.id, kind.id]
        if status != "all":
            where.append("c.withdrawn = ?")
            params.append(1 if status == "withdrawn" else 0)
        if before is not None:
            where.append("c.entry_id < ?")
            params.append(int(before))
        if access != FULL:
            where.append("(c.confidential = 0 OR (c.released_on IS NOT NULL AND c.released_on <= ?))")
            params.append(self.today.isoformat())
        sql = f"{_ROW} WHERE {' AND '.join(where)} ORDER BY c.entry_id DESC LIMIT ?"
        rows = self.store.query(sql, [*params, limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        entries = self._entries(rows, access)
        return Page(tuple(entries), entries[-1].id if more and entries else None, access)

    def iter_entries(self, kind_id: str, viewer: Person | None, *, status: str = "current",
                     batch: int = 500) -> Iterator[Entry]:
        """Every entry ``viewer`` may see, newest first, read a page at a time."""
        before = None
        while True:
            page = self.page(kind_id, viewer, before=before, limit=batch, status=status)
            yield from page.entries
            if page.next_before is None:
                return
            before = page.next_before

    def count(self, kind_id: str, viewer: Person | None, status: str = "current") -> int:
        """How many entries of the kind ``viewer`` may see."""
        kind = self.kind(kind_id)
        access = self.access(kind, viewer)
        sql = "SELECT count(*) FROM register_current c WHERE c.council_id = ? AND c.kind = ?"
        params: list[Any] = [self.council.id, kind.id]
        if status != "all":
            sql += " AND c.withdrawn = ?"
            params.append(1 if status == "withdrawn" else 0)
        if access != FULL:
            sql += " AND (c.confidential = 0 OR (c.released_on IS NOT NULL AND c.released_on <= ?))"
            params.append(self.today.isoformat())
        return int(self.store.query(sql, params)[0][0])

    def _current_row(self, entry_id: int) -> sqlite3.Row:
        row = self.store.conn.execute(f"{_ROW} WHERE c.entry_id = ?", (int(entry_id),)).fetchone()
        if row is None or row["council_id"] != self.council.id:
            raise UnknownEntryError(f"no entry #{entry_id} in the registers of {self.council.name}")
        if row["kind"] not in self.council.register_kinds:
            raise UnknownEntryError(f"entry #{entry_id} is in the register {row['kind']!r}, which "
                                    f"{self.council.name} no longer keeps")
        return row

    def get(self, entry_id: int, viewer: Person | None) -> Entry:
        """The current version of entry ``entry_id``, as ``viewer`` may see it."""
        row = self._current_row(entry_id)
        kind = self.kind(row["kind"])
        access = self.access(kind, viewer)
        self._require_visible(row, kind, access)
        return self._entries([row], access)[0]

    def _require_visible(self, row: sqlite3.Row, kind: RegisterKind, access: str) -> None:
        released = _date(row["released_on"])
        if not self._visible(bool(row["confidential"]), released, access):
            raise NotAllowedError(f"entry #{row['entry_id']} is confidential: only "
                                  f"{self._titles(self.visible_to(kind))} may see it")

    def history(self, entry_id: int, viewer: Person | None) -> list[Entry]:
        """Every version of entry ``entry_id``, oldest first, as ``viewer`` may see them."""
        current = self._current_row(entry_id)
        kind = self.kind(current["kind"])
        access = self.access(kind, viewer)
        self._require_visible(current, kind, access)
        rows = self.store.query(
            "SELECT e.seq, e.council_id, e.kind, e.entry_id, e.version, e.action, e.data, e.confidential,"
            " e.reason, e.recorded_by, e.recorded_login, e.recorded_at, e.hash, c.withdrawn, c.version AS current_version,"
            " c.added_at, c.released_on FROM register_entries e JOIN register_current c ON c.entry_id = e.entry_id"
            " WHERE e.entry_id = ? ORDER BY e.version", (int(entry_id),))
        return self._entries(rows, access)

    def clock_states(self, entry: Entry) -> list[ClockState]:
        """Where each of the kind's clocks stands for ``entry`` (clocks that do not apply are left out)."""
        kind = self.kind(entry.kind)
        settings = self.settings(kind.id)
        return [s for clock in kind.clocks
                if (s := self._clock_state(kind, clock, entry.values, settings)) is not None]

    # search -----------------------------------------------------------------
    def search(
        self,
        query: str,
        viewer: Person | None,
        *,
        kinds: Iterable[str] | None = None,
        limit: int = DEFAULT_PAGE,
    ) -> list[SearchHit]:
        """Current entries matching every word of ``query`` (``word*`` for a prefix, "a phrase" in
        quotes), newest first, across the council's registers or ``kinds``.

        A person who may not see a register's sensitive fields is matched on its
        other fields only, and never on an entry they may not see.
        """
        match = fts_query(query)
        if not 1 <= limit <= MAX_PAGE:
            raise RegisterError(f"a search returns 1 to {MAX_PAGE} entries, not {limit}")
        chosen = [self.kind(k) for k in kinds] if kinds else self.kinds()
        by_access: dict[str, list[str]] = {FULL: [], PUBLIC: []}
        for kind in chosen:
            by_access[self.access(kind, viewer)].append(kind.id)
        found: list[tuple[int, str, str]] = []  # (entry_id, snippet, access)
        for access, kind_ids in by_access.items():
            if not kind_ids:
                continue
            marks = ",".join("?" for _ in kind_ids)
            expr = match if access == FULL else f"public : ({match})"
            column = -1 if access == FULL else 0
            sql = (f"SELECT s.rowid, snippet(register_search, {column}, '[', ']', '…', 12) AS snip"
                   " FROM register_search s JOIN register_current c ON c.entry_id = s.rowid"
                   f" WHERE register_search MATCH ? AND c.council_id = ? AND c.kind IN ({marks})"
                   " AND c.withdrawn = 0")
            params: list[Any] = [expr, self.council.id, *kind_ids]
            if access != FULL:
                sql += " AND (c.confidential = 0 OR (c.released_on IS NOT NULL AND c.released_on <= ?))"
                params.append(self.today.isoformat())
            sql += " ORDER BY s.rowid DESC LIMIT ?"
            try:
                rows = self.store.query(sql, [*params, limit])
            except sqlite3.OperationalError as exc:
                raise RegisterError(f"cannot search for {query!r}: {exc}") from None
            found += [(r[0], r[1], access) for r in rows]
        found.sort(key=lambda t: -t[0])
        found = found[:limit]
        if not found:
            return []
        rows_by_id = {r["entry_id"]: r for r in self.store.query(
            f"{_ROW} WHERE c.entry_id IN ({','.join('?' for _ in found)})", [f[0] for f in found])}
        hits = []
        for entry_id, snip, access in found:
            entry = self._entries([rows_by_id[entry_id]], access)[0]
            hits.append(SearchHit(entry, snip))
        return hits

    # clocks -----------------------------------------------------------------
    def due(
        self,
        viewer: Person | None,
        *,
        within: int = 0,
        kinds: Iterable[str] | None = None,
    ) -> list[DueItem]:
        """Entries whose clocks are overdue or fall due within ``within`` days, soonest first."""
        if within < 0:
            raise RegisterError(f"--within takes 0 or more days, not {within}")
        horizon = self.today + dt.timedelta(days=within)
        chosen = [self.kind(k) for k in kinds] if kinds else self.kinds()
        out: list[DueItem] = []
        for kind in chosen:
            if not kind.clocks:
                continue
            access = self.access(kind, viewer)
            sensitive = {f.id for f in kind.fields if f.sensitive}
            clocks = [c for c in kind.clocks
                      if access == FULL or not ({c.start, c.due, c.stop} & sensitive)]
            if not clocks:
                continue
            settings = self.settings(kind.id)
            sig = clock_signature(kind)
            visible = ""
            params: list[Any] = []
            if access != FULL:
                visible = " AND (c.confidential = 0 OR (c.released_on IS NOT NULL AND c.released_on <= ?))"
                params.append(self.today.isoformat())
            base = f"{_ROW} WHERE c.council_id = ? AND c.kind = ? AND c.withdrawn = 0{visible}"
            # entries whose clocks were running when written, and any written under other clock definitions
            rows = self.store.query(f"{base} AND c.clocks_open = 1 AND c.clock_sig = ?",
                                    [self.council.id, kind.id, *params, sig])
            for op in ("<", ">"):  # two index ranges; "!=" or an OR would read the whole register
                rows += self.store.query(f"{base} AND c.clock_sig {op} ?", [self.council.id, kind.id, *params, sig])
            found: list[tuple[sqlite3.Row, list[ClockState]]] = []
            for row in rows:
                values = self._typed(kind, json.loads(row["data"]))
                states = [s for clock in clocks
                          if (s := self._clock_state(kind, clock, values, settings)) is not None]
                states = [s for s in states if s.running and s.due_on <= horizon]
                if states:
                    found.append((row, states))
            entries = self._entries([row for row, _ in found], access)
            out += [DueItem(entry, kind.title, s) for entry, (_, states) in zip(entries, found, strict=True)
                    for s in states]
        out.sort(key=lambda d: (d.state.due_on, d.entry.id, d.state.clock.id))
        return out

    def _clock_state(self, kind: RegisterKind, clock: Clock, values: Mapping[str, Any],
                     settings: Mapping[str, Any]) -> ClockState | None:
        if not _holds(kind, clock.when, values):
            return None
        for money_field, setting_id in clock.at_least.items():
            amount = values.get(money_field)
            if amount is None or amount < settings.get(setting_id, 0):
                return None
        start = values.get(clock.start) if clock.start else None
        explicit = values.get(clock.due) if clock.due else None
        stopped = values.get(clock.stop) if clock.stop else None
        days = settings.get(clock.days_setting, clock.days) if clock.days_setting else clock.days
        working = ""
        if explicit is not None:
            due_on = explicit
            working = f"due date given in the entry ({kind.field(clock.due).label if kind.field(clock.due) else clock.due})"
        elif start is not None:
            if clock.working_days:
                deadline = add_working_days(start, days, self.council.nation)
                due_on = deadline.due
                working = deadline.working()
            else:
                due_on = start + dt.timedelta(days=days)
                working = f"{days} day{'s' if days != 1 else ''} from {start.isoformat()}"
        else:
            return None
        return ClockState(clock, due_on, start, stopped, self.today, clock.working_days, working)

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
                                  f"{self._titles(self.visible_to(kind))} may), so may not {verb} it")
        if row["withdrawn"]:
            raise RegisterError(f"entry #{entry_id} was withdrawn; a withdrawn entry stays as it is "
                                "(add a new entry instead)")
        if not (reason or "").strip():
            raise RegisterError(f"say why you {verb} entry #{entry_id} (--reason): the register keeps "
                                "every version and why it changed")
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

    def _typed(self, kind: RegisterKind, stored: Mapping[str, Any]) -> dict[str, Any]:
        out = {}
        for key, value in stored.items():
            f = kind.field(key)
            out[key] = from_json(f.type if f else "", value)
        return out

    def _entries(self, rows: Sequence[sqlite3.Row], access: str) -> list[Entry]:
        """Entries from rows, with what ``access`` may not see taken out."""
        if not rows:
            return []
        kinds = {r["kind"]: self.council.register_kinds.get(r["kind"]) for r in rows}
        prepared = []
        person_ids: set[int] = set()
        for r in rows:
            kind = kinds[r["kind"]]
            data = self._typed(kind, json.loads(r["data"])) if kind else json.loads(r["data"])
            released = (data.get(kind.confidential_until) if kind and kind.confidential_until
                        and r["confidential"] else None)
            visible_entry = self._visible(bool(r["confidential"]), released, access)
            hidden: tuple[str, ...] = ()
            if kind is not None and access != FULL:
                if visible_entry:
                    hidden = tuple(f.id for f in kind.fields if f.sensitive)
                else:
                    hidden = tuple(f.id for f in kind.fields)
            values = {k: v for k, v in data.items() if k not in hidden}
            if kind is not None:
                person_ids.update(values[f.id] for f in kind.fields if f.type == "person" and f.id in values)
            if r["recorded_by"] is not None:
                person_ids.add(r["recorded_by"])
            prepared.append((r, kind, values, hidden, released))
        names = people.names(self.store, person_ids)
        out = []
        for r, kind, values, hidden, released in prepared:
            display = {}
            for key, value in values.items():
                f = kind.field(key) if kind else None
                display[key] = render(f.type if f else "text", value, names=names, roles=self.council.roles)
            if r["version"] < r["current_version"]:
                status = "superseded"
            else:
                status = "withdrawn" if r["withdrawn"] else "current"
            out.append(Entry(
                id=r["entry_id"], council_id=r["council_id"], kind=r["kind"], version=r["version"],
                status=status, action=r["action"], values=values, display=display, hidden=hidden,
                confidential=bool(r["confidential"]), released_on=released, reason=r["reason"],
                recorded_by=r["recorded_by"], recorded_by_name=names.get(r["recorded_by"], ""),
                recorded_at=r["recorded_at"], recorded_login=r["recorded_login"], added_at=r["added_at"], seq=r["seq"], hash=r["hash"],
            ))
        return out


@attrs.frozen
class Prepared:
    """An entry's values, checked and complete, ready to be written."""

    data: dict[str, Any]
    confidential: bool
    released_on: dt.date | None = None


# ---------------------------------------------------------------------------
# helpers


def encode_data(kind: RegisterKind, data: Mapping[str, Any]) -> str:
    """An entry's values as stored (and hashed): canonical JSON, dates as ISO text, money in pence."""
    types = {f.id: f.type for f in kind.fields}
    stored = {k: to_json(types.get(k, ""), v) for k, v in data.items()}
    return json.dumps(stored, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def clock_signature(kind: RegisterKind) -> str:
    """A short fingerprint of the kind's clocks, kept with each entry's ``clocks_open`` flag, so that
    entries written under other clock definitions are looked at again rather than missed."""
    if not kind.clocks:
        return ""
    text = repr([(c.id, c.start, c.due, c.stop) for c in kind.clocks])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def clocks_open(kind: RegisterKind, data: Mapping[str, Any]) -> bool:
    """Has one of the kind's clocks started (its start or due date filled) and not stopped?"""
    return any((c.start in data or c.due in data) and (c.stop is None or c.stop not in data)
               for c in kind.clocks)


def search_text(kind: RegisterKind, data: Mapping[str, Any], names: Mapping[int, str],
                roles: Mapping[str, Any]) -> tuple[str, str]:
    """What the search index holds for an entry: its public fields' text, and its sensitive fields' text."""
    public, sensitive = [], []
    for f in kind.fields:
        if f.id in data:
            text = render(f.type, data[f.id], names=names, roles=roles)
            (sensitive if f.sensitive else public).append(text)
    return " · ".join(public), " · ".join(sensitive)


def _who(by: Person | Any | None) -> tuple[Person | None, str | None]:
    """The person acting, and the login of an administrator acting for them, from a Person or an actor."""
    if by is None or isinstance(by, Person):
        return by, None
    person = getattr(by, "person", None)
    if isinstance(person, Person):
        return person, getattr(by, "recorded_by", None)
    raise TypeError(f"expected a Person (or an actor with .person), got {type(by).__name__}")


def entry_location(store: Store, entry_id: int) -> tuple[str, str]:
    """The council and kind of entry ``entry_id`` (to find which council to load)."""
    row = store.conn.execute("SELECT council_id, kind FROM register_current WHERE entry_id = ?",
                             (int(entry_id),)).fetchone()
    if row is None:
        raise UnknownEntryError(f"no register entry #{entry_id}")
    return row[0], row[1]


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query: every word must match; ``word*`` is a prefix; "a phrase" in quotes."""
    tokens = _TOKEN.findall(text or "")
    parts = []
    for token in tokens:
        prefix = token.endswith("*")
        word = token.rstrip("*").strip('"').strip()
        word = word.replace('"', '""')
        if not word or not any(ch.isalnum() for ch in word):
            continue
        parts.append(f'"{word}"' + ("*" if prefix else ""))
    if not parts:
        raise RegisterError(f"nothing to search for in {text!r}: give one or more words")
    return " ".join(parts)


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _expects(f: Any) -> str:
    if f.type == "choice":
        return "one of " + ", ".join(repr(c) for c in f.choices)
    if f.type == "role" and f.choices:
        return "one of the roles " + ", ".join(f.choices)
    return EXPECTED.get(f.type, f.type)


def _matches(value: Any, wanted: Any) -> bool:
    options = wanted if isinstance(wanted, tuple) else (wanted,)
    return any(type(value) is type(o) and value == o for o in options)


def _holds(kind: RegisterKind, when: Mapping[str, Any], data: Mapping[str, Any]) -> bool:
    return all(key in data and _matches(data[key], wanted) for key, wanted in when.items())


def _words(when: Mapping[str, Any]) -> str:
    def one(v: Any) -> str:
        if isinstance(v, bool):
            return "yes" if v else "no"
        return repr(v)

    parts = []
    for key, wanted in when.items():
        if isinstance(wanted, tuple):
            parts.append(f"{key} is {' or '.join(one(w) for w in wanted)}")
        else:
            parts.append(f"{key} is {one(wanted)}")
    return " and ".join(parts)


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
