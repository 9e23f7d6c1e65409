"""Registers: one tab per kind the council keeps, each a table that loads lazily (search: :mod:`.search`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, Static, TabbedContent, TabPane

from ...render.markup import escape, plain
from ...render.registers import entry_detail, entry_row
from ...widgets.footer import Footer
from ...widgets.tables import Batch, LazyTable
from ..base import CouncilScreen
from .search import RegisterSearch

if TYPE_CHECKING:
    from councilkit import Council

PAGE = 100
#: fields whose values are short and keep their width in a table (dates, sums, yes/no): words give way first
NARROW_TYPES = ("date", "money", "bool", "int", "number")
STATUS_CYCLE = ("current", "withdrawn", "all")


class EntryTable(LazyTable):
    HELP = """\
## A register

The entries you may see, newest first; rows load as you scroll.  CONFIDENTIAL
entries and sensitive fields are shown only to the roles the register names;
anyone else is told what is withheld.

- **Enter** opens the entry: its fields, clocks and every version (its history)
- **a** adds an entry, **m** amends the one under the cursor (fields are checked as you save)
- **[** and **]** move between registers; **/** searches every register
- **v** shows current entries, withdrawn ones, or all
"""


class RegistersScreen(CouncilScreen):
    BINDINGS = [
        Binding("enter", "open_entry", "Open", id="registers.open", show=False),
        Binding("a", "add", "Add", id="registers.add"),
        Binding("m", "amend", "Amend", id="registers.amend"),
        Binding("slash", "search", "Search", id="registers.search"),
        Binding("right_square_bracket", "next_tab", "Next tab", id="registers.next_tab"),
        Binding("left_square_bracket", "previous_tab", "Previous", id="registers.previous_tab", show=False),
        Binding("v", "cycle_status", "Show…", id="registers.status"),
        Binding("ctrl+l", "reload", "Reload", id="registers.reload", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.status = "current"
        self.kinds: list[Any] = []
        self._loaded: set[str] = set()
        self._revision = -1
        self._wanted: str | None = None
        self._building = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="reg-status")
        yield Vertical(id="reg-body")
        yield Static(id="reg-row")
        yield Footer()

    def on_mount(self) -> None:
        self.sync_council()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self._council_id is not None and self._revision != self.app.session.revision:
            self._revision = self.app.session.revision
            self._loaded.clear()
            self._load_active()

    def show_council(self, council: Council) -> None:
        self._building = True
        self.call_later(self._rebuild, council)

    async def _rebuild(self, council: Council) -> None:
        session = self.app.session
        self._building = True
        try:
            await self._build(council)
        finally:
            self._building = False
        wanted, self._wanted = self._wanted, None
        if wanted and any(k.id == wanted for k in self.kinds):
            self.query_one("#reg-tabs", TabbedContent).active = f"kind-{wanted}"
        self._revision = session.revision
        self._load_active()

    async def _build(self, council: Council) -> None:
        session = self.app.session
        body = self.query_one("#reg-body", Vertical)
        await body.remove_children()
        self._loaded.clear()
        self.kinds = []
        status = self.query_one("#reg-status", Static)
        if session.store is None:
            status.update(escape(f"No store: {session.store_problem}" if session.store_problem else "Opening…"))
            return
        with session.using():
            self.kinds = session.registers(council).kinds()
        if not self.kinds:
            status.update(escape(f"{council.name} keeps no registers (its council file turns none on)."))
            return
        wanted = self._wanted if any(k.id == self._wanted for k in self.kinds) else None
        tabs = TabbedContent(id="reg-tabs", initial=f"kind-{wanted}" if wanted else "")
        for kind in self.kinds:
            title = kind.title if len(kind.title) <= 26 else kind.title[:25] + "…"
            words = [c for c in kind.list_columns() if getattr(kind.field(c), "type", "text") not in NARROW_TYPES]
            table = EntryTable(id=f"table-{kind.id}", lock=session.lock, flexible=words, classes="pane")
            tabs.compose_add_child(TabPane(title, table, id=f"kind-{kind.id}"))
        await body.mount(tabs)
        for kind in self.kinds:
            table = self.query_one(f"#table-{kind.id}", EntryTable)
            table.add_column("#", key="id")
            for column in kind.list_columns():
                f = kind.field(column)
                table.add_column(plain(f.label if f else column), key=column)
            table.add_column("Flags", key="flags")

    def show_kind(self, kind_id: str) -> None:
        """Bring the tab of register ``kind_id`` to the front (from the palette)."""
        if self._building or not self.query("#reg-tabs"):
            self._wanted = kind_id
            return
        if any(k.id == kind_id for k in self.kinds):
            self.query_one("#reg-tabs", TabbedContent).active = f"kind-{kind_id}"
            self._load_active()

    @on(TabbedContent.TabActivated)
    def tab_activated(self) -> None:
        self._load_active()

    def active_kind(self) -> Any:
        if not self.query("#reg-tabs"):
            return None
        active = self.query_one("#reg-tabs", TabbedContent).active
        return next((k for k in self.kinds if f"kind-{k.id}" == active), None)

    def active_table(self) -> EntryTable | None:
        kind = self.active_kind()
        return self.query_one(f"#table-{kind.id}", EntryTable) if kind is not None else None

    def _load_active(self) -> None:
        kind = self.active_kind()
        if kind is None or self._building:
            return
        table = self.query_one(f"#table-{kind.id}", EntryTable)
        self._status_for(kind, table)
        if kind.id in self._loaded:
            table.focus()
            return
        self._loaded.add(kind.id)
        session = self.app.session
        regs = session.registers()
        viewer = session.viewer
        status = self.status
        columns = kind.list_columns()
        def fetch(before: Any) -> Batch:
            page = regs.page(kind.id, viewer, before=before, limit=PAGE, status=status)
            rows = [(str(e.id), entry_row(e, columns)) for e in page.entries]
            details = {str(e.id): entry_detail(kind, e, columns) for e in page.entries}
            total = regs.count(kind.id, viewer, status) if before is None else None
            return Batch(rows, page.next_before, total, details)

        table.reset(fetch)
        table.focus()

    def _status_for(self, kind: Any, table: EntryTable) -> None:
        session = self.app.session
        regs = session.registers()
        council = session.council
        with session.using():
            access = regs.access(kind, session.viewer)
        words = {"current": "current", "withdrawn": "withdrawn", "all": "current and withdrawn"}[self.status]
        count = "" if table.total is None else f"{table.total:,} {words} entr{'y' if table.total == 1 else 'ies'}"
        loaded = (f" ({table.row_count:,} loaded; more as you scroll)"
                  if table.total is not None and table.row_count < table.total else "")
        note = ""
        if access != "full":
            hidden = [f.label for f in kind.fields if f.sensitive]
            note = (f"; CONFIDENTIAL entries{' and ' + ', '.join(hidden) if hidden else ''} hidden: only "
                    + " or ".join(council.title(r) for r in regs.visible_to(kind)) + " may see them")
        use = regs.use(kind.id)
        cite = f" · clause {', '.join(use.cite)}" if use and use.cite else ""
        self.query_one("#reg-status", Static).update(
            escape(f"{kind.title}{cite} · {count or words}{loaded}{note}"))

    @on(LazyTable.RowHighlighted)
    def row_highlighted(self) -> None:
        table = self.active_table()
        self.query_one("#reg-row", Static).update(table.detail() if table is not None else "")

    @on(LazyTable.Loaded)
    def table_loaded(self, event: LazyTable.Loaded) -> None:
        self.row_highlighted()
        kind = self.active_kind()
        if kind is None or event.table is not self.active_table():
            return
        if event.error:
            self.query_one("#reg-status", Static).update(escape(f"Could not load the register: {event.error}"))
            return
        self._status_for(kind, event.table)  # type: ignore[arg-type]

    # keys -----------------------------------------------------------------------
    def _move_tab(self, step: int) -> None:
        kind = self.active_kind()
        if kind is None:
            return
        index = (self.kinds.index(kind) + step) % len(self.kinds)
        self.show_kind(self.kinds[index].id)

    def action_next_tab(self) -> None:
        self._move_tab(1)

    def action_previous_tab(self) -> None:
        self._move_tab(-1)

    def action_cycle_status(self) -> None:
        self.status = STATUS_CYCLE[(STATUS_CYCLE.index(self.status) + 1) % len(STATUS_CYCLE)]
        self._loaded.clear()
        self._load_active()
        self.notify(f"Showing {self.status} entries", title="Registers")

    def action_reload(self) -> None:
        self._loaded.clear()
        self._load_active()

    def _selected(self) -> int | None:
        table = self.active_table()
        key = table.selected_key() if table is not None else None
        return int(key) if key else None

    def action_open_entry(self) -> None:
        entry_id = self._selected()
        if entry_id is not None:
            self.app.call_later(self.app.open_entry, entry_id)

    @on(LazyTable.RowSelected)
    def row_selected(self, event: LazyTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.call_later(self.app.open_entry, int(event.row_key.value))

    def action_add(self) -> None:
        kind = self.active_kind()
        if kind is None:
            return
        from .entry_form import EntryForm

        self.app.push_screen(EntryForm(kind.id))

    def action_amend(self) -> None:
        entry_id = self._selected()
        if entry_id is None:
            self.notify("Choose an entry to amend first.", severity="warning")
            return
        from .entry_form import EntryForm

        self.app.push_screen(EntryForm(self.active_kind().id, entry_id))

    def action_search(self) -> None:
        def chosen(entry_id: int | None) -> None:
            if entry_id is not None:
                self.app.call_later(self.app.open_entry, entry_id)

        self.app.push_screen(RegisterSearch(), chosen)
