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
             council_id: str | None = COMPTON, demo_db: Path, toasts: bool = False, **options: Any) -> bool:
    """The app on the demo store as the demo's administrator (any of ``create_app``'s ``options`` replaces that),
    after ``steps``, with nothing left moving.  Toasts time out, so they are cleared unless ``toasts``."""
    app = CouncilkitApp(**{"council_id": council_id, "db": demo_db, "demo": True, "login": "clerk", "blink": False,
                           **options})

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if steps is not None:
            await steps(app, pilot)
            await settle(pilot)
        if not toasts:
            app.clear_notifications()
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
        # the Parish Clerk is not case #2's handler: escalating is a move she may make ("o", an outcome, is not)
        await pilot.press("e")
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


# the new-case steps, forms and dialogs ------------------------------------------------------------------

async def new_case_step_1(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
    await pilot.press("f5")
    await settle(pilot)
    await pilot.press("n")
    await pilot.pause()
    await pick(pilot, "#nc-raised-by", "Councillor")
    await pick(pilot, "#nc-about", "Officer")


@pytest.mark.parametrize("size", SIZES)
def test_new_case_step_1_who_and_the_route(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    assert snapshot(snap_compare, size, new_case_step_1, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_new_case_step_2_the_people(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await new_case_step_1(app, pilot)
        await pilot.press("f8")
        await pilot.pause()
        await pick(pilot, "#nc-complainant", "Fiona")

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_an_open_dropdown_stays_inside_its_pane(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")  # the first list, open

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_the_cases_filter_menu(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("f")

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_a_refused_action(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await case_2(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#action-why", "Spoke to Kim")
        await type_into(pilot, "#action-on", "2026-10-01")  # before the case's last event
        await pilot.press("f8")
        await pilot.pause()

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_someone_else_changed_this_case(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        from councilkit import people as P
        from councilkit.cases import CaseBook
        from councilkit.store import open_store

        await app.open_case(8)
        await settle(pilot)
        with open_store(demo_db) as store:  # another clerk, in another process
            CaseBook(store).note(8, P.find_person(store, "demo-alison.hartley"), "Spoke to both on the phone")
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#action-why", "Meeting arranged")
        await pilot.press("f8")

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_the_amend_form(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await app.open_entry(4)
        await settle(pilot)
        await pilot.press("m")

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_the_withdraw_dialog(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await app.open_entry(4)
        await settle(pilot)
        await pilot.press("w")

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


@pytest.mark.parametrize("size", SIZES)
def test_the_palette_finds_words_in_clause_text(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        from textual.command import CommandList
        from textual.worker import WorkerState

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"disciplinary")
        # the palette searches in workers, its providers adding hits as they come: wait (up to 10 s)
        # until no search is running and the list has held the same hits for half a second
        seen, steady = -1, 0
        for _ in range(100):
            await pilot.pause(0.1)
            searching = [w for w in app.screen.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
            count = app.screen.query_one(CommandList).option_count
            steady = steady + 1 if (count == seen and count and not searching) else 0
            seen = count
            if steady >= 5:
                break

    assert snapshot(snap_compare, size, steps, demo_db=demo_db)


# who sees what, and warnings --------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
def test_the_public_view(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    # a login that is no person in a store that is not the demo's: what the public may see
    assert snapshot(snap_compare, size, demo_db=demo_db, demo=False, login="visitor")


@pytest.mark.parametrize("size", SIZES)
def test_a_keymap_warning(snap_compare: Any, demo_db: Path, size: tuple[int, int], tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    # named relative to the working folder, so the picture does not hold the test's temporary path
    (tmp_path / "keymap.toml").write_text('[keys]\n"clauses.serch" = "ctrl+f"\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COUNCILKIT_KEYMAP", "keymap.toml")
    assert snapshot(snap_compare, size, demo_db=demo_db, toasts=True)


# without colour, and on a 16-colour terminal ----------------------------------------------------------

AREA_KEYS = [pytest.param("f3", id="clauses"), pytest.param("f4", id="ask"), pytest.param("f5", id="cases"),
             pytest.param("f6", id="registers"), pytest.param("f7", id="compare")]


@pytest.mark.parametrize("key", AREA_KEYS)
def test_every_area_without_colour(snap_compare: Any, demo_db: Path, key: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # the focused pane, the cursor row and "more below" must read by shape alone
    monkeypatch.setenv("NO_COLOR", "1")

    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await pilot.press(key)
        await settle(pilot)

    assert snapshot(snap_compare, (80, 24), steps, demo_db=demo_db)


@pytest.mark.parametrize("key", [pytest.param("f2", id="home"), pytest.param("f5", id="cases")])
def test_a_16_colour_terminal(snap_compare: Any, demo_db: Path, key: str) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await pilot.press(key)
        await settle(pilot)

    assert snapshot(snap_compare, (80, 24), steps, demo_db=demo_db, colours="16")


# a list loaded page by page ---------------------------------------------------------------------------

@pytest.fixture
def many_cases(tmp_path: Path) -> Path:
    """A store with 250 cases at Compton, raised by a councillor about an officer, one a day back from today."""
    import datetime as dt

    import councilkit
    from councilkit import people as P
    from councilkit.cases import CaseBook
    from councilkit.store import open_store

    compton = councilkit.load_council(COMPTON)
    path = tmp_path / "many.db"
    with open_store(path) as store:
        clerk = P.add_person(store, "Ann Clerk", login="ann")
        P.appoint(store, clerk, compton, "clerk", dt.date(2025, 5, 12))
        colin = P.add_person(store, "Colin Council", login="colin")
        P.appoint(store, colin, compton, "councillor", dt.date(2025, 5, 12))
        olive = P.add_person(store, "Olive Officer", login="olive")
        P.appoint(store, olive, compton, "officer", dt.date(2025, 5, 12))
        book = CaseBook(store, councils={compton.id: compton})
        with book.batch():
            for n in range(250):
                book.open(compton, colin, complainant=colin, subject=olive, title=f"Concern {n}",
                          on=dt.date(2026, 11, 23) - dt.timedelta(days=n))
    return path


@pytest.mark.parametrize("size", SIZES)
def test_a_list_loaded_page_by_page(snap_compare: Any, many_cases: Path, size: tuple[int, int]) -> None:
    async def steps(app: CouncilkitApp, pilot: Pilot[Any]) -> None:
        await pilot.press("f5")
        await settle(pilot)

    assert snapshot(snap_compare, size, steps, demo_db=many_cases, demo=False, login="ann")
