"""Cases through the SDK, on a real SQLite file: the fold, the refusals, confidentiality, conflicts, hooks."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from pathlib import Path

import attrs
import pytest

import councilkit
from councilkit import hookimpl
from councilkit import people as P
from councilkit.cases import (
    Actor,
    CaseBook,
    RefusedError,
    UnknownCaseError,
    fold,
    numbering_problems,
)
from councilkit.errors import UnknownNameError
from councilkit.model import Obligation
from councilkit.people.authority import NotAuthorisedError
from councilkit.plugins import Registry
from councilkit.store import ConflictError, Store, open_store

from support import APPOINTED, COMPTON, TODAY, D, World, make_world


@pytest.fixture
def w(tmp_path: Path) -> World:
    world = make_world(tmp_path / "cases.db")
    yield world
    world.store.close()


def officer_case(w: World, on: D | None = None):  # type: ignore[no-untyped-def]
    return w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], on=on,
                       description="Shouted at me after the meeting").case


# --- opening and the record --------------------------------------------------


def test_opening_chooses_the_route_from_the_roles_held_and_starts_the_first_step(w: World) -> None:
    case = officer_case(w)
    assert case.route_id == "officer-concern-about-councillor"
    assert (case.raised_by, case.about) == ("officer", "councillor")
    assert case.status == "open" and case.current is not None
    assert case.current.step_id == "informal" and case.current.handler == "Sam Senior"
    assert case.current.deadline is not None and case.current.deadline.due == D(2026, 12, 7)
    opened, started = case.events
    assert (opened.kind, opened.actor, opened.on, opened.reason) == (
        "opened", "Olive Officer", TODAY, "Shouted at me after the meeting")
    assert started.kind == "step_started" and started.reason == "the first step of the route"
    assert opened.at and opened.hash and started.data["due"]["due"] == "2026-12-07"


def test_the_state_is_a_fold_over_the_events(w: World, tmp_path: Path) -> None:
    case = officer_case(w)
    case = w.book.record_outcome(case, w["Sam"], "not_resolved", why="No agreement").case
    again = fold(case.events, COMPTON.nation)
    assert again == case
    # another process (a fresh book, no cache) folds the same case from the file
    other = CaseBook(open_store(tmp_path / "cases.db"), councils={COMPTON.id: COMPTON})
    assert other.get(case.id, w["Ann"]) == case


def test_the_councillor_about_the_clerk_goes_to_the_personnel_committee_chair(w: World) -> None:
    case = w.book.open(COMPTON, w["Colin"], complainant=w["Colin"], subject=w["Ann"]).case
    run = case.current
    assert run is not None and run.handler == "Pat Chair" and run.instead_of == "clerk"
    assert run.why == ("Ann Clerk, the Parish Clerk, is the subject of the concern: the protocol names the "
                       "Chairman of the Personnel Committee instead (clause 4.2)")
    assert case.events[1].data["handler"]["why"] == run.why  # the case records why


def test_an_administrator_acting_as_someone_is_recorded(w: World) -> None:
    case = w.book.open(COMPTON, Actor(w["Olive"], recorded_by="root"), complainant=w["Olive"],
                       subject=w["Colin"]).case
    assert {e.recorded_by for e in case.events} == {"root"}
    assert {e.actor for e in case.events} == {"Olive Officer"}


def test_a_full_case_from_concern_to_closure(w: World) -> None:
    case = officer_case(w)
    case = w.book.record_outcome(case, w["Sam"], "not_resolved").case
    assert case.current is not None and case.current.step_id == "grievance" and case.current.handler == "Pat Chair"
    case = w.book.record_outcome(case, w["Pat"], "upheld").case
    decide = case.current
    assert decide is not None and decide.step_id == "course-of-action" and decide.handler == "Ann Clerk"
    assert [r.who() for r in decide.consult] == ["the Chairman of the Council (Cher Man)",
                                                  "the Vice Chairman of the Council (Vic Vice)"]
    case = w.book.consult(case, w["Ann"], "chair", why="Agreed an apology").case
    case = w.book.consult(case, w["Ann"], "vice_chair").case
    case = w.book.record_outcome(case, w["Ann"], "decided", why="Written apology").case
    assert case.status == "resolved"
    case = w.book.notify(case, w["Ann"], "leader").case
    case = w.book.notify(case, w["Ann"], "group_leader").case
    case = w.book.close(case, w["Ann"]).case
    assert case.status == "closed" and case.closed_on == TODAY
    assert [e.kind for e in case.events] == [
        "opened", "step_started", "outcome", "step_started", "outcome", "step_started", "consulted", "consulted",
        "outcome", "resolved", "notified", "notified", "closed"]
    assert [e.n for e in case.events] == list(range(1, 14))
    checked, problems = w.store.verify_chains()
    assert checked["case_events"] == 13 and problems == []


# --- refusals ----------------------------------------------------------------


def test_skipping_a_mandatory_step_is_refused(w: World) -> None:
    with pytest.raises(RefusedError, match=r"would skip step 'grievance' .* which is not optional \(clause 4\.1\)"):
        w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], step="monitoring-officer")
    # the optional informal step may be skipped
    case = w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], step="grievance").case
    assert case.current is not None and case.current.step_id == "grievance"
    with pytest.raises(RefusedError, match="would skip step 'grievance'"):
        w.book.escalate(officer_case(w), w["Sam"], to="monitoring-officer", why="faster")


def test_acting_as_handler_when_not_the_handler_is_refused(w: World) -> None:
    case = officer_case(w)
    with pytest.raises(RefusedError, match="Ann Clerk is not the current handler of case #1: step 'informal' is "
                                           "handled by Sam Senior"):
        w.book.record_outcome(case, w["Ann"], "resolved")
    with pytest.raises(RefusedError, match="not the current handler"):
        w.book.consult(case, w["Olive"], "chair")
    assert w.book.get(case.id, w["Ann"]).version == 2  # nothing written


def test_deciding_before_the_required_consultation_is_refused(w: World) -> None:
    case = w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], step="grievance").case
    case = w.book.record_outcome(case, w["Pat"], "upheld").case
    with pytest.raises(RefusedError, match="decided after consulting the Chairman of the Council \\(Cher Man\\) "
                                           "and the Vice Chairman"):
        w.book.record_outcome(case, w["Ann"], "decided")


def test_closing_with_obligations_open_is_refused(w: World) -> None:
    case = w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], step="grievance").case
    case = w.book.record_outcome(case, w["Pat"], "upheld").case
    case = w.book.consult(case, w["Ann"], "chair").case
    case = w.book.consult(case, w["Ann"], "vice_chair").case
    case = w.book.resolve(case, w["Ann"]).case
    with pytest.raises(RefusedError, match="cannot close while obligations are open: notify the Leader of the "
                                           "Council \\(Lee Leader\\)"):
        w.book.close(case, w["Ann"])
    case = w.book.notify(case, w["Ann"], "leader").case
    with pytest.raises(RefusedError, match="notify the Group Leader"):
        w.book.close(case, w["Ann"])


def test_step_obligations_are_discharged_by_a_note(tmp_path: Path) -> None:
    route = COMPTON.routes[1]
    raise_step = attrs.evolve(route.steps[0], obligations=(
        Obligation("written-reasons", "Give written reasons for the outcome"),))
    council = attrs.evolve(COMPTON, routes=(COMPTON.routes[0], attrs.evolve(route, steps=(raise_step,
                                                                                          route.steps[1]))))
    w = make_world(tmp_path / "ob.db", councils={COMPTON.id: council})
    case = w.book.open(council, w["Colin"], complainant=w["Colin"], subject=w["Olive"]).case
    case = w.book.resolve(case, w["Ann"], why="Settled informally").case
    with pytest.raises(RefusedError, match="Give written reasons for the outcome \\(obligation 'written-reasons'"):
        w.book.close(case, w["Ann"])
    with pytest.raises(RefusedError, match="no open obligation 'reasons'; open obligations: written-reasons"):
        w.book.note(case, w["Ann"], "sent", discharges="reasons")
    case = w.book.note(case, w["Ann"], "Reasons sent by letter on 23 November", discharges="written-reasons").case
    assert w.book.close(case, w["Ann"]).case.status == "closed"


def test_other_illegal_moves_are_refused_with_the_reason(w: World) -> None:
    case = officer_case(w)
    with pytest.raises(RefusedError, match="not resolved \\(step 'informal' is in progress\\)"):
        w.book.close(case, w["Ann"])
    with pytest.raises(RefusedError, match="only a closed case can be reopened"):
        w.book.reopen(case, w["Ann"], why="again")
    with pytest.raises(RefusedError, match="say why"):
        w.book.escalate(case, w["Sam"], why="")
    with pytest.raises(RefusedError, match="in the future"):
        w.book.note(case, w["Ann"], "later", on=D(2026, 11, 24))
    with pytest.raises(RefusedError, match="before case #1's last event"):
        w.book.note(case, w["Ann"], "earlier", on=D(2026, 11, 20))
    with pytest.raises(RefusedError, match="cannot raise a concern about themselves"):
        w.book.open(COMPTON, w["Colin"], complainant=w["Colin"], subject=w["Colin"])
    with pytest.raises(RefusedError, match="Nobody Special holds no role at Compton Parish Council"):
        w.book.open(COMPTON, w["Ann"], complainant=w["Nobody"], subject=w["Colin"])  # the clerk records it
    with pytest.raises(NotAuthorisedError, match=r"^only the complainant, or a case officer of the council may open "
                                                 r"a case at Compton Parish Council; Colin Cllr may not \(they are "
                                                 r"not Dora Cllr, the complainant, nor a case officer there\)"):
        w.book.open(COMPTON, w["Colin"], complainant=w["Dora"], subject=w["Olive"])
    with pytest.raises(RefusedError, match="does not hold the role of Parish Clerk"):
        w.book.open(COMPTON, w["Colin"], complainant=w["Colin"], subject=w["Olive"], about="clerk")
    grievance = w.book.record_outcome(case, w["Sam"], "not_resolved").case
    with pytest.raises(RefusedError, match="leads to several steps \\(course-of-action, monitoring-officer\\); "
                                           "say which with --to"):
        w.book.escalate(grievance, w["Pat"], why="too slow")
    assert w.book.get(case.id, w["Ann"]).version == grievance.version  # none of it was written


# --- escalation, blocking, reopening -------------------------------------------


def test_escalation_moves_to_the_next_step_with_a_new_deadline(w: World) -> None:
    case = w.book.open(COMPTON, w["Colin"], complainant=w["Colin"], subject=w["Olive"], on=D(2026, 11, 16)).case
    case = w.book.escalate(case, w["Colin"], why="Not resolved informally").case  # the complainant may escalate
    run = case.current
    assert run is not None and run.step_id == "formal" and run.started_on == TODAY
    assert run.deadline is not None and run.deadline.due == D(2026, 11, 30)
    assert case.steps[0].ended == "escalated" and case.escalated
    with pytest.raises(RefusedError, match="is the last step of route"):
        w.book.escalate(case, w["Ann"], why="further")


def test_a_blocked_step_waits_until_the_council_appoints_someone(w: World) -> None:
    case = w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], step="grievance").case
    change = w.book.record_outcome(case, w["Pat"], "referred")
    case = change.case
    assert case.status == "awaiting" and case.pending == "monitoring-officer"
    assert any("The council must appoint a Monitoring Officer" in warning for warning in change.warnings)
    waiting = w.book.waiting_for(case)
    assert waiting is not None and waiting.blocked and waiting.appoint == "monitoring_officer"
    with pytest.raises(RefusedError, match="is blocked"):
        w.book.start(case, w["Ann"])
    mo = P.add_person(w.store, "Mo Officer")
    P.appoint(w.store, mo, COMPTON, "monitoring_officer", TODAY)
    case = w.book.start(case, w["Ann"], why="Monitoring Officer appointed").case
    assert case.current is not None and case.current.handler == "Mo Officer"
    assert case.current.deadline is not None and case.current.deadline.days == 20


def test_reopening_starts_the_last_step_again_with_whoever_holds_it_now(w: World) -> None:
    case = w.book.open(COMPTON, w["Colin"], complainant=w["Colin"], subject=w["Olive"], on=D(2026, 11, 2)).case
    case = w.book.resolve(case, w["Ann"], on=D(2026, 11, 3)).case
    case = w.book.close(case, w["Ann"], on=D(2026, 11, 4)).case
    with pytest.raises(RefusedError, match="only the handler"):
        w.book.reopen(case, w["Colin"], why="I am not happy")
    case = w.book.reopen(case, w["Ann"], why="It happened again").case
    assert case.status == "open" and case.reopened == 1 and case.closed_on is None
    assert case.current is not None and case.current.step_id == "raise" and case.current.started_on == TODAY
    with pytest.raises(RefusedError, match="can be reopened only at a step it ran"):
        w.book.reopen(w.book.close(w.book.resolve(case, w["Ann"]).case, w["Ann"]).case, w["Ann"], why="x",
                      step="formal")


def test_a_concern_may_be_withdrawn_by_the_complainant(w: World) -> None:
    case = officer_case(w)
    with pytest.raises(RefusedError, match="say why the concern is withdrawn"):
        w.book.close(case, w["Olive"], withdrawn=True)
    case = w.book.close(case, w["Olive"], withdrawn=True, why="We talked it through").case
    assert case.status == "closed" and case.withdrawn and case.steps[-1].ended == "withdrawn"


def test_no_route_goes_to_the_adviser(tmp_path: Path) -> None:
    community = councilkit.load_council("community-council")
    store = open_store(tmp_path / "c.db")
    book = CaseBook(store, councils={community.id: community})
    people = {}
    for name, role in (("Rhi", "clerk"), ("Eleri", "councillor"), ("Gareth", "councillor")):
        people[name] = P.add_person(store, name)
        P.appoint(store, people[name], community, role, APPOINTED)
    case = book.open(community, people["Eleri"], complainant=people["Eleri"], subject=people["Gareth"]).case
    assert case.route_id == "adviser" and case.route_title.startswith("No route in the protocol")
    assert case.current is not None and case.current.handler == "Rhi"
    case = book.record_outcome(case, people["Rhi"], "advised").case
    assert case.status == "resolved"


# --- confidentiality ----------------------------------------------------------


def test_only_parties_handlers_and_the_variants_roles_see_a_case(w: World) -> None:
    case = officer_case(w)
    case = w.book.record_outcome(case, w["Sam"], "not_resolved").case
    seen_by = {name for name, person in w.p.items() if w.book.can_see(case, person)}
    # parties (Olive, Colin), handlers past and present (Sam, Pat), and the parish variant's roles
    # (the Clerk, the Chair of the Personnel Committee)
    assert seen_by == {"Olive Officer", "Colin Cllr", "Sam Senior", "Pat Chair", "Ann Clerk"}
    with pytest.raises(UnknownCaseError, match="no case #1 that you can see"):
        w.book.get(case.id, w["Dora"])
    with pytest.raises(UnknownCaseError):
        w.book.note(case.id, w["Dora"], "I heard about this")
    assert w.book.list(w["Dora"]).total == 0
    assert w.book.list(w["Ann"]).total == 1
    assert w.book.list(w["Sam"]).total == 1


def test_a_cases_council_is_found_before_who_acts_and_a_missing_case_reads_as_an_unseen_one(w: World) -> None:
    case = officer_case(w)
    assert w.book.council_of(case.id) is COMPTON and w.book.council_of(f"#{case.id}", must_exist=True) is COMPTON
    assert w.book.council_of(99) is None
    with pytest.raises(UnknownCaseError) as missing:
        w.book.council_of(99, must_exist=True)
    with pytest.raises(UnknownCaseError) as unseen:
        w.book.get(case.id, w["Dora"])
    assert str(missing.value) == "no case #99 that you can see"
    assert str(unseen.value) == f"no case #{case.id} that you can see"
    with pytest.raises(UnknownCaseError, match="is not a case number"):
        w.book.council_of("twelve")


def test_a_clerk_of_another_council_sees_none_of_this_councils_cases(w: World) -> None:
    officer_case(w)
    langport = councilkit.load_council("langport-town")
    other = P.add_person(w.store, "Helen Brooks")
    P.appoint(w.store, other, langport, "clerk", APPOINTED)
    book = CaseBook(w.store, councils={COMPTON.id: COMPTON, langport.id: langport})
    assert book.list(other).total == 0
    assert not book.can_see(book.get(1, w["Ann"]), other)


def test_a_clerk_whose_appointment_ended_no_longer_sees_cases(w: World) -> None:
    case = officer_case(w)
    a = P.current_appointment(w.store, w["Ann"], COMPTON.id, "clerk", TODAY)
    P.end_appointment(w.store, a, D(2026, 11, 1))
    assert not w.book.can_see(case, w["Ann"])
    assert w.book.list(w["Ann"]).total == 0


def test_list_filters_and_pages(w: World) -> None:
    for _ in range(3):
        officer_case(w, on=D(2026, 11, 16))  # informal: 10 working days, due 30 November
    late = w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], step="grievance",
                       on=D(2026, 11, 2)).case
    page = w.book.list(w["Ann"], limit=2)
    assert page.total == 4 and [c.id for c in page.cases] == [4, 3]
    assert [c.id for c in w.book.list(w["Ann"], limit=2, offset=2).cases] == [2, 1]
    overdue = w.book.list(w["Ann"], overdue=True)
    assert [c.id for c in overdue.cases] == [late.id]
    assert overdue.cases[0].state(TODAY) == "overdue" and overdue.cases[0].due == D(2026, 11, 9)
    assert w.book.list(w["Ann"], handler=w["Pat"]).total == 1
    assert w.book.list(w["Ann"], status="closed").total == 0
    # a party (no role that sees every case) pages through their own cases the same way
    mine = w.book.list(w["Olive"], limit=3)
    assert mine.total == 4 and [c.id for c in mine.cases] == [4, 3, 2]
    assert [c.id for c in w.book.list(w["Olive"], limit=3, offset=3).cases] == [1]
    assert [c.id for c in w.book.list(w["Olive"], overdue=True).cases] == [late.id]
    assert w.book.list(w["Olive"], status=["open"], handler=w["Sam"]).total == 3


def test_list_by_due_date_gives_the_earliest_due_first_for_officers_and_parties(w: World) -> None:
    later = [officer_case(w, on=D(2026, 11, 16)) for _ in range(2)]  # due 30 November
    late = w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], step="grievance",
                       on=D(2026, 11, 2)).case  # due 9 November
    for viewer in (w["Ann"], w["Olive"]):
        page = w.book.list(viewer, order="due", limit=2)
        assert page.total == 3 and [c.id for c in page.cases] == [late.id, later[0].id]
        assert [c.id for c in w.book.list(viewer, order="due", limit=2, offset=2).cases] == [later[1].id]
        # due before a date, seen as on another: what falls due this week
        week = w.book.list(viewer, due_before=D(2026, 11, 10), order="due", on=TODAY)
        assert [c.id for c in week.cases] == [late.id]
    with pytest.raises(UnknownNameError, match="order"):
        w.book.list(w["Ann"], order="oldest")


# --- concurrency -----------------------------------------------------------------


def test_a_second_clerk_advancing_the_same_case_gets_a_clear_conflict(w: World, tmp_path: Path) -> None:
    case = officer_case(w)
    second = CaseBook(open_store(tmp_path / "cases.db"), councils={COMPTON.id: COMPTON})
    seen_by_second = second.get(case.id, w["Sam"])
    w.book.record_outcome(case, w["Sam"], "not_resolved", why="first clerk")
    with pytest.raises(ConflictError, match=r"case #1 has changed since you read it \(version 2, now 4: outcome "
                                            r"of 'informal': Not resolved .* by Sam Senior"):
        second.record_outcome(seen_by_second, w["Sam"], "resolved", why="second clerk")
    with pytest.raises(ConflictError):
        second.note(case.id, w["Sam"], "stale", version=2)
    final = second.get(case.id, w["Ann"])
    assert final.version == 4 and [e.reason for e in final.events if e.kind == "outcome"] == ["first clerk"]
    # without a version, the action is checked against the case as it now is
    with pytest.raises(RefusedError, match="not the current handler"):
        second.record_outcome(case.id, w["Sam"], "resolved")


def test_threads_sharing_one_case_book_each_have_their_notes_written(w: World) -> None:
    """A system that embeds the SDK and serves several clerks from one process (threads sharing
    one store and case book): their actions take turns, and none is refused for another's."""
    cases = [officer_case(w).id for _ in range(2)]
    failures: list[BaseException] = []
    start = threading.Barrier(8)

    def clerk(k: int) -> None:
        start.wait()
        for j in range(25):
            try:
                change = w.book.note(cases[j % 2], w["Ann"], f"t{k}-{j}")
                assert change.case.events[-1].reason == f"t{k}-{j}"
            except BaseException as exc:  # reported below, with the others
                failures.append(exc)

    threads = [threading.Thread(target=clerk, args=(k,), daemon=True) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not [t for t in threads if t.is_alive()], "a clerk's thread is stuck waiting for its turn"
    assert failures == []
    notes = sorted(e.reason for c in cases for e in w.book.get(c, w["Ann"]).events if e.kind == "note")
    assert notes == sorted(f"t{k}-{j}" for k in range(8) for j in range(25))
    assert numbering_problems(w.store) == [] and w.store.verify_chains()[1] == []


def test_a_batch_open_in_one_thread_is_never_joined_by_another_threads_action(w: World) -> None:
    case = officer_case(w)
    other: list[BaseException] = []

    def note_from_another_thread() -> None:
        try:
            w.book.note(case.id, w["Ann"], "from another thread")
        except BaseException as exc:  # reported below
            other.append(exc)

    thread = threading.Thread(target=note_from_another_thread, daemon=True)
    with pytest.raises(RuntimeError, match="the import failed"), w.book.batch():
        w.book.note(case.id, w["Ann"], "in the batch")
        thread.start()
        time.sleep(0.1)
        waiting = thread.is_alive()  # it waits for the batch's transaction to end
        raise RuntimeError("the import failed")
    thread.join(10)
    assert waiting and other == []
    # the batch was undone whole; the other thread's note, written after it, was not part of it
    assert [e.reason for e in w.book.get(case.id, w["Ann"]).events if e.kind == "note"] == ["from another thread"]


def _as_made(case):  # type: ignore[no-untyped-def]
    """A case without what differs between two stores written a moment apart (times, hashes, numbering)."""
    events = tuple((e.n, e.kind, e.on, e.actor_id, e.actor, e.recorded_by, e.reason, e.data) for e in case.events)
    return attrs.evolve(case, events=()), events


def test_a_note_gives_back_and_refuses_exactly_what_the_usual_way_does(w: World, tmp_path: Path) -> None:
    """A note that discharges nothing is written on a path of its own (checked from the rows inside the
    write lock, folded after): the same notes on a copy of the store, each in a batch of its own (the
    usual way), give the same cases, refusals and conflicts."""
    first = officer_case(w)
    second = w.book.record_outcome(first, w["Sam"], "not_resolved", why="escalated").case
    closed = w.book.close(officer_case(w), w["Olive"], withdrawn=True, why="withdrawn").case
    w.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path / "usual.db"
    w.store.backup(copy)
    usual = CaseBook(open_store(copy), councils={COMPTON.id: COMPTON})
    tries = [(second.id, "Ann", "a clerk's note", {}), (second.id, "Olive", "the complainant's", {}),
             (second.id, "Sam", "the handler's", {}), (closed.id, "Colin", "the subject's, after closing", {}),
             (second.id, "Nobody", "someone who may not see it", {}),
             (second.id, "Ann", "a stale version", {"version": 2}),
             (second.id, "Ann", "back-dated", {"on": TODAY - dt.timedelta(days=400)}),
             (second.id, "Ann", "in the future", {"on": TODAY + dt.timedelta(days=1)}),
             (second.id, "Ann", "x" * 20_001, {}), (99, "Ann", "no such case", {})]
    for case_id, who, text, options in tries:
        results = []
        for book, people in ((w.book, w), (usual, None)):
            person = w[who] if people else P.find_person(usual.store, w[who].login)
            try:
                if people:
                    results.append(_as_made(book.note(case_id, person, text, **options).case))
                else:
                    with book.batch():  # the usual way: a batch takes every note through _transact
                        results.append(_as_made(book.note(case_id, person, text, **options).case))
            except Exception as exc:  # the same refusal, in the same words
                results.append((type(exc).__name__, str(exc)))
        assert results[0] == results[1], (who, text)
    usual.store.close()


def test_the_event_log_is_append_only(w: World) -> None:
    officer_case(w)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), w.store.write() as conn:
        conn.execute("UPDATE case_events SET reason = 'edited' WHERE n = 1")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), w.store.write() as conn:
        conn.execute("DELETE FROM case_events")
    # someone with the file can drop the guard, but the chain shows the change
    with w.store.write() as conn:
        conn.execute("DROP TRIGGER case_events_no_update")
        conn.execute("UPDATE case_events SET reason = 'edited' WHERE n = 1")
    _, problems = w.store.verify_chains()
    assert [str(p) for p in problems] == ["case_events #1: its content was changed after it was written"]


