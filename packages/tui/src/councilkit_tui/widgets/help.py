"""The F1 help panel, saying on its first line how to close it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import HelpPanel, Static


class Help(HelpPanel):
    """Textual's help panel (help for what has focus, then its keys) under a line saying how to close it."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key

    def compose(self) -> ComposeResult:
        yield Static(f"Help · {self.key} closes it", id="help-close", markup=False)
        yield from super().compose()
