"""Where focus starts, where the keys go, and what stored text looks like on the screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from councilkit import people as P
from councilkit.cases import CaseBook
from councilkit.store import open_store
from councilkit_tui.app import CouncilkitApp, create_app
from councilkit_tui.testing import screen_text, settle, text_of

SIZE = (80, 24)
MakeApp = Callable[..., CouncilkitApp]


async def test_end_and_home_reach_the_true_ends_of_a_case(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_case(2)
        await settle(pilot)
        for pane in ("#case-detail", "#case-timeline"):
            app.screen.query_one(pane).focus()
            await pilot.press("end")
            await pilot.pause()
            panel = app.screen.query_one(pane)
            assert panel.max_scroll_y > 0 and panel.scroll_y == panel.max_scroll_y, pane
            assert "▲ more above" in screen_text(app)
            await pilot.press("home")
            await pilot.pause()
            assert panel.scroll_y == 0


async def test_an_f_key_goes_to_the_area_s_main_view(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_case(2)
        await settle(pilot)
        await pilot.press("f2", "f5")  # Home, then Cases: the list, not the case left open
        await settle(pilot)
        assert "6 cases, overdue first" in screen_text(app)
        assert not app.screen.query("#case-detail")


async def test_ask_opens_on_who_and_compare_on_the_councils(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "ask-actor"
        await pilot.press("enter")  # the first Enter opens the list of who
        await pilot.pause()
        assert app.screen.query_one("#ask-actor").expanded  # type: ignore[attr-defined]
        await pilot.press("escape", "f7")
        await settle(pilot)
        assert "CompareColumn" in type(app.focused).__name__
        await pilot.press("slash")  # / changes the topic: it is never typed into the box
        await pilot.pause()
        assert app.focused.id == "compare-topic" and "/" not in app.focused.value  # type: ignore[union-attr]


async def test_a_council_chosen_reaches_an_area_already_open(demo_app: MakeApp) -> None:
    app = demo_app(login="clerk", council_id="compton-parish")  # the demo administrator sees every council
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await app.screen.choose("councillor", "inspect_document", None, has_interest=True)
        await pilot.pause()
        await pilot.press("f9", *"langport", "enter")  # the chooser is over Ask when the council changes
        await settle(pilot)
        assert app.session.council.id == "langport-town"
        assert "Choose who, and what they want to do." in text_of(app, "#ask-decision")
        assert not app.screen.query_one("#ask-citations").option_count  # type: ignore[attr-defined]


async def test_stored_control_characters_are_shown_escaped(demo_db: Path, demo_app: MakeApp) -> None:
    with open_store(demo_db) as store:
        CaseBook(store).note(8, P.find_person(store, "demo-alison.hartley"), "\x1b[31mred\x07 [Draft] note")
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.open_case(8)
        await settle(pilot)
        events = text_of(app, "#case-events")
        assert "\\x1b[31mred\\x07 [Draft] note" in events and "\x1b" not in events and "\x07" not in events


async def test_typing_a_burst_into_the_council_chooser_filters_then_chooses() -> None:
    from councilkit_tui.testing import burst

    app = create_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "langport", "enter", "f3")
        assert app.session.council.id == "langport-town"
        assert "Introduction" in screen_text(app)


async def test_no_store_is_created_where_there_is_none(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    app = create_app(db=missing, council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = " ".join(screen_text(app).split())
        assert f"there is no store at {missing} yet (nothing was created)" in shown
        assert "Review of the Member/Officer Protocol" in shown  # what the protocol says still shows
    assert not missing.exists()