def test_a_case_whose_events_and_version_disagree_is_named(w: World) -> None:
    first, _, third = (officer_case(w) for _ in range(3))
    assert numbering_problems(w.store) == []
    # someone with the file removes the last event of one case, and the list of another is edited
    with w.store.write() as conn:
        conn.execute("DROP TRIGGER case_events_no_delete")
        conn.execute("DELETE FROM case_events WHERE case_id = ? AND n = ?", (third.id, third.version))
        conn.execute("UPDATE cases SET version = 9 WHERE id = ?", (first.id,))
    assert numbering_problems(w.store) == [
        f"case #{first.id}: {first.version} events numbered up to {first.version}, but the case says version 9 "
        "(an event is missing or was added outside councilkit)",
        f"case #{third.id}: {third.version - 1} events numbered up to {third.version - 1}, but the case says "
        f"version {third.version} (an event is missing or was added outside councilkit)"]


# --- plugins ---------------------------------------------------------------------


class Recorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, int, str]] = []

    @hookimpl
    def case_event(self, case, event):  # type: ignore[no-untyped-def]
        self.seen.append((event.kind, case.id, case.status))


class Broken:
    @hookimpl
    def case_event(self, council, case, event):  # type: ignore[no-untyped-def]
        raise RuntimeError("mail server down")


