"""``councilkit attention``, ``worklist``, ``moves``, ``whoami`` and ``--demo``, run for real in subprocesses.

The store is made through the SDK on a real SQLite file; every command runs as
``python -m councilkit`` in its own process, as a clerk would run it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from councilkit import people as P
from councilkit.cases import CaseBook
from councilkit.demo import ensure_demo
from councilkit.people.admin import init_deployment
from councilkit.people.identity import login_name
from councilkit.registers import Registers
from councilkit.store import open_store

from support import APPOINTED, COMPTON, TODAY, flat, ok, refused, run

LOGIN = login_name()
ITEM_KEYS = {"kind", "text", "due", "overdue", "status", "ref", "council"}


@pytest.fixture(scope="module")
def parish_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compton's people; 30 cases in every state; three gifts, one not registered in time."""
    path = tmp_path_factory.mktemp("parish") / "council.db"
    store = open_store(path)
    init_deployment(store, [COMPTON])  # the account running the tests is its administrator
    p = {}
    for name, roles in (("Ann Clerk", ("clerk",)), ("Pat Chair", ("personnel_committee_chair",)),
                        ("Colin Cllr", ("councillor",)), ("Dora Cllr", ("councillor",)),
                        ("Olive Officer", ("officer",)), ("Sam Senior", ("senior_manager",))):
        p[name.split()[0]] = P.add_person(store, name, name.split()[0].lower())
        for role in roles:
            P.appoint(store, p[name.split()[0]], COMPTON, role, APPOINTED)
    book = CaseBook(store, councils={COMPTON.id: COMPTON})
    olive, colin, ann = p["Olive"], p["Colin"], p["Ann"]
    with book.batch():
        for i in range(30):
            on = TODAY - dt.timedelta(days=(i * 5) % 35)
            if i % 3 == 0:  # informal: due in 10 working days, so overdue when opened before 9 November
                book.open(COMPTON, olive, complainant=olive, subject=colin, on=on, title=f"Concern {i + 1}")
            elif i % 3 == 1:
                case = book.open(COMPTON, colin, complainant=colin, subject=olive, on=on, title=f"Concern {i + 1}")
                book.resolve(case.case, ann, why="Settled", on=on)
            else:
                case = book.open(COMPTON, colin, complainant=colin, subject=olive, on=on, title=f"Concern {i + 1}")
                resolved = book.resolve(case.case, ann, why="Settled", on=on).case
                book.close(resolved, ann, why="Done", on=on)
    regs = Registers(store, COMPTON, today=TODAY)
    for received in ("2026-10-01", "2026-10-28", "2026-11-20"):  # due 29 Oct (overdue), 25 Nov, 18 Dec
        regs.add("gifts_hospitality", {"recipient": "colin", "gift_or_hospitality": "gift", "description": "Wine",
                                       "offered_by": "Acme Ltd", "value": "£60", "received_on": received,
                                       "accepted": "yes"}, ann)
    store.close()
    return path


