"""The terminal UI, driven with Textual's Pilot at 80x24."""

from __future__ import annotations

import pytest

from councilkit_tui.app import CouncilkitApp
from councilkit_tui.screens.clauses import ClausesScreen
from councilkit_tui.screens.councils import CouncilsScreen


@pytest.fixture(autouse=True)
def _fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCILKIT_TODAY", "2026-11-23")
    monkeypatch.delenv("COUNCILKIT_COUNCILS", raising=False)


async def test_pick_a_council_and_read_a_clause() -> None:
    app = CouncilkitApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CouncilsScreen)
        await pilot.press("down", "enter")  # the second council: Compton
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClausesScreen) and screen.council.id == "compton-parish"
        tree = screen.query_one("#clause-tree")
        node = screen.nodes["4.2"]
        tree.move_cursor(node)
        await pilot.pause()
        text = str(screen.query_one("#clause-text").render())
        assert "Procedure for Councillors" in text
        assert "Chairman of the Personnel Committee" in text
        assert "A councillor's concern about an officer" in text  # the route citing 4.2
        await pilot.press("escape")
        assert isinstance(app.screen, CouncilsScreen)


async def test_open_a_council_directly() -> None:
    app = CouncilkitApp(council_id="langport-town")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ClausesScreen)
        assert "Introduction" in str(app.screen.query_one("#clause-text").render())
