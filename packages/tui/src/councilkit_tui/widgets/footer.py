"""The keys line at the foot of every screen, rebuilt only when the keys it shows change.

Textual's :class:`~textual.widgets.Footer` builds all its key widgets again (and styles each)
whenever the screen says its bindings *may* have changed: on every change of focus, every
screen shown, every reactive that touches bindings.  In the case list that was a good share of
what a key cost (choosing a filter moves the focus to the menu and back).  This footer first
compares what it would show (each key, its words, whether it is enabled) with what it shows,
and leaves itself alone when they are the same, so the screen looks exactly as before; and it
looks once after the next refresh however many times the bindings changed before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

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

    _check_pending = False

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not (self._bindings_ready and self._shown is not None):
            super().bindings_changed(screen)
            return
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        # One look after the next refresh, whatever the number of changes before it: a key that moves the
        # focus through several widgets (a menu closing, the table focused) rebuilt the line at each step.
        if not self._check_pending:
            self._check_pending = True
            self.call_after_refresh(self._rebuild_if_changed)

    async def _rebuild_if_changed(self) -> None:
        self._check_pending = False
        if not self.is_attached:
            return
        keys = self._keys(self.screen)
        if keys == self._shown:
            return
        if not await self._update_in_place(keys):
            await self.recompose()

    async def _update_in_place(self, keys: tuple[Any, ...]) -> bool:
        """The keys line made to show ``keys`` by changing the keys that differ and adding or removing the
        difference, rather than building every key again (each new widget is styled; the case list's
        menu changes three keys of seven when it opens and when it closes).  The line is then what
        :meth:`compose` would have built.  False (nothing changed) when a key group is shown, before
        or after, or the line is not yet built: it is then built again as Textual does."""
        old = list(self.children)
        if (self._shown is None or keys[:3] != self._shown[:3] or any(k[3] is not None for k in keys[3])
                or any(k[3] is not None for k in self._shown[3]) or not all(type(w) is FooterKey for w in old)):
            return False
        new = list(super().compose())  # the keys Textual would show, not mounted (and the grid's columns set)
        if not all(type(w) is FooterKey for w in new):
            return False
        same = 0  # the keys at the end that stay as they are
        while (same < min(len(old), len(new))
               and _spec(old[len(old) - 1 - same]) == _spec(new[len(new) - 1 - same])):
            same += 1
        old_first, new_first = old[:len(old) - same], new[:len(new) - same]
        for widget, wanted in zip(old_first, new_first, strict=False):
            if _spec(widget) != _spec(wanted):
                widget.key, widget.key_display = wanted.key, wanted.key_display
                widget.description, widget.action = wanted.description, wanted.action
                widget._disabled = wanted._disabled
                widget.tooltip = wanted.tooltip
                widget.set_class(wanted._disabled, "-disabled")
                widget.set_class(wanted.has_class("-command-palette"), "-command-palette")
                widget.refresh(layout=True)
        if len(old_first) > len(new_first):
            await self.remove_children(old_first[len(new_first):])
        elif len(new_first) > len(old_first):
            extra = new_first[len(old_first):]
            if same:
                await self.mount_all(extra, before=old[len(old) - same])
            else:
                await self.mount_all(extra)
        self._shown = keys
        return True

    def compose(self) -> ComposeResult:
        self._shown = self._keys(self.screen) if self._bindings_ready else None
        yield from super().compose()


def _spec(key: FooterKey) -> tuple[Any, ...]:
    return (key.key, key.key_display, key.description, key.action, key._disabled, key.tooltip,
            key.has_class("-command-palette"))
