"""Register clocks: where each of a kind's clocks stands for an entry, what falls due, and who may see it.

A kind's clock runs from a date in the entry (its ``start``), for a number of days
or working days, to a due date (or one the entry gives), until a date that stops it
(its ``stop``).  :meth:`RegisterClocks.clock_states` says where each stands for one
entry; :meth:`RegisterClocks.due` lists what the clocks say needs doing.  Each entry
is stored with the day from which its earliest running clock counts (0 when none
runs: :func:`clocks_open`) and a fingerprint of the clocks it was written under
(:func:`clock_signature`).  A clock is never due before the day it counts from, so
the due list reads running entries in that order from an index and, asked for the
soonest ``limit``, stops as soon as no entry left can be due sooner: its cost
follows what it lists, not the size of the register.

A clock's dates come from the entry's fields; a person from whom one of those fields
is withheld (:attr:`Entry.hidden <councilkit.registers.entries.Entry.hidden>`) must not
learn it from the clock either, so the command line and the terminal UI both show
only :func:`visible_clocks`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from councilkit.people.records import Person
from councilkit.registers.entries import (
    _COLUMNS,
    _DATA,
    FULL,
    Entry,
    RegisterError,
    RegisterReader,
    _holds,
)
from councilkit.registers.kinds import Clock, RegisterKind
from councilkit.routing import add_working_days

if TYPE_CHECKING:
    from councilkit.registers.service import Registers

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
        """Where the clock stands, in calendar days (a register's clocks count every day; a case's
        steps count working days, and say so)."""
        if self.stopped_on is not None:
            if self.late:
                return f"done {self.stopped_on.isoformat()}, {_days((self.stopped_on - self.due_on).days)} late"
            return f"done {self.stopped_on.isoformat()}"
        left = self.days_left
        if left < 0:
            return f"OVERDUE by {_days(-left)}"
        if left == 0:
            return "due today"
        return f"due in {_days(left)}"


def _days(n: int) -> str:
    return f"{n} calendar day{'s' if n != 1 else ''}"


@attrs.frozen
class DueItem:
    """An entry whose clock says something needs doing."""

    entry: Entry
    kind_title: str
    state: ClockState


class RegisterClocks(RegisterReader):
    """Clocks, for :class:`~councilkit.registers.service.Registers` (see the module)."""

    def clock_states(self, entry: Entry) -> list[ClockState]:
        """Where each of the kind's clocks stands for ``entry`` (clocks that do not apply are left out)."""
        kind = self.kind(entry.kind)
        settings = self.settings(kind.id)
        return [s for clock in kind.clocks
                if (s := self._clock_state(kind, clock, entry.values, settings)) is not None]

    def due(
        self,
        viewer: Person | None,
        *,
        within: int = 0,
        kinds: Iterable[str] | None = None,
        limit: int | None = None,
    ) -> list[DueItem]:
        """Entries whose clocks are overdue or fall due within ``within`` days, soonest first.

        ``limit`` keeps the soonest ``limit`` (the most overdue first); the entries are read in
        the order of the day their clocks count from, and the reading stops once none left could
        come sooner, so a register of a million entries costs what one of ten thousand does.
        :meth:`due_summary` says how many there are besides.
        """
        return self.due_summary(viewer, within=within, kinds=kinds, limit=limit, count_to=0)[0]

    def due_count(
        self,
        viewer: Person | None,
        *,
        within: int = 0,
        kinds: Iterable[str] | None = None,
        at_most: int | None = None,
    ) -> int:
        """How many clocks :meth:`due` would list (each of an entry's clocks counts).

        Every clock that runs must be worked out to know whether it is due, so with
        ``at_most`` the counting stops there and returns it ("at least ``at_most``"); a
        front end shows that as ``1,000+``.  It never counts an entry, or a clock whose
        dates come from a field, that ``viewer`` may not see.
        """
        if at_most is None:
            return len(self.due(viewer, within=within, kinds=kinds))
        return self.due_summary(viewer, within=within, kinds=kinds, limit=0, count_to=at_most)[1]

    def due_summary(
        self,
        viewer: Person | None,
        *,
        within: int = 0,
        kinds: Iterable[str] | None = None,
        limit: int | None = None,
        count_to: int = 0,
    ) -> tuple[list[DueItem], int]:
        """The soonest ``limit`` clocks :meth:`due` lists, and how many it lists in all, counted up to
        ``count_to`` (or as many as were listed, if more): one reading of the register serves both."""
        if limit is not None and limit < 0:
            raise RegisterError(f"a limit of 0 or more, not {limit}")
        out: list[DueItem] = []
        counted = 0
        for kind, access, clocks in self._clocked(viewer, within, kinds):
            found, n = self._due_rows(kind, access, clocks, within, limit, max(count_to - counted, 0))
            counted += n
            entries = self._entries([row for row, _ in found], access)
            out += [DueItem(entry, kind.title, s) for entry, (_, states) in zip(entries, found, strict=True)
                    for s in states]
        out.sort(key=lambda d: (d.state.due_on, d.entry.id, d.state.clock.id))
        if limit is not None:
            out = out[:limit]
        return out, max(min(counted, count_to), len(out)) if limit is not None else len(out)

    def _clocked(self, viewer: Person | None, within: int,
                 kinds: Iterable[str] | None) -> Iterator[tuple[RegisterKind, str, list[Clock]]]:
        """Each kind with clocks, the viewer's access to it, and the clocks whose dates they may see."""
        if within < 0:
            raise RegisterError(f"--within takes 0 or more days, not {within}")
        chosen = [self.kind(k) for k in kinds] if kinds else self.kinds()
        for kind in chosen:
            if not kind.clocks:
                continue
            access = self.access(kind, viewer)
            sensitive = {f.id for f in kind.fields if f.sensitive}
            clocks = [c for c in kind.clocks
                      if access == FULL or not ({c.start, c.due, c.stop} & sensitive)]
            if clocks:
                yield kind, access, clocks

    def _due_rows(self, kind: RegisterKind, access: str, clocks: list[Clock], within: int, keep: int | None,
                  count_to: int) -> tuple[list[tuple[Sequence[Any], list[ClockState]]], int]:
        """The rows of ``kind`` holding the soonest ``keep`` clocks due by the horizon (None: every one),
        with those clocks' states, and the number of clocks due found (at least ``count_to``, if there are).

        Entries written under these clock definitions come from ``register_current_clocks`` in the
        order of the day their clocks count from, up to the horizon; those written under others
        (the kind's clocks were changed since) are all looked at.  Reading stops once the soonest
        ``keep`` are known (the next entry's day is after the latest of them) and ``count_to``
        have been counted.
        """
        horizon = self.today + dt.timedelta(days=within)
        settings = self.settings(kind.id)
        sig = clock_signature(kind)
        visible = ""
        params: list[Any] = [self.council.id, kind.id]
        if access != FULL:
            visible = " AND (c.confidential = 0 OR (c.released_on IS NOT NULL AND c.released_on <= ?))"
            params.append(self.today.isoformat())
        # the entry's columns as _entries reads them, then the day its clocks count from (last)
        select = (f"SELECT {_COLUMNS}, c.clocks_open FROM register_current c JOIN register_entries e ON e.seq = c.seq"
                  f" WHERE c.council_id = ? AND c.kind = ? AND c.withdrawn = 0{visible}")
        days = [0 if c.due else self._days(c, settings) for c in kind.clocks]
        ordered = min(days) >= 0  # no clock is due before the day it counts from
        # an entry's clocks fall due no sooner than this many days after the day stored with it
        ahead = min(days)
        found: list[tuple[Sequence[Any], dict[str, Any], list[tuple[Clock, dt.date]]]] = []
        counted = 0
        fromiso = dt.date.fromisoformat
        dates = [f.id for f in kind.fields if f.type == "date"]
        soonest: list[int] = []  # with ``keep``: the soonest ``keep`` due days found, as a heap of -day

        def done(day: int) -> bool:
            if counted < count_to or keep is None:
                return False
            return keep == 0 or (len(soonest) >= keep and day + ahead > -soonest[0])

        def consider(rows: Iterable[Sequence[Any]], in_order: bool) -> None:
            nonlocal counted
            for row in rows:
                if in_order and done(row[-1]):
                    return
                values = json.loads(row[_DATA])
                for key in dates:
                    if isinstance(value := values.get(key), str):
                        values[key] = fromiso(value)
                due = [(clock, day) for clock in clocks
                       if (day := self._running_due(kind, clock, values, settings)) is not None and day <= horizon]
                if not due:
                    continue
                counted += len(due)
                if keep == 0:
                    continue
                found.append((row, values, due))
                if keep is not None:
                    for _, day in due:
                        heapq.heappush(soonest, -day.toordinal())
                        if len(soonest) > keep:
                            heapq.heappop(soonest)

        with self.store.read() as conn:
            cursor = conn.cursor()
            cursor.row_factory = None  # _entries reads rows by position
            # entries written under other clock definitions: two index ranges ("!=" or an OR would read the
            # whole register); the day stored with them may not hold for the clocks as they are, so each is read
            for op in ("<", ">"):
                consider(cursor.execute(f"{select} AND c.clock_sig {op} ?", [*params, sig]).fetchall(), False)
            if ordered:
                last = horizon.toordinal() - ahead  # an entry counting from a later day is not due by the horizon
                consider(cursor.execute(f"{select} AND c.clocks_open BETWEEN 1 AND ? AND c.clock_sig = ?"
                                        " ORDER BY c.clocks_open", [*params, last, sig]), True)
            else:
                consider(cursor.execute(f"{select} AND c.clocks_open > 0 AND c.clock_sig = ?", [*params, sig]), False)
        if keep is not None and len(found) > keep:  # only the rows of the soonest ``keep``: the rest were counted
            cut = dt.date.fromordinal(-soonest[0]) if soonest else dt.date.min
            found = [(row, values, [(c, day) for c, day in due if day <= cut]) for row, values, due in found]
        out = []
        for row, values, due in found:  # the clocks' states, with their words, for the rows kept
            states = [s for clock, _ in due if (s := self._clock_state(kind, clock, values, settings)) is not None]
            if states:
                out.append((row, states))
        return out, counted

    @staticmethod
    def _days(clock: Clock, settings: Mapping[str, Any]) -> int:
        return settings.get(clock.days_setting, clock.days) if clock.days_setting else clock.days

    def _running_due(self, kind: RegisterKind, clock: Clock, values: Mapping[str, Any],
                     settings: Mapping[str, Any]) -> dt.date | None:
        """The day ``clock`` falls due for an entry, if it applies and runs (:meth:`_clock_state`'s
        ``due_on``, without the words): what the due list works out for every entry it reads."""
        if clock.stop is not None and values.get(clock.stop) is not None:
            return None
        if clock.when and not _holds(kind, clock.when, values):
            return None
        for money_field, setting_id in clock.at_least.items():
            amount = values.get(money_field)
            if amount is None or amount < settings.get(setting_id, 0):
                return None
        explicit = values.get(clock.due) if clock.due else None
        if explicit is not None:
            return explicit  # type: ignore[no-any-return]
        start = values.get(clock.start) if clock.start else None
        if start is None:
            return None
        days = settings.get(clock.days_setting, clock.days) if clock.days_setting else clock.days
        if clock.working_days:
            return add_working_days(start, days, self.council.nation).due
        return start + dt.timedelta(days=days)  # type: ignore[no-any-return]

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
                working = f"{_days(days)} from {start.isoformat()}"
        else:
            return None
        return ClockState(clock, due_on, start, stopped, self.today, clock.working_days, working)


