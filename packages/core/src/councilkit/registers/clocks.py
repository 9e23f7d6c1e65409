"""Register clocks: where each of a kind's clocks stands for an entry, what falls due, and who may see it.

A kind's clock runs from a date in the entry (its ``start``), for a number of days
or working days, to a due date (or one the entry gives), until a date that stops it
(its ``stop``).  :meth:`RegisterClocks.clock_states` says where each stands for one
entry; :meth:`RegisterClocks.due` lists what the clocks say needs doing.  Each entry
is stored with a flag saying whether one of its clocks is running
(:func:`clocks_open`) and a fingerprint of the clocks it was written under
(:func:`clock_signature`), so the due list reads only running entries.

A clock's dates come from the entry's fields; a person from whom one of those fields
is withheld (:attr:`Entry.hidden <councilkit.registers.entries.Entry.hidden>`) must not
learn it from the clock either, so the command line and the terminal UI both show
only :func:`visible_clocks`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from councilkit.people.records import Person
from councilkit.registers.entries import _ROW, FULL, Entry, RegisterError, RegisterReader, _holds
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


def visible_clocks(regs: Registers, e: Entry) -> list[Any]:
    """The entry's clock states, leaving out any that would show a date the viewer may not see."""
    if e.withdrawn:
        return []
    hidden = set(e.hidden)
    return [s for s in regs.clock_states(e) if not ({s.clock.start, s.clock.due, s.clock.stop} & hidden)]
