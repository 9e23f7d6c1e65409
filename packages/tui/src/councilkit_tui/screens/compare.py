"""Several councils' clauses on one topic, side by side ("concerns about the Clerk")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll, VerticalScroll
from textual.widgets import Footer, Header, Input, Static

from ..render.councils import compare_column
from .base import CouncilScreen

if TYPE_CHECKING:
    from councilkit import Council

DEFAULT_TOPIC = "concerns about the Clerk"


class CompareScreen(CouncilScreen):
    HELP = """\
## Compare

Type a topic and press Enter: each council's clauses most about it are set side
by side, best first.  Left/Right scroll across councils when they do not all fit.
"""
    BINDINGS = [Binding("slash", "topic", "Topic", id="compare.topic")]

    def __init__(self) -> None:
        super().__init__()
        self.topic = DEFAULT_TOPIC

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(value=self.topic, placeholder="A topic, e.g. concerns about the Clerk", id="compare-topic")
        yield HorizontalScroll(id="compare-columns")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#compare-topic", Input).cursor_blink = self.app.blink

    def show_council(self, council: Council) -> None:
        self.refresh_columns()

    def set_topic(self, topic: str) -> None:
        self.topic = topic
        self.query_one("#compare-topic", Input).value = topic
        self.refresh_columns()

    def action_topic(self) -> None:
        self.query_one("#compare-topic", Input).focus()

    @on(Input.Submitted, "#compare-topic")
    def topic_submitted(self, event: Input.Submitted) -> None:
        self.topic = event.value.strip() or DEFAULT_TOPIC
        self.refresh_columns()

    def refresh_columns(self) -> None:
        columns = self.query_one("#compare-columns", HorizontalScroll)
        columns.remove_children()
        session = self.app.session
        current = session.council.id if session.council else None
        ordered = sorted(session.councils, key=lambda c: (c.id != current, c.name))
        for council in ordered:
            columns.mount(VerticalScroll(Static(compare_column(council, self.topic)), classes="compare-column"))
