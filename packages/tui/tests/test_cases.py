"""Cases in the terminal UI, driven with the keyboard through Textual's Pilot, on a real SQLite store."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from textual.widgets import OptionList, Select

import councilkit
from councilkit import people as P
from councilkit.cases import MOVES, CaseBook
from councilkit.store import open_store
from councilkit_tui.app import CouncilkitApp, create_app
from councilkit_tui.screens.cases import CaseTable
from councilkit_tui.screens.cases.case import MOVE_BINDINGS
from councilkit_tui.testing import pick, screen_text, settle, text_of, type_into

SIZE = (80, 24)
ALISON = "Alison Hartley"  # the Parish Clerk at Compton, in the demo store (demo_app's default login)
MakeApp = Callable[..., CouncilkitApp]


def shown_number(app: CouncilkitApp, selector: str, pattern: str) -> int:
    """A number the clerk reads in ``selector`` (the case's, its version's), by ``pattern`` with one group."""
    found = re.search(pattern, text_of(app, selector))
    assert found, f"{pattern!r} not in {text_of(app, selector)!r}"
    return int(found[1])


async def test_open_a_case_through_the_wizard_then_advance_and_close_it(demo_db: Path, demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "councilkit — Compton Parish Council" in screen_text(app)  # her only council: no need to choose
        await pilot.press("f5")
        await settle(pilot)
        assert "6 cases, overdue first" in screen_text(app)  # the demo's active cases at Compton
        await pilot.press("n")
        await pilot.pause()
        assert "New case, 1 of 3: who raises the concern, and about whom?" in screen_text(app)

        # 1: who raises it and about whom, by role: the route follows
        await pick(pilot, "#nc-raised-by", "Councillor")
        await pick(pilot, "#nc-about", "Officer")
        assert app.screen.query_one("#nc-raised-by", Select).value == "councillor"
        assert app.screen.query_one("#nc-about", Select).value == "officer"
        assert "A councillor's concern about an officer" in text_of(app, "#nc-route")
        await pilot.press("f8")
        await pilot.pause()

        # 2: the people, from those who hold the roles
        await pick(pilot, "#nc-complainant", "Fiona")
        await pick(pilot, "#nc-subject", "Jamie")
        await type_into(pilot, "#nc-title", "Rude reply to a planning query")
        await pilot.press("f8")
        await pilot.pause()

        # 3: the preview names the real people, and nothing is written yet
        preview = text_of(app, "#nc-preview").replace("\n", " ")
        assert "Raise the matter with the Parish Clerk" in preview
        assert "Handled by: Alison Hartley (Parish Clerk)" in preview
        assert "Due: 5 working days from Mon 23 Nov 2026" in preview
        with open_store(demo_db) as store:
            assert store.query("SELECT count(*) FROM cases WHERE council_id = 'compton-parish'")[0][0] == 8
        await pilot.press("f8")  # open the case
        await settle(pilot)
        detail = text_of(app, "#case-text")
        assert "Rude reply to a planning query" in detail and "OPEN" in detail
        assert "Current step: Raise the matter with the Parish Clerk" in detail
        assert "Handler: Alison Hartley (Parish Clerk)" in detail
        case_id = shown_number(app, "#case-text", r"^Case #(\d+)")

        # advance: the informal step cannot resolve it, so the formal one starts
        await pilot.press("o")
        await pilot.pause()
        assert f"Record an outcome: case #{case_id}" in screen_text(app)  # the form, over the case
        await pick(pilot, "#action-choice", "Cannot")
        await type_into(pilot, "#action-why", "Cllr Grant wants the formal procedure")
        await pilot.press("f8")
        await settle(pilot)
        assert "Record an outcome" not in screen_text(app)  # recorded: the form is gone
        detail = text_of(app, "#case-text")
        assert "Current step: Performance (capability) or disciplinary procedure" in detail
        assert ("Due: 5 working days from Mon 23 Nov 2026 (the parish variant's default for capability); "
                "skipping 2 weekend days (Sat 28 Nov, Sun 29 Nov): due Mon 30 Nov 2026") in detail.replace("\n", " ")
        assert "due Mon 30 Nov 2026 (in 5 working days)" in detail.replace("\n", " ")
        assert "Cllr Grant wants the formal procedure" in text_of(app, "#case-events")

        await pilot.press("o")
        await pilot.pause()
        await pick(pilot, "#action-choice", "Resolved")
        await pilot.press("f8")
        await settle(pilot)
        assert "RESOLVED" in text_of(app, "#case-text")
        assert "c close the case" in text_of(app, "#case-moves")

        await pilot.press("c")
        await pilot.pause()
        await type_into(pilot, "#action-why", "Apology accepted")
        await pilot.press("f8")
        await settle(pilot)
        assert "CLOSED" in text_of(app, "#case-text")
        assert "R reopen the case" in text_of(app, "#case-moves")

    with open_store(demo_db) as store:
        case = CaseBook(store).get(case_id, P.find_person(store, ALISON))
        assert case.status == "closed" and not case.withdrawn
        assert [e.kind for e in case.events] == ["opened", "step_started", "outcome", "step_started", "outcome",
                                                 "resolved", "closed"]
        assert case.complainant == "Fiona Grant" and case.subject == "Jamie Lowe"


async def test_only_her_moves_are_offered_and_the_others_are_named_with_who_may(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_case(2)  # handled by Richard Bell, not by the Parish Clerk
        await settle(pilot)
        moves = " ".join(text_of(app, "#case-moves").split())
        # the Parish Clerk sees every case and may escalate or withdraw it; deciding it is its handler's
        assert "Yours: e escalate to a later step · w close as withdrawn · n add a note" in moves
        assert "Only the handler (Richard Bell) may record an outcome or resolve the concern." in moves
        await pilot.press("o")  # not hers: nothing opens
        await pilot.pause()
        assert "Record an outcome: case #2" not in screen_text(app)

        await app.open_case(3)  # about her: a party, so only a note is hers, and the reason is said
        await settle(pilot)
        moves = " ".join(text_of(app, "#case-moves").split())
        assert "Yours: n add a note" in moves
        assert "You are a party to case #3." in moves
        assert "Only the handler (Richard Bell) may record an outcome" in moves


async def test_a_refused_action_says_why_and_writes_nothing(demo_db: Path, demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_case(2)
        await settle(pilot)
        version = shown_number(app, "#case-text", r"\(version (\d+)\)")
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#action-why", "Spoke to Kim")
        await type_into(pilot, "#action-on", "2026-10-01")  # before the case was opened
        await pilot.press("f8")
        await pilot.pause()
        assert "Add a note: case #2" in screen_text(app)  # the form is still open, saying why
        error = " ".join(text_of(app, "#action-error").split())
        assert error.startswith("REFUSED")
        assert "Nothing was written." in error
    with open_store(demo_db) as store:
        assert CaseBook(store).get(2, P.find_person(store, ALISON)).version == version


async def test_a_change_by_another_clerk_is_a_conflict_reloaded_and_said(demo_db: Path, demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_case(8)  # reopened, at the Parish Clerk's informal step
        await settle(pilot)
        shown = shown_number(app, "#case-text", r"\(version (\d+)\)")
        with open_store(demo_db) as store:  # another clerk, another process's connection
            other = CaseBook(store)
            other.note(8, P.find_person(store, ALISON), "Spoke to both on the phone")
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#action-why", "Meeting arranged")
        await pilot.press("f8")
        await settle(pilot)
        assert "RELOADED" in text_of(app, "#case-moves")
        # the other clerk's note, and not ours
        assert shown_number(app, "#case-text", r"\(version (\d+)\)") == shown + 1
        events = text_of(app, "#case-events")
        assert "Spoke to both on the phone" in events and "Meeting arranged" not in events


async def test_home_lists_what_needs_attention_and_opens_a_case(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "ctrl+p finds any clause, case, register or screen" in screen_text(app)  # Home, first
        options = app.screen.query_one("#attention", OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert lines[0].startswith("OVERDUE: Review of the Member/Officer Protocol")
        assert lines[1].startswith("OVERDUE by 10 working days: Case #2 Repeated criticism")
        assert lines[2].startswith("OVERDUE by 12 calendar days: Gifts and hospitality #2")
        assert lines[3].startswith("due in 3 calendar days: Gifts and hospitality #1")
        assert lines[4].startswith("due in 4 working days: Case #3 Agenda papers late")
        assert "You: Alison Hartley (Parish Clerk, RFO)" in text_of(app, "#home-council")
        options.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        detail = text_of(app, "#case-text")
        assert detail.startswith("Case #2  Repeated criticism") and "OVERDUE" in detail


async def test_the_list_filters_by_state_overdue_first(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        table = app.screen.query_one(CaseTable)
        states = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert states == ["OVERDUE", "open", "open", "open", "awaiting", "resolved"]
        await pick(pilot, "#cases-show", "Closed")
        await settle(pilot)
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        assert [str(r[1]) for r in rows] == ["closed", "closed"]
        assert {str(r[4]) for r in rows} == {"Pressure to change a committee report", "Phone calls at home in the evening"}
        assert "2 cases" in text_of(app, "#cases-status")


async def test_a_long_list_loads_page_by_page(tmp_path: Path) -> None:
    compton = councilkit.load_council("compton-parish")
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
    app = create_app(db=path, login="ann", blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        table = app.screen.query_one(CaseTable)
        assert table.row_count == 100 and table.total == 250
        assert "100 of 250 loaded" in text_of(app, "#cases-status")
        await pilot.press("end")
        await settle(pilot)
        assert table.row_count == 200
        await pilot.press("end")
        await settle(pilot)
        assert table.row_count == 250 and "250 cases" in text_of(app, "#cases-status")


async def test_the_palette_opens_a_case_by_number_and_by_title(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Agenda papers")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(app, "#case-text").startswith("Case #3  Agenda papers late")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"case 5")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(app, "#case-text").startswith("Case #5  Planning file handed over")


async def test_copy_a_case_reference_with_osc52(demo_app: MakeApp) -> None:
    app = demo_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_case(2)
        await settle(pilot)
        await pilot.press("y")
        assert app.clipboard == "Compton Parish Council, case #2: Repeated criticism of the office's work in emails"


async def test_a_confidential_case_is_not_shown_to_someone_who_may_not_see_it(demo_app: MakeApp) -> None:
    # Sunita Rao leads a group at Compton: a party to no case, handling none, holding no role that sees them all
    app = demo_app(login="demo-sunita.rao")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert app.screen.query_one(CaseTable).row_count == 0
        assert "No cases here" in text_of(app, "#cases-status")
        await app.open_case(2)
        await settle(pilot)
        assert "no case #2 that you can see" in text_of(app, "#case-text")
        assert "Repeated criticism" not in text_of(app, "#case-text")


def deployment_of(demo_db: Path, councils: dict, administrator: str = "clerk") -> Path:
    """The demo's people and cases as a real deployment, with ``administrator`` its first administrator."""
    from councilkit.people.admin import init_deployment

    with open_store(demo_db) as store:
        init_deployment(store, list(councils.values()), login=administrator)
    return demo_db