def test_plugins_hear_every_event_and_a_failing_plugin_never_stops_a_case(tmp_path: Path) -> None:
    recorder = Recorder()
    registry = Registry.build(extra=[("recorder", recorder), ("broken", Broken())])
    w = make_world(tmp_path / "hooks.db", registry=registry)
    change = w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"])
    assert [k for k, _, _ in recorder.seen] == ["opened", "step_started"]
    assert len(change.warnings) == 2
    assert "plugin 'broken' failed on event 1 (opened) of case #1: RuntimeError: mail server down; the event is " \
           "recorded" in change.warnings[0]
    assert w.book.get(1, w["Ann"]).version == 2


def test_a_batch_is_written_whole_or_not_at_all(w: World) -> None:
    with pytest.raises(RefusedError, match="would skip step"), w.book.batch():
        officer_case(w)
        w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], step="monitoring-officer")
    assert w.book.list(w["Ann"]).total == 0 and w.store.query("SELECT count(*) FROM case_events")[0][0] == 0
    with w.book.batch() as batch:
        case = officer_case(w)
        with pytest.raises(RefusedError):  # a refusal caught inside the batch undoes only that action
            w.book.record_outcome(case, w["Ann"], "resolved")
        case = w.book.note(case, w["Ann"], "Spoke to both").case
    assert batch.warnings == []
    stored = CaseBook(w.store, councils={COMPTON.id: COMPTON}).get(case.id, w["Ann"])
    assert stored.version == 3 == case.version
    assert w.store.verify_chains()[1] == []


