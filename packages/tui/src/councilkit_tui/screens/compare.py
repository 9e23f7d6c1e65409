"""Several councils' clauses on one topic, side by side ("concerns about the Clerk")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll
from textual.widgets import Header, Input, Static

from councilkit.model.search import index_of, meaning_words

from ..render.councils import compare_column, searched_line
from ..render.markup import escape
from ..widgets.footer import Footer
from ..widgets.scrolling import Panel
from .base import CouncilScreen

if TYPE_CHECKING:
    from councilkit import Council

DEFAULT_TOPIC = "concerns about the Clerk"


class CompareColumn(Panel):
    HELP = """\
## Compare

Each council's clauses most about the topic, best first, side by side: a clause
about any of the topic's meaning words ("gifts and hospitality": gift, hospitality,
in any form) is found; those about more of them come first.  The line above says
which councils were searched and what each had.

- **Left**/**Right** move one council at a time; **Up**/**Down**, **Home**/**End** read a column
- **/** changes the topic (Enter compares)
"""


class CompareScreen(CouncilScreen):
    HELP = CompareColumn.HELP
    BINDINGS = [
        Binding("slash", "topic", "Topic", id="compare.topic"),
        Binding("left", "column(-1)", "Previous council", id="compare.previous", show=False),
        Binding("right", "column(1)", "Next council", id="compare.next", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.topic = DEFAULT_TOPIC

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(value=self.topic, placeholder="A topic, e.g. concerns about the Clerk", id="compare-topic",
                    compact=True)
        yield Static(id="compare-searched")
        yield HorizontalScroll(id="compare-columns")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#compare-topic", Input).cursor_blink = self.app.blink

    def show_council(self, council: Council) -> None:
        self.call_later(self.refresh_columns)

    def set_topic(self, topic: str) -> None:
        self.topic = topic
        self.query_one("#compare-topic", Input).value = topic
        self.call_later(self.refresh_columns)

    def action_topic(self) -> None:
        self.query_one("#compare-topic", Input).focus()

    @on(Input.Submitted, "#compare-topic")
    def topic_submitted(self, event: Input.Submitted) -> None:
        self.topic = event.value.strip() or DEFAULT_TOPIC
        self.call_later(self.refresh_columns)  # then the first council has focus: Left/Right move on

    def _columns(self) -> list[CompareColumn]:
        return list(self.query(CompareColumn).results(CompareColumn))

    def action_column(self, step: int) -> None:
        """Focus the council to the left or right: one whole column at a time, scrolled into view."""
        columns = self._columns()
        if not columns:
            return
        focused = self.focused
        at = columns.index(focused) if focused in columns else -1
        target = columns[max(0, min(len(columns) - 1, at + step))]
        target.focus()
        box = self.query_one("#compare-columns", HorizontalScroll)
        box.scroll_to(x=target.region.x - box.region.x + box.scroll_x, animate=False)

    async def refresh_columns(self) -> None:
        box = self.query_one("#compare-columns", HorizontalScroll)
        await box.remove_children()
        session = self.app.session
        current = session.council.id if session.council else None
        ordered = sorted(session.councils, key=lambda c: (c.id != current, c.name))
        found = {}
        columns = []
        for n, council in enumerate(ordered, 1):
            hits = index_of(council).topic(self.topic, limit=3)
            found[council.name] = len(hits)
            column = CompareColumn(Static(compare_column(council, hits)), classes="compare-column pane")
            column.border_title = f"{n} of {len(ordered)}" + (" · Left/Right" if len(ordered) > 1 else "")
            columns.append(column)
        self.query_one("#compare-searched", Static).update(
            escape(searched_line(self.topic, meaning_words(self.topic), found)))
        await box.mount_all(columns)
        if columns:
            columns[0].focus()
