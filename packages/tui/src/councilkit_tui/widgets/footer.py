"""The keys line at the foot of every screen, rebuilt only when the keys it shows change.

Textual's :class:`~textual.widgets.Footer` builds all its key widgets again (and styles each)
whenever the screen says its bindings *may* have changed: on every change of focus, every
screen shown, every reactive that touches bindings.  In the case list that was a good share of
what a key cost (choosing a filter moves the focus to the menu and back).  This footer first
compares what it would show (each key, its words, whether it is enabled) with what it shows,
and leaves itself alone when they are the same, so the screen looks exactly as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Footer as TextualFooter

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen


class Footer(TextualFooter):
    """:class:`textual.widgets.Footer`, recomposed only when the keys shown change."""

    _shown: tuple[Any, ...] | None = None

    def _keys(self, screen: Screen[Any]) -> tuple[Any, ...]:
        """What :meth:`compose` would show now: every binding shown, with its key, words and state."""
        app = self.app
        active = screen.active_bindings
        items = [item for item in active.values() if item.binding.show]
        palette = active.get(app.COMMAND_PALETTE_BINDING)
        if palette is not None:
            items.append(palette)
        shown = tuple((b.key, b.action, b.description, b.group, b.tooltip, app.get_key_display(b), enabled, tooltip)
                      for _node, b, enabled, tooltip in items)
        return self.compact, self.show_command_palette, app.ENABLE_COMMAND_PALETTE, shown

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if (self._bindings_ready and self._shown is not None and screen.app.app_focus and self.is_attached
                and screen is self.screen and self._keys(screen) == self._shown):
            return  # the same keys: nothing to rebuild
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        self._shown = self._keys(self.screen) if self._bindings_ready else None
        yield from super().compose()
