"""``councilkit route``, ``people``, ``case``, ``audit verify`` and ``demo``, run for real in subprocesses."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from councilkit.people.admin import init_deployment
from councilkit.people.identity import login_name
from councilkit.store import open_store

from support import COMPTON, flat, ok, refused, run


@pytest.fixture(scope="module")
def people_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with Compton's people, added and appointed through the CLI (once per module)."""
    path = tmp_path_factory.mktemp("people") / "council.db"
    with open_store(path) as store:  # the account running the tests sets the deployment up: its administrator
        init_deployment(store, [COMPTON])
    for name, login, roles in (
        ("Ann Clerk", "ann", ["clerk"]),
        ("Pat Chair", "pat", ["personnel_committee_chair", "personnel_committee"]),
        ("Colin Cllr", "colin", ["councillor"]),
        ("Dora Cllr", "dora", ["councillor"]),
        ("Olive Officer", "olive", ["officer"]),
        ("Sam Senior", "sam", ["senior_manager"]),
    ):
        ok(run(path, "people", "add", name, "--login", login, "--email", f"{login}@example.net"))
        for role in roles:
            ok(run(path, "people", "appoint", login, "compton-parish", role, "--from", "2025-05-12"))
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


@pytest.fixture
def db(people_db: Path, tmp_path: Path) -> Path:
    """A fresh copy of the people store for one test."""
    path = tmp_path / "council.db"
    shutil.copyfile(people_db, path)
    return path


# --- route ---------------------------------------------------------------------


def test_route_by_role_in_text_and_json() -> None:
    out = ok(run(None, "route", "compton-parish", "--raised-by", "councillor", "--about", "clerk"))
    assert "Handler: Chairman of the Personnel Committee" in out
    assert "the Parish Clerk is the subject of the concern" in flat(out)
    assert "Clause: 4.2" in out
    data = json.loads(ok(run(None, "route", "langport-town", "--raised-by", "councillor", "--about", "clerk",
                             "--json")))
    assert data["found"] and data["route"]["id"] == "councillor-concern-about-employee"
    handler = data["steps"][0]["handlers"][0]
    assert handler["role"] == "personnel_committee_chair" and handler["source"] == "variant"


def test_route_with_no_route_names_the_adviser() -> None:
    out = ok(run(None, "route", "community-council", "--raised-by", "councillor", "--about", "officer"))
    assert "states no route" in flat(out) and "Ask the Community Clerk" in flat(out)
    data = json.loads(ok(run(None, "route", "town-2016", "--raised-by", "councillor", "--matter",
                             "interpretation", "--json")))
    assert data["route"]["id"] == "arbitration" and data["steps"][0]["consult"][0]["role"] == "monitoring_officer"


def test_route_resolved_to_people_on_a_date(db: Path) -> None:
    out = ok(run(db, "route", "compton-parish", "--raised-by", "councillor", "--about", "clerk",
                 "--subject", "ann", "--complainant", "colin"))
    assert "Handled by: Pat Chair (Chairman of the Personnel Committee): Ann Clerk, the Parish Clerk, is the " \
           "subject of the concern" in flat(out)
    assert "Due: 5 working days from Mon 23 Nov 2026" in flat(out)
    data = json.loads(ok(run(db, "route", "compton-parish", "--raised-by", "officer", "--about", "councillor",
                             "--on", "2026-11-23", "--json")))
    mo = next(s for s in data["people"] if s["id"] == "monitoring-officer")
    assert mo["assignment"]["appoint"] == "monitoring_officer"
    assert "The council must appoint a Monitoring Officer" in mo["assignment"]["blocked"]


def test_route_refuses_bad_input_clearly() -> None:
    refused(run(None, "route", "compton-parish", "--raised-by", "officr"), "unknown raised_by role 'officr'",
            "did you mean 'officer'")
    refused(run(None, "route", "compton", "--raised-by", "councillor"), "no council 'compton'")


# --- people ----------------------------------------------------------------------


