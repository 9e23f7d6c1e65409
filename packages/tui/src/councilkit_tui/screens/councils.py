"""Choosing the council to work on, when a login has more than one: type to narrow the list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..render.councils import council_label
from ..widgets.footer import Footer
from ..widgets.scrolling import CueList

if TYPE_CHECKING:
    from councilkit import Council


class CouncilList(CueList):
    HELP = """\
## Which council?

Type part of a council's name (or its kind: parish, town) to narrow the list;
**Down** moves into it, **Enter** chooses.  **Escape** keeps the council you have
(at the start: none yet; **F9** chooses one later).
"""


class CouncilPicker(ModalScreen[str | None]):
    """Pick a council: type to narrow the list, Enter chooses, Escape keeps the current one."""

    HELP = CouncilList.HELP
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="councils.cancel"),
                Binding("down", "into_list", "List", id="councils.list", show=False)]

    def __init__(self, councils: list[Council], today_review: dict[str, str], current: str | None) -> None:
        super().__init__()
        self.councils = councils
        self.review = today_review
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static("Which council?  Type to narrow the list; Enter chooses.", id="picker-title")
            yield Input(placeholder="part of a name", id="council-filter", compact=True)
            yield CouncilList(id="council-list", classes="pane")
        yield Footer()

    def _label(self, c: Council) -> str:
        return council_label(c, self.review.get(c.id, ""), c.id == self.current)

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.cursor_blink = self.app.blink
        self._fill("")
        field.focus()

    def matching(self, text: str) -> list[Council]:
        """The councils whose name, id or kind holds every word typed."""
        words = text.casefold().split()
        return [c for c in self.councils
                if all(w in f"{c.name} {c.id} {c.variant.title}".casefold() for w in words)]

    def _fill(self, text: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        found = self.matching(text)
        for c in found:
            options.add_option(Option(self._label(c), id=c.id))
        if not found:
            options.add_option(Option(f"No council matches {text.strip()!r}.", disabled=True))
        ids = [c.id for c in found]
        if found:
            options.highlighted = ids.index(self.current) if self.current in ids and not text.strip() else 0

    @on(Input.Changed, "#council-filter")
    def narrowed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#council-filter")
    def submitted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            option = options.get_option_at_index(options.highlighted)
            if option.id:
                self.dismiss(option.id)

    def action_into_list(self) -> None:
        """Down from the box moves into the list (in the list, Down moves down it)."""
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