@pytest.fixture
def db(parish_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "council.db"
    shutil.copyfile(parish_db, path)
    return path


# --- attention ----------------------------------------------------------------------


def test_attention_json_lists_what_needs_doing_overdue_first(parish_db: Path) -> None:
    data = json.loads(ok(run(parish_db, "--as", "ann", "attention", "compton-parish", "--json")))
    assert list(data) == ["schema", "council", "on", "viewer", "recorded_by", "demo_admin", "within_days", "items"]
    assert data["schema"] == 1
    assert (data["council"], data["on"], data["within_days"]) == ("compton-parish", "2026-11-23", 7)
    assert data["viewer"]["name"] == "Ann Clerk" and data["recorded_by"] == LOGIN and data["demo_admin"] is False
    items = data["items"]
    assert all(set(i) == ITEM_KEYS and i["council"] == "compton-parish" for i in items)
    flags = [i["overdue"] for i in items]
    assert flags == sorted(flags, reverse=True)  # overdue first
    overdue = [i for i in items if i["overdue"]]
    assert [i["due"] for i in overdue] == sorted(i["due"] for i in overdue)
    assert {i["kind"] for i in items} == {"review", "register", "case"}
    assert all(i["status"].startswith("OVERDUE") for i in overdue)
    assert all(i["due"] <= "2026-11-30" for i in items)  # nothing due after this week
    registers = [(i["due"], i["overdue"]) for i in items if i["kind"] == "register"]
    assert registers == [("2026-10-29", True), ("2026-11-25", False)]
    cases = [i for i in items if i["kind"] == "case"]
    assert cases and all(i["text"].startswith(f"Case #{i['ref']} Concern ") for i in cases)
    text = flat(ok(run(parish_db, "--as", "ann", "attention", "compton-parish")))
    assert f"items needing attention (as Ann Clerk; acting as them, recorded as {LOGIN})" in text
    assert "OVERDUE by 25 calendar days" in text and "review 1" in text


def test_attention_for_someone_who_is_no_person_shows_what_the_public_may_see(parish_db: Path) -> None:
    result = run(parish_db, "attention", "compton-parish", "--json")
    data = json.loads(ok(result))
    assert data["viewer"] is None and data["recorded_by"] is None
    assert {i["kind"] for i in data["items"]} == {"review", "register"}  # no cases
    assert f"no person has the login {LOGIN!r}, so you see what the public may see" in result.stderr


def test_attention_refuses_an_unknown_council_in_one_line(parish_db: Path) -> None:
    refused(run(parish_db, "--as", "ann", "attention", "nowhere"), "no council 'nowhere'", "known councils:")


# --- whoami -------------------------------------------------------------------------


def test_whoami_says_who_you_are_and_whom_you_act_as(db: Path) -> None:
    nobody = json.loads(ok(run(db, "whoami", "--json")))
    assert nobody["login"] == LOGIN and nobody["person"] is None and nobody["acting_as"] is False
    assert nobody["note"].startswith(f"you (login {LOGIN!r}) are not a person in this store")
    assert nobody["councils"] == {} and nobody["acts_as"] == {} and nobody["on"] == "2026-11-23"
    as_ann = json.loads(ok(run(db, "--as", "ann", "--council", "compton-parish", "whoami", "--json")))
    assert as_ann["person"]["name"] == "Ann Clerk" and as_ann["acting_as"] is True and as_ann["me"] is None
    assert as_ann["councils"] == {"compton-parish": ["clerk"]}
    text = ok(run(db, "--as", "ann", "--council", "compton-parish", "whoami"))
    assert f"person: Ann Clerk (#1), acting as them (recorded as {LOGIN})" in text
    assert "compton-parish: clerk" in text
    refused(run(db, "--as", "nobody", "--council", "compton-parish", "whoami"), "no person 'nobody'")
    # --as is checked at a council: one named, or none to check it at
    refused(run(db, "--as", "ann", "whoami"), "--as acts for one council", "--council COUNCIL")
    with open_store(db) as store:
        me = P.add_person(store, "Me Myself", LOGIN)
        P.appoint(store, me, COMPTON, "councillor", APPOINTED)
    mine = json.loads(ok(run(db, "whoami", "--json")))
    assert mine["person"]["name"] == "Me Myself" and mine["me"] == mine["person"] and not mine["acting_as"]
    # in a store no one has set up (councilkit init), nobody is an administrator: --as is refused
    bare = db.with_name("bare.db")
    with open_store(bare) as store:
        P.appoint(store, P.add_person(store, "Ann Clerk", "ann"), COMPTON, "clerk", APPOINTED)
    for command in ("whoami", "worklist"):
        refused(run(bare, "--as", "ann", "--council", "compton-parish", command),
                "only an administrator of the council the command concerns", "may act as someone else")


# --- worklist and moves -------------------------------------------------------------------


def test_worklist_json_pages_with_cursors_overdue_first(parish_db: Path) -> None:
    seen: list[dict] = []  # type: ignore[type-arg]
    cursor: str | None = None
    pages = 0
    while True:
        args = ["--as", "ann", "--council", "compton-parish", "worklist", "--show", "all", "--limit", "7", "--json"]
        data = json.loads(ok(run(parish_db, *args, *(["--cursor", cursor] if cursor else []))))
        assert list(data) == ["schema", "total", "cursor", "cases"] and data["schema"] == 1
        assert data["total"] == 30
        assert len(data["cases"]) <= 7
        seen += data["cases"]
        pages += 1
        cursor = data["cursor"]
        if cursor is None:
            break
    ids = [c["id"] for c in seen]
    assert sorted(ids) == list(range(1, 31)) and pages == 5  # every case once: 7, 7, 7, 7, 2
    states = [c["state"] for c in seen]
    order = ["overdue", "open", "awaiting", "resolved", "closed"]
    assert states == sorted(states, key=order.index) and {"overdue", "open", "resolved", "closed"} <= set(states)
    for state in set(states):  # newest first within each section
        section = [c["id"] for c in seen if c["state"] == state]
        assert section == sorted(section, reverse=True)
    text = ok(run(parish_db, "--as", "ann", "--council", "compton-parish", "worklist", "--limit", "3"))
    assert text.splitlines()[2].split()[2] == "OVERDUE" and "20 cases; next page: --cursor " in text
    active = json.loads(ok(run(parish_db, "--as", "ann", "--council", "compton-parish", "worklist", "--show", "closed", "--json")))
    assert {c["state"] for c in active["cases"]} == {"closed"} and active["total"] == 10
    # Dora is party to none of them
    assert "no cases you can see" in ok(run(parish_db, "--as", "dora", "--council", "compton-parish", "worklist"))


def test_worklist_refuses_a_bad_cursor_and_an_unknown_council_in_one_line(parish_db: Path) -> None:
    refused(run(parish_db, "--as", "ann", "--council", "compton-parish", "worklist", "--cursor", "abc"),
            "'abc' is not a worklist cursor (it looks like 1:200)")
    refused(run(parish_db, "--as", "ann", "--council", "compton-parish", "worklist", "--cursor", "9:0"), "'9:0' is not a worklist cursor for this list")
    refused(run(parish_db, "--as", "ann", "worklist", "--council", "nowhere"), "no council 'nowhere'")
    refused(run(parish_db, "worklist"), f"you (login {LOGIN!r}) are not a person in this store")


def test_moves_json_says_what_a_case_allows_next(parish_db: Path) -> None:
    resolved = json.loads(ok(run(parish_db, "--as", "ann", "moves", "2", "--json")))
    assert resolved["case"] == 2 and [m["action"] for m in resolved["moves"]] == ["close", "note"]
    opened = json.loads(ok(run(parish_db, "--as", "ann", "moves", "1", "--json")))
    outcome = next(m for m in opened["moves"] if m["action"] == "outcome")
    assert outcome["who"] == "the handler (Sam Senior)" and {c["id"] for c in outcome["choices"]} >= {"resolved"}
    closed = ok(run(parish_db, "--as", "ann", "moves", "3"))
    assert "reopen" in closed and "--why required" in closed
    refused(run(parish_db, "--as", "ann", "moves", "99"), "no case #99")
    refused(run(parish_db, "--as", "dora", "moves", "1"), "no case #1 that you can see")


# --- --demo: the same store, and the same person, as the terminal UI's demo -------------------


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    data = json.loads(ok(run(path, "demo", "--json")))
    # the demo command fills the registers as well, as the terminal UI's demo does
    assert data["register_entries"]["compton-parish"] == 7 and data["people"] == 44
    return path


def test_demo_attention_shows_what_home_shows(demo_db: Path) -> None:
    data = json.loads(ok(run(demo_db, "--demo", "attention", "compton-parish", "--json")))
    assert data["viewer"]["name"] == "Alison Hartley"  # the Parish Clerk stands in for the demo's administrator
    assert data["demo_admin"] is True and data["recorded_by"] == LOGIN
    kinds = [(i["kind"], i["ref"], i["overdue"]) for i in data["items"]]
    assert ("case", "2", True) in kinds and ("case", "3", False) in kinds  # not just the review
    assert {k for k, _, _ in kinds} == {"review", "case", "register"}
    text = flat(ok(run(demo_db, "--demo", "attention", "compton-parish")))
    assert f"(as Alison Hartley; demo: login {LOGIN} acts as this council's case officer)" in text
    principal = json.loads(ok(run(demo_db, "--demo", "attention", "principal-council", "--json")))
    assert principal["viewer"]["name"] == "Priya Shah"
    assert any(i["kind"] == "case" for i in principal["items"])


def test_demo_whoami_says_whom_the_administrator_acts_as(demo_db: Path) -> None:
    text = ok(run(demo_db, "--demo", "whoami"))
    assert f"login: {LOGIN}" in text and "in the demo you are its administrator" in flat(text)
    assert "compton-parish: Alison Hartley (#1), Parish Clerk" in text
    assert "principal-council: Priya Shah" in text
    data = json.loads(ok(run(demo_db, "--demo", "whoami", "--json")))
    assert data["demo_admin"] is True and data["person"] is None
    assert data["acts_as"]["langport-town"]["person"]["name"] == "Helen Brooks"
    assert data["acts_as"]["compton-parish"]["recorded_by"] == LOGIN
    # --as still acts as a demo person
    kim = json.loads(ok(run(demo_db, "--demo", "--as", "demo-kim.patel", "whoami", "--json")))
    assert kim["person"]["name"] == "Kim Patel" and kim["acting_as"] and not kim["demo_admin"]
    # without --demo the same store and login are nobody
    assert json.loads(ok(run(demo_db, "whoami", "--json")))["person"] is None
    assert json.loads(ok(run(demo_db, "whoami", "--json")))["demo_admin"] is False


def test_demo_cases_act_as_the_councils_case_officer_and_record_the_login(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    shutil.copyfile(demo_db, db)
    work = json.loads(ok(run(db, "--demo", "worklist", "--council", "compton-parish", "--json")))
    assert work["total"] == 6 and work["cases"][0]["state"] == "overdue"
    refused(run(db, "--demo", "worklist"), "one council at a time", "--council COUNCIL")
    refused(run(db, "--demo", "case", "list"), "one council at a time")
    ok(run(db, "--demo", "case", "note", "2", "Chased Richard Bell by phone"))
    case = json.loads(ok(run(db, "--demo", "case", "show", "2", "--json")))
    last = case["events"][-1]
    assert (last["kind"], last["actor"], last["recorded_by"]) == ("note", "Alison Hartley", LOGIN)
    refused(run(db, "--demo", "moves", "999"), "no case #999")
    registers = json.loads(ok(run(db, "--demo", "register", "list", "town-2016", "briefings", "--json")))
    assert registers["total"] == 2 and any(e["confidential"] for e in registers["entries"])  # the Town Clerk sees it
    public = json.loads(ok(run(db, "register", "list", "town-2016", "briefings", "--json")))
    assert public["total"] == 1  # without --demo the login is nobody: the confidential briefing is not listed


def test_demo_never_writes_into_a_store_with_real_people(parish_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "real.db"
    shutil.copyfile(parish_db, db)
    before = db.read_bytes()
    # a deployment's store (councilkit init set it up) is refused, as one with real people in it is
    refused(run(db, "--demo", "attention", "compton-parish"), "is a deployment's store", "the demo never writes")
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM deployment")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = db.read_bytes()
    refused(run(db, "--demo", "worklist", "--council", "compton-parish"), "not the demo's fictional ones")
    with open_store(db) as store:
        assert store.conn.execute("SELECT count(*) FROM people WHERE email LIKE '%@example.org'").fetchone()[0] == 0
    assert db.read_bytes() == before


def test_demo_without_db_uses_the_demo_file_beside_the_real_store(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)}
    data = json.loads(ok(run(None, "--demo", "attention", "compton-parish", "--json", **env)))
    assert any(i["kind"] == "case" for i in data["items"])
    made = sorted(p.name for p in tmp_path.rglob("*.db"))
    assert made == ["demo.db"]  # the real store, councilkit.db, was never made


def test_the_demo_never_writes_into_the_real_store_that_councilkit_db_names(tmp_path: Path) -> None:
    real = tmp_path / "real" / "councilkit.db"
    environ = {**os.environ, "COUNCILKIT_TODAY": "2026-11-23", "COUNCILKIT_DB": str(real),
               "XDG_DATA_HOME": str(tmp_path / "data")}
    environ.pop("COUNCILKIT_COUNCILS", None)

    def councilkit(*args: str) -> str:
        return ok(subprocess.run([sys.executable, "-m", "councilkit", *args], capture_output=True, text=True,
                                 env=environ, timeout=120))

    whoami = json.loads(councilkit("--demo", "whoami", "--json"))
    assert whoami["acts_as"]["compton-parish"]["person"]["name"] == "Alison Hartley"  # the demo store's people
    demo = json.loads(councilkit("demo", "--json"))
    assert Path(demo["path"]) == tmp_path / "data" / "councilkit" / "demo.db"
    assert not real.exists()  # a new real store stays new: no fictional people in it
    # every command without --demo works on the real store; --db given with --demo is the demo's
    assert json.loads(councilkit("people", "list", "--json"))["people"] == [] and real.exists()
    other = tmp_path / "other-demo.db"
    councilkit("--demo", "--db", str(other), "whoami")
    assert other.exists()


#: words a demo text may not use: each would name a time of year that a date counted back from today contradicts
SEASONAL = re.compile(r"\b(January|February|March|April|June|July|August|September|October|November|December|"
                      r"Christmas|Easter|New Year|spring|summer|autumn|winter|Monday|Tuesday|Wednesday|"
                      r"Thursday|Friday|Saturday|Sunday)\b", re.I)


@pytest.mark.parametrize("day", ["2026-11-23", "2026-03-02", "2027-07-15"])
def test_the_demo_is_consistent_with_its_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, day: str) -> None:
    """Whatever today is: nothing happens before its people were appointed or after today, and no text
    names a month or a season that the dates shown with it would contradict."""
    monkeypatch.setenv("COUNCILKIT_TODAY", day)
    today = dt.date.fromisoformat(day)
    with ensure_demo(tmp_path / "demo.db") as store:
        appointed = {r[0] for r in store.conn.execute("SELECT DISTINCT from_date FROM appointments")}
        events = store.conn.execute("SELECT on_date, reason, data, actor_name FROM case_events").fetchall()
        titles = [r[0] for r in store.conn.execute("SELECT title FROM cases")]
        entries = [(json.loads(r[0]), r[1]) for r in store.conn.execute("SELECT data, reason FROM register_entries")]
    (start,) = appointed  # one annual meeting, more than a year before today
    first = dt.date.fromisoformat(start)
    assert first.month == 5 and first.weekday() == 0 and (today - first).days > 365
    for on, reason, data, actor in events:
        assert first <= dt.date.fromisoformat(on) <= today, (on, actor, reason)
        assert not SEASONAL.search(reason), reason
        assert not SEASONAL.search(json.loads(data).get("title", "") or ""), data
    for title in titles:
        assert not SEASONAL.search(title), title
    for data, reason in entries:
        assert not SEASONAL.search(reason), reason
        for key, value in data.items():
            assert not SEASONAL.search(str(value)), (key, value)
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)) and key != "confidential_until":
                assert first <= dt.date.fromisoformat(value) <= today, (key, value)