def test_people_list_and_end(db: Path) -> None:
    out = ok(run(db, "people", "list", "--council", "compton-parish"))
    assert "Ann Clerk" in out and "Parish Clerk (compton-parish, from 2025-05-12)" in flat(out)
    ok(run(db, "people", "end", "ann", "compton-parish", "clerk", "--on", "2026-03-31"))
    data = json.loads(ok(run(db, "people", "list", "--json")))
    ann = next(p for p in data["people"] if p["login"] == "ann")
    assert ann["appointments"] == []  # no longer the clerk today
    ok(run(db, "people", "add", "Bea New", "--login", "bea"))
    ok(run(db, "people", "appoint", "bea", "compton-parish", "clerk", "--from", "2026-04-01"))


def test_people_refusals_are_one_line_with_exit_2(db: Path) -> None:
    refused(run(db, "people", "appoint", "dora", "compton-parish", "clerk"),
            "Ann Clerk holds Parish Clerk", "end that appointment first")
    refused(run(db, "people", "add", "Someone", "--login", "ann"), "login 'ann' already belongs to Ann Clerk")
    refused(run(db, "people", "appoint", "nobody", "compton-parish", "clerk"), "no person 'nobody'")
    refused(run(db, "people", "appoint", "dora", "compton-parish", "clark"), "unknown role 'clark'")
    result = run(db, "people", "appoint", "dora", "compton-parish", "chair", "--from", "2026-13-01")
    assert result.returncode == 2 and "'2026-13-01' is not a date like 2026-11-23" in result.stderr


# --- cases -----------------------------------------------------------------------


def test_a_case_from_open_to_close_on_the_command_line(db: Path) -> None:
    out = ok(run(db, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--subject",
                 "colin", "--why", "Shouted at me after the meeting"))
    out = flat(out)
    assert "case #1, event 2: step 'informal' started, handled by Sam Senior" in out
    assert "open at step 'informal', handled by Sam Senior, due in 10 working days (2026-12-07)" in out
    ok(run(db, "--as", "sam", "case", "advance", "1", "outcome", "not_resolved", "--why", "No agreement"))
    ok(run(db, "--as", "pat", "case", "note", "1", "Meeting booked for Friday"))
    ok(run(db, "--as", "pat", "case", "advance", "1", "resolve", "not_upheld", "--why", "Not upheld"))
    refused(run(db, "--as", "ann", "case", "reopen", "1", "--why", "x"), "only a closed case can be reopened")
    ok(run(db, "--as", "ann", "case", "close", "1", "--why", "Done"))
    shown = flat(ok(run(db, "--as", "ann", "case", "show", "1")))
    assert "State: closed (version 8)" in shown
    assert "Handler: Pat Chair (Personnel Committee)" in shown
    assert "Due: 5 working days from Mon 23 Nov 2026 (the parish variant's default for grievance)" in shown
    assert "Olive Officer (recorded by " in shown  # an administrator acted as Olive
    data = json.loads(ok(run(db, "--as", "ann", "case", "show", "1", "--json")))
    assert [e["kind"] for e in data["events"]] == ["opened", "step_started", "outcome", "step_started", "note",
                                                   "outcome", "resolved", "closed"]
    assert {e["recorded_by"] for e in data["events"]} == {login_name()}
    assert data["events"][2]["reason"] == "No agreement"


