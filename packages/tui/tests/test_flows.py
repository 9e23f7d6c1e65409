"""The clerk's flows, driven through a real (headless) terminal with Textual's Pilot at 80x24."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import HelpPanel, Input, OptionList

from councilkit_tui.app import CouncilkitApp, create_app
from councilkit_tui.testing import screen_text, settle, text_of

SIZE = (80, 24)
#: what Home shows, and no other screen
HOME = "ctrl+p finds any clause, case, register or screen"


async def test_first_the_council_then_home_with_what_needs_attention() -> None:
    app = create_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Which council?  Type to narrow the list; Enter chooses." in screen_text(app)  # five: choose
        await pilot.press(*"parish")  # the list narrows as she types
        await pilot.pause()
        shown = screen_text(app)
        assert "Compton Parish Council" in shown and "Langport Town Council" not in shown
        await pilot.press("enter")
        await pilot.pause()
        shown = screen_text(app)
        assert "Which council?" not in shown and HOME in shown
        assert "councilkit — Compton Parish Council" in shown and app.session.council.id == "compton-parish"
        attention = app.screen.query_one("#attention", OptionList)
        first = str(attention.get_option_at_index(0).prompt)
        assert first.startswith("OVERDUE") and "Review of the Member/Officer Protocol overdue since 2021-05-31" in first


async def test_escape_in_the_opening_chooser_says_how_to_choose_later() -> None:
    app = create_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert "No council chosen yet: press F9 to choose one" in " ".join(screen_text(app).split())
        await pilot.press("f9")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # into the list, then the second council
        await pilot.pause()
        assert app.session.council.id == "compton-parish"


async def test_search_the_protocol_and_jump_to_a_clause() -> None:
    app = create_app(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert "1. SCOPE AND PURPOSE  (clause 1)" in text_of(app, "#clause-text")  # the first clause, shown
        await pilot.press("slash")
        await pilot.press(*"personnel committee")
        await pilot.pause()
        results = screen.query_one("#search-results", OptionList)
        assert results.option_count == 1 and results.get_option_at_index(0).id == "4.2"
        await pilot.press("enter", "enter")  # into the results, then open the hit
        await pilot.pause()
        text = text_of(app, "#clause-text")
        assert text.startswith("4.2 Procedure for Councillors")
        assert "Procedure for Councillors" in text and "Chairman of the Personnel Committee" in text
        assert "route: A councillor's concern about an officer" in text  # the norms citing 4.2

        await pilot.press("g")
        await pilot.pause()
        assert "Go to clause (for example 1.1); Enter goes" in screen_text(app)
        await pilot.press(*"3.1(x)", "enter")
        await pilot.pause()
        assert "No clause 3.1(x) in this protocol" in text_of(app, "#jump-error")
        app.screen.query_one(Input).value = ""
        await pilot.press(*"3.2(e)", "enter")
        await pilot.pause()
        assert app.screen is screen and "Go to clause" not in screen_text(app)
        assert "Not to be subject to bullying" in text_of(app, "#clause-text")


async def test_copy_a_clause_reference_with_osc52() -> None:
    app = create_app(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()
        app.screen.go_to("4.2")
        await pilot.press("y")
        assert app.clipboard == ("Compton Parish Council, Member/Officer Protocol, clause 4.2 "
                                 "(Procedure for Councillors)")


async def test_ask_a_question_and_follow_its_citation() -> None:
    app = create_app(council_id="langport-town")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        screen = app.screen
        assert text_of(app, "#ask-decision") == "Choose who, and what they want to do."
        await screen.choose("councillor", "inspect_document", None, has_interest=True)
        await pilot.pause()
        decision = text_of(app, "#ask-decision")
        assert decision.startswith("FORBIDDEN")
        assert "2.5 would permit this, but 2.6 forbids it" in decision
        citations = screen.query_one("#ask-citations", OptionList)
        assert [citations.get_option_at_index(i).id for i in range(citations.option_count)] == ["2.6", "2.5"]
        citations.focus()
        await pilot.press("enter")
        await pilot.pause(0.2)
        clause = text_of(app, "#clause-text")
        assert clause.startswith("2.6") and "A Councillor may not knowingly inspect" in clause


async def test_asking_with_facts_unknown_names_the_facts() -> None:
    app = create_app(council_id="principal-council")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await pilot.pause()
        await app.screen.choose("chair", "contact_out_of_hours", "chief_executive")
        await pilot.pause()
        decision = text_of(app, "#ask-decision")
        assert decision.startswith("CONDITIONAL")
        # the facts by their descriptions, never their ids
        assert ("Facts that would settle it: whether it was arranged beforehand; whether the matter is of genuine "
                "importance or urgency") in " ".join(decision.split())
        assert "prior_arrangement" not in decision
        facts = [s.name for s in app.screen.query(".fact")]
        assert facts == ["urgent", "prior_arrangement"]


async def test_compare_a_topic_across_councils() -> None:
    app = create_app(council_id="compton-parish")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await pilot.pause()
        assert "concerns about the Clerk" in screen_text(app)  # the topic, ready to change
        columns = [str(c.query_one("Static").render()) for c in app.screen.query(".compare-column")]
        assert columns[0].startswith("Compton Parish Council") and "4.2" in columns[0]
        assert any(c.startswith("Langport Town Council") and "1.8" in c for c in columns)
        assert any("No clause on this topic" in c for c in columns)  # the principal council has no Clerk


async def test_f1_shows_help_for_the_focused_widget() -> None:
    app = create_app(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
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
    app = create_app(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")  # no longer bound
        await pilot.pause()
        assert HOME in screen_text(app)
        assert "F8 Clauses" in screen_text(app)  # Home says which key is which, as remapped
        await pilot.press("f8")
        await pilot.pause()
        assert HOME not in screen_text(app) and "1. SCOPE AND PURPOSE" in text_of(app, "#clause-text")
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
    app = create_app(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.keymap_problems == [
            f"{keymap}:2: 'clauses.serch' is not a binding id (did you mean 'clauses.search'?); the messages log "
            "(F10) lists every binding id"]
        await pilot.press("f3", "slash")
        await pilot.pause()
        assert app.screen.query_one("#clause-search").display
        await pilot.press("escape", "f10")  # the warning, and every binding id, can be read again
        await pilot.pause()
        log = " ".join(text_of(app, "#messages-text").split())
        assert f"{keymap}:2: 'clauses.serch' is not a binding id" in log
        assert "clauses.search" in log.split("Binding ids a keymap may remap", 1)[1]


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
    app = create_app(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.keymap_problems == [
            f"{keymap}:3: app.quit: ctrl+s would never reach councilkit: terminals with flow control take it "
            "to pause all output (XOFF); choose another key"]
        assert app.user_keymap == {"clauses.search": "ctrl+f"}  # the good line still counts


async def test_the_command_palette_reaches_every_clause() -> None:
    app = create_app(council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Clause 3.3(b)")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert text_of(app, "#clause-text").startswith("b)  (clause 3.3(b))")


async def test_a_councils_folder_that_does_not_exist_is_said_not_fatal(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder"
    app = create_app(councils=missing)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert text_of(app, "#home-status").startswith(
            f"No councils: no such file or directory of council files: {missing}")
        toasts = " ".join(str(t.render()) for t in app.screen.query("Toast"))
        assert "no such file or directory of council files" in toasts
        assert app.is_running  # the clerk can still quit, or read the help
