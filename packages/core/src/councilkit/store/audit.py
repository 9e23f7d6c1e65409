"""Checking a whole store: the file, every hash chain, and the records beyond the chains.

:func:`verify` is what ``councilkit audit verify`` and ``councilkit backup`` (on the copy) run:

- SQLite's own ``PRAGMA integrity_check`` of the file;
- every hash chain (:meth:`~councilkit.store.Store.verify_chains`): case events, who opened
  which case, register entries, and changes to people, appointments and administrators;
- each case's events numbered 1 to its version (:func:`councilkit.cases.integrity.numbering_problems`);
- the people and appointments agree with their record (:func:`councilkit.people.log.record_problems`).

:func:`verify_file` opens the file read-only first (:func:`~councilkit.store.inspect_store`),
so checking never creates, migrates or changes it, and a missing, empty, foreign or
damaged file is one :class:`~councilkit.store.StoreError` naming the file and what is wrong.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import attrs

from councilkit.store import Store, StoreError, inspect_store


def load_chained_tables() -> None:
    """Import the modules that declare the hash-chained tables, so every chain is checked."""
    import councilkit.cases.events
    import councilkit.people.log
    import councilkit.registers.entries  # noqa: F401


@attrs.frozen
class Verification:
    """What checking a store found.  ``ok`` when nothing is wrong; ``notes`` are not problems."""

    path: str
    checked: dict[str, int]
    integrity: tuple[str, ...] = ()
    chains: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def problems(self) -> list[str]:
        return [f"database: {m}" for m in self.integrity] + list(self.chains) + list(self.records)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: Store) -> Verification:
    """Check ``store`` (see the module).  A database SQLite cannot read is a :class:`StoreError`."""
    from councilkit.cases.integrity import numbering_problems
    from councilkit.people.log import record_problems

    load_chained_tables()
    try:
        integrity = store.integrity_check()
        if integrity:  # the chains of a damaged file may not even be readable: say what SQLite found
            return Verification(str(store.path), {}, tuple(integrity))
        checked, chains = store.verify_chains()
        tables = store.tables()
        records = numbering_problems(store) if {"cases", "case_events"} <= tables else []
        people, notes = record_problems(store) if "people_events" in tables else ([], [])
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{store.path}: the database cannot be read ({exc})") from None
    return Verification(str(store.path), checked, (), tuple(str(p) for p in chains), tuple(records + people),
                        tuple(notes))


def verify_file(path: str | Path) -> Verification:
    """Open the store at ``path`` read-only and check it; :class:`StoreError` when it is no store."""
    store = inspect_store(path)
    try:
        return verify(store)
    finally:
        store.close()
