"""The base of every screen about one council."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual._context import NoActiveAppError
from textual.app import ScreenStackError
from textual.screen import Screen

if TYPE_CHECKING:
    from councilkit import Council


if TYPE_CHECKING:
    from ..app import CouncilkitApp


class CouncilScreen(Screen[None]):
    """Shows the council being worked on, and redraws itself when that council changes."""

    app: CouncilkitApp  # type: ignore[assignment]
    _council_id: str | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new screen is styled from the app's stylesheet as it mounts.  Textual (8.2) would first parse
        # every stylesheet again and restyle the whole app when an area is first shown (App.refresh_css,
        # for a screen that missed a change of theme), which showed in the time F5 took.  When the screen
        # in sight is up to date (no change of theme or variables is waiting), so is this one: only that
        # redundant pass is skipped.  At start-up, with no screen yet, Textual's pass runs as before.
        with suppress(NoActiveAppError, ScreenStackError):
            app = self.app
            if app.screen._css_update_count == app._css_update_count:
                self._css_update_count = app._css_update_count

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
