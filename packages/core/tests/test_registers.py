"""Registers in a real SQLite store: entries, history, visibility, clocks, search, pages."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import councilkit
from councilkit import people
from councilkit.people.records import Person
from councilkit.registers import (
    FULL,
    PUBLIC,
    Clock,
    EntryInvalid,
    Field,
    FieldRule,
    NotAllowedError,
    RegisterError,
    RegisterKind,
    Registers,
    RegisterUse,
    UnknownEntryError,
    fts_query,
    visible_clocks,
)
from councilkit.store import ConflictError, Store, open_store

TODAY = dt.date(2026, 11, 23)
START = dt.date(2020, 1, 1)


@attrs.frozen
class Town:
    store: Store
    regs: Registers
    clerk: Person
    member: Person
    other: Person
    public: Person  # a person with no role at the council


@pytest.fixture
def town(tmp_path: Path, councils: dict[str, councilkit.Council]) -> Town:
    store = open_store(tmp_path / "registers.db")
    council = councils["town-2016"]
    clerk = people.add_person(store, "Tom Clerk", "tom")
    member = people.add_person(store, "Ann Member", "ann")
    other = people.add_person(store, "Bob Other", "bob")
    public = people.add_person(store, "Pat Public", "pat")
    people.appoint(store, clerk, council, "clerk", START)
    people.appoint(store, member, council, "councillor", START)
    people.appoint(store, other, council, "committee_chair", START)
    yield Town(store, Registers(store, council, today=TODAY), clerk, member, other, public)
    store.close()


def gift(**over: object) -> dict[str, object]:
    values: dict[str, object] = {
        "recipient": "ann", "gift_or_hospitality": "hospitality", "description": "Dinner at the civic ball",
        "offered_by": "Acme Ltd", "value": "£75", "received_on": "2026-10-01", "accepted": "yes",
    }
    values.update(over)
    return values


def problems(exc: pytest.ExceptionInfo[EntryInvalid]) -> dict[str | None, str]:
    return {p.field: p.message for p in exc.value.problems}


# ---------------------------------------------------------------------------
# adding, reading, the store


def test_an_entry_is_stored_typed_and_read_back_from_a_new_connection(town: Town, tmp_path: Path) -> None:
    e = town.regs.add("gifts_hospitality", gift(), town.clerk)
    assert e.id == 1 and e.version == 1 and e.status == "current" and e.action == "added"
    assert e.values["value"] == 7500 and e.display["value"] == "£75.00"
    assert e.values["received_on"] == dt.date(2026, 10, 1) and e.values["accepted"] is True
    assert e.values["recipient"] == town.member.id and e.display["recipient"] == "Ann Member"
    assert e.recorded_by == town.clerk.id and e.recorded_by_name == "Tom Clerk"
    again = open_store(tmp_path / "registers.db")
    read = Registers(again, town.regs.council, today=TODAY).get(e.id, town.clerk)
    assert read.values == e.values and read.hash == e.hash
    stored = json.loads(again.query("SELECT data FROM register_entries")[0][0])
    assert stored["value"] == 7500 and stored["received_on"] == "2026-10-01"  # pence and ISO dates, no floats
    again.close()


def test_money_is_pence_and_never_a_float(town: Town) -> None:
    e = town.regs.add("gifts_hospitality", gift(value="£1,234.5"), town.clerk)
    assert e.values["value"] == 123450
    assert town.regs.add("gifts_hospitality", gift(value=9999), town.clerk).display["value"] == "£99.99"
    assert town.regs.add("gifts_hospitality", gift(value="75p"), town.clerk).values["value"] == 75
    with pytest.raises(EntryInvalid) as exc:
        town.regs.add("gifts_hospitality", gift(value=49.99), town.clerk)
    assert "floating-point" in problems(exc)["value"]


def test_every_page_is_newest_first_and_keyset_paged(town: Town) -> None:
    for n in range(120):
        town.regs.add("training", {"person": "ann", "course": f"Course {n}", "completed_on": "2026-01-05"},
                      town.clerk)
    first = town.regs.page("training", town.member, limit=50)
    assert [e.values["course"] for e in first.entries[:2]] == ["Course 119", "Course 118"]
    second = town.regs.page("training", town.member, before=first.next_before, limit=50)
    third = town.regs.page("training", town.member, before=second.next_before, limit=50)
    assert len(second.entries) == 50 and len(third.entries) == 20 and third.next_before is None
    seen = [e.id for p in (first, second, third) for e in p.entries]
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == 120
    assert town.regs.count("training", town.member) == 120


def test_registers_of_one_council_are_not_another_councils(town: Town,
                                                           councils: dict[str, councilkit.Council]) -> None:
    e = town.regs.add("training", {"person": "ann", "course": "Code of conduct", "completed_on": "2026-01-05"},
                      town.clerk)
    langport = Registers(town.store, councils["langport-town"], today=TODAY)
    assert langport.page("training", None).entries == ()
    with pytest.raises(UnknownEntryError, match="no entry #1"):
        langport.get(e.id, None)


def test_a_register_the_council_does_not_keep_is_refused(town: Town) -> None:
    with pytest.raises(councilkit.UnknownNameError, match="unknown register 'document_inspections'"):
        town.regs.add("document_inspections", {}, town.clerk)


# ---------------------------------------------------------------------------
# validation: every rule has a failing example


def test_required_fields_and_unknown_fields_are_named(town: Town) -> None:
    with pytest.raises(EntryInvalid) as exc:
        town.regs.add("gifts_hospitality", {"recipient": "ann", "colour": "red"}, town.clerk)
    found = problems(exc)
    assert "has no field 'colour'" in found["colour"] and "its fields: recipient" in found["colour"]
    assert found["description"] == "Description is required: text"
    assert found["accepted"] == "Accepted is required: yes or no"
    assert "one of 'gift', 'hospitality'" in found["gift_or_hospitality"]
    assert town.store.query("SELECT count(*) FROM register_entries")[0][0] == 0


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("received_on", "31/02/2026", "is not a real date"),
    ("received_on", "next tuesday", "expected a date such as 2026-03-05"),
    ("value", "fifty pounds", "expected an amount of money"),
    ("value", "£1.005", "expected an amount of money"),
    ("value", "-£5", "expected an amount of money"),
    ("value", "$50", "write amounts in pounds"),
    ("accepted", "perhaps", "expected yes or no"),
    ("gift_or_hospitality", "gfit", "did you mean 'gift'"),
    ("recipient", "Nobody Known", "no person 'Nobody Known'"),
    ("description", "x" * 20_001, "at most 20,000 characters"),
])
def test_each_type_says_what_it_expects(town: Town, field: str, value: str, expected: str) -> None:
    with pytest.raises(EntryInvalid) as exc:
        town.regs.add("gifts_hospitality", gift(**{field: value}), town.clerk)
    assert expected in problems(exc)[field]


def test_role_fields_take_the_roles_the_kind_allows(tmp_path: Path, councils: dict[str, councilkit.Council]) -> None:
    store = open_store(tmp_path / "r.db")
    council = councils["principal-council"]
    mo = people.add_person(store, "Mo Officer", "mo")
    people.appoint(store, mo, council, "monitoring_officer", START)
    people.add_person(store, "Cllr Vee", "vee")
    regs = Registers(store, council, today=TODAY)
    values = {"member": "vee", "information": "Budget papers", "purpose": "Scrutiny", "requested_on": "2026-11-02",
              "outcome": "refused", "answered_on": "2026-11-04", "reasons": "Exempt", "copied_on": "2026-11-04"}
    with pytest.raises(EntryInvalid) as exc:
        regs.add("information_requests", {**values, "copy_to": "chief_executive"}, mo)
    assert "expected one of the roles monitoring_officer (Monitoring Officer)" in problems(exc)["copy_to"]
    e = regs.add("information_requests", {**values, "copy_to": "Monitoring Officer"}, mo)  # a title is fine
    assert e.values["copy_to"] == "monitoring_officer" and e.display["copy_to"] == "Monitoring Officer"


def test_cross_field_rules_require_forbid_and_order(tmp_path: Path, councils: dict[str, councilkit.Council]) -> None:
    store = open_store(tmp_path / "r.db")
    council = councils["principal-council"]
    mo = people.add_person(store, "Mo Officer", "mo")
    people.appoint(store, mo, council, "monitoring_officer", START)
    people.add_person(store, "Cllr Vee", "vee")
    regs = Registers(store, council, today=TODAY)
    base = {"member": "vee", "information": "Staff files", "purpose": "Casework", "requested_on": "2026-11-02"}
    with pytest.raises(EntryInvalid) as exc:  # require: a refusal needs written reasons and a copy
        regs.add("information_requests", {**base, "outcome": "refused", "answered_on": "2026-11-03"}, mo)
    found = problems(exc)
    assert set(found) == {"reasons", "copy_to", "copied_on"}
    assert "required when outcome is 'refused'" in found["reasons"]
    assert "a refusal needs written reasons and a copy sent to the adviser" in found["reasons"]
    with pytest.raises(EntryInvalid) as exc:  # forbid: a pending request has no answer date
        regs.add("information_requests", {**base, "outcome": "pending", "answered_on": "2026-11-03"}, mo)
    assert "must be left empty when outcome is 'pending'" in problems(exc)["answered_on"]
    with pytest.raises(EntryInvalid) as exc:  # a rule whose when lists several values
        regs.add("information_requests", {**base, "outcome": "provided"}, mo)
    assert "required when outcome is 'provided' or 'refused'" in problems(exc)["answered_on"]
    with pytest.raises(EntryInvalid) as exc:  # not_before: dates in order
        regs.add("information_requests", {**base, "outcome": "provided", "answered_on": "2026-10-01"}, mo)
    assert problems(exc)["answered_on"] == "Date provided or refused (2026-10-01) cannot be before Date requested (2026-11-02)"


def test_a_rule_on_a_bool_applies_only_when_the_flag_is_given(town: Town) -> None:
    base = {"member": "ann", "information": "Grant figures", "given_on": "2026-11-02"}
    with pytest.raises(EntryInvalid) as exc:
        town.regs.add("information_given", {**base, "minor": "no"}, town.clerk)
    assert "Members advised on is required when minor is no" in problems(exc)["members_advised_on"]
    assert town.regs.add("information_given", {**base, "minor": "yes"}, town.clerk).display["minor"] == "yes"


def test_only_people_with_a_role_may_write_and_keepers_are_respected(town: Town) -> None:
    with pytest.raises(NotAllowedError, match="Pat Public holds no role at"):
        town.regs.add("training", {"person": "ann", "course": "x", "completed_on": "2026-01-01"}, town.public)
    with pytest.raises(NotAllowedError, match="does not know who you are"):
        town.regs.add("training", {"person": "ann", "course": "x", "completed_on": "2026-01-01"}, None)
    decision = {"decision": "Bought a mower", "decided_on": "2026-11-01", "decided_by": "tom",
                "reasons": "The old one broke", "alternatives_rejected": "Repair", "conflicts_declared": "none"}
    with pytest.raises(NotAllowedError, match="only Town Clerk may write to the register of Decisions"):
        town.regs.add("delegated_decisions", decision, town.member)
    assert town.regs.add("delegated_decisions", {**decision, "cost": "£349.99"}, town.clerk).values["cost"] == 34999
    assert town.store.query("SELECT count(*) FROM register_entries")[0][0] == 1


# ---------------------------------------------------------------------------
# history: amendments supersede, nothing is lost


def test_amending_keeps_every_earlier_version(town: Town) -> None:
    e = town.regs.add("gifts_hospitality", gift(), town.clerk)
    v2 = town.regs.amend(e.id, {"value": "£80", "notes": "revalued"}, town.clerk, reason="receipt found")
    v3 = town.regs.amend(e.id, {"notes": ""}, town.clerk, reason="note not needed", expected_version=2)
    assert (v2.version, v3.version) == (2, 3) and "notes" not in v3.values
    history = town.regs.history(e.id, town.member)
    assert [(h.version, h.status, h.action) for h in history] == [
        (1, "superseded", "added"), (2, "superseded", "amended"), (3, "current", "amended")]
    assert history[0].values == e.values and history[0].display["value"] == "£75.00"
    assert history[1].values["notes"] == "revalued" and history[1].reason == "receipt found"
    assert [h.seq for h in history] == sorted(h.seq for h in history)
    assert town.store.query("SELECT count(*) FROM register_entries WHERE entry_id = ?", (e.id,))[0][0] == 3


def test_withdrawal_is_an_amendment_and_final(town: Town) -> None:
    e = town.regs.add("gifts_hospitality", gift(), town.clerk)
    with pytest.raises(RegisterError, match="say why you withdraw"):
        town.regs.withdraw(e.id, town.clerk, reason=" ")
    w = town.regs.withdraw(e.id, town.clerk, reason="entered twice")
    assert w.status == "withdrawn" and w.version == 2 and w.values == e.values
    assert town.regs.page("gifts_hospitality", town.clerk).entries == ()
    assert [x.id for x in town.regs.page("gifts_hospitality", town.clerk, status="withdrawn").entries] == [e.id]
    assert town.regs.search("civic", town.clerk) == []
    with pytest.raises(RegisterError, match="was withdrawn"):
        town.regs.amend(e.id, {"notes": "x"}, town.clerk, reason="oops")
    assert [h.action for h in town.regs.history(e.id, town.clerk)] == ["added", "withdrawn"]


def test_an_amendment_that_changes_nothing_is_refused(town: Town) -> None:
    e = town.regs.add("gifts_hospitality", gift(), town.clerk)
    with pytest.raises(RegisterError, match="would change nothing"):
        town.regs.amend(e.id, {"value": "75.00"}, town.clerk, reason="same")


def test_an_amendment_made_from_an_old_version_is_a_conflict(town: Town, tmp_path: Path) -> None:
    e = town.regs.add("gifts_hospitality", gift(), town.clerk)
    second = open_store(tmp_path / "registers.db")  # another clerk's process
    theirs = Registers(second, town.regs.council, today=TODAY)
    theirs.amend(e.id, {"notes": "theirs"}, town.clerk, reason="their change", expected_version=1)
    with pytest.raises(ConflictError, match="not 1: someone changed it"):
        town.regs.amend(e.id, {"notes": "mine"}, town.clerk, reason="my change", expected_version=1)
    assert town.regs.get(e.id, town.clerk).values["notes"] == "theirs"
    second.close()


def test_the_chain_covers_every_version_and_detects_tampering(town: Town) -> None:
    e = town.regs.add("gifts_hospitality", gift(), town.clerk)
    town.regs.amend(e.id, {"value": "£90"}, town.clerk, reason="revalued")
    checked, found = town.store.verify_chains()
    assert checked["register_entries"] == 2 and found == []
    with town.store.write() as conn:  # someone edits the first version behind councilkit's back
        conn.execute("UPDATE register_entries SET data = replace(data, '7500', '500') WHERE version = 1")
    _, found = town.store.verify_chains()
    assert [str(p) for p in found] == ["register_entries #1: its content was changed after it was written"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["description", "offered_by", "notes", "value"]),
                          st.text(alphabet="abcdefgh 123", min_size=1, max_size=12).filter(str.strip)),
                min_size=1, max_size=6))
def test_property_history_reproduces_every_version(tmp_path_factory: pytest.TempPathFactory,
                                                   councils: dict[str, councilkit.Council],
                                                   changes: list[tuple[str, str]]) -> None:
    store = open_store(tmp_path_factory.mktemp("h") / "h.db")
    council = councils["town-2016"]
    clerk = people.add_person(store, "Tom Clerk", "tom")
    people.add_person(store, "Ann Member", "ann")
    people.appoint(store, clerk, council, "clerk", START)
    regs = Registers(store, council, today=TODAY)
    expected = [regs.add("gifts_hospitality", gift(), clerk).values]
    for n, (field, text) in enumerate(changes):
        value = f"£{sum(map(ord, text)) % 500 + 1}" if field == "value" else text
        try:
            e = regs.amend(1, {field: value}, clerk, reason=f"change {n}")
        except RegisterError:  # the same value again: nothing to change
            continue
        expected.append(e.values)
    history = regs.history(1, clerk)
    assert [h.values for h in history] == expected
    assert [h.version for h in history] == list(range(1, len(expected) + 1))
    assert store.verify_chains()[1] == []
    store.close()


# ---------------------------------------------------------------------------
# who may see what


def test_a_confidential_entry_is_seen_only_by_the_roles_its_kind_names(town: Town) -> None:
    e = town.regs.add("media_assistance", {
        "member": "ann", "officer": "tom", "requested_on": "2026-11-20", "subject": "Park closure statement",
        "factual": "yes", "adverse_to_council": "no", "confidential_basis": "yes"}, town.clerk)
    assert e.confidential and town.regs.access("media_assistance", town.clerk) == FULL
    assert town.regs.access("media_assistance", town.member) == PUBLIC
    assert town.regs.page("media_assistance", town.member).entries == ()
    assert town.regs.count("media_assistance", town.member) == 0
    with pytest.raises(NotAllowedError, match="confidential: only Town Clerk may see it"):
        town.regs.get(e.id, town.member)
    with pytest.raises(NotAllowedError):
        town.regs.history(e.id, None)
    assert town.regs.search("park", town.member) == []
    assert [h.entry.id for h in town.regs.search("park", town.clerk)] == [e.id]
    open_entry = town.regs.add("media_assistance", {
        "member": "ann", "officer": "tom", "requested_on": "2026-11-20", "subject": "Fete press release",
        "factual": "yes", "adverse_to_council": "no"}, town.clerk)
    assert [x.id for x in town.regs.page("media_assistance", town.member).entries] == [open_entry.id]


def test_any_entry_may_be_marked_confidential_and_unmarked(town: Town) -> None:
    e = town.regs.add("training", {"person": "ann", "course": "Capability coaching", "completed_on": "2026-06-01"},
                      town.clerk, confidential=True)
    with pytest.raises(NotAllowedError):
        town.regs.get(e.id, town.member)
    town.regs.amend(e.id, {}, town.clerk, reason="no longer sensitive", confidential=False)
    assert town.regs.get(e.id, town.member).values["course"] == "Capability coaching"


def test_sensitive_fields_are_withheld_but_the_entry_is_shown(tmp_path: Path,
                                                             councils: dict[str, councilkit.Council]) -> None:
    store = open_store(tmp_path / "r.db")
    council = councils["principal-council"]
    mo = people.add_person(store, "Mo Officer", "mo")
    cllr = people.add_person(store, "Cllr Vee", "vee")
    people.appoint(store, mo, council, "monitoring_officer", START)
    people.appoint(store, cllr, council, "councillor", START)
    regs = Registers(store, council, today=TODAY)
    e = regs.add("information_requests", {
        "member": "vee", "information": "Tenancy records", "purpose": "Helping a constituent with arrears",
        "requested_on": "2026-11-02", "outcome": "pending"}, mo)
    seen = regs.get(e.id, cllr)
    assert "purpose" not in seen.values and "purpose" in seen.hidden and "reasons" in seen.hidden
    assert seen.values["information"] == "Tenancy records"
    assert regs.search("arrears", cllr) == [] and [h.entry.id for h in regs.search("arrears", mo)] == [e.id]
    assert [h.entry.id for h in regs.search("tenancy", cllr)] == [e.id]
    hit = regs.search("tenancy", cllr)[0]
    assert "arrears" not in hit.snippet and "purpose" not in hit.entry.values
    with pytest.raises(NotAllowedError, match="may not see all of entry"):  # may not amend what it cannot see
        regs.amend(e.id, {"outcome": "provided", "answered_on": "2026-11-03"}, cllr, reason="done")


def test_a_confidential_briefing_is_released_on_its_date(town: Town) -> None:
    later = town.regs.add("briefings", {"requested_by": "Finance Committee Chair", "officers_present": "Town Clerk",
                                        "subject": "Precept options", "briefed_on": "2026-10-01",
                                        "confidential_until": "2027-02-01"}, town.clerk)
    earlier = town.regs.add("briefings", {"requested_by": "Planning Chair", "officers_present": "Town Clerk",
                                          "subject": "Depot sale", "briefed_on": "2026-01-10",
                                          "confidential_until": "2026-03-01"}, town.clerk)
    assert later.released_on == dt.date(2027, 2, 1)
    assert [e.id for e in town.regs.page("briefings", town.member).entries] == [earlier.id]
    assert [h.entry.id for h in town.regs.search("depot", None)] == [earlier.id]
    assert town.regs.search("precept", None) == []
    after = Registers(town.store, town.regs.council, today=dt.date(2027, 2, 1))
    assert {e.id for e in after.page("briefings", town.member).entries} == {earlier.id, later.id}


def test_a_kind_without_secrets_hides_nothing(town: Town) -> None:
    e = town.regs.add("training", {"person": "ann", "course": "Planning law", "completed_on": "2026-01-05"},
                      town.clerk)
    assert town.regs.get(e.id, None).hidden == () and town.regs.get(e.id, None).values == e.values
    assert town.regs.visible_to("training") == ("clerk",)  # the adviser sees entries marked confidential


# ---------------------------------------------------------------------------
# the policy engine decides


@pytest.fixture
def langport(tmp_path: Path, councils: dict[str, councilkit.Council]) -> tuple[Registers, Person]:
    store = open_store(tmp_path / "l.db")
    council = councils["langport-town"]
    clerk = people.add_person(store, "Lyn Clerk", "lyn")
    cllr = people.add_person(store, "Cllr Dee", "dee")
    people.appoint(store, clerk, council, "clerk", START)
    people.appoint(store, cllr, council, "councillor", START)
    return Registers(store, council, today=TODAY), clerk


def test_document_inspection_is_refused_when_the_member_has_an_interest(langport: tuple[Registers, Person]) -> None:
    regs, clerk = langport
    base = {"member": "dee", "document": "Planning file 26/0142", "requested_on": "2026-11-10"}
    refused = regs.add("document_inspections", {**base, "has_interest": "yes", "for_council_duties": "yes"}, clerk)
    assert refused.values["decision"] == "forbidden" and refused.values["clauses"].startswith("2.6")
    assert "2.6 forbids it" in refused.values["explanation"]
    allowed = regs.add("document_inspections", {**base, "has_interest": "no", "for_council_duties": "yes"}, clerk)
    assert allowed.values["decision"] == "permitted" and allowed.values["clauses"] == "2.5"
    unsure = regs.add("document_inspections", {**base, "has_interest": "no"}, clerk)
    assert unsure.values["decision"] == "conditional" and "for_council_duties" in unsure.values["explanation"]
    settled = regs.amend(unsure.id, {"for_council_duties": "yes"}, clerk, reason="member confirmed")
    assert settled.values["decision"] == "permitted"
    with pytest.raises(EntryInvalid) as exc:
        regs.add("document_inspections", {**base, "has_interest": "no", "decision": "permitted"}, clerk)
    assert "decided by the policy engine" in problems(exc)["decision"]
    with pytest.raises(EntryInvalid) as exc:
        regs.amend(refused.id, {"inspected_on": "2026-11-12"}, clerk, reason="inspected")
    assert "must be left empty when decision is 'forbidden'" in problems(exc)["inspected_on"]


def test_media_assistance_is_decided_for_the_roles_the_people_hold(town: Town) -> None:
    base = {"member": "ann", "officer": "tom", "requested_on": "2026-11-20", "subject": "Statement"}
    damaging = town.regs.add("media_assistance", {**base, "factual": "no", "adverse_to_council": "yes"}, town.clerk)
    assert damaging.values["decision"] == "forbidden" and "9.3" in damaging.values["clauses"]
    factual = town.regs.add("media_assistance", {**base, "factual": "yes", "adverse_to_council": "yes"}, town.clerk)
    assert factual.values["decision"] == "permitted"


# ---------------------------------------------------------------------------
# clocks


def test_the_gift_clock_runs_for_28_days_at_or_above_the_threshold(town: Town) -> None:
    over = town.regs.add("gifts_hospitality", gift(value="£50", received_on="2026-10-01"), town.clerk)
    town.regs.add("gifts_hospitality", gift(value="£49.99", received_on="2026-10-01"), town.clerk)
    recent = town.regs.add("gifts_hospitality", gift(value="£200", received_on="2026-11-20"), town.clerk)
    due = town.regs.due(town.clerk)
    assert [(d.entry.id, d.state.due_on, d.state.status()) for d in due] == [
        (over.id, dt.date(2026, 10, 29), "OVERDUE by 25 calendar days")]
    soon = town.regs.due(town.clerk, within=30)
    assert [d.entry.id for d in soon] == [over.id, recent.id] and soon[1].state.status() == "due in 25 calendar days"
    done = town.regs.amend(over.id, {"notified_on": "2026-11-02"}, town.clerk, reason="registered")
    assert [d.entry.id for d in town.regs.due(town.clerk, within=30)] == [recent.id]
    state = town.regs.clock_states(done)[0]
    assert state.late and state.status() == "done 2026-11-02, 4 calendar days late"


def test_a_council_setting_changes_the_threshold_and_the_days(town: Town) -> None:
    council = town.regs.council
    use = RegisterUse("gifts_hospitality", ("1.2",), settings={"threshold": "£25", "days": 14})
    stricter = attrs.evolve(council, registers=(*[u for u in council.registers if u.kind != use.kind], use))
    regs = Registers(town.store, stricter, today=TODAY)
    assert regs.settings("gifts_hospitality") == {"threshold": 2500, "days": 14}
    assert regs.settings_text("gifts_hospitality")["threshold"] == "£25.00"
    e = regs.add("gifts_hospitality", gift(value="£30", received_on="2026-11-01"), town.clerk)
    assert [(d.entry.id, d.state.due_on) for d in regs.due(town.clerk)] == [(e.id, dt.date(2026, 11, 15))]
    assert town.regs.due(town.clerk) == []  # at the default £50 it need not be registered


def test_working_day_clocks_skip_weekends_and_bank_holidays(tmp_path: Path,
                                                            councils: dict[str, councilkit.Council]) -> None:
    store = open_store(tmp_path / "r.db")
    council = councils["principal-council"]
    mo = people.add_person(store, "Mo Officer", "mo")
    people.appoint(store, mo, council, "monitoring_officer", START)
    people.add_person(store, "Cllr Vee", "vee")
    regs = Registers(store, council, today=dt.date(2026, 12, 20))
    e = regs.add("information_requests", {"member": "vee", "information": "Grit bins", "purpose": "Ward query",
                                          "requested_on": "2026-12-18", "outcome": "pending"}, mo)
    state = regs.clock_states(e)[0]
    # 10 working days from Fri 18 Dec 2026: skipping weekends, Christmas Day and Boxing Day (observed)
    assert state.due_on == dt.date(2027, 1, 6) and state.working_days
    assert "Christmas Day" in state.working
    explicit = regs.amend(e.id, {"due_on": "2026-12-23"}, mo, reason="agreed with the member")
    assert regs.clock_states(explicit)[0].due_on == dt.date(2026, 12, 23)
    assert [d.entry.id for d in regs.due(mo, within=3)] == [e.id]


def test_entries_written_before_a_kind_gained_a_clock_are_still_found(tmp_path: Path,
                                                                     councils: dict[str, councilkit.Council]) -> None:
    kind = RegisterKind(id="hall_keys", title="Hall key holders",
                        fields=(Field("holder", "Key holder", "person", required=True),
                                Field("issued_on", "Issued", "date", required=True),
                                Field("returned_on", "Returned on", "date")))
    council = attrs.evolve(councils["compton-parish"], registers=(RegisterUse("hall_keys", ("1.1",)),),
                           register_kinds={"hall_keys": kind})
    store = open_store(tmp_path / "k.db")
    clerk = people.add_person(store, "Pam Clerk", "pam")
    people.appoint(store, clerk, council, "clerk", START)
    old = Registers(store, council, today=TODAY).add("hall_keys", {"holder": "pam", "issued_on": "2026-10-01"}, clerk)
    with_clock = attrs.evolve(kind, clocks=(Clock("return", "Return the key", start="issued_on", days=28,
                                                  stop="returned_on"),))
    upgraded = attrs.evolve(council, register_kinds={"hall_keys": with_clock})
    regs = Registers(store, upgraded, today=TODAY)
    new = regs.add("hall_keys", {"holder": "pam", "issued_on": "2026-10-02"}, clerk)
    assert [d.entry.id for d in regs.due(clerk)] == [old.id, new.id]


def test_a_clock_that_would_show_a_withheld_date_is_not_shown(tmp_path: Path,
                                                             councils: dict[str, councilkit.Council]) -> None:
    kind = RegisterKind(
        id="hall_keys", title="Hall key holders", visible_to=("clerk",),
        fields=(Field("holder", "Key holder", "person", required=True),
                Field("issued_on", "Issued", "date", required=True),
                Field("deposit_paid_on", "Deposit paid on", "date", sensitive=True),
                Field("returned_on", "Returned on", "date")),
        clocks=(Clock("return", "Return the key", start="issued_on", days=28, stop="returned_on"),
                Clock("refund", "Refund the deposit", start="deposit_paid_on", days=90, stop="returned_on")))
    council = attrs.evolve(councils["compton-parish"], registers=(RegisterUse("hall_keys", ("1.1",)),),
                           register_kinds={"hall_keys": kind})
    store = open_store(tmp_path / "k.db")
    clerk = people.add_person(store, "Pam Clerk", "pam")
    cllr = people.add_person(store, "Cal Cllr", "cal")
    people.appoint(store, clerk, council, "clerk", START)
    people.appoint(store, cllr, council, "councillor", START)
    regs = Registers(store, council, today=TODAY)
    e = regs.add("hall_keys", {"holder": "cal", "issued_on": "2026-11-02", "deposit_paid_on": "2026-11-01"}, clerk)
    assert [s.clock.id for s in visible_clocks(regs, regs.get(e.id, clerk))] == ["return", "refund"]
    assert [s.clock.id for s in visible_clocks(regs, regs.get(e.id, cllr))] == ["return"]
    assert [s.clock.id for s in visible_clocks(regs, regs.get(e.id, None))] == ["return"]
    gone = regs.withdraw(e.id, clerk, reason="entered twice")
    assert visible_clocks(regs, gone) == [] and visible_clocks(regs, regs.get(e.id, clerk)) == []


def test_due_leaves_out_what_the_viewer_may_not_see(town: Town) -> None:
    town.regs.add("external_meetings", {"officer": "tom", "met_with": "County councillors",
                                        "organisation": "County Council", "met_on": "2026-10-01"}, town.clerk)
    assert [d.state.clock.id for d in town.regs.due(town.member)] == ["report"]
    tom = town.regs.add("media_assistance", {
        "member": "ann", "officer": "tom", "requested_on": "2026-11-20", "subject": "x", "factual": "yes",
        "adverse_to_council": "no", "confidential_basis": "yes"}, town.clerk)
    assert tom.confidential
    assert all(d.entry.id != tom.id for d in town.regs.due(town.member, within=365))


# ---------------------------------------------------------------------------
# search


def test_search_matches_every_word_prefixes_and_phrases(town: Town) -> None:
    a = town.regs.add("gifts_hospitality", gift(description="Tickets to the county show"), town.clerk)
    b = town.regs.add("gifts_hospitality", gift(description="Show garden tour", offered_by="County Parks"),
                      town.clerk)
    assert [h.entry.id for h in town.regs.search("show", town.member)] == [b.id, a.id]
    assert [h.entry.id for h in town.regs.search("county show", town.member)] == [b.id, a.id]
    assert [h.entry.id for h in town.regs.search('"county show"', town.member)] == [a.id]
    assert [h.entry.id for h in town.regs.search("tick*", town.member)] == [a.id]
    assert [h.entry.id for h in town.regs.search("Ann Member", town.member, kinds=["gifts_hospitality"])] == [b.id, a.id]
    assert town.regs.search("show", town.member, kinds=["training"]) == []
    assert "[show]" in town.regs.search("show", town.member)[0].snippet.lower()


def test_search_takes_odd_input_safely(town: Town) -> None:
    town.regs.add("gifts_hospitality", gift(description='Wine "vintage" AND cheese'), town.clerk)
    assert len(town.regs.search('vintage" cheese (', town.member)) == 1  # FTS syntax is taken as words
    assert town.regs.search('vintage OR NEAR(water', town.member) == []  # every word must match
    with pytest.raises(RegisterError, match="nothing to search for"):
        town.regs.search(" ** ", town.member)
    assert fts_query('a "b c" d*') == '"a" "b c" "d"*'


def test_an_amendment_is_searchable_and_the_old_words_are_not(town: Town) -> None:
    e = town.regs.add("gifts_hospitality", gift(description="Bottle of port"), town.clerk)
    town.regs.amend(e.id, {"description": "Bottle of sherry"}, town.clerk, reason="misread the label")
    assert town.regs.search("port", town.member) == []
    assert [h.entry.id for h in town.regs.search("sherry", town.member)] == [e.id]


# ---------------------------------------------------------------------------
# every kind round-trips through the store


def _value_for(field: Field, n: int, person: Person, council: councilkit.Council) -> object:
    if field.type == "text":
        return f"{field.label} {n} – ‘quoted’, | piped"
    if field.type == "date":
        return dt.date(2026, 3, 5)
    if field.type == "person":
        return person
    if field.type == "role":
        return field.choices[0] if field.choices else "councillor"
    if field.type == "choice":
        return field.choices[-1]
    if field.type == "money":
        return 12345
    return True


def _fill(kind: RegisterKind, person: Person, council: councilkit.Council) -> dict[str, object]:
    return {f.id: _value_for(f, n, person, council) for n, f in enumerate(kind.fields)
            if f.id not in kind.computed_fields()}


def _every_kind_council(council: councilkit.Council) -> councilkit.Council:
    from councilkit.plugins import default_registry

    kinds = default_registry().register_kinds_for(council.variant.id)
    uses = tuple(RegisterUse(k, (council.protocol.clauses[0].id,)) for k in kinds)
    return attrs.evolve(council, registers=uses, register_kinds=dict(kinds))


@pytest.mark.parametrize("council_id", ["compton-parish", "town-2016", "langport-town", "principal-council",
                                        "community-council"])
def test_every_kind_round_trips_through_the_store(tmp_path: Path, councils: dict[str, councilkit.Council],
                                                  council_id: str) -> None:
    council = _every_kind_council(councils[council_id])
    store = open_store(tmp_path / "kinds.db")
    keeper = people.add_person(store, "Kay Keeper", "kay")
    roles = {r for k in council.register_kinds.values() for r in (*k.visible_to, *k.keepers)}
    for role in sorted(roles):
        people.appoint(store, keeper, council, role, START)
    regs = Registers(store, council, today=TODAY)
    assert {k.id for k in regs.kinds()} >= {"training", "gifts_hospitality", "document_inspections"}
    for kind in regs.kinds():
        values = _fill(kind, keeper, council)
        try:
            added = regs.add(kind.id, values, keeper)
        except EntryInvalid as exc:  # a rule forbids some fields together: leave those out
            forbidden = {p.field for p in exc.problems if "left empty" in p.message}
            assert forbidden, (kind.id, exc.problems)
            values = {k: v for k, v in values.items() if k not in forbidden}
            added = regs.add(kind.id, values, keeper)
        reopened = open_store(tmp_path / "kinds.db")
        read = Registers(reopened, council, today=TODAY).get(added.id, keeper)
        reopened.close()
        for key, value in values.items():
            f = kind.field(key)
            expected = keeper.id if f.type == "person" else value
            assert read.values[key] == expected, (kind.id, key)
        assert read.values == added.values and read.hidden == ()
        if kind.policy:
            assert read.values[kind.policy.outcome_field] in ("permitted", "forbidden", "conditional", "not_covered")
    checked, found = store.verify_chains()
    assert checked["register_entries"] == len(regs.kinds()) and found == []


def test_a_council_defined_kind_works_like_any_other(tmp_path: Path, councils: dict[str, councilkit.Council]) -> None:
    kind = RegisterKind(
        id="hall_keys", title="Hall key holders", visible_to=("clerk",),
        fields=(Field("holder", "Key holder", "person", required=True),
                Field("deposit", "Deposit", "money", sensitive=True),
                Field("issued_on", "Issued", "date", required=True),
                Field("returned", "Returned", "bool"), Field("returned_on", "Returned on", "date")),
        rules=(FieldRule("returned-date", {"returned": True}, ("returned_on",)),),
    )
    council = councils["compton-parish"]
    council = attrs.evolve(council, registers=(RegisterUse("hall_keys", ("1.1",)),), register_kinds={"hall_keys": kind})
    store = open_store(tmp_path / "k.db")
    clerk = people.add_person(store, "Pam Clerk", "pam")
    people.appoint(store, clerk, council, "clerk", START)
    regs = Registers(store, council, today=TODAY)
    with pytest.raises(EntryInvalid) as exc:
        regs.add("hall_keys", {"holder": "pam", "issued_on": "2026-01-01", "returned": "yes"}, clerk)
    assert "Returned on is required when returned is yes" in problems(exc)["returned_on"]
    e = regs.add("hall_keys", {"holder": "pam", "issued_on": "2026-01-01", "deposit": "£20"}, clerk)
    assert regs.get(e.id, None).hidden == ("deposit",)


def test_the_current_state_is_derived_from_the_chain(town: Town) -> None:
    """Rebuilding the current state from the chained table gives the same answer; versions are unique."""
    e = town.regs.add("gifts_hospitality", gift(), town.clerk)
    town.regs.amend(e.id, {"value": "£60"}, town.clerk, reason="revalued")
    rebuilt = town.store.query(
        "SELECT entry_id, max(version), max(seq) FROM register_entries GROUP BY entry_id")
    current = town.store.query("SELECT entry_id, version, seq FROM register_current")
    assert [tuple(r) for r in rebuilt] == [tuple(r) for r in current]
    with pytest.raises(sqlite3.IntegrityError), town.store.write() as conn:  # no second version 2
        conn.execute("INSERT INTO register_entries (council_id, kind, entry_id, version, action, data,"
                     " confidential, recorded_at, prev_hash, hash) VALUES ('x','y',?,2,'amended','{}',0,'',"
                     "'','')", (e.id,))
