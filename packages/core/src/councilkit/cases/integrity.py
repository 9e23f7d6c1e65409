"""Checking the case record beyond its hash chain: each case's events are numbered 1 to its version.

The hash chain (``councilkit audit verify``, :meth:`~councilkit.store.Store.verify_chains`)
shows that no event was changed or removed from the chain; :func:`numbering_problems`
shows that the case list agrees with the events: a case whose version is not its
number of events, or whose events are not numbered 1, 2, 3... without a gap, lost
an event or had one added outside councilkit.
"""

from __future__ import annotations

from councilkit.store import Store


def numbering_problems(store: Store) -> list[str]:
    """One sentence for each case whose events and version disagree, by case number (none: all agree)."""
    gaps = store.query(
        "SELECT c.id, c.version, count(e.seq) AS events, coalesce(max(e.n), 0) AS last"
        " FROM cases c LEFT JOIN case_events e ON e.case_id = c.id GROUP BY c.id"
        " HAVING c.version != count(e.seq) OR coalesce(max(e.n), 0) != count(e.seq) ORDER BY c.id")
    return [f"case #{g['id']}: {g['events']} events numbered up to {g['last']}, "
            f"but the case says version {g['version']} (an event is missing or was added outside "
            "councilkit)" for g in gaps]
