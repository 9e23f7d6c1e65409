"""People and appointments in a real SQLite store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import councilkit
from councilkit import people as P
from councilkit.errors import UnknownNameError
from councilkit.store import ConflictError, Store, open_store

D = dt.date
COMPTON = councilkit.load_council("compton-parish")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = open_store(tmp_path / "people.db")
    yield s
    s.close()


def test_add_and_find_by_number_login_or_name(store: Store) -> None:
    ann = P.add_person(store, "  Ann   Hartley ", login="ahartley", email="ann@example.org")
    assert ann.name == "Ann Hartley" and ann.id == 1
    assert P.find_person(store, "1") == ann
    assert P.find_person(store, "#1") == ann
    assert P.find_person(store, "ahartley") == ann
    assert P.find_person(store, "ann hartley") == ann


def test_unknown_and_ambiguous_people_are_refused_clearly(store: Store) -> None:
    P.add_person(store, "Sam Lee")
    P.add_person(store, "Sam Lee")
    with pytest.raises(P.UnknownPersonError, match=r"2 people are called 'Sam Lee' \(#1, #2\)"):
        P.find_person(store, "sam lee")
    with pytest.raises(P.UnknownPersonError, match=r"no person 'Sam Le' \(did you mean 'Sam Lee'\?\)"):
        P.find_person(store, "Sam Le")
    with pytest.raises(P.UnknownPersonError, match="no person #9"):
        P.find_person(store, "9")


def test_bad_people_are_refused_and_nothing_is_written(store: Store) -> None:
    P.add_person(store, "Ann", login="ann")
    with pytest.raises(P.PeopleError, match="login 'ann' already belongs to Ann"):
        P.add_person(store, "Another Ann", login="ann")
    with pytest.raises(P.PeopleError, match="needs a name"):
        P.add_person(store, "   ")
    with pytest.raises(P.PeopleError, match="no @"):
        P.add_person(store, "Bob", email="bob.example.org")
    assert [p.name for p in P.list_people(store)] == ["Ann"]


def test_appointments_hold_between_their_dates_and_include_kinds_of_a_role(store: Store) -> None:
    chair = P.add_person(store, "Geoffrey Pike")
    cllr = P.add_person(store, "Dennis Cole")
    P.appoint(store, chair, COMPTON, "chair", D(2025, 5, 12), D(2026, 5, 10))
    P.appoint(store, cllr, COMPTON, "councillor", D(2025, 5, 12))
    on = D(2026, 1, 1)
    assert [a.person_name for a in P.holders(store, COMPTON, "chair", on)] == ["Geoffrey Pike"]
    # a Chair is a councillor: holders of "councillor" include them, the role's own holders first
    assert [a.person_name for a in P.holders(store, COMPTON, "councillor", on)] == ["Dennis Cole", "Geoffrey Pike"]
    assert P.holders(store, COMPTON, "chair", D(2026, 5, 11)) == []
    assert P.roles_held(store, chair, COMPTON.id, on) == ["chair"]
    directory = P.Directory(store, COMPTON)
    assert directory.holds(chair, "councillor", on) and not directory.holds(cllr, "chair", on)


def test_appointment_rules(store: Store) -> None:
    ann = P.add_person(store, "Ann")
    bob = P.add_person(store, "Bob")
    P.appoint(store, ann, COMPTON, "clerk", D(2025, 1, 1))
    with pytest.raises(P.PeopleError, match="Ann already holds Parish Clerk"):
        P.appoint(store, ann, COMPTON, "clerk", D(2025, 6, 1))
    with pytest.raises(P.PeopleError, match="post one person holds at a time; end that appointment first"):
        P.appoint(store, bob, COMPTON, "clerk", D(2025, 6, 1))
    with pytest.raises(P.PeopleError, match=r"would end .* before it starts"):
        P.appoint(store, bob, COMPTON, "councillor", D(2025, 6, 1), D(2025, 1, 1))
    with pytest.raises(UnknownNameError, match="unknown role 'clark' \\(did you mean 'clerk'\\?\\)"):
        P.appoint(store, bob, COMPTON, "clark", D(2025, 6, 1))
    # many people may be councillors at once
    P.appoint(store, ann, COMPTON, "councillor", D(2025, 1, 1))
    P.appoint(store, bob, COMPTON, "councillor", D(2025, 1, 1))


def test_ending_an_appointment_lets_a_successor_start(store: Store) -> None:
    ann = P.add_person(store, "Ann")
    bob = P.add_person(store, "Bob")
    P.appoint(store, ann, COMPTON, "clerk", D(2025, 1, 1))
    current = P.current_appointment(store, ann, COMPTON.id, "clerk", D(2026, 3, 31))
    ended = P.end_appointment(store, current, D(2026, 3, 31))
    assert ended.to_date == D(2026, 3, 31) and ended.version == 2
    P.appoint(store, bob, COMPTON, "clerk", D(2026, 4, 1))
    assert [a.person_name for a in P.holders(store, COMPTON, "clerk", D(2026, 3, 31))] == ["Ann"]
    assert [a.person_name for a in P.holders(store, COMPTON, "clerk", D(2026, 4, 1))] == ["Bob"]


def test_ending_a_stale_appointment_is_a_conflict(store: Store) -> None:
    ann = P.add_person(store, "Ann")
    a = P.appoint(store, ann, COMPTON, "clerk", D(2025, 1, 1))
    P.end_appointment(store, a, D(2026, 1, 31))  # another clerk's change
    with pytest.raises(ConflictError, match="changed by someone else since you read it; nothing was written"):
        P.end_appointment(store, a, D(2026, 6, 30))
    assert P.appointments(store, person=ann)[0].to_date == D(2026, 1, 31)
    with pytest.raises(P.PeopleError, match="cannot end before that"):
        P.end_appointment(store, P.appointments(store, person=ann)[0], D(2024, 1, 1))


def test_every_change_is_recorded_with_the_account_that_made_it(store: Store) -> None:
    from councilkit.people.log import history, process_login

    ann = P.add_person(store, "Ann", login="ann", by="it-admin")
    a = P.appoint(store, ann, COMPTON, "clerk", D(2025, 1, 1), by="ann")
    P.end_appointment(store, a, D(2026, 1, 31), by="it-admin")
    bob = P.add_person(store, "Bob")  # made by this process's account
    events = history(store)
    assert [(e.kind, e.login, e.person_id) for e in events] == [
        ("person_added", "it-admin", ann.id), ("appointed", "ann", ann.id),
        ("appointment_ended", "it-admin", ann.id), ("person_added", process_login(), bob.id)]
    assert events[1].data["self_appointed"] is True and events[1].actor_id == ann.id
    assert a.self_appointed and a.appointed_by == "ann"
    assert P.appointments(store, person=ann)[0].ended_by == "it-admin"
    assert [e.kind for e in history(store, person_id=ann.id)] == ["person_added", "appointed", "appointment_ended"]


def test_a_person_is_changed_with_a_version_check_and_recorded(store: Store) -> None:
    from councilkit.people.log import history

    ann = P.add_person(store, "Ann", login="ann", email="ann@example.org")
    moved = P.change_person(store, ann, login="ahartley", by="it-admin")
    assert moved.login == "ahartley" and moved.version == 2 and P.person_for_login(store, "ann") is None
    with pytest.raises(ConflictError, match="changed by someone else since you read them"):
        P.change_person(store, ann, name="Ann Hartley")  # the version read before the change
    P.add_person(store, "Bob", login="bob")
    with pytest.raises(P.PeopleError, match="login 'bob' already belongs to Bob"):
        P.change_person(store, moved, login="bob")
    with pytest.raises(P.PeopleError, match="would change nothing"):
        P.change_person(store, moved, login="ahartley")
    assert history(store, kinds=("person_changed",))[0].data["changes"] == {"login": ["ann", "ahartley"]}


def test_names_logins_and_emails_have_limits_named_in_the_error(store: Store) -> None:
    from councilkit.errors import TextError

    with pytest.raises(TextError, match=r"^the name is 201 characters long; the limit is 200 \(a person's name"):
        P.add_person(store, "x" * 201)
    with pytest.raises(TextError, match=r"the name holds a control character \('\\x1b' at position 4\)"):
        P.add_person(store, "Ann\x1b[31m")
    with pytest.raises(TextError, match="the login is 65 characters long; the limit is 64"):
        P.add_person(store, "Ann", login="a" * 65)
    with pytest.raises(P.PeopleError, match="is not an account name"):
        P.add_person(store, "Ann", login="ann smith")
    with pytest.raises(TextError, match="the email holds a control character"):
        P.add_person(store, "Ann", email="ann@example.org\x07")
    assert P.add_person(store, "  Ann\n  Hartley ").name == "Ann Hartley"  # line breaks in a name are spaces
    assert P.list_people(store)[0].name == "Ann Hartley" and len(P.list_people(store)) == 1
