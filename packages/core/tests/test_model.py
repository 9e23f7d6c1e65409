"""The text layer, roles and the TOML line locator."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import councilkit
from councilkit.councilfile import key_lines
from councilkit.errors import UnknownNameError
from councilkit.model import (
    Expectation,
    Role,
    RoleSet,
    Rule,
    add_months,
    derived_parent,
    find_cycle,
)


def test_derived_parents() -> None:
    assert derived_parent("4.2") == "4"
    assert derived_parent("3.1(e)") == "3.1"
    assert derived_parent("2.2.3") == "2.2"
    assert derived_parent("member-decision-making.p3") == "member-decision-making"
    assert derived_parent("group-briefings.p6(a)") == "group-briefings.p6"
    assert derived_parent("4") is None and derived_parent("preamble") is None


def test_search_finds_every_word_and_ids() -> None:
    compton = councilkit.load_council("compton-parish")
    hits = [h.clause.id for h in compton.protocol.search("personnel committee chairman")]
    assert hits == ["4.2"]
    assert [h.clause.id for h in compton.protocol.search("BULLYING")] == ["3.2(e)"]
    assert compton.protocol.search("") == []
    assert "bullying" in compton.protocol.search("bullying")[0].snippet


def test_clause_lookup_suggests_the_nearest_id() -> None:
    compton = councilkit.load_council("compton-parish")
    with pytest.raises(UnknownNameError, match=r"unknown clause '4\.3' \(did you mean '4\.2'\?\)"):
        compton.clause("4.3")


def test_walk_is_document_order_with_depth() -> None:
    compton = councilkit.load_council("compton-parish")
    walked = [(d, c.id) for d, c in compton.protocol.walk()]
    assert walked[:3] == [(0, "1"), (1, "1.1"), (1, "1.2")]
    assert (2, "3.1(a)") in walked
    assert [c.id for c in compton.protocol.ancestors("3.1(a)")] == ["3", "3.1"]


def test_review_date_from_adoption_and_cycle() -> None:
    assert add_months(dt.date(2020, 1, 31), 1) == dt.date(2020, 2, 29)
    assert add_months(dt.date(2020, 6, 15), 12) == dt.date(2021, 6, 15)


def test_role_closure() -> None:
    roles = RoleSet([
        Role("councillor", "Councillor", "member"),
        Role("chair", "Chair", "member", ("councillor",)),
        Role("employee", "Employee", "officer"),
        Role("officer", "Officer", "officer", ("employee",)),
        Role("clerk", "Clerk", "officer", ("officer",)),
    ])
    assert roles.is_a("clerk", "employee") and not roles.is_a("employee", "clerk")
    assert roles.descendants("employee") == {"employee", "officer", "clerk"}
    with pytest.raises(UnknownNameError, match="did you mean 'clerk'"):
        roles.require("clark")


def test_find_cycle() -> None:
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": ["b"], "b": []}) is None


def test_key_lines_follow_tables_arrays_and_inline_tables() -> None:
    text = '''schema = 1
[protocol]
title = """two
lines"""
adopted = 2020-06-15

[[route]]
id = "r"
  [[route.step]]
  id = "s"
  substitute = { clerk = "pcc" }
  outcomes = [
    { id = "a", next = "s" },
    { id = "b" },
  ]
[[route]]
id = "q"
'''
    lines = key_lines(text)
    assert lines[("protocol", "adopted")] == 5
    assert lines[("route", 0, "step", 0, "substitute", "clerk")] == 11
    assert lines[("route", 0, "step", 0, "outcomes", 1, "id")] == 14
    assert lines[("route", 1, "id")] == 17


def test_topic_ranks_clauses_by_the_words_they_use() -> None:
    compton = councilkit.load_council("compton-parish")
    hits = [h.clause.id for h in compton.protocol.topic("concerns about the Clerk", limit=3)]
    assert hits[0] == "4.2"  # 'concern' (as 'concerned') and 'Clerk' both
    assert compton.protocol.topic("the of and") == []


def test_attention_lists_an_overdue_review() -> None:
    import datetime as dt

    from councilkit.attention import attention_items

    compton = councilkit.load_council("compton-parish")
    (item,) = attention_items(compton, dt.date(2026, 11, 23))
    assert item.overdue and item.kind == "review" and "overdue since 2021-05-31" in item.text
    assert attention_items(compton, dt.date(2021, 1, 1)) == []  # not yet within a month of its date
    assert attention_items(compton, dt.date(2021, 5, 10))[0].overdue is False


def test_every_kind_of_norm_reads_as_a_sentence() -> None:
    compton = councilkit.load_council("compton-parish")
    clause = compton.protocol.clauses[0].id
    duty = Expectation("e-handbook", "officer", "clerk", "abide by the Staff Handbook", (clause,), kind="duty")
    must = Rule("r-instruct", "require", "clerk", "instruct", (clause,))
    council = attrs.evolve(compton, expectations=(*compton.expectations, duty), rules=(*compton.rules, must))
    said = {n.id: n.summary for n in council.norms_citing(clause)}
    assert said["e-handbook"] == "Officer owes Parish Clerk: abide by the Staff Handbook"
    assert said["r-instruct"] == "The Parish Clerk must give instructions to others, or ask others to do work"


# --- finding clauses: references as printed, and search with word forms -----------------------


def test_every_clause_has_a_reference_a_person_can_type_back(councils: dict) -> None:
    for council in councils.values():
        protocol = council.protocol
        refs = [protocol.reference(c.id) for c in protocol.clauses]
        assert len(set(refs)) == len(refs), council.id  # no two clauses read alike
        for clause, ref in zip(protocol.clauses, refs, strict=True):
            assert protocol.find(ref) is clause, (council.id, ref)
            assert protocol.find(clause.id) is clause


def test_references_read_as_the_document_prints_them(councils: dict) -> None:
    compton, langport = councils["compton-parish"].protocol, councils["langport-town"].protocol
    community, principal = councils["community-council"].protocol, councils["principal-council"].protocol
    assert compton.reference("3.1(l)") == "3.1(l)"  # not the label "I)" the scan printed
    assert compton.find("3.1 (e)").id == "3.1(e)" and compton.find("clause 4.2").id == "4.2"
    assert langport.reference("introduction.p2") == "Introduction, paragraph 2"
    assert community.reference("preamble.b2") == "Preamble, second bullet"
    assert community.reference("3.1.b3") == "3.1, third bullet"
    assert compton.find("no such clause") is None
    # a hint names a clause that exists
    assert compton.example_reference() == "1.1"
    assert principal.find(principal.example_reference()) is not None  # nothing is numbered there
    assert principal.find("role of members, paragraph 1").id == "role-of-members.p1"


def test_search_finds_other_forms_of_a_word_and_a_reference_first(councils: dict) -> None:
    compton = councils["compton-parish"].protocol
    # "disciplin", half typed, finds 4.2's "disciplinary"
    assert [h.clause.id for h in compton.search("disciplin")] == ["4.2"]
    hits = compton.search("4.2")
    assert hits[0].clause.id == "4.2"
    assert "2.4" not in [h.clause.id for h in compton.search("Personnel disciplinary")]
    assert compton.search("   ") == [] and compton.search("—") == []


def test_a_topic_is_found_by_its_meaning_words_in_any_form(councils: dict) -> None:
    compton = councils["compton-parish"].protocol
    # "matters" finds "matter"; "the", "of" count for nothing
    assert next(h.clause.id for h in compton.topic("the disciplinary matters")) == "4.2"
    assert next(h.clause.id for h in compton.topic("the discipline of the Clerk")) == "4.2"
    assert compton.topic("the of and") == []
    assert next(h.clause.id for h in compton.topic("concerns about the clerk")) == "4.2"
