"""The clerk's flows, driven through a real (headless) terminal with Textual's Pilot at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import HelpPanel, Input, OptionList

from councilkit_tui.app import CouncilkitApp
from councilkit_tui.screens.ask import AskScreen
from councilkit_tui.screens.clauses import ClausesScreen, JumpDialog
from councilkit_tui.screens.compare import CompareScreen
from councilkit_tui.screens.councils import CouncilPicker
from councilkit_tui.screens.home import HomeScreen

SIZE = (80, 24)


async def started(app: CouncilkitApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_first_the_council_then_home_with_what_needs_attention() -> None:
    app = CouncilkitApp()
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        assert isinstance(app.screen, CouncilPicker)  # five councils: choose one first
        await pilot.press("down", "enter")  # Compton, the second by name
        await pilot.pause()
        assert app.session.council.id == "compton-parish"
        assert isinstance(app.screen, HomeScreen)
        attention = app.screen.query_one("#attention", OptionList)
        first = str(attention.get_option_at_index(0).prompt)
        assert first.startswith("OVERDUE") and "Review of the Member/Officer Protocol overdue since 2021-05-31" in first


async def test_search_the_protocol_and_jump_to_a_clause() -> None:
    app = CouncilkitApp(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ClausesScreen)
        await pilot.press("slash")
        await pilot.press(*"personnel committee")
        await pilot.pause()
        results = screen.query_one("#search-results", OptionList)
        assert results.option_count == 1 and results.get_option_at_index(0).id == "4.2"
        await pilot.press("enter", "enter")  # into the results, then open the hit
        await pilot.pause()
        assert screen.current == "4.2"
        text = str(screen.query_one("#clause-text").render())
        assert "Procedure for Councillors" in text and "Chairman of the Personnel Committee" in text
        assert "route: A councillor's concern about an officer" in text  # the norms citing 4.2

        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, JumpDialog)
        await pilot.press(*"3.1(x)", "enter")
        await pilot.pause()
        assert "No clause 3.1(x) in this protocol" in str(app.screen.query_one("#jump-error").render())
        app.screen.query_one(Input).value = ""
        await pilot.press(*"3.2(e)", "enter")
        await pilot.pause()
        assert app.screen is screen and screen.current == "3.2(e)"
        assert "Not to be subject to bullying" in str(screen.query_one("#clause-text").render())


async def test_copy_a_clause_reference_with_osc52() -> None:
    app = CouncilkitApp(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("f3")
        await pilot.pause()
        app.screen.go_to("4.2")
        await pilot.press("y")
        assert app.clipboard == ("Compton Parish Council, Member/Officer Protocol, clause 4.2 "
                                 "(Procedure for Councillors)")


async def test_ask_a_question_and_follow_its_citation() -> None:
    app = CouncilkitApp(council_id="langport-town")
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("f4")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AskScreen)
        await screen.choose("councillor", "inspect_document", None, has_interest=True)
        await pilot.pause()
        decision = str(screen.query_one("#ask-decision").render())
        assert decision.startswith("FORBIDDEN")
        assert "2.5 would permit this, but 2.6 forbids it" in decision
        citations = screen.query_one("#ask-citations", OptionList)
        assert [citations.get_option_at_index(i).id for i in range(citations.option_count)] == ["2.6", "2.5"]
        citations.focus()
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ClausesScreen) and app.screen.current == "2.6"
        assert "A Councillor may not knowingly inspect" in str(app.screen.query_one("#clause-text").render())


async def test_asking_with_facts_unknown_names_the_facts() -> None:
    app = CouncilkitApp(council_id="principal-council")
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("f4")
        await pilot.pause()
        await app.screen.choose("chair", "contact_out_of_hours", "chief_executive")
        await pilot.pause()
        decision = str(app.screen.query_one("#ask-decision").render())
        assert decision.startswith("CONDITIONAL")
        assert "Facts that would settle it: prior_arrangement, urgent" in decision.replace("\n", " ")
        facts = [s.name for s in app.screen.query(".fact")]
        assert facts == ["urgent", "prior_arrangement"]


async def test_compare_a_topic_across_councils() -> None:
    app = CouncilkitApp(council_id="compton-parish")
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("f7")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        columns = [str(c.query_one("Static").render()) for c in screen.query(".compare-column")]
        assert columns[0].startswith("Compton Parish Council") and "4.2" in columns[0]
        assert any(c.startswith("Langport Town Council") and "1.8" in c for c in columns)
        assert any("No clause on this topic" in c for c in columns)  # the principal council has no Clerk


async def test_f1_shows_help_for_the_focused_widget() -> None:
    app = CouncilkitApp(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        panel = app.screen.query_one(HelpPanel)
        assert panel is not None
        await pilot.press("f1")
        await pilot.pause()
        assert not app.screen.query(HelpPanel)


async def test_a_keymap_file_remaps_a_binding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"clauses.search" = "ctrl+f"\n"app.clauses" = "f8"\n', "utf-8")
    monkeypatch.setenv("COUNCILKIT_KEYMAP", str(keymap))
    app = CouncilkitApp(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("f3")  # no longer bound
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f8")
        await pilot.pause()
        assert isinstance(app.screen, ClausesScreen)
        await pilot.press("slash")
        await pilot.pause()
        assert not app.screen.query_one("#clause-search").display
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen.query_one("#clause-search").display and app.focused.id == "clause-search"


async def test_a_bad_keymap_is_reported_and_the_defaults_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"clauses.serch" = "ctrl+f"\n', "utf-8")
    monkeypatch.setenv("COUNCILKIT_KEYMAP", str(keymap))
    app = CouncilkitApp(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        assert app.keymap_problems == [
            f"{keymap}:2: 'clauses.serch' is not a binding id; known ids: " + ", ".join(sorted(app.binding_ids()))]
        await pilot.press("f3", "slash")
        await pilot.pause()
        assert app.screen.query_one("#clause-search").display


def test_no_binding_uses_a_key_terminals_or_tmux_swallow() -> None:
    from textual.binding import Binding

    from councilkit_tui.keymap import SWALLOWED

    used = {key.strip(): b.id for owner in CouncilkitApp.binding_owners() for b in owner.BINDINGS
            if isinstance(b, Binding) for key in b.key.split(",")}
    assert "f1" in used and "ctrl+q" in used  # the list is the real one
    assert {key: used[key] for key in used if key in SWALLOWED} == {}


async def test_a_keymap_asking_for_a_swallowed_key_is_told_why(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\n"clauses.search" = "ctrl+f"\n"app.quit" = "ctrl+q,ctrl+s"\n', "utf-8")
    monkeypatch.setenv("COUNCILKIT_KEYMAP", str(keymap))
    app = CouncilkitApp(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        assert app.keymap_problems == [
            f"{keymap}:3: app.quit: ctrl+s would never reach councilkit: terminals with flow control take it "
            "to pause all output (XOFF); choose another key"]
        assert app.user_keymap == {"clauses.search": "ctrl+f"}  # the good line still counts


async def test_the_command_palette_reaches_every_clause() -> None:
    app = CouncilkitApp(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await started(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Clause 3.3(b)")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, ClausesScreen) and app.screen.current == "3.3(b)"
