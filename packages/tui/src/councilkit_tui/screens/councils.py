"""Choosing a council."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from councilkit import Council
from councilkit.clock import today
from councilkit.errors import Problem


class CouncilsScreen(Screen[None]):
    """The councils this login can work with; Enter opens one."""

    BINDINGS = [("escape", "app.quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading councils…", id="council-status")
        yield OptionList(id="council-list")
        yield Footer()

    def show(self, councils: list[Council], problems: list[Problem]) -> None:
        self._councils = {c.id: c for c in councils}
        options = self.query_one("#council-list", OptionList)
        options.clear_options()
        day = today()
        for c in councils:
            review = c.review_status(day)
            flag = "  [review OVERDUE]" if review == "OVERDUE" else ""
            options.add_option(Option(f"{c.name}\n  {c.variant.title} · {len(c.protocol.clauses)} clauses{flag}", id=c.id))
        broken = sorted({p.file for p in problems if p.is_error and p.file})
        status = f"{len(councils)} councils. Choose one and press Enter."
        if broken:
            status += f"  Skipped {len(broken)} file(s) with errors: run `councilkit validate`."
        self.query_one("#council-status", Static).update(status)
        if councils:
            options.highlighted = 0
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        council = self._councils.get(event.option.id or "")
        if council is not None:
            self.app.open_council(council)  # type: ignore[attr-defined]
