"""A table that loads lazily: a page at a time, in a worker, as the cursor nears the end of what it holds."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from typing import Any

import attrs
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.widgets import DataTable

from .scrolling import ScrollCue

#: load the next page when the cursor is this close to the last row loaded
LOOKAHEAD = 20
#: a column is at least this wide for its heading (or as wide as the heading, if shorter)
HEADING = 12
#: a column that gives way keeps at least this many characters
MIN_FLEXIBLE = 8
#: a list of at least this many rows, replaced, has what it leaves collected at once (see :meth:`LazyTable.reset`)
COLLECT_AFTER = 1000
_LINE_BREAK = Text("\n")


@attrs.frozen
class Batch:
    """What a fetch returns: rows as (key, cells), where to continue (None at the end), and the total."""

    rows: Sequence[tuple[str, Sequence[Any]]]
    cursor: Any
    total: int | None = None
    #: each row in full, by key, for the line under the table (a cell may be cut to fit)
    details: dict[str, str] = attrs.field(factory=dict)


Fetch = Callable[[Any], Batch]


class LazyTable(ScrollCue, DataTable[Any]):
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

    def __init__(self, *, lock: Any = None, flexible: Sequence[str] | dict[str, int] = (), **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self.lock = lock
        #: the columns that give up width when the rows do not fit (the others keep their content's width),
        #: each with the most it may take then (0: no limit)
        self.flexible = dict(flexible) if isinstance(flexible, dict) else dict.fromkeys(flexible, 0)
        #: each loaded row in full, by key (see :class:`Batch`)
        self.details: dict[str, str] = {}
        self._cell_widths: dict[str, int] = {}
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

    def reset(self, fetch: Fetch, first: Batch | None = None) -> None:
        """Forget every row and load the first page from ``fetch`` (or show ``first``, that page read already)."""
        self._generation += 1
        self._fetch = fetch
        self._cursor = None
        self._more = True
        self._loading = True  # the cursor put back at the top by clear() asks for no page
        self.total = None
        self.details = {}
        self._cell_widths = {}
        dropped = self.row_count
        self.clear()
        if dropped >= COLLECT_AFTER:
            # What a long list leaves (Textual's drawn lines hold themselves in their caches, so only the
            # garbage collector's full pass frees them: 58,000 objects for 1,500 rows, 20 to 40 ms) is
            # collected just after the new list is drawn, while it is read, and not at some later key.
            self.call_after_refresh(gc.collect)
        if first is None:
            first = self._read_now(fetch)
        if first is not None:
            self._add(self._generation, first)
        else:
            self._loading = False
            self.load_more()

    def _read_now(self, fetch: Fetch) -> Batch | None:
        """The first page read at once, when the store is free (a page is a few bounded statements): the
        list is then drawn once, with its rows, in the frame the key that asked for it draws (the menu
        closing, the new filter's name), and not first empty and again when a worker brings the rows.
        None when the store is busy (another thread holds the lock) or the read failed: the worker then
        reads it, as it reads the next pages, and says what went wrong."""
        lock = self.lock
        if lock is not None and not lock.acquire(blocking=False):
            return None
        try:
            return fetch(None)
        except Exception:  # read again in the worker, which shows the error
            return None
        finally:
            if lock is not None:
                lock.release()

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
        keys = [c.key.value for c in self.columns.values()]
        drawn, version = self.row_count, self._update_count
        for key, cells in batch.rows:
            if key not in self.rows:
                self.add_row(*cells, key=key)
                for column, cell in zip(keys, cells, strict=False):
                    width = cell.cell_len if hasattr(cell, "cell_len") else cell_len(str(cell))
                    if width > self._cell_widths.get(column or "", 0):
                        self._cell_widths[column or ""] = width
        self.details.update(batch.details)
        if drawn and self.fit_columns() is False:
            # A page went in below the rows already drawn, the columns as they were: those rows look as
            # before, so what was drawn of them is kept (Textual counts every row added as a change to
            # the whole table, and drew every row on screen again, at each page loaded).  Only the list
            # of row offsets depends on the rows added: it is worked out again.
            self._update_count = version
            self._offset_cache.clear()
            self._ordered_row_cache.clear()
        elif not drawn:
            self.fit_columns()
        # only now is the next page wanted: while the rows went in, the cursor's moves (each row added
        # tells the cursor) asked for more, and would have fetched this page again from the old cursor
        self._loading = False
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

    def on_resize(self) -> None:
        self.fit_columns()

    def fit_columns(self) -> bool | None:
        """Each column as wide as its content, if the table is wide enough; else the flexible columns share
        what the others leave (a cell too long ends in "…", and the line under the table shows it whole).
        True if a column changed width (the table is drawn again), False if none did, None if the table has
        no columns or no width yet."""
        columns = list(self.columns.values())
        width = self.scrollable_content_region.width or self._width_to_come()
        if not columns or width <= 0:
            return None
        # a long heading over short values ("Date offered or received" over dates) is cut rather than widening
        natural = {c.key.value: max(self._cell_widths.get(c.key.value or "", 0), min(c.label.cell_len, HEADING))
                   for c in columns}
        flexible = [k for k in natural if k in self.flexible] or [columns[-1].key.value]
        padding = 2 * self.cell_padding * len(columns)
        room = width - padding - sum(n for k, n in natural.items() if k not in flexible)
        # the narrowest flexible columns get their whole width first; the widest share what is left
        widths = dict(natural)
        left = room
        ordered = sorted(flexible, key=lambda k: natural[k])
        for n, key in enumerate(ordered):
            fair = max(MIN_FLEXIBLE, left // (len(ordered) - n))
            widths[key] = min(natural[key], fair, self.flexible.get(key) or fair)
            left -= widths[key]
        changed = False
        for column in columns:
            share = widths[column.key.value]
            if column.width != share or column.auto_width:
                column.width, column.auto_width = share, False
                changed = True
        if changed:  # else the rows on screen stay as they were drawn (a page added below them, or a resize
            self._clear_caches()  # that changes no column), and nothing is drawn again
            self._require_update_dimensions = True
            self.refresh()
        return changed

    def _update_dimensions(self, new_rows: Any) -> None:
        """The table's size once rows are added (Textual calls this when idle).

        Textual's own measures every cell of every new row (about 500 for a page) to size the columns,
        then throws the widths away for columns of a set width.  Here every column's width is set by
        :meth:`fit_columns` from widths taken as the rows come in, and every row is one line, so
        only the size is worked out, as Textual would; a table with a column still sized by
        Textual, a row label or a row of several lines is measured by Textual as before.
        """
        rows = self.rows
        if (any(c.auto_width for c in self.columns.values()) or self._labelled_row_exists
                or any(rows[k].label is not None or rows[k].auto_height or rows[k].height != 1
                       for k in new_rows if k in rows)):
            super()._update_dimensions(new_rows)
            return
        width = sum(c.get_render_width(self) for c in self.columns.values()) + self._row_label_column_width
        self.virtual_size = Size(width, self._total_row_height + (self.header_height if self.show_header else 0))

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> Any:
        """A cell as Textual draws it, in a quarter of the time for a one-line cell of plain text.

        Textual draws every cell through Rich's general layout (a padding around the text, wrapped,
        cropped, padded, then split into lines), about 70 us a cell: a screen of rows drawn again (the
        table focused or not, a new filter) spent most of its time there.  A one-line row's cell that is
        rich Text without tabs or line breaks is cut and padded here directly, into the same segments in
        the same styles (the same cache as Textual's); any other cell goes Textual's way.
        """
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cache_key = (row_key, column_key, base_style, cursor, hover, self._show_hover_cursor, self._update_count,
                     self._pseudo_class_state)
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        row = self.rows.get(row_key) if row_key is not None else None
        padding = self.cell_padding
        inner = width - 2 * padding
        cells = self._get_row_renderables(row_index).cells if row is not None else ()
        cell = cells[column_index] if column_index < len(cells) else None
        if (row is None or row.height != 1 or row.auto_height or inner < 1 or not isinstance(cell, Text)
                or cell.justify not in (None, "default") or "\t" in cell.plain or "\n" in cell.plain):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        fixed = row_index < self.fixed_rows or column_index < self.fixed_columns
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, fixed, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        text = cell.copy()
        text.end = ""
        text.truncate(inner, overflow=cell.overflow or "fold")
        null = Style.null()
        # as Rich lays it out: the text joined into lines (its own style a span), the padding unstyled
        segments = [Segment(" " * padding, null), *_LINE_BREAK.join([text]).render(self.app.console),
                    Segment(" " * (inner - text.cell_len + padding), null)]
        meta = Style.from_meta({"row": row_index, "column": column_index})
        lines = [list(Segment.apply_style(segments, base_style + meta + component_style, post_style))]
        self._cell_render_cache[cache_key] = lines
        return lines

    def _width_to_come(self) -> int:
        """Before the table is first laid out (rows read ahead, added as the screen is built), the width it
        will have across its parent, so the rows are drawn once, in their fitted widths, and not first in
        their natural ones; if the guess is wrong, the table is fitted again when it is laid out."""
        parent = self.parent
        size = getattr(parent, "size", None)
        if size is None or size.width <= 0:
            return 0
        scrollbar = self.styles.scrollbar_size_vertical if self.row_count + 2 > size.height else 0
        return max(0, size.width - self.styles.gutter.width - scrollbar)

    def detail(self) -> str:
        """The row under the cursor in full ("" when there is none)."""
        return self.details.get(self.selected_key() or "", "")

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
