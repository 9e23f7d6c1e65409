"""The command palette (ctrl+p): every clause, every screen, and whatever plugins add."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from .app import CouncilkitApp


class ScreenCommands(Provider):
    """Go to a screen, or choose another council."""

    def _commands(self) -> list[tuple[str, str, Any]]:
        app: CouncilkitApp = self.app  # type: ignore[assignment]
        out = [(f"Go to {title}", help_text, partial(app.switch_mode, mode)) for mode, title, help_text in app.screens_list()]
        out.append(("Choose another council", "Work on a different council", app.action_choose_council))
        return out

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class ClauseCommands(Provider):
    """Open any clause of the council being worked on, by number, heading or words of its text."""

    async def search(self, query: str) -> Hits:
        app: CouncilkitApp = self.app  # type: ignore[assignment]
        council = app.session.council
        if council is None:
            return
        matcher = self.matcher(query)
        for clause in council.protocol.clauses:
            about = clause.heading or " ".join(clause.text.split()[:8])
            name = f"Clause {clause.id} {about}"
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(app.call_later, app.open_clause, clause.id),
                          help=clause.text[:80])
