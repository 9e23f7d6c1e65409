"""Keys typed ahead land where the clerk meant them: each burst below reaches the app in one piece, as keys
typed quickly do over SSH, and every field is checked afterwards."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Input

import councilkit
from councilkit import people as P
from councilkit.cases import CaseBook
from councilkit.registers import Registers
from councilkit.store import open_store
from councilkit_tui.app import CouncilkitApp
from councilkit_tui.testing import burst, screen_text, settle, text_of
from councilkit_tui.typeahead import OrderedKeys

SIZE = (80, 24)
MakeApp = Callable[..., CouncilkitApp]


class TwoFields(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="description")
        yield Input(id="offered-by")


class OrderedTwoFields(OrderedKeys):
    def compose(self) -> ComposeResult:
        yield Input(id="description")
        yield Input(id="offered-by")


async def test_textual_alone_puts_keys_typed_after_tab_in_the_field_being_left() -> None:
    # why councilkit_tui.typeahead exists; if this fails, Textual fixed it upstream and the module can go
    app = TwoFields()
    async with app.run_test() as pilot:
        await burst(pilot, "Lunch", "tab", "Parish Council")
        assert app.query_one("#description", Input).value == "LunchParish Council"


async def test_keys_after_tab_land_in_the_next_field() -> None:
    app = OrderedTwoFields()
    async with app.run_test() as pilot:
        await burst(pilot, "Lunch", "tab", "Parish Council", "shift+tab", "end", " at the hall")
        assert app.query_one("#description", Input).value == "Lunch at the hall"
        assert app.query_one("#offered-by", Input).value == "Parish Council"


async def test_a_register_entry_added_and_amended_in_bursts(demo_db: Path, demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Registers, add, choose the person from the list, then each field after a Tab, then save: one write
        await burst(pilot, "f6", "a", "enter", "Dennis", "enter", "tab", "Chairing skills", "tab", "23/11/2026",
                    "tab", "Local Council Training", "tab", "3", "f8")
        entry = text_of(app, "#entry-text")
        assert "Training records" in entry and "Chairing skills" in entry, entry
        entry_id = int(entry.split("#", 1)[1].split()[0])
        # amend: the course is second; clear it, type the new one, then the reason is the last field
        # (back to the person, then past course, date, provider, hours, notes and the confidential box)
        await burst(pilot, "m", "tab", "end", "\x15", "Chairing meetings well", "shift+tab", *["tab"] * 7,
                    "Course renamed by the provider", "f8")
        assert "Version 2" in text_of(app, "#entry-versions")
    with open_store(demo_db) as store:
        entry = Registers(store, councilkit.load_council("compton-parish")).get(
            entry_id, P.find_person(store, "demo-alison.hartley"))
        assert entry.version == 2 and entry.reason == "Course renamed by the provider"
        assert entry.display["person"] == "Dennis Cole" and entry.display["course"] == "Chairing meetings well"
        assert (entry.display["completed_on"], entry.display["provider"], entry.display["hours"]) == (
            "2026-11-23", "Local Council Training", "3")


async def test_a_case_opened_and_advanced_in_bursts(demo_db: Path, demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, "f5", "n", "enter", "Councillor", "enter", "tab", "enter", "Officer", "enter", "f8",
                    "enter", "Fiona", "enter", "tab", "enter", "Jamie", "enter",
                    "tab", "Rude reply", "tab", "Lunch", "tab", "Parish Council", "f8")
        assert "New case, 3 of 3" in screen_text(app)
        await burst(pilot, "f8", "o", "enter", "Cannot", "enter", "tab", "Wants the formal procedure", "f8")
        detail = text_of(app, "#case-text")
        assert "Rude reply" in detail
        assert "Current step: Performance (capability) or disciplinary procedure" in detail
        case_id = int(detail.split("#", 1)[1].split()[0])
    with open_store(demo_db) as store:
        case = CaseBook(store).get(case_id, P.find_person(store, "demo-alison.hartley"))
        assert case.title == "Rude reply"
        assert case.description == "Lunch"  # the Tab moved on before "Parish Council"
        assert case.events[-2].reason == "Wants the formal procedure"
