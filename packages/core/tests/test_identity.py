"""Who is using councilkit (``councilkit.people.identity``, and the front ends' ``councilkit.workspace``),
on a real SQLite file.

The login is the process's operating-system account, matched to a person; ``--as`` is for
administrators of the council concerned only and is recorded on every event written; in the
demo the login stands in for each council's case officer.  A workspace opens the store a front end names (the demo's
never the real one) and says who acts, or why nobody can.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import councilkit
from councilkit import people as P
from councilkit.cases import CaseBook, UnknownCaseError
from councilkit.errors import UnknownNameError
from councilkit.people.admin import Administration, init_deployment
from councilkit.people.identity import (
    IdentityError,
    acting_at,
    councils_of,
    demo_stand_in,
    identify,
    login_name,
)
from councilkit.present.json import unstructure
from councilkit.store import Store, open_store
from councilkit.workspace import NoActorError, Workspace

D = dt.date
TODAY = D(2026, 11, 23)
APPOINTED = D(2025, 5, 12)
COMPTON = councilkit.load_council("compton-parish")
LANGPORT = councilkit.load_council("langport-town")
COUNCILS = {COMPTON.id: COMPTON, LANGPORT.id: LANGPORT}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(tmp_path / "identity.db")
    for name, login, council, roles in (
        ("Ann Clerk", "ann", COMPTON, ("clerk",)),
        ("Colin Cllr", "colin", COMPTON, ("councillor",)),
        ("Olive Officer", "olive", COMPTON, ("officer",)),
        ("Sam Senior", "sam", COMPTON, ("senior_manager",)),
        ("Helen Brooks", "helen", LANGPORT, ("clerk",)),
    ):
        person = P.add_person(s, name, login)
        for role in roles:
            P.appoint(s, person, council, role, APPOINTED)
    # the IT account set the deployment up; Ann administers Compton, Helen Langport
    init_deployment(s, [COMPTON, LANGPORT], login="it-admin")
    admin = Administration(s, "it-admin")
    admin.add_administrator("ann", COMPTON)
    admin.add_administrator("helen", LANGPORT)
    yield s
    s.close()


def test_the_login_is_matched_to_a_person(store: Store) -> None:
    who = identify(store, "ann", on=TODAY)
    assert who.person is not None and who.person.name == "Ann Clerk"
    assert who.me == who.person and not who.acting_as and not who.demo_admin and who.note == ""
    assert who.actor is not None and who.actor.person == who.person and who.actor.recorded_by is None
    data = unstructure(who)
    assert data["login"] == "ann" and data["person"]["name"] == "Ann Clerk" and data["acting_as"] is False


def test_a_login_that_is_nobody_sees_what_the_public_may_see(store: Store) -> None:
    who = identify(store, "stranger", on=TODAY)
    assert who.person is None and who.me is None and who.actor is None and not who.demo_admin
    assert who.note.startswith("you (login 'stranger') are not a person in this store")
    assert 'councilkit people add "YOUR NAME" --login stranger' in who.note
    assert acting_at(who, store, COMPTON, TODAY) is None  # outside the demo nobody stands in


def test_the_default_login_is_this_process(store: Store) -> None:
    import os
    import pwd

    assert login_name() == pwd.getpwuid(os.getuid()).pw_name
    me = P.add_person(store, "Me Myself", login_name())
    assert identify(store, on=TODAY).person == me


def test_only_an_administrator_of_the_council_may_act_as_someone_else(store: Store) -> None:
    # Colin administers nothing: refused, whatever the council, before anyone is looked up
    with pytest.raises(IdentityError, match=r"^only an administrator of the council the command concerns .* may act "
                                            r"as someone else \(--as PERSON\); you \(Colin Cllr, login 'colin'\) may "
                                            r"not \(you are not an administrator\); nothing was written$"):
        identify(store, "colin", "olive", councils=COUNCILS, on=TODAY)
    with pytest.raises(IdentityError, match=r"you \(Colin Cllr, login 'colin'\) may not"):
        identify(store, "colin", "olive", council=COMPTON, on=TODAY)
    with pytest.raises(IdentityError, match="you are not an administrator"):  # no did-you-mean hints for him
        identify(store, "colin", "olivia", council=COMPTON, on=TODAY)
    # holding a role that sees every case makes no one an administrator: Sam is not, Ann is (of Compton)
    P.appoint(store, P.find_person(store, "sam"), COMPTON, "monitoring_officer", APPOINTED)
    with pytest.raises(IdentityError, match="Sam Senior"):
        identify(store, "sam", "olive", council=COMPTON, on=TODAY)
    # Langport's administrator is not Compton's
    with pytest.raises(IdentityError, match=r"at Compton Parish Council; you \(Helen Brooks, login 'helen'\) may "
                                            r"not \(you administer langport-town\)"):
        identify(store, "helen", "olive", council=COMPTON, on=TODAY)
    assert identify(store, "helen", "olive", council=LANGPORT, on=TODAY).person.name == "Olive Officer"
    # --as always names the council it concerns
    with pytest.raises(IdentityError, match=r"^--as acts for one council, and this command concerns none: name it "
                                            r"with --council COUNCIL \(you administer compton-parish\)"):
        identify(store, "ann", "olive", on=TODAY)
    # an ended administrator is no longer one
    Administration(store, "it-admin").end_administrator("helen", LANGPORT)
    with pytest.raises(IdentityError, match="you are not an administrator"):
        identify(store, "helen", "olive", council=LANGPORT, on=TODAY)
    # anyone may name themselves
    assert identify(store, "colin", "colin", on=TODAY).person.name == "Colin Cllr"
    assert not identify(store, "colin", "Colin Cllr", council=COMPTON, on=TODAY).acting_as


def test_an_administrator_acting_as_someone_is_recorded_on_what_they_write(store: Store) -> None:
    who = identify(store, "ann", "olive", council=COMPTON, councils=COUNCILS, on=TODAY)
    assert who.acting_as and who.person.name == "Olive Officer" and who.me.name == "Ann Clerk"
    assert who.administers == ("compton-parish",) and who.is_administrator("compton-parish")
    assert not who.is_administrator("langport-town")
    actor = who.actor
    assert actor is not None and actor.recorded_by == "ann"
    assert unstructure(who)["me"]["login"] == "ann"
    book = CaseBook(store, councils=COUNCILS)
    colin = P.find_person(store, "colin")
    case = book.open(COMPTON, actor, complainant=who.person, subject=colin, title="Shouted at me").case
    assert {(e.actor, e.recorded_by) for e in case.events} == {("Olive Officer", "ann")}
    # the account that set councilkit up is no person, and administers every council
    root = identify(store, "it-admin", "#1", council=LANGPORT, on=TODAY)
    assert root.acting_as and root.person.name == "Ann Clerk" and root.me is None
    assert root.actor is not None and root.actor.recorded_by == "it-admin" and root.administers == ("*",)
    # acting_at keeps the identity's actor whatever the council
    assert acting_at(root, store, LANGPORT, TODAY) == root.actor


def test_acting_as_someone_unknown_is_a_clear_error(store: Store) -> None:
    with pytest.raises(P.UnknownPersonError, match=r"no person 'olivia' \(did you mean 'olive'\?\)"):
        identify(store, "ann", "olivia", council=COMPTON, on=TODAY)
    with pytest.raises(P.UnknownPersonError, match="no person 'nobody'"):
        identify(store, "it-admin", "nobody", council=COMPTON, on=TODAY)
    with pytest.raises(IdentityError, match="you are not an administrator"):  # a stranger learns nothing
        identify(store, "stranger", "nobody", council=COMPTON, on=TODAY)
    # a blank --as is no --as
    assert not identify(store, "ann", "  ", on=TODAY).acting_as


def test_councils_of_lists_where_a_person_holds_a_role_today(store: Store) -> None:
    ann = P.find_person(store, "ann")
    assert councils_of(store, ann, TODAY) == ["compton-parish"]
    P.appoint(store, ann, LANGPORT, "councillor", D(2026, 11, 1))
    assert councils_of(store, ann, TODAY) == ["compton-parish", "langport-town"]
    assert councils_of(store, ann, D(2026, 10, 1)) == ["compton-parish"]  # not yet appointed at Langport
    assert councils_of(store, P.add_person(store, "No Role"), TODAY) == []


# --- the demo ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    from councilkit.demo import ensure_demo

    store = ensure_demo(tmp_path_factory.mktemp("demo") / "demo.db")
    yield store
    store.close()


def test_in_the_demo_the_login_stands_in_for_each_councils_case_officer(demo: Store) -> None:
    from councilkit.councilfile import load_council

    who = identify(demo, "visitor", demo=True, on=TODAY)
    assert who.person is None and who.demo_admin and who.note == ""
    assert unstructure(who)["demo_admin"] is True
    expected = {"compton-parish": "Alison Hartley", "langport-town": "Helen Brooks", "town-2016": "Graham Lyle",
                "principal-council": "Priya Shah", "community-council": "Rhiannon Pritchard"}
    for council_id, name in expected.items():
        council = load_council(council_id)
        assert demo_stand_in(demo, council, TODAY).name == name
        actor = acting_at(who, demo, council, TODAY)
        assert actor is not None and actor.person.name == name and actor.recorded_by == "visitor"
    # the stand-in sees the council's cases, as its case officer does
    book = CaseBook(demo)
    compton = load_council("compton-parish")
    alison = acting_at(who, demo, compton, TODAY)
    assert book.list(alison, council_id="compton-parish").total == 8


def test_in_the_demo_a_demo_person_is_themselves_and_as_still_works(demo: Store) -> None:
    from councilkit.councilfile import load_council

    alison = identify(demo, "demo-alison.hartley", demo=True, on=TODAY)
    assert alison.person.name == "Alison Hartley" and not alison.demo_admin and not alison.acting_as
    langport = load_council("langport-town")
    assert acting_at(alison, demo, langport, TODAY).person.name == "Alison Hartley"  # no stand-in for a person
    as_kim = identify(demo, "visitor", "demo-kim.patel", demo=True, on=TODAY)
    assert as_kim.acting_as and as_kim.person.name == "Kim Patel" and not as_kim.demo_admin
    assert acting_at(as_kim, demo, langport, TODAY).recorded_by == "visitor"
    # outside the demo, the same login in the same store is nobody
    assert acting_at(identify(demo, "visitor", on=TODAY), demo, langport, TODAY) is None


def test_a_council_with_nobody_in_a_role_that_sees_every_case_has_no_stand_in(store: Store) -> None:
    town = councilkit.load_council("town-2016")
    who = identify(store, "visitor", demo=True, on=TODAY)
    assert demo_stand_in(store, town, TODAY) is None and acting_at(who, store, town, TODAY) is None


# --- the workspace the front ends start from ----------------------------------------------


def test_a_workspace_opens_the_store_it_names_and_says_who_acts(store: Store) -> None:
    where = Workspace(db=store.path, login="ann", councils=COUNCILS)
    opened = where.open_store()
    try:
        assert opened.path == store.path
        assert where.load_council("langport-town") is LANGPORT
        with pytest.raises(UnknownNameError, match="unknown council 'nowhere'"):
            where.load_council("nowhere")
        ann = where.actor(opened, COMPTON, on=TODAY)
        assert ann.person.name == "Ann Clerk" and ann.recorded_by is None
        who, actor = where.who_acts(opened)
        assert who.person == ann.person and actor == ann
        as_olive = attrs.evolve(where, as_person="olive").actor(opened, COMPTON, on=TODAY)
        assert as_olive.person.name == "Olive Officer" and as_olive.recorded_by == "ann"
        with pytest.raises(IdentityError, match=r"you \(Colin Cllr, login 'colin'\) may not"):
            Workspace(login="colin", as_person="olive", councils=COUNCILS).actor(opened, COMPTON, on=TODAY)
        with pytest.raises(IdentityError, match="name it with --council COUNCIL"):
            attrs.evolve(where, as_person="olive").actor(opened, None, on=TODAY)
        stranger = Workspace(login="stranger", councils=COUNCILS)
        assert stranger.acting(opened, COMPTON, on=TODAY) is None
        with pytest.raises(NoActorError, match=r"^you \(login 'stranger'\) are not a person in this store"):
            stranger.actor(opened, COMPTON, on=TODAY)
        book = where.case_book(opened)
        case = book.open(COMPTON, ann, complainant=P.find_person(opened, "olive"),
                         subject=P.find_person(opened, "colin")).case
        assert book.council_of(case.id) is COMPTON
    finally:
        opened.close()


def test_a_refused_as_leaves_the_login_acting_as_itself_with_the_reason(store: Store) -> None:
    who, problem = Workspace(login="colin", as_person="olive", councils=COUNCILS).identify_or_self(store, COMPTON,
                                                                                                   on=TODAY)
    assert who.person.name == "Colin Cllr" and not who.acting_as
    assert problem.startswith("--as olive: only an administrator of the council the command concerns")
    assert problem.endswith("; you act as yourself")
    who, problem = Workspace(login="ann", as_person="olivia").identify_or_self(store, COMPTON, on=TODAY)
    assert who.person.name == "Ann Clerk" and problem.startswith("--as olivia: no person 'olivia'")
    assert Workspace(login="ann", as_person="olive").identify_or_self(store, COMPTON, on=TODAY)[1] == ""
    # the UI asks again at each council it opens: Ann administers Compton, not Langport
    who, problem = Workspace(login="ann", as_person="olive").identify_or_self(store, LANGPORT, on=TODAY)
    assert who.person.name == "Ann Clerk" and "at Langport Town Council" in problem


def test_a_command_about_a_case_answers_a_hidden_case_as_a_missing_one(store: Store) -> None:
    book = CaseBook(store, councils=COUNCILS)
    olive, colin = P.find_person(store, "olive"), P.find_person(store, "colin")
    case = book.open(COMPTON, olive, complainant=olive, subject=colin).case
    missing = case.id + 100

    def answer(ws: Workspace, ref: int) -> str:
        try:
            return f"acts as {ws.case_actor(store, book, ref, on=TODAY).person.name}"
        except (UnknownCaseError, IdentityError, NoActorError) as exc:
            return str(exc).replace(f"#{ref}", "#N")

    # Helen administers Langport only: --as on a Compton case reads as no case at all
    helen = Workspace(login="helen", as_person="olive", councils=COUNCILS)
    assert answer(helen, case.id) == answer(helen, missing) == "no case #N that you can see"
    # Colin administers nothing: refused whatever the case, in the same words
    colin_as = Workspace(login="colin", as_person="olive", councils=COUNCILS)
    assert answer(colin_as, case.id) == answer(colin_as, missing)
    assert "you are not an administrator" in answer(colin_as, case.id)
    # Ann administers Compton: she acts as Olive there; a missing case is missing
    ann = Workspace(login="ann", as_person="olive", councils=COUNCILS)
    assert answer(ann, case.id) == "acts as Olive Officer" and answer(ann, missing) == "no case #N that you can see"
    # without --as the person acts, and the case book decides what they see
    assert answer(Workspace(login="colin", councils=COUNCILS), missing) == "acts as Colin Cllr"
    stranger = Workspace(login="stranger", councils=COUNCILS)
    assert answer(stranger, case.id) == answer(stranger, missing)


def test_the_workspace_default_login_is_this_process() -> None:
    assert Workspace().login == login_name() == Workspace(login="").login


def test_in_a_demo_workspace_the_login_acts_one_council_at_a_time(demo: Store, store: Store) -> None:
    from councilkit.councilfile import load_council
    from councilkit.demo import DemoError

    where = Workspace(demo=True, demo_db=demo.path, db=store.path, login="visitor")
    opened = where.open_store()  # the demo file, filled already: nothing is added
    try:
        assert opened.path == demo.path
        with pytest.raises(NoActorError, match="one council at a time: name the council"):
            where.who_acts(opened)
        alison = where.actor(opened, load_council("compton-parish"), on=TODAY)
        assert alison.person.name == "Alison Hartley" and alison.recorded_by == "visitor"
    finally:
        opened.close()
    # a council where nobody holds a role that sees every case has nobody to stand in for
    with pytest.raises(NoActorError, match=r"^nobody at Town Council \(unnamed, 2016 protocol\) holds a role that "
                                           r"sees every case, so the demo has nobody for you \(login 'visitor'\)"):
        where.actor(store, councilkit.load_council("town-2016"), on=TODAY)
    # a demo never writes into a deployment's store, nor into any file that holds real people
    with pytest.raises(DemoError, match=r"identity.db is a deployment's store \(councilkit init set it up\); the demo "
                                        "never writes into it"):
        Workspace(demo=True, demo_db=store.path).open_store()
    other = open_store(store.path.with_name("other.db"))
    P.add_person(other, "Real Person")
    other.close()
    with pytest.raises(DemoError, match="holds people who are not the demo's fictional ones"):
        Workspace(demo=True, demo_db=store.path.with_name("other.db")).open_store()