def test_case_refusals_are_one_clear_line_with_exit_2(db: Path) -> None:
    ok(run(db, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--subject", "colin"))
    refused(run(db, "--as", "ann", "case", "advance", "1", "outcome", "resolved"),
            "Ann Clerk is not the current handler of case #1", "Sam Senior")
    refused(run(db, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--subject",
                "colin", "--step", "monitoring-officer"), "would skip step 'grievance'", "not optional")
    refused(run(db, "--as", "ann", "case", "close", "1"), "is not resolved")
    refused(run(db, "--as", "sam", "case", "advance", "1", "outcome", "maybe"), "unknown outcome of step 'informal'")
    refused(run(db, "--as", "dora", "case", "show", "1"), "no case #1 that you can see")
    refused(run(db, "--as", "ann", "case", "show", "99"), "no case #99")
    refused(run(db, "--as", "ann", "case", "show", "abc"), "'abc' is not a case number")
    result = run(db, "--as", "sam", "case", "advance", "1", "outcome")
    assert result.returncode == 2
    assert "'outcome' needs an OUTCOME: python -m councilkit case advance 1 outcome OUTCOME" in result.stderr


def test_a_second_clerk_with_a_stale_version_gets_a_conflict_and_nothing_is_lost(db: Path) -> None:
    ok(run(db, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--subject", "colin"))
    ok(run(db, "--as", "sam", "case", "advance", "1", "outcome", "not_resolved", "--version", "2"))
    refused(run(db, "--as", "sam", "case", "advance", "1", "outcome", "resolved", "--version", "2"),
            "case #1 has changed since you read it (version 2, now 4", "nothing was written")
    data = json.loads(ok(run(db, "--as", "ann", "case", "show", "1", "--json")))
    assert data["version"] == 4


def test_list_shows_only_what_you_may_see(db: Path) -> None:
    ok(run(db, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--subject", "colin"))
    ok(run(db, "--as", "colin", "case", "open", "compton-parish", "--complainant", "colin", "--subject", "ann"))
    out = ok(run(db, "--as", "ann", "--council", "compton-parish", "case", "list"))
    assert "#1" in out and "#2" in out
    assert "no cases you can see" in ok(run(db, "--as", "dora", "--council", "compton-parish", "case", "list"))
    mine = json.loads(ok(run(db, "--as", "pat", "--council", "compton-parish", "case", "list", "--mine", "--json")))
    assert [c["id"] for c in mine["cases"]] == [2]  # the Clerk is the subject: the Personnel Chairman handles it
    assert mine["cases"][0]["handler"]["name"] == "Pat Chair"


def test_you_must_be_someone_and_only_administrators_act_as_others(db: Path, tmp_path: Path) -> None:
    login = login_name()
    refused(run(db, "case", "list"), f"you (login {login!r}) are not a person in this store")
    ok(run(db, "people", "add", "Me Myself", "--login", login))
    assert "no cases you can see" in ok(run(db, "case", "list"))
    # an account that administers no council may not act as anyone (nobody set this store up)
    bare = tmp_path / "bare.db"
    shutil.copyfile(db, bare)
    with sqlite3.connect(bare) as conn:
        conn.execute("DELETE FROM administrators")
    refused(run(bare, "--as", "ann", "case", "open", "compton-parish", "--complainant", "olive", "--subject",
                "colin"), "only an administrator of the council the command concerns")


# --- audit and demo ----------------------------------------------------------------


def test_audit_verify_passes_then_finds_tampering(db: Path) -> None:
    ok(run(db, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--subject", "colin"))
    out = ok(run(db, "audit", "verify"))
    assert "case_events: 2 rows, chain intact" in out and "verified: nothing was changed or removed" in out
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER case_events_no_update")
    conn.execute("UPDATE case_events SET reason = 'rewritten' WHERE n = 1")
    conn.commit()
    conn.close()
    result = run(db, "audit", "verify")
    assert result.returncode == 1
    assert "case_events #1: its content was changed after it was written" in result.stdout
    data = json.loads(run(db, "audit", "verify", "--json").stdout)
    assert data["ok"] is False and data["checked"]["case_events"] == 2


def test_demo_fills_a_store_once_and_never_a_real_one(tmp_path: Path, db: Path) -> None:
    demo = tmp_path / "demo.db"
    data = json.loads(ok(run(demo, "demo", "--json")))
    assert data["people"] == 44
    for council in ("compton-parish", "langport-town", "town-2016", "principal-council", "community-council"):
        states = data["cases"][council]
        assert {"open", "awaiting", "resolved", "closed"} <= set(states), (council, states)
    assert {"overdue"} <= set(data["cases"]["compton-parish"]) and "overdue" in data["cases"]["principal-council"]
    again = json.loads(ok(run(demo, "demo", "--json")))
    assert again["events"] == data["events"]  # nothing added the second time
    assert "verified" in ok(run(demo, "audit", "verify"))
    listed = ok(run(demo, "--demo", "--as", "demo-alison.hartley", "case", "list", "--council", "compton-parish"))
    assert "OVERDUE" in listed and "next: monitoring-officer" in listed
    refused(run(db, "demo"), "holds people who are not the demo's fictional ones")