async def test_an_administrator_acting_as_someone_is_recorded(demo_db: Path, demo_app: MakeApp,
                                                              councils: dict) -> None:
    # "clerk" administers every council of the deployment: at Compton it may act as the Parish Clerk
    app = demo_app(db=deployment_of(demo_db, councils), demo=False, login="clerk",
                   as_person="demo-alison.hartley", council_id="compton-parish")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "acting as them, recorded as clerk" in text_of(app, "#home-council")
        await app.open_case(8)
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#action-why", "Called the complainant")
        await pilot.press("f8")
        await settle(pilot)
        assert "Alison Hartley (recorded by clerk): note" in text_of(app, "#case-events")
    with open_store(demo_db) as store:
        event = CaseBook(store).get(8, P.find_person(store, ALISON)).events[-1]
        assert (event.kind, event.actor, event.recorded_by) == ("note", "Alison Hartley", "clerk")


async def test_only_an_administrator_may_act_as_someone_else(demo_db: Path, demo_app: MakeApp,
                                                            councils: dict) -> None:
    # a councillor asking to act as the Parish Clerk is refused, and stays herself
    app = demo_app(db=deployment_of(demo_db, councils), demo=False, login="demo-fiona.grant",
                   as_person="demo-alison.hartley", council_id="compton-parish")
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        identity, problem = app.session.identity_at()
        assert "you (Fiona Grant, login 'demo-fiona.grant') may not (you are not an administrator)" in problem
        assert identity.person.name == "Fiona Grant"
        assert "You: Fiona Grant (Councillor)" in text_of(app, "#home-council")
        assert "--as demo-alison.hartley: only an administrator" in " ".join(text_of(app, "#home-council").split())


