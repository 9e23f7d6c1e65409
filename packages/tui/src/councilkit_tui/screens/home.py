"""Home: what needs attention at the council being worked on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from councilkit import Council
from councilkit.attention import attention_items

from .base import CouncilScreen

KEYS = ("F2 Home   F3 Clauses   F4 Ask   F7 Compare   F9 Council\n"
        "ctrl+p finds any clause or screen   F1 help   ctrl+q quits")


class HomeScreen(CouncilScreen):
    BINDINGS = [Binding("enter", "open", "Open", id="home.open", show=False)]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("Loading councils…", id="home-status")
            yield ProgressBar(id="home-progress", show_eta=False)
            yield Static(id="home-council")
            yield Static(KEYS, id="home-keys")
            yield OptionList(id="attention")
        yield Footer()

    def progress(self, message: str, fraction: float) -> None:
        self.query_one("#home-status", Static).update(message)
        self.query_one("#home-progress", ProgressBar).update(total=1.0, progress=fraction)

    def loaded(self) -> None:
        self.query_one("#home-progress", ProgressBar).display = False
        session = self.app.session
        status = f"{len(session.councils)} councils."
        broken = session.broken_files()
        if broken:
            status += f"  Skipped {len(broken)} file(s) with errors: run `councilkit validate`."
        self.query_one("#home-status", Static).update(status)

    def show_council(self, council: Council) -> None:
        p = council.protocol
        facts = [f"[b]{council.name}[/b]  {council.variant.title}",
                 f"{p.title}" + (f", version {p.version}" if p.version else "")
                 + (f", adopted {p.adopted.isoformat()}" if p.adopted else "")]
        self.query_one("#home-council", Static).update("\n".join(facts))
        items = attention_items(council, self.app.session.today)
        options = self.query_one("#attention", OptionList)
        options.clear_options()
        if not items:
            options.add_option(Option("Nothing needs attention today.", id="none", disabled=True))
        for n, item in enumerate(items):
            mark = "OVERDUE  " if item.overdue else "due      "
            options.add_option(Option(f"{mark}{item.text}", id=f"{item.kind}:{item.ref}:{n}"))
        options.focus()

    def action_open(self) -> None:
        options = self.query_one("#attention", OptionList)
        if options.highlighted is not None:
            self._open(options.get_option_at_index(options.highlighted).id or "")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id or "")

    def _open(self, option_id: str) -> None:
        kind, _, rest = option_id.partition(":")
        ref = rest.rsplit(":", 1)[0]
        if kind == "review":
            self.app.open_clause(ref)
