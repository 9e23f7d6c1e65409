"""What the demo store holds, counted: case events, and register entries by council.

``councilkit demo`` prints these beside :func:`councilkit.demo.cast.report`'s people and cases.
"""

from __future__ import annotations

import attrs

from councilkit.store import Store


@attrs.frozen
class DemoCounts:
    """The case events in the store, and each council's current register entries."""

    events: int
    register_entries: dict[str, int]


def demo_counts(store: Store) -> DemoCounts:
    """Count the case events and the current register entries (by council) in ``store``."""
    events = store.conn.execute("SELECT count(*) FROM case_events").fetchone()[0]
    entries = dict(store.conn.execute(
        "SELECT council_id, count(*) FROM register_current GROUP BY council_id").fetchall())
    return DemoCounts(events, entries)