def test_the_demo_store_has_every_state_each_council_allows(tmp_path: Path) -> None:
    from councilkit.demo import SCENARIOS, ensure_demo_store, states_of

    store = ensure_demo_store(tmp_path / "demo.db")
    book = CaseBook(store)
    clerk = P.find_person(store, "demo-alison.hartley")
    for council_id, scenarios in SCENARIOS.items():
        ids = [r[0] for r in store.query("SELECT id FROM cases WHERE council_id = ?", (council_id,))]
        officer = _any_officer(store, book, council_id)
        cases = [book.get(i, officer) for i in ids]
        assert states_of(cases, TODAY) >= {s.state for s in scenarios}, council_id
    assert len(book.list(clerk, council_id="compton-parish").cases) == len(SCENARIOS["compton-parish"])
    assert ensure_demo_store(tmp_path / "demo.db").query("SELECT count(*) FROM cases")[0][0] == sum(
        len(s) for s in SCENARIOS.values())  # a second call adds nothing


def test_the_demo_counts_its_case_events_and_register_entries_by_council(tmp_path: Path) -> None:
    from councilkit.demo import demo_counts, ensure_demo_store
    from councilkit.registers import Registers

    store = ensure_demo_store(tmp_path / "demo.db")
    book = CaseBook(store)
    clerk = P.find_person(store, "demo-alison.hartley")
    counts = demo_counts(store)
    assert counts.register_entries == {}  # the cases' demo fills no register
    cases = book.list(clerk, council_id="compton-parish", limit=1000).cases
    compton_events = sum(book.get(c.id, clerk).version for c in cases)
    assert 0 < compton_events < counts.events
    Registers(store, book.council("compton-parish")).add(
        "gifts_hospitality", {"recipient": "demo-alison.hartley", "gift_or_hospitality": "gift",
                              "description": "Two tickets to the fete", "offered_by": "Compton Fete Committee",
                              "value": "£10", "received_on": "2026-11-02", "accepted": "yes"}, clerk)
    assert demo_counts(store) == attrs.evolve(counts, register_entries={"compton-parish": 1})


