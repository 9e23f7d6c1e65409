"""Cases: the list, overdue first, filtered by state, loading a page at a time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Header, Label, Select, Static

from ...render.cases import CASE_COLUMNS, FLEXIBLE, case_detail, case_row
from ...render.markup import escape
from ...widgets.footer import Footer
from ...widgets.tables import Batch, Fetch, LazyTable
from ..base import CouncilScreen

if TYPE_CHECKING:
    from councilkit import Council

PAGE = 100


@attrs.frozen
class CasesAhead:
    """The case list's first page, read before the list was first shown (:meth:`CasesScreen.read_ahead`)."""

    key: tuple[Any, ...]
    fetch: Fetch
    first: Batch


class CaseTable(LazyTable):
    HELP = """\
## Cases

The cases you may see at this council: **overdue first**, then open on time,
awaiting their next step, resolved (to be closed) and closed; newest first in
each.  Rows load as you scroll, so a list of 100,000 cases opens at once.

- **Enter** opens the case: its timeline, current step, handler and due date
- **n** opens a new case (a wizard previews the route before anything is written)
- **f** chooses which cases to show (active, overdue, open, awaiting, resolved, closed, all)
- **y** copies the case's reference to the clipboard (works over SSH)
- **ctrl+l** reloads the list
"""


