"""The base of every screen about one council."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual import events
from textual._context import NoActiveAppError
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
        self._styled_now()

    def _on_mount(self, event: events.Mount) -> None:
        super()._on_mount(event)
        self._styled_now()

    def _styled_now(self) -> None:
        """Say that this screen is styled by the stylesheet as it is now, if Textual has applied it since the
        last change of theme or variables (the app's ``css_applied``).

        Textual (8.2) parses every stylesheet again and restyles the whole app when it shows a screen it has
        not marked so (App.refresh_css), which a screen shown for the first time never is, nor Home, mounted
        during the start-up's own pass: every first F5, F3..., and every return to Home, paid for it.  A
        screen made or mounted after that pass is styled by the current rules as it mounts, so only this
        redundant pass is skipped; a later change of theme reaches it as before."""
        with suppress(NoActiveAppError):
            app = self.app
            if getattr(app, "css_applied", None) == app._css_update_count:
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
