"""Search every register of the council at once, and open an entry found."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...render.markup import escape
from ...widgets.footer import Footer
from ...widgets.scrolling import CueList


class RegisterSearch(ModalScreen[int | None]):
    """Search every register of the council: every word must match, ``word*`` a prefix, "a phrase" in quotes."""

    HELP = """\
## Search the registers

Type words: entries containing all of them are listed, newest first, across every
register you may see (a sensitive field is searched only for those who may see it).
`plan*` matches a prefix, `"county show"` a phrase.  Enter (or Down) moves into the
results; Enter opens an entry; Escape closes.
"""
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="register_search.close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="register-search"):
            yield Static("Search the registers: every word must match; Enter opens an entry, Escape closes.")
            yield Input(placeholder="words to find", id="register-search-input")
            yield CueList(id="register-search-results", classes="pane")
        yield Footer()

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.app.blink
        field.focus()

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted)
    def submitted(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count and not results.get_option_at_index(0).disabled:
            results.highlighted = 0
            results.focus()

    def key_down(self) -> None:
        if self.focused is self.query_one(Input):
            self.submitted()

    @work(thread=True, exclusive=True, group="register-search")
    def search(self, text: str) -> None:
        from councilkit.errors import CouncilkitError

        session = self.app.session
        if not text.strip():
            self.app.call_from_thread(self._show, [], "")
            return
        try:
            with session.using():
                regs = session.registers()
                hits = regs.search(text, session.viewer, limit=50)
                titles = {k.id: k.title for k in regs.kinds()}
        except CouncilkitError as exc:
            self.app.call_from_thread(self._show, [], str(exc))
            return
        self.app.call_from_thread(self._show, [(h.entry.id, titles.get(h.entry.kind, h.entry.kind), h.snippet)
                                               for h in hits], "" if hits else f"No entry contains {text}.")

    def _show(self, hits: list[tuple[int, str, str]], message: str) -> None:
        results = self.query_one(OptionList)
        results.clear_options()
        if message:
            results.add_option(Option(escape(message), disabled=True))
        for entry_id, title, snippet in hits:
            results.add_option(Option(f"#{entry_id} {escape(title)}\n  {escape(snippet)}", id=str(entry_id)))

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(int(event.option.id))
