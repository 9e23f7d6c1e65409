"""Choosing the council to work on, when a login has more than one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..render.councils import council_label

if TYPE_CHECKING:
    from councilkit import Council


class CouncilPicker(ModalScreen[str | None]):
    """Pick a council; Enter chooses, Escape keeps the current one."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="councils.cancel")]

    def __init__(self, councils: list[Council], today_review: dict[str, str], current: str | None) -> None:
        super().__init__()
        self.councils = councils
        self.review = today_review
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Static("Which council?  Enter chooses.", id="picker-title")
            yield OptionList(*[Option(self._label(c), id=c.id) for c in self.councils], id="council-list")
        yield Footer()

    def _label(self, c: Council) -> str:
        return council_label(c, self.review.get(c.id, ""), c.id == self.current)

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        ids = [c.id for c in self.councils]
        options.highlighted = ids.index(self.current) if self.current in ids else 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