class CasesScreen(CouncilScreen):
    BINDINGS = [
        Binding("enter", "open_case", "Open", id="cases.open"),
        Binding("n", "new_case", "New case", id="cases.new"),
        Binding("f", "choose_show", "Show…", id="cases.show"),
        Binding("y", "copy", "Copy ref", id="cases.copy"),
        Binding("ctrl+l", "reload", "Reload", id="cases.reload"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show = "active"
        self._revision = -1
        self.summaries: dict[str, Any] = {}

    def compose(self) -> ComposeResult:
        from councilkit.cases import SHOW_LABELS

        yield Header()
        with Horizontal(id="cases-bar"):
            yield Label("Show ", id="cases-show-label")
            yield Select([(label, key) for key, label in SHOW_LABELS.items()], value=self.show,
                         allow_blank=False, id="cases-show", compact=True)
            yield Static("", id="cases-status")
        yield CaseTable(id="case-table", lock=self.app.session.lock, flexible=FLEXIBLE, classes="pane")
        yield Static(id="case-row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(CaseTable)
        for key, heading in CASE_COLUMNS:
            table.add_column(heading, key=key)
        self.sync_council()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self._council_id is not None and self._revision != self.app.session.revision:
            self.reload()

    def show_council(self, council: Council) -> None:
        self.reload()

    def set_show(self, show: str) -> None:
        self.query_one("#cases-show", Select).value = show

    @on(Select.Changed, "#cases-show")
    def show_changed(self, event: Select.Changed) -> None:
        if event.value is not Select.NULL and event.value != self.show:
            self.show = str(event.value)
            self.reload()
            self.query_one(CaseTable).focus()

    def action_choose_show(self) -> None:
        # the menu takes the focus as it opens: focusing the Select first styled it and its parts once more
        self.query_one("#cases-show", Select).action_show_overlay()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        session = self.app.session
        council = session.council
        table = self.query_one(CaseTable)
        status = self.query_one("#cases-status", Static)
        if council is None or not session.loaded:
            return
        self._revision = session.revision
        actor = session.actor(council)
        if session.store is None or actor is None:
            table.clear()
            who = session.who_text(council) if session.store is not None else f"No store: {session.store_problem}"
            status.update(escape(f"No cases shown. {who}"))
            return
        status.update("Loading…")
        first = None
        ahead, self.app.cases_ahead = self.app.cases_ahead, None
        if ahead is not None and not self._reloaded and ahead.key == self.ahead_key(session, council, self.show):
            fetch, first = ahead.fetch, ahead.first  # read while Home was shown, nothing written since
        else:
            fetch = self.fetcher(session, council, actor, self.show)
        self._reloaded = True
        self.summaries = fetch.summaries  # type: ignore[attr-defined]
        if first is not None:
            self.set_focus(table)  # now, not later (table.focus()): the rows read ahead are drawn once, focused
            table.reset(fetch, first)
        else:
            table.reset(fetch)
            table.focus()

    _reloaded = False

    @staticmethod
    def ahead_key(session: Any, council: Council, show: str) -> tuple[Any, ...]:
        return council.id, show, session.revision, session.today, id(session.actor(council))

    @staticmethod
    def fetcher(session: Any, council: Council, actor: Any, show: str) -> Fetch:
        """Reads the list a page at a time (in the table's worker); the cases read are kept by id in its
        ``summaries``."""
        from councilkit.cases import Worklist

        day = session.today
        work = Worklist(session.book, actor, council_id=council.id, show=show, on=day)
        summaries: dict[str, Any] = {}

        def fetch(cursor: Any) -> Batch:
            page = work.page(cursor, PAGE)
            rows = []
            details = {}
            for s in page.cases:
                summaries[str(s.id)] = s
                rows.append((str(s.id), case_row(s, day)))
                details[str(s.id)] = case_detail(s, day)
            return Batch(rows, page.cursor, page.total, details)

        fetch.summaries = summaries  # type: ignore[attr-defined]
        return fetch

    @classmethod
    def read_ahead(cls, session: Any) -> CasesAhead | None:
        """The first page of the list F5 opens on (active cases at the council being worked on), read in a
        worker while Home is shown: the first F5 then paints it with the screen.  None when there is none
        to read."""
        council = session.council
        actor = session.actor(council) if council is not None and session.store is not None else None
        if council is None or actor is None:
            return None
        key = cls.ahead_key(session, council, "active")
        fetch = cls.fetcher(session, council, actor, "active")
        with session.lock:
            first = fetch(None)
        return CasesAhead(key, fetch, first)

    @on(LazyTable.RowHighlighted, "#case-table")
    def row_highlighted(self) -> None:
        self.query_one("#case-row", Static).update(self.query_one(CaseTable).detail())

    @on(LazyTable.Loaded)
    def loaded(self, event: LazyTable.Loaded) -> None:
        self.row_highlighted()
        status = self.query_one("#cases-status", Static)
        if event.error:
            status.update(escape(f"Could not load the cases: {event.error}"))
            return
        total = event.total or 0
        if not total:
            status.update("No cases here." if self.show == "active" else "No cases match.")
        elif event.done:
            status.update(f"{total:,} case{'s' if total != 1 else ''}, overdue first")
        else:
            status.update(f"{event.loaded:,} of {total:,} loaded, overdue first; more as you scroll")

    # opening ---------------------------------------------------------------------
    def _selected(self) -> str | None:
        return self.query_one(CaseTable).selected_key()

    def action_open_case(self) -> None:
        key = self._selected()
        if key:
            self.app.call_later(self.app.open_case, int(key))

    @on(LazyTable.RowSelected, "#case-table")
    def row_selected(self, event: LazyTable.RowSelected) -> None:
        if event.row_key.value:
            self.app.call_later(self.app.open_case, int(event.row_key.value))

    def action_new_case(self) -> None:
        session = self.app.session
        if session.council is None or session.store is None:
            self.notify("No store is open: cases cannot be opened.", severity="error")
            return
        if session.actor() is None:
            self.notify(session.who_text(), title="Cannot open a case", severity="error", timeout=10)
            return
        from .new_case import NewCaseScreen

        self.app.push_screen(NewCaseScreen())

    def action_copy(self) -> None:
        key = self._selected()
        summary = self.summaries.get(key or "")
        council = self.app.session.council
        if summary is None or council is None:
            return
        reference = f"{council.name}, case {summary.ref}: {summary.title}"
        self.app.copy_to_clipboard(reference)
        self.notify(f"Copied: {reference}", title="Clipboard")
