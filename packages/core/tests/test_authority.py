"""Who may change people, appointments and administrators, on a real SQLite store.

A deployment is set up by ``init_deployment`` (the account running it is its first
administrator); after that only administrators change people, each change is a hash-chained
event, and every refusal says who may and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

import councilkit
from councilkit import people as P
from councilkit.people import log as L
from councilkit.people.admin import (
    Administration,
    administers,
    administrators,
    deployment,
    init_deployment,
    is_administrator,
    require_administrator,
)
from councilkit.people.authority import AUTHORITY, NotAuthorisedError, markdown, refusal
from councilkit.store import Store, open_store

D = dt.date
APPOINTED = D(2025, 5, 12)
COMPTON = councilkit.load_council("compton-parish")
LANGPORT = councilkit.load_council("langport-town")
TOWN = councilkit.load_council("town-2016")


def snapshot(store: Store) -> dict[str, list[tuple]]:
    """Everything a change to people could touch, to show that a refusal wrote nothing."""
    tables = ("people", "appointments", "administrators", "deployment", "deployment_councils", "people_events")
    return {t: [tuple(r) for r in store.conn.execute(f"SELECT * FROM {t} ORDER BY 1")] for t in tables}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "authority.db")
    yield s
    s.close()


@pytest.fixture
def deployed(store: Store) -> Store:
    init_deployment(store, [COMPTON, LANGPORT], login="it-admin")
    return store


def test_a_store_nobody_set_up_refuses_changes_to_people_and_says_how_to_run_init(store: Store) -> None:
    admin = Administration(store, "ann")
    before = snapshot(store)
    with pytest.raises(NotAuthorisedError, match=r"^only an administrator of any council may add a person; you "
                                                 r"\(login 'ann'\) may not \(.*authority.db has no administrator "
                                                 r"yet: set it up with councilkit init COUNCIL\.\.\., and the account "
                                                 r"that runs it becomes its first administrator\); nothing was "
                                                 r"written$"):
        admin.add_person("Ann Clerk", "ann")
    with pytest.raises(NotAuthorisedError, match="has no administrator yet"):
        admin.appoint(P.add_person(store, "Set Up", by="tests"), COMPTON, "clerk", APPOINTED)
    assert snapshot(store)["administrators"] == before["administrators"] == []
    assert P.appointments(store) == []


def test_init_makes_the_account_that_ran_it_the_first_administrator_of_every_council(store: Store) -> None:
    found = init_deployment(store, [LANGPORT, COMPTON], login="it-admin", councils_dir="/srv/councils")
    assert found.council_ids == ("compton-parish", "langport-town") and found.created_by == "it-admin"
    assert found.councils_dir == "/srv/councils" and deployment(store) == found
    assert [(a.login, a.council_id) for a in administrators(store)] == [("it-admin", None)]
    assert administers(store, "it-admin") == ("*",) and is_administrator(store, "it-admin", "langport-town")
    assert not is_administrator(store, "someone-else")
    kinds = [e.kind for e in L.history(store)]
    assert kinds == ["deployment_created", "council_served", "council_served", "administrator_added"]
    with pytest.raises(P.PeopleError, match=r"was set up already, on \d{4}-\d\d-\d\d by 'it-admin'"):
        init_deployment(store, [COMPTON], login="intruder")
    with pytest.raises(P.PeopleError, match="name the councils"):
        init_deployment(open_store(store.path.with_name("empty.db")), [], login="x")


def test_only_administrators_change_people_and_each_refusal_says_who_may(deployed: Store) -> None:
    admin = Administration(deployed, "it-admin")
    ann = admin.add_person("Ann Clerk", "ann")
    admin.appoint(ann, COMPTON, "clerk", APPOINTED)
    colin = admin.add_person("Colin Cllr", "colin")
    admin.appoint(colin, COMPTON, "councillor", APPOINTED)
    before = snapshot(deployed)
    # a councillor appoints herself Chair of the Personnel Committee: refused
    as_colin = Administration(deployed, "colin")
    with pytest.raises(NotAuthorisedError, match=r"^only an administrator of the council may appoint someone to a "
                                                 r"role or end an appointment at Compton Parish Council; you \(login "
                                                 r"'colin'\) may not \(you are not an administrator; councilkit admin "
                                                 r"list shows who is\); nothing was written$"):
        as_colin.appoint(colin, COMPTON, "personnel_committee_chair", APPOINTED)
    for attempt in (lambda: as_colin.add_person("Someone"),
                    lambda: as_colin.change_person(ann, login="colin2"),
                    lambda: as_colin.end_appointment(ann, COMPTON, "clerk", D(2026, 1, 1)),
                    lambda: as_colin.add_administrator("colin", COMPTON),
                    lambda: as_colin.serve(TOWN)):
        with pytest.raises(NotAuthorisedError, match="nothing was written"):
            attempt()
    # the Parish Clerk holds a role that sees every case, and still is no administrator
    with pytest.raises(NotAuthorisedError, match=r"you \(login 'ann'\) may not"):
        Administration(deployed, "ann").add_person("Someone")
    assert snapshot(deployed) == before


def test_an_administrator_of_one_council_administers_only_that_one(deployed: Store) -> None:
    admin = Administration(deployed, "it-admin")
    admin.add_administrator("ann", COMPTON)
    helen = admin.add_person("Helen Brooks", "helen")
    admin.appoint(helen, LANGPORT, "clerk", APPOINTED)
    ann = Administration(deployed, "ann")
    ann_person = ann.add_person("Ann Clerk", "ann")  # any administrator adds people
    ann.appoint(ann_person, COMPTON, "clerk", APPOINTED)
    with pytest.raises(NotAuthorisedError, match=r"at Langport Town Council; you \(login 'ann'\) may not \(you "
                                                 r"administer compton-parish"):
        ann.appoint(ann_person, LANGPORT, "councillor", APPOINTED)
    # a login is who someone is: only an administrator of every council where they hold a role changes it
    with pytest.raises(NotAuthorisedError, match=r"change a person's name, login or email \(Helen Brooks, #\d+\)"):
        ann.change_person(helen, login="ann-too")
    with pytest.raises(NotAuthorisedError, match="of every council"):
        ann.add_administrator("ann", None)
    with pytest.raises(NotAuthorisedError, match="of Langport Town Council"):
        ann.add_administrator("ann", LANGPORT)
    # a council the deployment does not serve
    with pytest.raises(P.PeopleError, match=r"does not serve Town Council .*councilkit admin serve town-2016"):
        admin.appoint(helen, TOWN, "clerk", APPOINTED)
    admin.serve(TOWN)
    admin.appoint(helen, TOWN, "clerk", APPOINTED)
    assert deployment(deployed).serves("town-2016")


def test_an_administrators_self_appointment_is_allowed_recorded_and_shown(deployed: Store) -> None:
    admin = Administration(deployed, "it-admin")
    admin.add_administrator("ann", COMPTON)
    ann = admin.add_person("Ann Clerk", "ann")
    mine = Administration(deployed, "ann").appoint(ann, COMPTON, "clerk", APPOINTED)
    assert mine.self_appointed and mine.appointed_by == "ann"
    other = admin.appoint(admin.add_person("Colin Cllr", "colin"), COMPTON, "councillor", APPOINTED)
    assert not other.self_appointed and other.appointed_by == "it-admin"
    listed = {a.person_name: a.self_appointed for a in P.appointments(deployed, council_id="compton-parish")}
    assert listed == {"Ann Clerk": True, "Colin Cllr": False}
    event = L.history(deployed, kinds=("appointed",), person_id=ann.id)[0]
    assert event.login == "ann" and event.actor_id == ann.id and event.data["self_appointed"] is True
    assert event.summary().endswith("(self-appointed)")


def test_administrators_are_made_and_ended_by_administrators_and_one_always_remains(deployed: Store) -> None:
    admin = Administration(deployed, "it-admin")
    admin.add_administrator("deputy", None)
    with pytest.raises(P.PeopleError, match="'deputy' is an administrator of every council already"):
        admin.add_administrator("deputy", None)
    Administration(deployed, "deputy").end_administrator("it-admin", None)
    assert administers(deployed, "it-admin") == ()
    with pytest.raises(P.PeopleError, match="'deputy' is the last administrator of every council"):
        Administration(deployed, "deputy").end_administrator("deputy", None)
    with pytest.raises(NotAuthorisedError, match=r"you \(login 'it-admin'\) may not"):
        Administration(deployed, "it-admin").add_administrator("it-admin", None)
    ended = [a for a in administrators(deployed, current=False) if a.login == "it-admin"]
    assert ended[0].ended_by == "deputy" and ended[0].ended_at
    kinds = [(e.kind, e.login) for e in L.history(deployed, kinds=("administrator_added", "administrator_ended"))]
    assert kinds == [("administrator_added", "it-admin"), ("administrator_added", "it-admin"),
                     ("administrator_ended", "deputy")]


def test_changes_to_people_are_a_hash_chain_that_shows_changes_made_outside_councilkit(deployed: Store) -> None:
    admin = Administration(deployed, "it-admin")
    ann = admin.add_person("Ann Clerk", "ann", "ann@example.net")
    ann = admin.change_person(ann, name="Ann Hartley", email="")
    assert ann.name == "Ann Hartley" and ann.email is None and ann.version == 2
    appointment = admin.appoint(ann, COMPTON, "clerk", APPOINTED)
    admin.end_appointment(ann, COMPTON, "clerk", D(2026, 3, 31))
    checked, problems = deployed.verify_chains()
    assert problems == [] and checked["people_events"] == 8
    assert L.record_problems(deployed) == ([], [])
    changed = L.history(deployed, kinds=("person_changed",))[0]
    assert changed.data["changes"] == {"name": ["Ann Clerk", "Ann Hartley"], "email": ["ann@example.net", None]}
    # someone with the file changes a login, and adds a person, without councilkit
    deployed.conn.execute("UPDATE people SET login = 'intruder' WHERE id = ?", (ann.id,))
    deployed.conn.execute("UPDATE appointments SET to_date = NULL WHERE id = ?", (appointment.id,))
    deployed.conn.execute("INSERT INTO people (name, created_at) VALUES ('Ghost', '2999-01-01')")
    problems, _ = L.record_problems(deployed)
    assert any("login is 'intruder' but the record says 'ann'" in p for p in problems)
    assert any(f"appointment #{appointment.id}: to is None but the record says '2026-03-31'" in p for p in problems)
    assert any("('Ghost') has no record of being added" in p for p in problems)
    # the record itself cannot be edited
    with pytest.raises(Exception, match="append-only"):
        deployed.conn.execute("UPDATE people_events SET login = 'x'")


def test_the_demo_login_administers_the_demo_store(store: Store) -> None:
    demo = Administration(store, "visitor", demo=True)
    person = demo.add_person("Demo Person", "demo-person")
    assert person.id and demo.administers() == ("*",)
    # a demo person is no administrator
    with pytest.raises(NotAuthorisedError):
        Administration(store, "demo-person", demo=True).add_person("Another")


def test_require_administrator_is_what_other_modules_check_with(deployed: Store) -> None:
    Administration(deployed, "it-admin").add_administrator("ann", COMPTON)
    require_administrator(deployed, "ann", "people.keys", ["compton-parish"])
    with pytest.raises(NotAuthorisedError, match=r"^only an administrator of every council at which they hold or "
                                                 r"held a role .* may add or remove a person's SSH key"):
        require_administrator(deployed, "ann", "people.keys", ["compton-parish", "langport-town"])
    with pytest.raises(NotAuthorisedError) as refused:
        require_administrator(deployed, "colin", "people.keys")
    assert refused.value.permission == "people.keys"


def test_the_table_of_who_may_do_what_is_complete_and_reads_as_sentences() -> None:
    areas = {p.area for p in AUTHORITY.values()}
    assert areas == {"deployment", "people", "cases", "registers"}
    for needed in ("people.add", "people.change", "appointments.change", "administrators.change", "act_as",
                   "case.open", "case.see", "case.manage", "case.decide", "register.add", "register.change",
                   "register.export"):
        assert needed in AUTHORITY
    message = str(refusal("case.open", "you (Colin Cllr)", where="at Compton Parish Council"))
    assert message == ("only the complainant, or a case officer of the council may open a case at Compton Parish "
                       "Council; you (Colin Cllr) may not; nothing was written")
    table = markdown()
    assert table.count("\n") == len(AUTHORITY) + 1 and "| People | add a person |" in table


def test_docs_security_md_holds_the_table_and_the_limits_as_the_sdk_has_them(tmp_path: Path) -> None:
    from councilkit.errors import LIMITS
    from councilkit.people.authority import blocks, write_into
    from councilkit.registers.values import MAX_TEXT

    doc = Path(__file__).resolve().parents[3] / "docs" / "security.md"
    text = doc.read_text("utf-8")
    for (begin, end), table in blocks().items():
        assert f"{begin}\n{table}\n{end}" in text, (
            "docs/security.md is out of step with the SDK: run python -m councilkit.people.authority docs/security.md")
    copy = tmp_path / "security.md"
    copy.write_text(text.replace("| People | add a person |", "| People | add anyone |"), "utf-8")
    assert write_into(copy) and copy.read_text("utf-8") == text and not write_into(copy)
    assert LIMITS["register text"].most == MAX_TEXT  # the registers' own limit, documented with the others
