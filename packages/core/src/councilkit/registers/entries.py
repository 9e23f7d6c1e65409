"""Register entries: one version of an entry as a person may see it, reading entries, and the errors.

Every entry is kept in the hash-chained ``register_entries`` table (registered
here), one row per version, and ``register_current`` points at each entry's
latest.  :class:`RegisterReader` is the reading half of
:class:`~councilkit.registers.service.Registers`: it takes the person viewing
(None for the public) and decides what they may see:

- a confidential entry is seen only by those holding a role the kind names in
  ``visible_to`` (or a kind of one), until it is released; a sensitive field
  is seen only by them, always; anyone else gets the entry without it
  (:attr:`Entry.hidden` lists what was withheld);

Lists come a page at a time, newest first, keyed on the entry number
(:meth:`RegisterReader.page`), so the first page of a register of a million
entries costs the same as that of ten; :meth:`RegisterReader.stream` reads a whole
register in order from one indexed query, a batch at a time, for exports; and
:meth:`RegisterReader.count` adds up the counts the store keeps (``register_counts``)
instead of counting the entries.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from councilkit import people
from councilkit.errors import CouncilkitError, UnknownNameError
from councilkit.people.records import Person
from councilkit.registers.kinds import RegisterKind, RegisterUse, resolve_settings, setting_text
from councilkit.registers.values import format_money, from_json, render
from councilkit.settings import today as clock_today
from councilkit.store import Store, register_chained

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


@attrs.frozen
class Page:
    """One page of a register, newest first.  ``next_before`` continues it (None at the end)."""

    entries: tuple[Entry, ...]
    next_before: int | None
    access: str


_COLUMNS = ("e.seq, e.council_id, e.kind, e.entry_id, e.version, e.action, e.data, e.confidential, e.reason, "
            "e.recorded_by, e.recorded_login, e.recorded_at, e.hash, c.withdrawn, c.version AS current_version, "
            "c.added_at, c.released_on")
#: an entry's row: what RegisterReader._entries reads, by position (in this order), from every query that feeds it
_ROW = f"SELECT {_COLUMNS} FROM register_current c JOIN register_entries e ON e.seq = c.seq"
(_SEQ, _COUNCIL, _KIND, _ENTRY, _VERSION, _ACTION, _DATA, _CONFIDENTIAL, _REASON, _BY, _LOGIN, _AT, _HASH,
 _WITHDRAWN, _CURRENT, _ADDED, _RELEASED) = range(17)


@attrs.frozen
class _Shape:
    """What reading an entry of one kind needs, worked out once per kind: field types, the dates to
    parse, the person fields to name, and what a reader without access is not shown."""

    kind: RegisterKind | None
    types: dict[str, str]
    dates: tuple[str, ...]
    persons: tuple[str, ...]
    sensitive: tuple[str, ...]
    every: tuple[str, ...]
    until: str | None
    #: the fields whose stored text is shown as it is (free text, a choice): any key not a field is not
    plain: frozenset[str] = frozenset()

    @classmethod
    def of(cls, kind: RegisterKind | None) -> _Shape:
        if kind is None:
            return cls(None, {}, (), (), (), (), None)
        fields = kind.fields
        return cls(kind, {f.id: f.type for f in fields}, tuple(f.id for f in fields if f.type == "date"),
                   tuple(f.id for f in fields if f.type == "person"), tuple(f.id for f in fields if f.sensitive),
                   tuple(f.id for f in fields), kind.confidential_until,
                   frozenset(f.id for f in fields if f.type in ("text", "choice")))


class RegisterReader:
    """One council's registers in one store, read as one person may see them.

    ``today`` fixes the date roles, clocks and releases are judged by (default:
    :func:`councilkit.settings.today`, which ``COUNCILKIT_TODAY`` can fix).
    """

    def __init__(self, store: Store, council: Any, today: dt.date | None = None):
        self.store = store
        self.council = council
        self._today = today
        self._shapes: dict[str, _Shape] = {}

    def _shape(self, kind_id: str) -> _Shape:
        shape = self._shapes.get(kind_id)
        if shape is None:
            shape = self._shapes[kind_id] = _Shape.of(self.council.register_kinds.get(kind_id))
        return shape

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
        if not 1 <= limit <= MAX_PAGE:
            raise RegisterError(f"a page holds 1 to {MAX_PAGE} entries, not {limit}")
        access = self.access(kind, viewer)
        where, params = self._where(kind, access, status)
        if before is not None:
            where += " AND c.entry_id < ?"
            params.append(int(before))
        sql = f"{_ROW} WHERE {where} ORDER BY c.entry_id DESC LIMIT ?"
        rows = self.store.query(sql, [*params, limit + 1])
        more = len(rows) > limit
        rows = rows[:limit]
        entries = self._entries(rows, access)
        return Page(tuple(entries), entries[-1].id if more and entries else None, access)

    def _where(self, kind: RegisterKind, access: str, status: str) -> tuple[str, list[Any]]:
        """The conditions (on ``register_current c``) for ``kind``'s entries of ``status`` that ``access`` sees.

        The council and kind, with the status when it is not ``all``, lead an index
        (``register_current_page``, else ``register_current_kind``) that ends with the entry
        number, so the entries come in order without a sort whatever the register's size.
        """
        if status not in STATUSES:
            raise RegisterError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        where = "c.council_id = ? AND c.kind = ?"
        params: list[Any] = [self.council.id, kind.id]
        if status != "all":
            where += " AND c.withdrawn = ?"
            params.append(1 if status == "withdrawn" else 0)
        if access != FULL:
            where += " AND (c.confidential = 0 OR (c.released_on IS NOT NULL AND c.released_on <= ?))"
            params.append(self.today.isoformat())
        return where, params

    def stream(self, kind_id: str, viewer: Person | None, *, status: str = "current",
               batch: int = 500) -> Iterator[list[Entry]]:
        """Every entry of ``kind_id`` that ``viewer`` may see, oldest first, ``batch`` at a time.

        One query in one read transaction (a consistent snapshot, however long the
        reading takes), walked in the order of its index: memory holds one batch, and
        each batch costs the same at the end of a register of a million entries as at
        its start.  Nobody else's writes wait for it.
        """
        kind = self.kind(kind_id)
        access = self.access(kind, viewer)
        where, params = self._where(kind, access, status)
        with self.store.read() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None  # plain tuples: _entries reads them by position
            cursor.execute(f"{_ROW} WHERE {where} ORDER BY c.entry_id", params)
            while rows := cursor.fetchmany(batch):
                yield self._entries(rows, access)

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
        """How many entries of the kind ``viewer`` may see.

        A sum over the counts the store keeps as entries are written (``register_counts``):
        a handful of rows, whatever the register's size.  For someone who may not see
        confidential entries it adds only those not confidential and those released by today.
        """
        kind = self.kind(kind_id)
        access = self.access(kind, viewer)
        if status not in STATUSES:
            raise RegisterError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        sql = "SELECT coalesce(sum(n), 0) FROM register_counts WHERE council_id = ? AND kind = ?"
        params: list[Any] = [self.council.id, kind.id]
        if status != "all":
            sql += " AND withdrawn = ?"
            params.append(1 if status == "withdrawn" else 0)
        if access != FULL:
            sql += " AND (confidential = 0 OR (released_on <> '' AND released_on <= ?))"
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
            f"SELECT {_COLUMNS} FROM register_entries e JOIN register_current c ON c.entry_id = e.entry_id"
            " WHERE e.entry_id = ? ORDER BY e.version", (int(entry_id),))
        return self._entries(rows, access)

    def _typed(self, kind: RegisterKind, stored: Mapping[str, Any]) -> dict[str, Any]:
        """An entry's stored values typed (its dates as dates)."""
        shape = self._shape(kind.id)
        dates = shape.dates if shape.kind is kind else tuple(f.id for f in kind.fields if f.type == "date")
        out = dict(stored)
        for key in dates:
            value = out.get(key)
            if isinstance(value, str):
                out[key] = from_json("date", value)
        return out

    def _entries(self, rows: Sequence[Sequence[Any]], access: str) -> list[Entry]:
        """Entries from rows (of :data:`_ROW`'s columns), with what ``access`` may not see taken out.

        The people named in the rows are looked up together, in one query for the rows.
        """
        if not rows:
            return []
        full = access == FULL
        today = self.today
        prepared = []
        person_ids: set[int] = set()
        fromiso = dt.date.fromisoformat
        for r in rows:
            shape = self._shape(r[_KIND])
            data = json.loads(r[_DATA])
            for key in shape.dates:
                value = data.get(key)
                if isinstance(value, str):
                    data[key] = fromiso(value)
            confidential = bool(r[_CONFIDENTIAL])
            released = data.get(shape.until) if shape.until and confidential else None
            hidden: tuple[str, ...] = ()
            if shape.kind is not None and not full:
                if not confidential or (released is not None and released <= today):
                    hidden = shape.sensitive
                else:
                    hidden = shape.every
            values = {k: v for k, v in data.items() if k not in hidden} if hidden else data
            for key in shape.persons:
                value = values.get(key)
                if value is not None:
                    person_ids.add(value)
            if r[_BY] is not None:
                person_ids.add(r[_BY])
            prepared.append((r, shape, values, hidden, released, confidential))
        names = people.names(self.store, person_ids)
        roles = self.council.roles
        out = []
        for r, shape, values, hidden, released, confidential in prepared:
            plain, types = shape.plain, shape.types  # text as it is stored is its own display: exports show millions
            display = {key: value if key in plain and value.__class__ is str
                       else _display(types.get(key, "text"), value, names, roles)
                       for key, value in values.items()}
            if r[_VERSION] < r[_CURRENT]:
                status = "superseded"
            else:
                status = "withdrawn" if r[_WITHDRAWN] else "current"
            out.append(Entry(
                id=r[_ENTRY], council_id=r[_COUNCIL], kind=r[_KIND], version=r[_VERSION], status=status,
                action=r[_ACTION], values=values, display=display, hidden=hidden, confidential=confidential,
                released_on=released, reason=r[_REASON], recorded_by=r[_BY],
                recorded_by_name=names.get(r[_BY], ""), recorded_at=r[_AT], recorded_login=r[_LOGIN],
                added_at=r[_ADDED], seq=r[_SEQ], hash=r[_HASH],
            ))
        return out


def _display(field_type: str, value: Any, names: Mapping[int, str], roles: Any) -> str:
    """:func:`~councilkit.registers.values.render`, the common cases first."""
    cls = value.__class__
    if field_type == "date" and cls is dt.date:
        return value.isoformat()  # type: ignore[no-any-return]
    if field_type == "money" and cls is int:
        return format_money(value)
    if field_type == "bool" and cls is bool:
        return "yes" if value else "no"
    if field_type == "person" and value is not None:
        name = names.get(value)
        return name if name is not None else f"person #{value}"
    return render(field_type, value, names=names, roles=roles)


# ---------------------------------------------------------------------------
# helpers


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


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# conditions on an entry's values (a clock's ``when``, a rule's, ``confidential_when``)


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