def _any_officer(store: Store, book: CaseBook, council_id: str) -> P.Person:
    council = book.council(council_id)
    return next(p for p in P.list_people(store) if book.case_officer(council, p, TODAY))


# --- who may: hidden cases, back-dating, parties, limits ---------------------------------------


def test_a_stale_version_on_a_case_you_may_not_see_is_no_case_not_a_conflict(w: World) -> None:
    case = officer_case(w)
    w.book.note(case, w["Ann"], "Spoke to both")
    answers = {}
    for ref in (case.id, 99):
        for version in (None, 0, 1):
            with pytest.raises(UnknownCaseError) as refused:
                w.book.note(ref, w["Dora"], "what is in it?", version=version)
            answers[(ref, version)] = str(refused.value).replace(f"#{ref}", "#N")
    assert set(answers.values()) == {"no case #N that you can see"}
    # to someone who may see it, the same stale version is a conflict that says what changed
    with pytest.raises(ConflictError, match=r"case #1 has changed since you read it \(version 2, now 3"):
        w.book.note(case.id, w["Olive"], "again", version=2)


def test_who_may_act_is_judged_today_whatever_day_the_event_is_dated(w: World) -> None:
    case = officer_case(w, on=D(2026, 11, 2))
    ann = P.current_appointment(w.store, w["Ann"], COMPTON.id, "clerk", TODAY)
    P.end_appointment(w.store, ann, D(2026, 11, 13))
    # Ann was the clerk on the 10th; her post ended on the 13th, so today the case is not hers to see
    with pytest.raises(UnknownCaseError, match="no case #1 that you can see"):
        w.book.note(case, w["Ann"], "back-dated to when I was the clerk", on=D(2026, 11, 10))
    # a clerk appointed today may record what happened before she started
    bea = P.add_person(w.store, "Bea New", "bea")
    P.appoint(w.store, bea, COMPTON, "clerk", TODAY)
    assert w.book.note(case, bea, "Recorded from the file", on=D(2026, 11, 10)).case.version == 3