def clock_signature(kind: RegisterKind) -> str:
    """A short fingerprint of the kind's clocks, kept with each entry's ``clocks_open`` flag, so that
    entries written under other clock definitions are looked at again rather than missed."""
    if not kind.clocks:
        return ""
    text = repr([(c.id, c.start, c.due, c.stop) for c in kind.clocks])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def clocks_open(kind: RegisterKind, data: Mapping[str, Any]) -> int:
    """0 when none of the kind's clocks has started (its start or due date filled) or all have stopped;
    else the day number (:meth:`datetime.date.toordinal`) of the earliest date a running one counts from.

    It is true exactly when a clock runs, and the store keeps it with the entry
    (``register_current.clocks_open``): no clock is due before that day, so the due list
    reads entries in its order.
    """
    days = []
    for c in kind.clocks:
        if c.stop is not None and c.stop in data:
            continue
        for key in (c.due, c.start):  # a due date given wins over counting from the start
            if key is not None and key in data:
                value = data[key]
                days.append(value.toordinal() if isinstance(value, dt.date) else 1)
                break
    return min(days) if days else 0


def visible_clocks(regs: Registers, e: Entry) -> list[Any]:
    """The entry's clock states, leaving out any that would show a date the viewer may not see."""
    if e.withdrawn:
        return []
    hidden = set(e.hidden)
    return [s for s in regs.clock_states(e) if not ({s.clock.start, s.clock.due, s.clock.stop} & hidden)]
