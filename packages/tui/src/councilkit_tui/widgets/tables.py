"""A table that loads lazily: a page at a time, in a worker, as the cursor nears the end of what it holds."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import attrs
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

#: load the next page when the cursor is this close to the last row loaded
LOOKAHEAD = 20


@attrs.frozen
class Batch:
    """What a fetch returns: rows as (key, cells), where to continue (None at the end), and the total."""

    rows: Sequence[tuple[str, Sequence[Any]]]
    cursor: Any
    total: int | None = None


Fetch = Callable[[Any], Batch]


class LazyTable(DataTable[Any]):
    """Rows come from ``fetch(cursor)``, run in a thread worker; the first page on :meth:`reset`, more on demand."""

    BINDINGS = [
        Binding("home", "first_row", "First", id="table.first", show=False),
        Binding("end", "last_row", "Last loaded", id="table.last", show=False),
    ]

    class Loaded(Message):
        """Rows were added (or the load failed: ``error``)."""

        def __init__(self, table: LazyTable, loaded: int, total: int | None, done: bool, error: str = "") -> None:
            super().__init__()
            self.table = table
            self.loaded = loaded
            self.total = total
            self.done = done
            self.error = error

        @property
        def control(self) -> LazyTable:
            return self.table

    def __init__(self, *, lock: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self.lock = lock
        self._fetch: Fetch | None = None
        self._cursor: Any = None
        self._more = False
        self._loading = False
        self._generation = 0
        self.total: int | None = None

    @property
    def loading_more(self) -> bool:
        return self._loading

    @property
    def has_more(self) -> bool:
        return self._more

    def reset(self, fetch: Fetch) -> None:
        """Forget every row and load the first page from ``fetch``."""
        self._generation += 1
        self._fetch = fetch
        self._cursor = None
        self._more = True
        self._loading = False
        self.total = None
        self.clear()
        self.load_more()

    def load_more(self) -> None:
        if not self._more or self._loading or self._fetch is None:
            return
        self._loading = True
        generation, fetch, cursor = self._generation, self._fetch, self._cursor

        def work() -> None:
            try:
                if self.lock is not None:
                    with self.lock:
                        batch = fetch(cursor)
                else:
                    batch = fetch(cursor)
            except Exception as exc:  # shown, never fatal: a store busy, a council file gone
                self.app.call_from_thread(self._failed, generation, f"{type(exc).__name__}: {exc}")
                return
            self.app.call_from_thread(self._add, generation, batch)

        self.run_worker(work, thread=True, group="lazy-table", exit_on_error=False)

    def _add(self, generation: int, batch: Batch) -> None:
        if generation != self._generation:
            return  # a reset happened meanwhile: these rows belong to the old list
        self._loading = False
        for key, cells in batch.rows:
            if key not in self.rows:
                self.add_row(*cells, key=key)
        self._cursor = batch.cursor
        self._more = batch.cursor is not None
        if batch.total is not None:
            self.total = batch.total
        self.post_message(self.Loaded(self, self.row_count, self.total, not self._more))
        if self._more and (not batch.rows or self.cursor_row >= self.row_count - LOOKAHEAD):
            self.load_more()

    def _failed(self, generation: int, error: str) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._more = False
        self.post_message(self.Loaded(self, self.row_count, self.total, True, error))

    def watch_cursor_coordinate(self, old: Any, new: Any) -> None:
        super().watch_cursor_coordinate(old, new)
        if self._more and new.row >= self.row_count - LOOKAHEAD:
            self.load_more()

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0)

    def action_last_row(self) -> None:
        """To the last row loaded; the next page then loads, so End again goes further."""
        if self.row_count:
            self.move_cursor(row=self.row_count - 1)

    def selected_key(self) -> str | None:
        """The key of the row under the cursor (None when the table is empty)."""
        if not self.row_count:
            return None
        try:
            key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key
        except Exception:
            return None
        return key.value