def test_a_case_officer_who_is_a_party_is_told_so_and_who_may(w: World) -> None:
    case = w.book.open(COMPTON, w["Colin"], complainant=w["Colin"], subject=w["Ann"]).case
    with pytest.raises(RefusedError, match=r"^Ann Clerk may not do that on case #1: only the handler \(Pat Chair\), "
                                           r"the Parish Clerk .* \(a case officer who is not a party to it\) or the "
                                           r"complainant may \(Ann Clerk is a case officer, but a party to it\); "
                                           r"nothing was written$"):
        w.book.close(case, w["Ann"], why="not needed", withdrawn=True)


def test_notes_titles_and_reasons_have_limits_and_nothing_is_written(w: World) -> None:
    from councilkit.errors import TextError

    case = officer_case(w)
    with pytest.raises(TextError, match=r"^the note is 120,000 characters long; the limit is 20,000"):
        w.book.note(case, w["Ann"], "x" * 120_000)
    with pytest.raises(TextError, match="the reason is 5,001 characters long; the limit is 5,000"):
        w.book.escalate(case, w["Olive"], why="y" * 5001)
    with pytest.raises(TextError, match="the title holds a control character"):
        w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Dora"], title="bell\x07")
    with pytest.raises(TextError, match="the description is 20,001 characters long"):
        w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Dora"], description="d" * 20_001)
    assert w.book.get(case.id, w["Ann"]).version == case.version
    assert w.store.query("SELECT count(*) FROM cases")[0][0] == 1
    # a note may hold any text within its limit: it is shown escaped, never refused for it
    noted = w.book.note(case, w["Ann"], "line one\nline two \x1b[31m").case
    assert noted.events[-1].reason == "line one\nline two \x1b[31m"


