"""The worklist and the moves (``councilkit.cases.worklist``, ``councilkit.cases.moves``), on a real SQLite file.

What a clerk would notice: late cases come first, then the ones on time, then
those waiting for their next step, resolved and closed ones; paging with a
cursor never shows a case twice or loses one; a case someone may not see is
never in their list; each case offers the moves its state allows, with
whom they would go to; and a move made by its name does what the case book's
method does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import councilkit
from councilkit import people as P
from councilkit.cases import (
    MOVES,
    SECTIONS,
    SHOW,
    Case,
    CaseBook,
    CaseSummary,
    Move,
    RefusedError,
    Worklist,
    make_move,
    next_moves,
)
from councilkit.cases import worklist as casework
from councilkit.errors import UnknownNameError
from councilkit.present.json import unstructure
from councilkit.store import ConflictError, open_store

from support import APPOINTED, COMPTON, TODAY, D, World, make_world

LANGPORT = councilkit.load_council("langport-town")


@pytest.fixture
def w(tmp_path: Path) -> Iterator[World]:
    world = make_world(tmp_path / "casework.db")
    yield world
    world.store.close()


# Each maker leaves a case in one state.  The officer's concern about a councillor starts at the
# informal step (the Senior Manager, 10 working days); the grievance step's referral to the
# Monitoring Officer blocks, as Compton has none; a councillor's concern about an officer starts at
# "raise" (the Clerk, no time limit), which the Clerk may resolve.


def overdue_case(w: World, complainant: str = "Olive", subject: str = "Colin") -> Case:
    # the grievance step (5 working days) started on 2 November was due on 9 November
    return w.book.open(COMPTON, w[complainant], complainant=w[complainant], subject=w[subject],
                       step="grievance", on=D(2026, 11, 2), title="Late grievance").case


def open_case(w: World, on: D = TODAY, complainant: str = "Olive", subject: str = "Colin") -> Case:
    return w.book.open(COMPTON, w[complainant], complainant=w[complainant], subject=w[subject], on=on,
                       title="On time").case


def awaiting_case(w: World, complainant: str = "Olive", subject: str = "Colin", on: D = TODAY) -> Case:
    case = w.book.open(COMPTON, w[complainant], complainant=w[complainant], subject=w[subject],
                       step="grievance", on=on, title="Waiting for a Monitoring Officer").case
    return w.book.record_outcome(case, w["Pat"], "referred", on=on).case


def resolved_case(w: World, complainant: str = "Colin", subject: str = "Olive", on: D = TODAY) -> Case:
    case = w.book.open(COMPTON, w[complainant], complainant=w[complainant], subject=w[subject], on=on,
                       title="Resolved").case
    return w.book.resolve(case, w["Ann"], why="Settled", on=on).case


def closed_case(w: World, complainant: str = "Colin", subject: str = "Olive", on: D = TODAY) -> Case:
    case = resolved_case(w, complainant, subject, on)
    return w.book.close(case, w["Ann"], why="Done", on=on).case


def section(s: CaseSummary) -> str:
    return "overdue" if s.overdue(TODAY) else s.status


def every_page(work: Worklist, limit: int) -> tuple[list[CaseSummary], list[str | None]]:
    """Follow the cursors to the end: every case listed, and the cursors given."""
    out: list[CaseSummary] = []
    cursors: list[str | None] = []
    cursor = None
    for _ in range(10_000):
        page = work.page(cursor, limit)
        assert len(page.cases) <= limit
        out.extend(page.cases)
        cursors.append(page.cursor)
        cursor = page.cursor
        if cursor is None:
            return out, cursors
    raise AssertionError("the worklist never ended")


# --- the worklist ------------------------------------------------------------------


def test_overdue_cases_come_first_then_open_awaiting_and_resolved(w: World) -> None:
    # made in an order that is not the list's: newest first would put the overdue case last
    resolved = resolved_case(w)
    overdue = overdue_case(w)
    awaiting = awaiting_case(w)
    on_time = open_case(w)
    closed = closed_case(w)
    later_overdue = overdue_case(w)

    page = Worklist(w.book, w["Ann"], on=TODAY).page()
    assert [s.id for s in page.cases] == [later_overdue.id, overdue.id, on_time.id, awaiting.id, resolved.id]
    assert [section(s) for s in page.cases] == ["overdue", "overdue", "open", "awaiting", "resolved"]
    assert page.cursor is None and page.total == 5  # the closed case is not active

    everything = Worklist(w.book, w["Ann"], show="all", on=TODAY).page()
    assert [s.id for s in everything.cases][-1] == closed.id and everything.total == 6


def test_show_picks_the_sections(w: World) -> None:
    made = {"overdue": overdue_case(w).id, "open": open_case(w).id, "awaiting": awaiting_case(w).id,
            "resolved": resolved_case(w).id, "closed": closed_case(w).id}

    def listed(show: str) -> list[int]:
        work = Worklist(w.book, w["Ann"], show=show, on=TODAY)
        page = work.page()
        assert page.total == work.total() == len(page.cases)
        return [s.id for s in page.cases]

    assert listed("overdue") == [made["overdue"]]
    assert listed("open") == [made["overdue"], made["open"]]  # overdue steps are open too: first
    assert listed("awaiting") == [made["awaiting"]]
    assert listed("resolved") == [made["resolved"]]
    assert listed("closed") == [made["closed"]]
    assert listed("active") == [made[s] for s in ("overdue", "open", "awaiting", "resolved")]
    assert listed("all") == [made[s] for s in SECTIONS]
    assert set(SHOW) == {"active", "overdue", "open", "awaiting", "resolved", "closed", "all"}
    with pytest.raises(ValueError, match="unknown list 'late'; choose one of active, overdue"):
        Worklist(w.book, w["Ann"], show="late")


def test_a_step_falls_overdue_by_the_day_the_list_is_for(w: World) -> None:
    case = open_case(w, on=D(2026, 11, 16))  # informal: 10 working days, due 30 November
    assert [s.id for s in Worklist(w.book, w["Ann"], show="overdue", on=TODAY).page().cases] == []
    late = Worklist(w.book, w["Ann"], show="overdue", on=D(2026, 12, 1)).page()
    assert [s.id for s in late.cases] == [case.id]


def test_a_case_is_not_in_the_worklist_of_someone_who_may_not_see_it(w: World) -> None:
    about_colin = overdue_case(w)  # Olive about Colin: the parties, the handler and the Clerk see it
    about_olive = resolved_case(w, "Dora", "Olive")  # Dora about Olive
    assert [s.id for s in Worklist(w.book, w["Ann"], on=TODAY).page().cases] == [about_colin.id, about_olive.id]
    assert [s.id for s in Worklist(w.book, w["Colin"], on=TODAY).page().cases] == [about_colin.id]
    assert [s.id for s in Worklist(w.book, w["Dora"], on=TODAY).page().cases] == [about_olive.id]
    nobody = Worklist(w.book, w["Lee"], show="all", on=TODAY)
    assert nobody.page().cases == () and nobody.total() == 0
    # the Clerk of another council sees none of Compton's cases
    helen = P.add_person(w.store, "Helen Brooks", "helen")
    P.appoint(w.store, helen, LANGPORT, "clerk", APPOINTED)
    book = CaseBook(w.store, councils={COMPTON.id: COMPTON, LANGPORT.id: LANGPORT})
    assert Worklist(book, helen, show="all", on=TODAY).page().cases == ()
    # and the list for one council holds only that council's cases
    assert Worklist(w.book, w["Ann"], council_id=LANGPORT.id, show="all", on=TODAY).page().total == 0


def test_a_bad_cursor_is_refused_with_a_clear_message(w: World) -> None:
    open_case(w)
    work = Worklist(w.book, w["Ann"], on=TODAY)
    for bad in ("zz", "1", "1:x", "1:2:3"):
        with pytest.raises(ValueError, match=r"is not a worklist cursor \(it looks like 1:200\)"):
            work.page(bad)
    for bad in ("-1:0", "9:0", "0:-5"):
        with pytest.raises(ValueError, match=f"'{bad}' is not a worklist cursor for this list"):
            work.page(bad)
    assert [s.title for s in work.page("").cases] == ["On time"]  # empty: the start
    assert work.page(f"{len(work.sections)}:0").cases == ()  # the end of the list


def test_a_full_last_page_has_no_cursor_to_an_empty_one(w: World) -> None:
    # An overdue case listed first leaves only overdue rows in the open section after the on-time case:
    # nothing is left, so there is no next page to offer (it would be empty).
    overdue = overdue_case(w)
    on_time = open_case(w)
    page = Worklist(w.book, w["Ann"], on=TODAY).page(limit=2)
    assert [s.id for s in page.cases] == [overdue.id, on_time.id] and page.cursor is None
    # a list of overdue cases only, exactly a page long
    only_late = Worklist(w.book, w["Ann"], show="open", on=D(2026, 12, 31))
    page = only_late.page(limit=2)
    assert [s.id for s in page.cases] == [on_time.id, overdue.id] and page.cursor is None
    # with one more, the cursor leads to it
    later = overdue_case(w)
    first = Worklist(w.book, w["Ann"], on=TODAY).page(limit=2)
    assert [s.id for s in first.cases] == [later.id, overdue.id] and first.cursor is not None
    rest = Worklist(w.book, w["Ann"], on=TODAY).page(first.cursor, limit=2)
    assert [s.id for s in rest.cases] == [on_time.id] and rest.cursor is None


# --- paging through a few hundred cases ----------------------------------------------


@attrs.frozen
class Bulk:
    path: Path
    ids: frozenset[int]
    colin: frozenset[int]  # the cases Colin is a party to


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bulk]:
    """A store of 320 cases in every state, opened over two months, some not involving Colin."""
    w = make_world(tmp_path_factory.mktemp("bulk") / "bulk.db")
    ids, colin = set(), set()
    with w.book.batch():
        for i in range(320):
            other = "Dora" if i % 10 == 9 else "Colin"
            on = TODAY - dt.timedelta(days=(i * 7) % 60)
            kind = i % 6
            if kind in (0, 1):  # informal: overdue when opened more than 10 working days ago
                case = open_case(w, on, "Olive", other)
            elif kind == 2:
                case = awaiting_case(w, "Olive", other, on)
            elif kind == 3:
                case = resolved_case(w, other, "Olive", on)
            elif kind == 4:
                case = closed_case(w, other, "Olive", on)
            else:  # a councillor's concern about an officer: no time limit, never overdue
                case = open_case(w, on, other, "Olive")
            ids.add(case.id)
            if other == "Colin":
                colin.add(case.id)
    w.store.close()
    yield Bulk(Path(w.store.path), frozenset(ids), frozenset(colin))


def expected_order(book: CaseBook, viewer: P.Person, sections: tuple[str, ...]) -> list[int]:
    """Section by section, newest first: from CaseBook.list itself, read whole."""
    rows = book.list(viewer, limit=10_000, on=TODAY).cases
    return [s.id for name in sections for s in rows if section(s) == name]


@pytest.mark.parametrize("limit", [1, 7, 100, 1000])
def test_paging_with_cursors_lists_every_case_once_in_order(bulk: Bulk, limit: int) -> None:
    with open_store(bulk.path) as store:
        book = CaseBook(store, councils={COMPTON.id: COMPTON})
        ann = P.find_person(store, "ann")
        work = Worklist(book, ann, show="all", on=TODAY)
        listed, cursors = every_page(work, limit)
        ids = [s.id for s in listed]
        assert len(ids) == len(set(ids)), "a case was listed twice"
        assert set(ids) == bulk.ids
        assert ids == expected_order(book, ann, SECTIONS)
        assert work.total() == len(bulk.ids)
        assert {section(s) for s in listed} == set(SECTIONS)  # the store has every state
        assert len(cursors) == -(-len(ids) // limit)  # every page but the last is full
        assert cursors[-1] is None and all(cursors[:-1])


def test_paging_the_active_list_of_a_party_lists_their_cases_once(bulk: Bulk) -> None:
    with open_store(bulk.path) as store:
        book = CaseBook(store, councils={COMPTON.id: COMPTON})
        colin = P.find_person(store, "colin")  # a party, not an officer: the list walks his access rows
        work = Worklist(book, colin, on=TODAY)
        listed, _ = every_page(work, 13)
        ids = [s.id for s in listed]
        assert len(ids) == len(set(ids))
        assert [section(s) for s in listed] == sorted((section(s) for s in listed), key=SECTIONS.index)
        assert "closed" not in {section(s) for s in listed}
        active = {s.id for s in book.list(colin, limit=10_000, on=TODAY).cases if s.status != "closed"}
        assert set(ids) == active and active <= bulk.colin and active != bulk.colin
        assert work.page(limit=13).total == len(active)


def test_a_long_run_of_overdue_rows_is_skipped_across_pages(bulk: Bulk, monkeypatch: pytest.MonkeyPatch) -> None:
    # The open-on-time section reads rows a block at a time and skips the overdue ones; after five
    # blocks of skipping it returns what it has and a cursor to continue.  Small blocks make that happen.
    monkeypatch.setattr(casework, "_SCAN", 1)
    with open_store(bulk.path) as store:
        book = CaseBook(store, councils={COMPTON.id: COMPTON})
        ann = P.find_person(store, "ann")
        work = Worklist(book, ann, show="open", on=TODAY)
        listed, cursors = every_page(work, 5)
        ids = [s.id for s in listed]
        assert len(ids) == len(set(ids))
        assert ids == expected_order(book, ann, ("overdue", "open"))
        assert len(cursors) > -(-len(ids) // 5)  # some pages were cut short by the skipping


# --- the next moves ---------------------------------------------------------------------


def moves_of(book: CaseBook, case: Case) -> dict[str, Move]:
    moves = next_moves(book, case, TODAY)
    assert len({m.action for m in moves}) == len(moves)
    return {m.action: m for m in moves}


def test_a_case_awaiting_its_first_step_offers_start_with_whoever_would_handle_it(tmp_path: Path) -> None:
    # At Langport a concern the Chair raises about the Town Clerk goes to the Chair of the Personnel
    # Committee, then the Vice-Chair: with neither appointed, the first step cannot start.
    store = open_store(tmp_path / "langport.db")
    people = {}
    for name, role in (("Helen Brooks", "clerk"), ("Martin Shaw", "chair"), ("Ruth Ainsworth", "councillor")):
        people[name] = P.add_person(store, name, name.split()[0].lower())
        P.appoint(store, people[name], LANGPORT, role, APPOINTED)
    book = CaseBook(store, councils={LANGPORT.id: LANGPORT})
    case = book.open(LANGPORT, people["Martin Shaw"], complainant=people["Martin Shaw"],
                     subject=people["Helen Brooks"]).case
    assert case.status == "awaiting" and case.steps == ()
    start = moves_of(book, case)["start"]
    assert [c.id for c in start.choices] == ["town-clerk"] and start.choices[0].detail == "waiting to start"
    assert start.handlers == ()
    assert "is blocked" in start.note and "The council must appoint a Chair of the Personnel Committee" in start.note

    pam = P.add_person(store, "Pam Personnel", "pam")
    P.appoint(store, pam, LANGPORT, "personnel_committee_chair", TODAY)
    book = CaseBook(store, councils={LANGPORT.id: LANGPORT})  # a fresh book: the appointment is new
    moves = moves_of(book, book.get(case.id, pam))
    start = moves["start"]
    assert [(h.id, h.label, h.detail) for h in start.handlers] == [
        (str(pam.id), "Pam Personnel", "Chair of the Personnel Committee")]
    assert start.note.startswith("Pam Personnel (Chair of the Personnel Committee) would handle it: Helen Brooks, "
                                 "the Town Clerk, is the subject of the concern")
    assert {"withdraw", "note"} <= set(moves) and "outcome" not in moves and "close" not in moves
    assert moves["withdraw"].why_required
    # and starting it goes to the person offered
    started = book.start(case.id, pam, why="Chair of the Personnel Committee appointed").case
    assert started.current is not None and started.current.handler == "Pam Personnel"
    store.close()


def test_a_step_in_progress_offers_an_outcome_a_consultation_and_escalation(w: World) -> None:
    case = open_case(w)
    moves = moves_of(w.book, case)
    assert list(moves) == ["outcome", "resolve", "escalate", "withdraw", "note"]
    outcome = moves["outcome"]
    assert outcome.who == "the handler (Sam Senior)" and outcome.choose == "outcome"
    details = {c.id: c.detail for c in outcome.choices}
    assert details["resolved"] == "ends the route: the case is resolved"
    assert details["not_resolved"].startswith("leads to step 'Grievance")
    escalate = moves["escalate"]
    # only as far as the next step that may not be skipped
    assert escalate.why_required and [c.id for c in escalate.choices] == ["grievance"]
    assert escalate.who.startswith("the handler (Sam Senior) or the Parish Clerk") and "complainant" in escalate.who
    assert "start" not in moves and "close" not in moves and "reopen" not in moves

    # the course-of-action step is decided only after consulting the Chairman and the Vice-Chairman
    case = w.book.record_outcome(case, w["Sam"], "not_resolved").case
    case = w.book.record_outcome(case, w["Pat"], "upheld").case
    moves = moves_of(w.book, case)
    consulted = moves["consulted"]
    assert [(c.id, c.detail) for c in consulted.choices] == [("chair", "Cher Man"), ("vice_chair", "Vic Vice")]
    assert consulted.who == "the handler (Ann Clerk)"
    assert consulted.note.startswith("the step is decided after consulting the Chairman of the Council (Cher Man)")
    assert list(moves)[:2] == ["consulted", "outcome"]
    case = w.book.consult(case, w["Ann"], "chair").case
    assert [c.id for c in moves_of(w.book, case)["consulted"].choices] == ["vice_chair"]


def test_a_resolved_case_offers_close_and_names_what_is_still_open(w: World) -> None:
    case = w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], step="grievance").case
    case = w.book.record_outcome(case, w["Pat"], "upheld").case
    case = w.book.consult(case, w["Ann"], "chair").case
    case = w.book.consult(case, w["Ann"], "vice_chair").case
    case = w.book.record_outcome(case, w["Ann"], "decided").case
    assert case.status == "resolved"
    moves = moves_of(w.book, case)
    close = moves["close"]
    assert close.note == ("still open: notify the Leader of the Council (Lee Leader); "
                          "notify the Group Leader (Gail Group)")
    assert [(c.id, c.detail) for c in moves["notified"].choices] == [("leader", "Lee Leader"),
                                                                     ("group_leader", "Gail Group")]
    assert "outcome" not in moves and "withdraw" not in moves and "reopen" not in moves
    case = w.book.notify(case, w["Ann"], "leader").case
    assert moves_of(w.book, case)["close"].note == "still open: notify the Group Leader (Gail Group)"
    case = w.book.notify(case, w["Ann"], "group_leader").case
    moves = moves_of(w.book, case)
    assert moves["close"].note == "" and "notified" not in moves
    assert w.book.close(case, w["Ann"]).case.status == "closed"  # what the move offered is allowed


def test_a_closed_case_offers_reopen_at_a_step_it_ran(w: World) -> None:
    case = open_case(w)
    case = w.book.record_outcome(case, w["Sam"], "not_resolved").case
    case = w.book.record_outcome(case, w["Pat"], "not_upheld").case
    case = w.book.close(case, w["Ann"], why="Not upheld").case
    moves = moves_of(w.book, case)
    assert list(moves) == ["reopen", "note"]
    reopen = moves["reopen"]
    assert reopen.why_required and [c.id for c in reopen.choices] == ["grievance", "informal"]  # latest first
    assert reopen.who.startswith("the handler (Pat Chair)")
    reopened = w.book.reopen(case, w["Ann"], why="Again", step=reopen.choices[0].id).case
    assert reopened.current is not None and reopened.current.step_id == "grievance"


def test_moves_are_plain_data_in_json(w: World) -> None:
    data = unstructure(next_moves(w.book, open_case(w)))
    assert data[0]["action"] == "outcome" and data[0]["choices"][0].keys() == {"id", "label", "detail"}
    assert {tuple(sorted(d)) for d in data} == {("action", "choices", "choose", "handlers", "label", "note",
                                                 "optional", "who", "why_required")}


def test_every_move_offered_carries_the_label_of_the_one_list_of_moves(w: World) -> None:
    for case in (open_case(w), awaiting_case(w), resolved_case(w), closed_case(w)):
        for move in next_moves(w.book, case, TODAY):
            assert move.label == MOVES[move.action].label
            assert move.why_required == MOVES[move.action].why_required


def test_a_case_goes_along_its_route_by_the_moves_names(w: World) -> None:
    case = open_case(w)
    case = make_move(w.book, "outcome", case, w["Sam"], choice="not_resolved", why="Talked it through").case
    assert case.current is not None and case.current.step_id == "grievance"
    assert case.events[-2].reason == "Talked it through"
    case = make_move(w.book, "outcome", case, w["Pat"], choice="upheld").case
    # deciding before consulting is refused, by name as by method
    with pytest.raises(RefusedError, match="decided after consulting"):
        make_move(w.book, "outcome", case, w["Ann"], choice="decided")
    case = make_move(w.book, "consulted", case, w["Ann"], choice="chair", person=w["Cher"]).case
    assert case.events[-1].data["person"]["name"] == "Cher Man"
    case = make_move(w.book, "consulted", case, w["Ann"], choice="vice_chair").case
    case = make_move(w.book, "resolve", case, w["Ann"], choice="decided", why="Decided").case
    assert case.status == "resolved"
    case = make_move(w.book, "notified", case, w["Ann"], choice="leader").case
    case = make_move(w.book, "notified", case, w["Ann"], choice="group_leader").case
    case = make_move(w.book, "note", case, w["Olive"], why="Thank you").case
    assert case.events[-1].kind == "note" and case.events[-1].reason == "Thank you"
    case = make_move(w.book, "close", case, w["Ann"], why="Done").case
    assert case.status == "closed" and not case.withdrawn
    case = make_move(w.book, "reopen", case, w["Ann"], choice="grievance", why="New evidence").case
    assert case.current is not None and case.current.step_id == "grievance" and case.reopened == 1
    case = make_move(w.book, "escalate", case, w["Pat"], choice="course-of-action", why="Needs the council").case
    assert case.escalated and case.current is not None and case.current.step_id == "course-of-action"
    case = make_move(w.book, "withdraw", case, w["Olive"], why="No longer wanted").case
    assert case.status == "closed" and case.withdrawn


def test_starting_a_step_by_name_goes_to_the_handler_chosen(w: World) -> None:
    case = awaiting_case(w)
    mo = P.add_person(w.store, "Mo Officer", "mo")
    P.appoint(w.store, mo, COMPTON, "monitoring_officer", TODAY)
    book = CaseBook(w.store, councils={COMPTON.id: COMPTON})  # a fresh book: the appointment is new
    case = make_move(book, "start", case.id, w["Ann"], handler=mo, why="Appointed today").case
    assert case.current is not None and case.current.handler == "Mo Officer"


def test_a_move_made_on_a_stale_case_or_by_an_unknown_name_writes_nothing(w: World) -> None:
    case = open_case(w)
    w.book.note(case, w["Olive"], "Meanwhile")
    with pytest.raises(ConflictError, match="has changed since you read it"):
        make_move(w.book, "outcome", case, w["Sam"], choice="resolved")
    with pytest.raises(ConflictError):
        make_move(w.book, "note", case.id, w["Sam"], why="Late", version=case.version)
    with pytest.raises(UnknownNameError, match=r"unknown move 'decide'.*valid moves: close, consulted"):
        make_move(w.book, "decide", case, w["Sam"])
    assert w.book.get(case.id, w["Ann"]).version == case.version + 1