async def test_an_administrator_records_a_step_for_its_handler(demo_db: Path, demo_app: MakeApp,
                                                               councils: dict) -> None:
    # the Parish Clerk, also the deployment's administrator, opens a case handled by Richard Bell
    login = "demo-alison.hartley"
    app = demo_app(db=deployment_of(demo_db, councils, login), demo=False, login=login)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.open_case(2)
        await settle(pilot)
        moves = " ".join(text_of(app, "#case-moves").split())
        assert "h: record a step for the handler, Richard Bell" in moves
        await pilot.press("h")
        await pilot.pause()
        moves = " ".join(text_of(app, "#case-moves").split())
        assert f"Acting for Richard Bell (the handler), recorded as {login}" in moves
        assert "o record an outcome" in moves
        await pilot.press("o")
        await pilot.pause()
        await pick(pilot, "#action-choice", "Grievance upheld")
        await type_into(pilot, "#action-why", "Decided at the panel on Friday; entered for Richard")
        await pilot.press("f8")
        await settle(pilot)
        assert f"Richard Bell (recorded by {login}): outcome" in " ".join(text_of(app, "#case-events").split())
    with open_store(demo_db) as store:
        outcome = next(e for e in reversed(CaseBook(store).get(2, P.find_person(store, "Richard Bell")).events)
                       if e.kind == "outcome")
        assert (outcome.actor, outcome.recorded_by) == ("Richard Bell", login)


def test_every_move_a_case_may_allow_has_a_key() -> None:
    # a move the SDK offers with no key here could never be made in the terminal UI
    assert sorted(action for action, _, _ in MOVE_BINDINGS) == sorted(MOVES)
