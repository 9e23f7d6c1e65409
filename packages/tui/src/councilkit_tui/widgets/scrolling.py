"""Panels that say, in words in their border, that there is more to read above or below.

Without colour (``NO_COLOR``, a monochrome or 16-colour terminal, a screen reader) a scrollbar is grey
on grey: nothing shows that the attention list or a case's timeline goes on below the last line.  So
every scrolling panel writes where it is into its bottom border, ``▼ more below``, ``▲▼ more above and
below``, ``▲ more above``, and the shape says what the shade cannot.  ``End`` and ``Home`` go to the true
ends.
"""

from __future__ import annotations

from typing import Any

from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import OptionList, Tree

CUES = {(False, True): "▼ more below", (True, True): "▲▼ more above and below", (True, False): "▲ more above"}


class ScrollCue:
    """Mixin for a scrolling widget with a border: its bottom border says whether there is more to see."""

    border_subtitle: Any
    scroll_y: float
    max_scroll_y: float

    def scroll_cue(self) -> str:
        """The words for where the view is: "" when everything is in sight."""
        above = self.scroll_y > 0
        below = self.scroll_y < self.max_scroll_y
        return CUES.get((above, below), "")

    def _update_cue(self) -> None:
        cue = self.scroll_cue()
        if str(self.border_subtitle or "") != cue:
            self.border_subtitle = cue

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)  # type: ignore[misc]
        self._update_cue()

    def _scroll_update(self, virtual_size: Any) -> None:
        super()._scroll_update(virtual_size)  # type: ignore[misc]
        self._update_cue()

    def watch_virtual_size(self, *args: Any) -> None:
        parent = getattr(super(), "watch_virtual_size", None)
        if parent is not None:
            parent(*args)
        self._update_cue()


class Panel(ScrollCue, VerticalScroll, can_focus=True):
    """A scrolling panel of text: Up/Down, PageUp/PageDown and Home/End scroll it, its border says if more."""

    BINDINGS = [
        Binding("home", "scroll_home", "Top", show=False, id="panel.top"),
        Binding("end", "scroll_end", "End", show=False, id="panel.end"),
    ]

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False, immediate=True)

    def action_scroll_end(self) -> None:
        """To the true end: the last line of the text, however much has been added since it was laid out."""
        self.scroll_end(animate=False, immediate=True, x_axis=False)
        self.call_after_refresh(self.scroll_end, animate=False, immediate=True, x_axis=False)


class CueList(ScrollCue, OptionList):
    """An option list whose border says when there are more options than fit."""


class CueTree(ScrollCue, Tree[str]):
    """A tree whose border says when there are more lines than fit."""
