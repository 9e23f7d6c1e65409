"""Helpers for driving the terminal UI in tests with Textual's Pilot, as a clerk would.

For councilkit's own tests and for plugin authors testing the screens they add::

    from councilkit_tui.app import create_app
    from councilkit_tui.testing import pick, screen_text, settle

    async def test_my_screen(tmp_path):
        app = create_app(db=tmp_path / "store.db", demo=True, blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)          # councils read, store open, Home filled
            await pilot.press("f5")
            await settle(pilot)
            assert "overdue first" in screen_text(app)   # what the clerk reads on the terminal

Assert what the clerk sees (:func:`screen_text`, :func:`text_of`) rather than which screen class
is on top: a test then fails when the screen shows the wrong thing, not only when the wrong
class is pushed.
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select
from textual.worker import WorkerCancelled


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every key sent has been handled, every worker is done (a worker a newer one replaced counts as
    done) and the screen is drawn."""
    delivered = getattr(pilot.app, "keys_delivered", None)
    if delivered is not None:
        await delivered()
    for _ in range(4):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


#: what a terminal sends for the keys a clerk presses most, for :func:`burst`
KEYS = {"tab": "\t", "shift+tab": "\x1b[Z", "enter": "\r", "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C",
        "left": "\x1b[D", "home": "\x1b[H", "end": "\x1b[F", "backspace": "\x7f",
        "f1": "\x1bOP", "f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS", "f5": "\x1b[15~", "f6": "\x1b[17~",
        "f7": "\x1b[18~", "f8": "\x1b[19~", "f9": "\x1b[20~"}


async def burst(pilot: Pilot[Any], *parts: str) -> None:
    """Type ``parts`` as one write reaching the app all at once, as keys typed ahead arrive over SSH.

    Each part is text, or a key named in :data:`KEYS` (``"tab"``, ``"f8"``): ``burst(pilot, "f6", "a",
    "enter", "Dennis", "enter", "tab", "Chairing skills", "f8")``.  The bytes go through the parser
    Textual's terminal driver uses, and every key is queued before the app handles the first; then this
    waits until all are handled.  (Pilot's ``press`` waits after each key, so it never shows keys landing
    in the wrong place.)  A lone Escape cannot be told from the start of a longer key in one write: send
    it with ``pilot.press("escape")``.
    """
    from textual._xterm_parser import XTermParser  # the driver's own parser (Textual is pinned)

    app = pilot.app
    data = "".join(KEYS.get(part, part) for part in parts)
    parser = XTermParser()
    events = [*parser.feed(data), *parser.tick()]
    for event in events:
        event.set_sender(app)
        app.post_message(event)
    await settle(pilot)


async def pick(pilot: Pilot[Any], selector: str, typed: str) -> None:
    """Choose from a list as a person does: focus it, Enter opens it, type to find, Enter chooses."""
    pilot.app.screen.query_one(selector, Select).focus()
    await pilot.press("enter", *typed, "enter")
    await pilot.pause()


async def type_into(pilot: Pilot[Any], selector: str, text: str) -> None:
    """Type ``text`` into the input ``selector`` on the current screen, replacing what it held."""
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)


def text_of(app: App[Any], selector: str) -> str:
    """What the widget ``selector`` on the current screen shows, as plain text."""
    return str(app.screen.query_one(selector).render())


def screen_text(app: App[Any]) -> str:
    """Every line the terminal shows now, as plain text: what the clerk reads, dialogs over what lies beneath.

    The frame is composed as for a screenshot (:meth:`textual.app.App.export_screenshot`), then written
    without styles; each line's trailing spaces are dropped.  A phrase longer than the screen is wide may
    be broken over two lines: assert on shorter ones.
    """
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True, record=True,
                      legacy_windows=False, safe_box=False)
    # Textual's own screenshot does exactly this (Textual is pinned; see packages/tui/pyproject.toml)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return "\n".join(line.rstrip() for line in console.export_text(styles=False).splitlines())
