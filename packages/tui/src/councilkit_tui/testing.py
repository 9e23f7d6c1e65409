"""Helpers for driving the terminal UI in tests with Textual's Pilot, as a clerk would.

For councilkit's own tests and for plugin authors testing the screens they add::

    from councilkit_tui.app import CouncilkitApp
    from councilkit_tui.testing import pick, settle

    async def test_my_screen(tmp_path):
        app = CouncilkitApp(db=tmp_path / "store.db", demo=True, blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)          # councils read, store open, Home filled
            await pilot.press("f5")
            await settle(pilot)
"""

from __future__ import annotations

import contextlib
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, Select
from textual.worker import WorkerCancelled


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every worker is done (a worker a newer one replaced counts as done) and the screen is drawn."""
    for _ in range(4):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


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
