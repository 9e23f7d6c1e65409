"""Registers in the terminal UI: tabs, lazy tables, the add and amend form with its field errors, history, search."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from textual.widgets import Input, OptionList

import councilkit
from councilkit import people as P
from councilkit.registers import Registers
from councilkit.store import open_store
from councilkit_tui.app import CouncilkitApp
from councilkit_tui.screens.registers import EntryTable
from councilkit_tui.testing import pick, screen_text, settle, text_of, type_into

SIZE = (80, 24)
ALISON = "Alison Hartley"  # the Parish Clerk at Compton, in the demo store (demo_app's default login)
MakeApp = Callable[..., CouncilkitApp]


def error_under(app: CouncilkitApp, field: str) -> str:
    widget = app.screen.query_one(f"#error-{field}")
    return str(widget.render()) if widget.display else ""


async def test_add_and_amend_a_register_entry_with_field_errors_inline(demo_db: Path, demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        # the first register Compton keeps, and how many entries it holds
        assert text_of(app, "#reg-status") == "Training records · clause 3.1(i) · 3 current entries"
        assert app.screen.query_one("#table-training", EntryTable).row_count == 3
        await pilot.press("a")
        await pilot.pause()
        assert "Add an entry: Training records" in screen_text(app)

        await pick(pilot, "#field-person", "Dennis")
        await type_into(pilot, "#field-course", "Chairing skills")
        await type_into(pilot, "#field-completed_on", "31/02/2026")
        await type_into(pilot, "#field-hours", "3")
        await pilot.press("f8")
        await pilot.pause()
        assert "Add an entry: Training records" in screen_text(app)  # not saved: the date is wrong, and said so
        assert "Date completed" in error_under(app, "completed_on")
        assert "'31/02/2026' is not a real date" in error_under(app, "completed_on")
        assert error_under(app, "course") == ""
        assert text_of(app, "#entry-form-error").startswith("REFUSED Not saved: 1 problem")
        with open_store(demo_db) as store:
            assert not [e for e in Registers(store, councilkit.load_council("compton-parish")).iter_entries(
                "training", P.find_person(store, ALISON)) if e.display.get("course") == "Chairing skills"]

        await type_into(pilot, "#field-completed_on", "2026-11-20")
        await pilot.press("f8")
        await settle(pilot)
        detail = text_of(app, "#entry-text")  # saved: the new entry, shown
        found = re.match(r"Entry #(\d+)  Training records", detail)
        assert found and "Dennis Cole" in detail and "2026-11-20" in detail
        entry_id = int(found[1])

        # amend: a new version, with why; the history shows what changed
        await pilot.press("m")
        await pilot.pause()
        assert f"Amend entry #{entry_id} (version 1): Training records" in screen_text(app)
        assert app.screen.query_one("#field-course", Input).value == "Chairing skills"  # starts from the entry
        await type_into(pilot, "#field-provider", "Society of Local Council Clerks")
        await pilot.press("f8")
        await pilot.pause()
        assert "Say why it changes" in error_under(app, "reason")  # an amendment needs a reason
        await type_into(pilot, "#entry-reason", "Provider confirmed")
        await pilot.press("f8")
        await settle(pilot)
        assert "Amend entry" not in screen_text(app)  # saved: back to the entry
        assert "Version 2, amended" in text_of(app, "#entry-text")
        history = text_of(app, "#entry-versions")
        assert "Version 1 added" in history and "Version 2 amended" in history
        assert "why: Provider confirmed" in history
        assert "Provider: (empty) → Society of Local Council Clerks" in history

    with open_store(demo_db) as store:
        regs = Registers(store, councilkit.load_council("compton-parish"))
        versions = regs.history(entry_id, P.find_person(store, ALISON))
        assert [v.version for v in versions] == [1, 2]
        assert versions[-1].display["provider"] == "Society of Local Council Clerks"
        assert versions[-1].recorded_by_name == "Alison Hartley"


async def test_a_rule_across_fields_is_shown_under_the_field_it_needs(demo_app: MakeApp) -> None:
    app = demo_app(login="demo-priya.shah")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.open_register("information_requests")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pick(pilot, "#field-member", "Joan")
        await type_into(pilot, "#field-information", "Agency staff costs")
        await type_into(pilot, "#field-purpose", "Budget scrutiny")
        await type_into(pilot, "#field-requested_on", "2026-11-20")
        await pick(pilot, "#field-outcome", "refused")
        await type_into(pilot, "#field-answered_on", "2026-11-21")
        await pilot.press("f8")
        await pilot.pause()
        assert "Add an entry: Members' information requests" in screen_text(app)  # not saved
        assert "Written reasons for refusal is required when outcome is 'refused'" in error_under(app, "reasons")
        assert "required" in error_under(app, "copy_to") and "required" in error_under(app, "copied_on")
        assert text_of(app, "#entry-form-error").startswith("REFUSED Not saved: 3 problems")


async def test_a_conflicting_amendment_is_reloaded_and_said(demo_db: Path, demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.open_entry(5)  # training: Fiona Grant's induction
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        with open_store(demo_db) as store:  # another clerk amends it first
            Registers(store, councilkit.load_council("compton-parish")).amend(
                5, {"hours": "7"}, P.find_person(store, ALISON), reason="Hours corrected")
        await type_into(pilot, "#field-notes", "Certificate on file")
        await type_into(pilot, "#entry-reason", "Note added")
        await pilot.press("f8")
        await pilot.pause()
        assert "Amend entry #5 (version 2)" in screen_text(app)  # the form stays, on the other clerk's version
        message = text_of(app, "#entry-form-error")
        assert message.startswith("RELOADED") and "version 2" in message
        assert app.screen.query_one("#field-hours", Input).value == "7"  # the other clerk's change is shown


async def test_confidential_entries_and_sensitive_fields_are_not_shown(demo_app: MakeApp) -> None:
    # a councillor at the town council may not see confidential briefings until released
    app = demo_app(login="demo-derek.nunn")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.session.council.id == "town-2016"
        await app.open_register("briefings")
        await settle(pilot)
        table = app.screen.query_one("#table-briefings", EntryTable)
        subjects = [str(table.get_row_at(i)[2]) for i in range(table.row_count)]
        assert subjects == ["Draft budget headlines"]  # released; the depot site briefing is not listed
        assert "CONFIDENTIAL entries hidden: only Town Clerk may see them" in text_of(app, "#reg-status")
        await app.open_entry(8)  # the depot site briefing, by number
        await settle(pilot)
        assert "is confidential: only Town Clerk may see it" in text_of(app, "#entry-text")
        assert "depot" not in text_of(app, "#entry-text")


async def test_search_every_register_and_open_an_entry(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert "Search the registers: every word must match" in screen_text(app)
        await pilot.press(*"rotary")
        await settle(pilot)
        results = app.screen.query_one(OptionList)
        assert results.option_count == 1 and results.get_option_at_index(0).id == "1"
        assert "Gifts and hospitality" in str(results.get_option_at_index(0).prompt)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert text_of(app, "#entry-text").startswith("Entry #1  Gifts and hospitality")
        assert "OVERDUE" not in text_of(app, "#entry-text")
        assert "Notify the gift or hospitality for the register: due in 3 calendar days" in text_of(app, "#entry-text")


async def test_the_palette_reaches_every_register_kind(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Register: Gifts")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(app, "#reg-status").startswith("Gifts and hospitality · ")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert text_of(app, "#reg-status").startswith("Training records · ")


async def test_withdraw_an_entry_with_a_reason(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await app.open_entry(3)
        await settle(pilot)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")  # no reason: asked again
        await pilot.pause()
        assert "Say why" in text_of(app, "#reason-error")
        await pilot.press(*"Entered twice", "enter")
        await settle(pilot)
        assert "WITHDRAWN" in text_of(app, "#entry-text")
        assert "Version 2 withdrawn" in text_of(app, "#entry-versions")