def test_may_make_says_exactly_what_the_action_would_refuse_and_next_moves_offers_only_the_rest(w: World) -> None:
    from councilkit.cases import MOVES, may_make, next_moves
    from councilkit.cases.moves import make_move

    class Undo(Exception):
        pass

    open_case = officer_case(w)
    about_clerk = w.book.open(COMPTON, w["Colin"], complainant=w["Colin"], subject=w["Ann"]).case
    resolved = w.book.record_outcome(officer_case(w), w["Sam"], "resolved").case
    closed = w.book.close(w.book.record_outcome(officer_case(w), w["Sam"], "resolved").case, w["Ann"]).case
    choices = {"consulted": "chair", "notified": "leader", "outcome": "resolved", "note": None}
    checked, made, refused_alike = 0, 0, 0
    for case in (open_case, about_clerk, resolved, closed):
        for person in w.p.values():
            for move in MOVES:
                said = may_make(w.book, case, move, person)
                try:
                    with w.book.batch():  # made for real, then rolled back
                        make_move(w.book, move, case.id, person, choice=choices.get(move), why="trying")
                        raise Undo
                except Undo:
                    assert said == "", (case.id, person.name, move, said)
                    made += 1
                except (RefusedError, UnknownCaseError) as exc:
                    if said:
                        assert str(exc) == said, (case.id, person.name, move)
                        refused_alike += 1
                except (UnknownNameError, NotAuthorisedError):
                    pass  # a choice this case's route lacks: decided when made, not by who may
                checked += 1
        offered = {m.action for m in next_moves(w.book, case)}
        for person in w.p.values():
            mine = {m.action for m in next_moves(w.book, case, by=person)}
            assert mine == {a for a in offered if not may_make(w.book, case, a, person)}
    assert checked == 4 * len(w.p) * len(MOVES) and made > 10 and refused_alike > 100
    # the Parish Clerk, a party to the case about her, is offered nothing but what anyone who sees it may do
    assert {m.action for m in next_moves(w.book, about_clerk, by=w["Ann"])} == {"note"}
    assert "(Ann Clerk is a case officer, but a party to it)" in may_make(w.book, about_clerk, "withdraw", w["Ann"])
    assert may_make(w.book, open_case, "note", w["Dora"]) == "no case #1 that you can see"
