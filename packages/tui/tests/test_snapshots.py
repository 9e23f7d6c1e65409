"""Pictures of every screen at 80x24 and at 120x40, compared with the accepted ones in ``__snapshots__``.

Each picture is taken on a fresh copy of the demo store on a fixed date with a frozen clock and cursors
that do not blink, once every worker is done, so it is the same on every run.  After a deliberate change
of layout, run ``uv run pytest packages/tui/tests/test_snapshots.py --snapshot-update`` and look at the
new pictures before accepting them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from councilkit_tui.app import CouncilkitApp
from councilkit_tui.testing import pick, settle, type_into

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
COMPTON = "compton-parish"
LANGPORT = "langport-town"

Steps = Callable[[CouncilkitApp, Pilot[Any]], Awaitable[None]]


def snapshot(snap_compare: Any, size: tuple[int, int], steps: Steps | None = None, *,
             council_id: str | None = COMPTON, demo_db: Path) -> bool:
    """The app on the demo store as the demo's administrator, after ``steps``, with nothing left moving."""
    app = CouncilkitApp(council_id=council_id, db=demo_db, demo=True, login="clerk", blink=False)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if steps is not None:
            await steps(app, pilot)
            await settle(pilot)
        app.clear_notifications()  # toasts time out: never part of a picture
        await pilot.pause()

    return bool(snap_compare(app, terminal_size=size, run_before=run_before))


# the council and Home ---------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
def test_council_picker(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    # no council named and the demo's administrator sees all five: choose one first
    assert snapshot(snap_compare, size, council_id=None, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_home_with_what_needs_attention(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snapshot(snap_compare, size, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_home_without_colour(snap_compare: Any, demo_db: Path, size: tuple[int, int],
                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Textual reads NO_COLOR when the app is made: every state must still read in words
    monkeypatch.setenv("NO_COLOR", "1")
    assert snapshot(snap_compare, size, demo_db=demo_db)


# clauses ----------------------------------------------------------------------------------------------

async def clauses_at_4_2(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
    await pilot.press("f3")
    await pilot.pause()
    app.screen.go_to("4.2")  # type: ignore[attr-defined]
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_clauses_tree_text_and_norms(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snapshot(snap_compare, size, clauses_at_4_2, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_clause_search_results(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("slash", *"clerk")
        await pilot.pause()

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_jump_dialog_explains_an_unknown_clause(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await clauses_at_4_2(app, pilot)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"3.1(x)", "enter")
        await pilot.pause()

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_help_panel(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await clauses_at_4_2(app, pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


# ask and compare --------------------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
def test_ask_with_a_decision(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await pilot.press("f4")
        await pilot.pause()
        await app.screen.choose("councillor", "inspect_document", None, has_interest=True)  # type: ignore[attr-defined]
        await pilot.pause()

    assert snapshot(snap_compare, size, steps, council_id=LANGPORT, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_compare_a_topic(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await pilot.press("f7")
        await pilot.pause()

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


# cases ------------------------------------------------------------------------------------------------

async def case_2(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
    await app.open_case(2)  # overdue, at the Responsible Finance Officer's grievance step
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_cases_list(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await pilot.press("f5")
        await settle(pilot)

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_case_view(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snapshot(snap_compare, size, case_2, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_case_action_form(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await case_2(app, pilot)
        await pilot.press("o")
        await pilot.pause()

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_new_case_preview(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pick(pilot, "#nc-raised-by", "Councillor")
        await pick(pilot, "#nc-about", "Officer")
        await pilot.press("f8")
        await pilot.pause()
        await pick(pilot, "#nc-complainant", "Fiona")
        await pick(pilot, "#nc-subject", "Jamie")
        await type_into(pilot, "#nc-title", "Rude reply to a planning query")
        await pilot.press("f8")
        await pilot.pause()

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


# registers --------------------------------------------------------------------------------------------

async def registers(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
    await pilot.press("f6")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
def test_registers_tabs_and_table(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await registers(app, pilot)
        await pilot.press("right_square_bracket")  # gifts and hospitality: four entries, clocks running
        await settle(pilot)

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_entry_with_history(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await app.open_entry(4)  # lunch after the village hall reopening: amended once
        await settle(pilot)

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_entry_form_with_a_field_error(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await registers(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await pick(pilot, "#field-person", "Dennis")
        await type_into(pilot, "#field-course", "Chairing skills")
        await type_into(pilot, "#field-completed_on", "31/02/2026")
        await type_into(pilot, "#field-hours", "3")
        await pilot.press("f8")
        await pilot.pause()

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_register_search(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await registers(app, pilot)
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*"council")
        await settle(pilot)

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)
