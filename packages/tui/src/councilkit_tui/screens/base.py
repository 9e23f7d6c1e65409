"""The base of every screen about one council."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from councilkit import Council


if TYPE_CHECKING:
    from ..app import CouncilkitApp


class CouncilScreen(Screen[None]):
    """Shows the council being worked on, and redraws itself when that council changes."""

    app: CouncilkitApp  # type: ignore[assignment]
    _council_id: str | None = None

    def on_screen_resume(self) -> None:
        self.sync_council()

    def sync_council(self) -> None:
        council = self.app.session.council
        if council is not None and council.id != self._council_id:
            self._council_id = council.id
            self.sub_title = council.name
            self.show_council(council)

    def show_council(self, council: Council) -> None:
        """Fill the screen for ``council``; called on first show and on every change of council."""
