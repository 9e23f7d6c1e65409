"""Home: who you are, and what needs attention at the council being worked on."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Header, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from ..render.markup import escape
from ..widgets.footer import Footer
from ..widgets.scrolling import CueList
from .base import CouncilScreen

if TYPE_CHECKING:
    from councilkit import Council

AREA_KEYS = [("app.home", "Home"), ("app.clauses", "Clauses"), ("app.ask", "Ask"), ("app.cases", "Cases"),
             ("app.registers", "Registers"), ("app.compare", "Compare"), ("app.council", "Council"),
             ("app.messages", "Messages")]


class AttentionList(CueList):
    HELP = """\
## What needs attention

Case steps overdue or due within a week, register clocks overdue or running out,
and the protocol's review when it is due: overdue first, then by date.  Every
line says its state in words (OVERDUE, due in 3 calendar days).

- **Up/Down** move, **Enter** opens the case, the register entry or the clause
- **F5** the case list, **F6** the registers, **F9** another council
"""


class HomeScreen(CouncilScreen):
    BINDINGS = [Binding("enter", "open", "Open", id="home.open", show=False),
                Binding("ctrl+l", "refresh_attention", "Refresh", id="home.refresh")]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static("Loading councils…", id="home-status")
            yield ProgressBar(id="home-progress", show_eta=False)
            yield Static(id="home-council")
            yield Static(id="home-keys")
            yield AttentionList(id="attention", classes="pane")
        yield Footer()

    def on_mount(self) -> None:
        self.show_keys()

    def show_keys(self) -> None:
        keys = "  ".join(f"{self.app.key_for(i)} {name}" for i, name in AREA_KEYS)
        self.query_one("#home-keys", Static).update(
            f"{escape(keys)}\nctrl+p finds any clause, case, register or screen   "
            f"{escape(self.app.key_for('app.help'))} help   {escape(self.app.key_for('app.quit'))} quits")

    def progress(self, message: str, fraction: float) -> None:
        self.query_one("#home-status", Static).update(escape(message))
        self.query_one("#home-progress", ProgressBar).update(total=1.0, progress=fraction)

    def loaded(self) -> None:
        self.query_one("#home-progress", ProgressBar).display = False
        session = self.app.session
        status = f"No councils: {session.councils_problem}" if session.councils_problem else (
            f"{len(session.councils)} councils.")
        broken = session.broken_files()
        if broken:
            status += f"  Skipped {len(broken)} file(s) with errors: run `councilkit validate`."
        if session.demo and session.store is not None:
            status += "  Demo store: fictional people, cases and registers."
        if session.store_problem:
            status += f"  No store: {session.store_problem}"
        self.query_one("#home-status", Static).update(escape(status))

    def no_council(self, key: str) -> None:
        """No council was chosen at the start (Escape in the chooser): say how to choose one."""
        self.query_one("#home-council", Static).update(
            f"No council chosen yet: press {escape(key)} to choose one (or ctrl+p, then \"Choose another council\").")
        options = self.query_one("#attention", OptionList)
        options.clear_options()
        options.add_option(Option(f"Choose a council with {escape(key)} to see what needs attention there.",
                                  disabled=True))
        self.app.home_ready()

    def show_council(self, council: Council) -> None:
        p = council.protocol
        session = self.app.session
        facts = [f"[b]{escape(council.name)}[/b] · {escape(council.variant.title)}",
                 escape(f"{p.title}" + (f", version {p.version}" if p.version else "")
                        + (f", adopted {p.adopted.isoformat()}" if p.adopted else "")),
                 escape(session.who_text(council))]
        problem = session.identity_at(council)[1]
        if problem:
            facts.append(escape(problem))
        self.query_one("#home-council", Static).update("\n".join(facts))
        options = self.query_one("#attention", OptionList)
        options.clear_options()
        options.focus()
        session = self.app.session
        ahead, self.app.attention_ahead = self.app.attention_ahead, None
        if ahead is not None and ahead[:2] == (council.id, session.revision):  # read with the councils at start-up
            self._show_read(council, *ahead[2:])
            return
        options.add_option(Option("Loading what needs attention…", id="loading", disabled=True))
        self.load_attention(council)

    def action_refresh_attention(self) -> None:
        council = self.app.session.council
        if council is not None:
            self.show_council(council)

    @staticmethod
    def read_attention(session: Any, council: Council) -> tuple[list[Any] | None, str]:
        """What needs attention at ``council`` (None and why, if it could not be read): call it from a worker."""
        try:
            return session.attention(council), ""
        except Exception as exc:  # a store problem is shown, never fatal
            return None, f"{type(exc).__name__}: {exc}"

    @work(thread=True, exclusive=True, group="attention")
    def load_attention(self, council: Council) -> None:
        read = self.read_attention(self.app.session, council)
        self.app.call_from_thread(self._show_read, council, *read)

    def _show_read(self, council: Council, items: list[Any] | None, problem: str) -> None:
        if items is None:
            self._show_problem(problem)
        else:
            self._show_items(council, items)

    def _show_problem(self, message: str) -> None:
        options = self.query_one("#attention", OptionList)
        options.clear_options()
        options.add_option(Option(f"Could not read what needs attention: {escape(message)}", disabled=True))
        self.app.home_ready()

    def _show_items(self, council: Council, items: list) -> None:  # type: ignore[type-arg]
        if self.app.session.council is not council:
            return
        options = self.query_one("#attention", OptionList)
        options.clear_options()
        if not items:
            options.add_option(Option("Nothing needs attention this week.", id="none", disabled=True))
        for n, item in enumerate(items):
            status = item.status or ("OVERDUE" if item.overdue else "due")
            options.add_option(Option(f"{escape(status)}: {escape(item.text)}", id=f"{item.kind}:{item.ref}:{n}"))
        if options.option_count:
            options.highlighted = 0
        self.app.home_ready()

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
            self.app.call_later(self.app.open_clause, ref)
        elif kind == "case" and ref.isdigit():
            self.app.call_later(self.app.open_case, int(ref))
        elif kind == "register" and ref.isdigit():
            self.app.call_later(self.app.open_entry, int(ref))
        elif kind == "cases":
            self.app.call_later(self.app.open_cases, "overdue")
