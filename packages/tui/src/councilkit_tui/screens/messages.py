"""The messages log (F10): everything the app said in a toast, to read again, newest last."""

from __future__ import annotations

import datetime as dt

import attrs
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..render.markup import escape
from ..widgets.footer import Footer
from ..widgets.scrolling import Panel


@attrs.frozen
class Said:
    """One thing the app said: when, how urgently, under which title, and in full."""

    at: dt.datetime
    severity: str
    title: str
    text: str


class MessagesScreen(ModalScreen[None]):
    """Every message so far, newest last, with the binding ids a keymap may remap."""

    HELP = """\
## Messages

Everything councilkit said in the corner of the screen since it started, newest
last: warnings about the keymap or a plugin, what was recorded, refusals.  Up/Down,
PageUp/PageDown, Home/End scroll; **Escape** closes.
"""
    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="messages.close"),
                Binding("f10", "dismiss(None)", "Close", id="messages.hide", show=False)]

    def __init__(self, said: list[Said], binding_ids: list[str]) -> None:
        super().__init__()
        self.said = said
        self.binding_ids = binding_ids

    def compose(self) -> ComposeResult:
        with Vertical(id="messages"), Panel(id="messages-log") as log:
            log.border_title = "Messages (newest last)"
            yield Static(self._text(), id="messages-text")
        yield Footer()

    def _text(self) -> str:
        lines: list[str] = []
        for s in self.said:
            head = f"{s.at:%H:%M:%S} {s.severity.upper() if s.severity != 'information' else ''}".rstrip()
            lines += [f"[b]{escape(head)}[/b] {escape(s.title)}".rstrip(), escape(s.text), ""]
        if not self.said:
            lines += ["Nothing has been said yet.", ""]
        lines += ["[b]Binding ids a keymap may remap[/b]", escape(", ".join(sorted(self.binding_ids)))]
        return "\n".join(lines)

    def on_mount(self) -> None:
        log = self.query_one(Panel)
        log.focus()
        log.action_scroll_end()

