"""Norms the import finds: by alignment with known councils, and by reading the sentence.

A norm goes live only when the import is sure (a close match, or a reading every part of
which it recognised); the rest are proposals for the review, each with its reason.  A text
with no sentence saying where a concern goes gets no route.
"""

from __future__ import annotations

import textwrap
import tomllib

import pytest

from councilkit.councilfile import read_council_text
from councilkit.importer import ImportResult, import_text
from councilkit.importer.library import LIVE, Library

NO_LIBRARY = Library([])


def imp(text: str, variant: str = "parish", library: Library = NO_LIBRARY) -> ImportResult:
    result = import_text(textwrap.dedent(text), council_id="new-council", name="New Parish Council",
                         variant=variant, nation="england", file="protocol.txt", library=library)
    council, problems = read_council_text(result.toml, "new-council.toml")
    assert council is not None, [str(p) for p in problems if p.is_error]
    return result


def live_rules(result: ImportResult) -> set[tuple[str, str, str, str | None]]:
    return {(r.effect, r.actor, r.action, r.target) for r in result.council.rules}


def proposed_rules(result: ImportResult) -> set[tuple[object, ...]]:
    return {(p.table["effect"], p.table["actor"], p.table["action"], p.table.get("target"))
            for p in result.report.proposed if p.kind == "rule"}


# --- reading ---------------------------------------------------------------------------------


def test_a_joint_subject_binds_each_towards_the_other() -> None:
    result = imp("1. Principles\n\n1.1 Members and Officers should avoid any close personal familiarity "
                 "with each other.\n")
    found = live_rules(result) | proposed_rules(result)
    assert ("forbid", "councillor", "form_close_relationship", "officer") in found
    assert ("forbid", "officer", "form_close_relationship", "councillor") in found


def test_neither_party_means_both_named_before() -> None:
    result = imp("1. Principles\n\n1.1 All dealings between Members and Officers should be conducted "
                 "courteously and neither party should seek to take unfair advantage of their position.\n")
    found = live_rules(result) | proposed_rules(result)
    assert {("forbid", "councillor", "take_advantage", "officer"),
            ("forbid", "officer", "take_advantage", "councillor")} <= found


def test_no_individual_member_and_no_circumstances_forbid() -> None:
    result = imp("""\
        1. Roles

        1.1 There are no circumstances where an individual Councillor can issue an instruction to the Clerk.
        """)
    assert ("forbid", "councillor", "instruct", "clerk") in live_rules(result) | proposed_rules(result)


def test_a_double_negative_is_a_duty_and_is_only_proposed() -> None:
    result = imp("1. Advice\n\n1.1 The Clerk must never fail to give advice to councillors.\n")
    assert not result.council.rules
    [rule] = [p for p in result.report.proposed if p.kind == "rule"]
    assert (rule.table["effect"], rule.table["actor"], rule.table["action"], rule.table["target"]) == (
        "require", "clerk", "give_advice", "councillor")
    assert "double negative" in rule.why


def test_an_exception_keeps_the_reading_for_a_person() -> None:
    result = imp("1. Staff\n\n1.1 Councillors must not instruct officers, other than through the Council.\n")
    assert not result.council.rules
    [rule] = [p for p in result.report.proposed if p.kind == "rule"]
    assert rule.table["action"] == "instruct" and "other than" in rule.why


def test_descriptions_and_definitions_are_not_norms() -> None:
    result = imp("""\
        1. Roles

        1.1 The role of officers is to give advice to councillors.
        1.2 In this document Councillor refers to the members of the Council.
        1.3 Officers are responsible to the Council as a whole, not to individual councillors.
        """)
    assert not result.report.norms


def test_a_verb_matched_only_by_shared_words_is_not_live() -> None:
    result = imp("1. Advice\n\n1.1 Members should not seek to elicit advice from officers to undermine "
                 "the Council.\n")
    assert not result.council.rules  # never a confident guess


def live_tables(result: ImportResult) -> list[dict[str, object]]:
    return [p.table for p in result.report.live if p.kind == "rule"]


def test_roles_named_with_one_they_include_are_that_one() -> None:
    """"Officers and Employees" is every employee: an officer is_a employee."""
    result = imp("1. Staff\n\n1.1 Officers and Employees must not lobby Councillors.\n", variant="town")
    assert live_rules(result) == {("forbid", "employee", "lobby", "councillor")}


def test_must_and_is_expected_to_require_and_should_advises() -> None:
    result = imp("""\
        1. Duties

        1.1 Officers and Employees are expected to declare any prejudicial interests relating to their work to
        the Town Clerk.
        1.2 The Clerk should give advice to the Chairman.
        """, variant="town")
    assert live_rules(result) == {("require", "employee", "declare_interest", "clerk"),
                                  ("advise", "clerk", "give_advice", "chair")}


def test_a_subject_qualified_by_one_of_the_actions_facts_is_a_condition() -> None:
    result = imp("1. Councillors\n\n1.1 A Councillor acting as an individual cannot give instructions to a "
                 "Council employee.\n", variant="town")
    [table] = live_tables(result)
    assert (table["effect"], table["actor"], table["action"], table["target"]) == (
        "forbid", "councillor", "instruct", "employee")
    assert table["when"] == {"acting_individually": True}


def test_a_qualifier_is_written_as_when_and_an_exception_as_a_permission() -> None:
    result = imp("""\
        2. Councillors

        2.6 A Councillor may not knowingly inspect or call for a copy of any document relating to a matter in
        which they have a professional, personal or pecuniary interest.
        2.9 Members must not seek to influence the appointment of Council staff other than where they are
        properly appointed to a selection panel.
        """, variant="town")
    tables = {t["action"]: t for t in live_tables(result)}
    assert tables["inspect_document"]["when"] == {"has_interest": True}
    assert tables["influence_appointment"]["exceptions"] == [{"when": {"on_selection_panel": True}}]
    assert "when" not in tables["influence_appointment"]


def test_a_qualifier_that_is_no_fact_of_the_action_keeps_the_rule_for_review() -> None:
    result = imp("1. Advice\n\n1.1 Councillors must not lobby officers unless the Chairman agrees.\n")
    assert not result.council.rules
    [rule] = [p for p in result.report.proposed if p.kind == "rule"]
    assert "unless" in rule.why


def test_an_example_is_not_a_condition_and_an_undefined_qualifier_is_debatable() -> None:
    result = imp("1. Staff\n\n1.1 Officers must not normally lobby Councillors e.g. about budgetary matters; "
                 "such issues should be taken through agreed procedures.\n", variant="town")
    [table] = live_tables(result)
    assert (table["actor"], table["action"]) == ("officer", "lobby")
    assert "when" not in table and "exceptions" not in table
    assert "normally" in str(table["debatable"])


def test_items_of_an_expectation_list_are_read_with_their_stem() -> None:
    result = imp("""\
        3. Expectations

        3.1 Councillors can expect from officers:
        a) A working partnership.
        b) Not to have personal issues raised with them by officers outside the agreed procedures.
        3.2 What officers should not expect from members:
        a) Bullying
        b) Criticising in public
        c) Blaming
        """)
    tables = {(t["actor"], t["action"], t["target"]): t for t in live_tables(result)}
    assert set(tables) == {("officer", "raise_personal_issue", "councillor"), ("councillor", "bully", "officer"),
                           ("councillor", "criticise_publicly", "officer")}
    assert tables["officer", "raise_personal_issue", "councillor"]["when"] == {"through_agreed_procedures": False}
    assert tables["councillor", "criticise_publicly", "officer"]["when"] == {"in_public": True}


def test_it_is_not_the_role_of_forbids_and_a_second_verb_shares_the_subject() -> None:
    result = imp("""\
        2. Roles

        2.2 It is not the role of Councillors to involve themselves in the day to day management of the
        Council's services.
        2.4 Councillors must respect these obligations, must not obstruct officers in the discharge of these
        responsibilities.
        """)
    assert live_rules(result) == {("forbid", "councillor", "manage_day_to_day", None),
                                  ("forbid", "councillor", "obstruct_statutory_duties", "officer")}


def test_items_that_go_on_from_a_stem_naming_the_actor() -> None:
    result = imp("""\
        The role of the Town Clerk

        The Town Clerk:

        - is the Proper Officer of the Council.
        - is expected to advise the Council on, and assist in the formation of, overall policies.
        """, variant="town")
    assert live_rules(result) == {("require", "clerk", "give_advice", "council")}


def test_you_is_whom_the_code_addresses_and_a_rule_may_bind_towards_anyone() -> None:
    result = imp("""\
        1. Service to the community

        1.1 As a Community Councillor you have a duty to act in the interests of the local community.
        1.2 You must not use your position to gain personal benefit for yourself, family or friends.
        """, variant="community")
    assert live_rules(result) == {("forbid", "councillor", "use_position", None)}


def test_a_caution_about_an_act_between_two_roles_advises_each() -> None:
    result = imp("1. Limits\n\n1.1 Close personal relationships between Councillors and officers can confuse these "
                 "separate roles.\n")
    assert live_rules(result) == {("advise", "councillor", "form_close_relationship", "officer"),
                                  ("advise", "officer", "form_close_relationship", "councillor")}


def test_they_and_them_and_conditions_given_as_alternatives() -> None:
    """"they" is the roles the clause started with, "them" the role named before; "X, or Y" is a rule
    for each condition; "Committee Chairs and Vice-Chairs" are both the committees'."""
    result = imp("""\
        2. Chairs

        2.3 Committee Chairs and Vice-Chairs have additional responsibilities. However, they must still respect
        the impartiality of Officers and must not ask them to undertake work of a party political nature, or
        to do anything which would prejudice their impartiality.
        """, variant="community")
    found = {(t["actor"], t["action"], t["target"], tuple(t["when"].items())) for t in live_tables(result)}
    assert found == {(chair, "instruct", "officer", ((fact, True),))
                     for chair in ("committee_chair", "committee_vice_chair")
                     for fact in ("political_purpose", "prejudices_impartiality")}


def test_background_before_a_rule_is_not_its_condition_and_the_verb_may_name_whom() -> None:
    result = imp("5. Officers\n\n5.1 Whilst the Council has a Scheme of Delegation allowing the Town Clerk to make "
                 "decisions without recourse to the Council, no member is to pressure the Town Clerk to use this "
                 "delegated authority for their own purposes.\n", variant="town")
    assert live_rules(result) == {("forbid", "councillor", "pressure_delegated_decision", "clerk")}


def test_words_the_protocols_use_for_the_vocabularys_own() -> None:
    result = imp("""\
        7. Briefings

        7.1 Committee Chairman may request a private and confidential briefing from the Town Clerk.
        7.2 Other than factual statements, members should not seek assistance from an officer with the
        preparation or issue of any media statement that will adversely affect the reputation of the Council.
        """, variant="town")
    tables = {(t["effect"], t["actor"], t["action"], t.get("target")): t for t in live_tables(result)}
    assert set(tables) == {("permit", "committee_chair", "request_briefing", "clerk"),
                           ("forbid", "councillor", "seek_media_assistance", "officer")}
    media = tables["forbid", "councillor", "seek_media_assistance", "officer"]
    assert media["when"] == {"adverse_to_council": True}
    assert media["exceptions"] == [{"when": {"factual": True}}]


def test_a_qualifier_is_read_the_right_way_round() -> None:
    """"in connection with party political ... activity or for purposes not related to Council business":
    the "not" belongs to the second qualifier, and the Council's business names no party."""
    result = imp("4. Resources\n\n4.2 Officers should not provide equipment to members in connection with party "
                 "political or campaigning activity.\n", variant="town")
    [table] = live_tables(result)
    assert (table["action"], table["target"], table["when"]) == (
        "provide_council_resources", "councillor", {"political_purpose": True})


def test_a_passive_verb_binds_the_one_who_does_it() -> None:
    result = imp("""\
        3. Members

        3.1 A member may be asked for advice and support by an employee who is one of their Parishioners.
        3.2 It must not be assumed by any member that any officer is supportive of any policy because of that
        officer's assistance in its formulation.
        """, variant="town")
    assert live_rules(result) == {("permit", "employee", "seek_constituency_help", "councillor"),
                                  ("forbid", "councillor", "assume_support", "officer")}


def test_only_for_a_purpose_permits_that_and_forbids_the_rest() -> None:
    result = imp("2. Councillors\n\n2.8 Council equipment or supplies e.g. stationery provided to Councillors must "
                 "only be used to assist them in their role as members of the Council.\n", variant="town")
    found = {(t["effect"], t["actor"], t["action"], tuple(t["when"].items())) for t in live_tables(result)}
    assert found == {("permit", "councillor", "use_council_resources", (("for_council_duties", True),)),
                     ("forbid", "councillor", "use_council_resources", (("for_council_duties", False),))}


def test_a_web_copy_that_lost_its_full_stop_is_still_read_sentence_by_sentence() -> None:
    from councilkit.importer.norms import sentences

    text = "We aim to create a workplace where there is zero tolerance for harassment and bullying We recognise that"
    assert [s for _, s in sentences(text)] == [
        "We aim to create a workplace where there is zero tolerance for harassment and bullying", "We recognise that"]


def test_should_be_able_to_is_should() -> None:
    result = imp("1. Chairman\n\n1.1 The Clerk should be able to give the Chairman clear guidance on the Councils "
                 "corporate view.\n")
    assert live_rules(result) == {("advise", "clerk", "give_advice", "chair")}


def test_an_act_ruled_out_with_nobody_named_binds_the_protocols_parties() -> None:
    result = imp("""\
        Protocol on Councillors, Officers and Employees

        This protocol guides Councillors, Officers and Employees in their dealings with one another.

        1. General Principles

        1.2 Close personal familiarity should be avoided.
        1.3 Every person must be treated fairly with dignity and respect. Harassment and bullying is not
        acceptable.
        """, variant="town")
    assert live_rules(result) == {
        ("forbid", "councillor", "form_close_relationship", "employee"),
        ("forbid", "employee", "form_close_relationship", "councillor"),
        *(("forbid", a, "bully", b) for a in ("councillor", "employee") for b in ("councillor", "employee"))}


# --- routes ----------------------------------------------------------------------------------


def test_a_grievance_with_an_alternative_handler_and_a_substitution_in_one_sentence() -> None:
    result = imp("""\
        1. Informal Grievance Procedure

        1.1 In the interests of good working relations the employee is encouraged to first discuss any
        grievance with the Clerk, or in the case of any grievance relating to the Clerk with the Chairman,
        with a view to resolving the matter informally.
        """)
    routes = [p for p in result.report.norms if p.kind == "route"]
    [route] = routes
    step = route.table["step"][0]
    assert route.table["raised_by"] == ["employee"]
    assert step["handler"] == ["clerk"] and step["substitute"] == {"clerk": "chair"}
    assert step["procedure"] == ["grievance"]


def test_handlers_offered_as_alternatives() -> None:
    result = imp("1. Grievance\n\n1.1 The employee is encouraged to first discuss any grievance with their "
                 "Chairman or Clerk.\n")
    [route] = [p for p in result.report.norms if p.kind == "route"]
    assert route.table["step"][0]["handler"] == ["chair", "clerk"]


def test_a_complaint_the_text_does_not_say_who_raises_is_proposed_never_live() -> None:
    """Nobody in the council raises it, and the text does not say who does: raised_by stays for a
    person, so the route is a proposal."""
    result = imp("""\
        Complaints Procedure

        1. Complaints of a serious matter should be made in writing to the Clerk.

        2. Should the complaint be about the Clerk the complaint should be raised to the Chairman.
        """)
    assert not result.council.routes
    [route] = [p for p in result.report.proposed if p.kind == "route"]
    assert route.table["raised_by"] == [] and route.table["step"][0]["handler"] == ["clerk"]


def route_shapes(result: ImportResult) -> list[tuple[object, ...]]:
    return [(r.raised_by, r.about, tuple(s.handler for s in r.steps), tuple(sorted(
        (k, v) for s in r.steps for k, v in s.substitute.items()))) for r in result.council.routes]


def test_a_complaint_from_the_public_goes_to_a_role_the_import_defines() -> None:
    """The public is no role of any variant: the file defines one (kind external) for the route."""
    result = imp("""\
        Complaints Procedure

        From time to time members of the public have complaints about the administration of the Council.

        1. If a complaint is notified orally to a Councillor, the complainant shall be asked to put the
        complaint in writing to the Proper Officer (the Clerk).
        2. If a complainant would prefer not to put the complaint to the Proper Officer he shall be advised
        to put it to the Chairman.
        3. Where the Proper Officer or Chairman receives a complaint about his own actions, he shall refer
        the complaint to the Council.
        4. If the complaint cannot be settled, the Clerk will place the matter before the Council.
        """)
    assert route_shapes(result) == [(("public",), (), (("clerk", "chair"), ("council",)),
                                     (("chair", "council"), ("clerk", "council")))]
    public = result.council.roles["public"]
    assert (public.kind, public.title) == ("external", "Member of the public")
    assert "[[role]]" in result.toml and 'id = "public"' in result.toml


def test_agency_staff_and_contractors_raise_as_contractors() -> None:
    result = imp("""\
        Scope

        Should agency staff, or contractors have a complaint connected to their engagement with the Council
        this should be raised to their nominated contact (normally the Clerk) or the Chairman of the Council.
        Should the complaint be about the Chairman the complaint should be raised to the Vice Chair.
        """)
    assert route_shapes(result) == [(("contractor",), (), (("clerk", "chair"),), (("chair", "vice_chair"),))]
    assert result.council.roles["contractor"].kind == "external"


def test_one_who_passes_a_complaint_on_does_not_handle_it() -> None:
    result = imp("""\
        How to complain

        1. Verbal complaints from members of the public should be made to the Clerk.
        2. You may make a complaint to a councillor but a councillor has no authority to act as an individual
        and must refer the matter to the Clerk.
        """)
    assert route_shapes(result) == [(("public",), (), (("clerk",),), ())]


def test_a_handler_is_never_the_person_complained_about() -> None:
    result = imp("1. Concerns\n\n1.1 If a member has a concern about the Clerk it should be raised with "
                 "the Clerk.\n")
    assert not [p for p in result.report.norms if p.kind == "route"]


def test_no_route_where_the_text_has_none() -> None:
    result = imp("""\
        1. Roles

        1.1 Councillors are responsible to the electorate; officers are responsible to the Council.
        1.2 The Clerk is the Proper Officer of the Council and advises councillors.
        1.3 Complaints are a valuable form of feedback about the Council's services.
        """)
    assert not [p for p in result.report.norms if p.kind == "route"]


# --- alignment -------------------------------------------------------------------------------


KNOWN = """\
schema = 1
id = "elder-parish"
name = "Elder Parish Council"
tier = "parish"
nation = "england"
variant = "parish"

[protocol]
title = "Member/Officer Protocol"

[[clause]]
id = "2"
heading = "Working Together"
text = "Members must not seek to influence the appointment or promotion of any member of the Council's staff."

[[clause]]
id = "3"
text = "The Clerk is the Proper Officer of the Council."

[[rule]]
id = "no-influence-on-appointments"
effect = "forbid"
actor = "councillor"
action = "influence_appointment"
cite = ["2"]
"""


@pytest.fixture
def known_library(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "elder-parish.toml"
    path.write_text(KNOWN, encoding="utf-8")
    return Library.from_files([path])


def test_a_close_match_takes_the_known_clauses_norms_live_and_says_where_from(known_library: Library) -> None:
    result = imp("""\
        4. Staff

        4.3 Members must not seek to influence the appointment or promotion of any member of the Councils staff.
        """, library=known_library)
    [rule] = result.council.rules
    assert (rule.effect, rule.actor, rule.action, rule.cite) == ("forbid", "councillor", "influence_appointment",
                                                                 ("4.3",))
    [proposal] = result.report.live
    assert proposal.origin.startswith("as Elder Parish Council 2, similarity ")
    assert float(proposal.origin.rsplit(" ", 1)[1]) >= LIVE
    assert "# (as Elder Parish Council 2, similarity" in result.toml


def test_a_weaker_match_is_only_proposed(known_library: Library) -> None:
    result = imp("""\
        4. Staff

        4.3 Councillors should not try to influence who is appointed or promoted among the Council's own staff.
        """, library=known_library)
    aligned = [p for p in result.report.norms if p.origin.startswith("as ")]
    assert all(not p.live for p in aligned)


def test_a_weaker_match_the_sentences_own_reading_confirms_goes_live(known_library: Library) -> None:
    """A match below the live threshold whose rule the sentence's own reading also finds (the same
    effect and action; here the reading alone is unsure, for its "Unless") goes live, citing the new
    clause and saying both where it came from and that the reading confirmed it."""
    text = """\
        4. Staff

        4.3 Unless the Council has agreed it, Members must not seek to influence the appointment or promotion
        of the Council's staff.
        """
    result = imp(text, library=known_library)
    [proposal] = result.report.live
    assert (proposal.table["effect"], proposal.table["actor"], proposal.table["action"]) == (
        "forbid", "councillor", "influence_appointment")
    assert proposal.table["cite"] == ["4.3"]
    assert proposal.origin.startswith("as Elder Parish Council 2, similarity 0.8")
    assert proposal.origin.endswith("confirmed by reading the sentence")
    # without the known clause the reading stays a proposal
    assert not imp(text).council.rules


def test_leave_one_out_never_matches_itself(known_library: Library) -> None:
    text = "2. Working Together\n\n2.1 Members must not seek to influence the appointment or promotion of " \
           "any member of the Council's staff.\n"
    assert [p for p in imp(text, library=known_library).report.norms if p.origin.startswith("as ")]
    assert not [p for p in imp(text, library=known_library.without("elder-parish")).report.norms
                if p.origin.startswith("as ")]


def test_roles_are_mapped_to_the_variant(known_library: Library) -> None:
    """A principal council has no Clerk: a norm naming one is carried over with the nearest role the
    variant has, or not at all."""
    result = imp("""\
        4. Staff

        4.3 Members must not seek to influence the appointment or promotion of any member of the Councils staff.
        """, variant="principal", library=known_library)
    assert ("forbid", "councillor", "influence_appointment", None) in live_rules(result)


def test_a_sentence_matching_a_known_sentence_takes_its_rules_with_the_roles_the_text_names() -> None:
    """The known council's coverage says which rules model which sentence; a new clause whose sentence
    matches takes them, binding the roles the new text names ("employees" there, "Officers" here)."""
    known = KNOWN.replace(
        'text = "The Clerk is the Proper Officer of the Council."',
        'text = "The Clerk is the Proper Officer of the Council. That employees will not use their relationship '
        'with Councillors to advance their personal interests or to influence decisions improperly."') + """
[[rule]]
id = "employees-not-use-relationship"
effect = "forbid"
actor = "employee"
action = "use_position"
target = "councillor"
cite = ["3"]
"""
    council, problems = read_council_text(known, "elder-parish.toml")
    assert council is not None, problems
    coverage = {"sentence": [{"clause": "3", "starts": "That employees will not",
                              "norms": ["employees-not-use-relationship"]}]}
    library = Library.from_councils([(council, tomllib.loads(known))], {"elder-parish": coverage})
    result = imp("""\
        5. Expectations

        5.1 Officers keep to the procedures of the Council. That Officers will not use their relationship with
        Councillors to advance their personal interests or to influence decisions improperly.
        """, library=library)
    [proposal] = [p for p in result.report.live if p.origin.startswith("as ")]
    assert proposal.origin.startswith("as Elder Parish Council 3, similarity")
    assert (proposal.table["actor"], proposal.table["action"], proposal.table["target"]) == (
        "officer", "use_position", "councillor")
    assert proposal.table["cite"] == ["5.1"]


# --- duties, shared objects and listed exceptions ------------------------------------------------


def test_will_with_a_role_it_is_done_for_is_a_live_duty_citing_its_clause() -> None:
    """"The Clerk will assist members ..." states a duty; a bracketed aside ("if requested") qualifies
    the aside, not the duty."""
    result = imp("9. Media\n\n9.2 The Town Clerk and other officers will assist members in their media relations "
                 "(on a confidential basis if requested).\n", variant="town")
    tables = live_tables(result)
    assert {(t["effect"], t["actor"], t["action"], t["target"]) for t in tables} == {
        ("require", "officer", "assist_media_relations", "councillor"),
        ("permit", "councillor", "seek_media_assistance", "officer")}  # the duty lets members ask
    assert all(t["cite"] == ["9.2"] for t in tables)


def test_will_naming_no_one_the_act_is_for_is_only_proposed() -> None:
    """"All Councillors will attend the monthly meeting" says what happens: no live duty."""
    result = imp("1. Meetings\n\n1.1 All Councillors will attend the monthly meeting, held on the second Monday.\n")
    assert not result.council.rules


def test_verbs_sharing_an_object_and_exceptions_listed_in_items() -> None:
    """"Members should not use - and officers should not provide - such equipment ... except that:"
    is a ban for each verb and each alternative purpose, with the items as its exceptions (the
    equipment each names as the resource)."""
    result = imp("""\
        4. Use of Council resources

        4.1 Members should not use - and officers should not provide - Council equipment and support services
        in connection with party political or campaigning activity or for purposes not related to Council
        business except that:
        a. limited private photocopying may be undertaken provided it is at no cost to the Council.
        b. IT equipment may be used for non-commercial purposes provided it does not cause a conflict with, or
        risk to, Council systems, nor increase the support required from officers.
        """, variant="town")
    tables = live_tables(result)
    got = {(t["effect"], t["actor"], t["action"], t.get("target"), tuple(sorted(t["when"].items())))
           for t in tables}
    assert got == {
        ("forbid", "councillor", "use_council_resources", None, (("political_purpose", True),)),
        ("forbid", "councillor", "use_council_resources", None, (("for_council_duties", False),)),
        ("forbid", "officer", "provide_council_resources", "councillor", (("political_purpose", True),)),
        ("forbid", "officer", "provide_council_resources", "councillor", (("for_council_duties", False),)),
    }
    assert all(t["cite"] == ["4.1"] for t in tables)
    assert tables[0]["exceptions"] == [
        {"when": {"resource": "photocopying", "at_no_cost": True}},
        {"when": {"resource": "ict_equipment", "commercial": False, "risk_to_systems": False}},
    ]


def test_words_the_protocols_use_for_favouring_and_managing_are_proposed() -> None:
    """"confer an advantage on any person" is to favour them; "the organisation of any function" is
    the Council's management: proposals for the review (the verb is not the action's own)."""
    favour = imp("1. Conduct\n\n1.1 Members should never improperly confer an advantage or disadvantage on any "
                 "person.\n", variant="principal")
    assert ("forbid", "councillor", "show_favour", None) in proposed_rules(favour)
    manage = imp("1. Conduct\n\n1.1 A Councillor must never act on behalf of the Council in the organisation of "
                 "any function or service.\n")
    assert ("forbid", "councillor", "manage_day_to_day", None) in proposed_rules(manage)
    assert not favour.council.rules and not manage.council.rules


def test_a_duty_to_give_lets_the_one_it_is_owed_to_ask() -> None:
    """"Officers have a duty to provide advice to members": officers must, and members may seek it."""
    result = imp("2. Officers\n\n2.2 Officers have a duty to give advice to elected members.\n", variant="principal")
    assert live_rules(result) == {("require", "officer", "give_advice", "councillor"),
                                  ("permit", "councillor", "seek_advice", "officer")}
    assert all(r.cite == ("2.2",) for r in result.council.rules)


def test_a_hedged_should_avoid_advises() -> None:
    """"In most cases Councillors should avoid ..." is advice that admits exceptions, not a ban."""
    result = imp("1. Roles\n\n1.4 In most cases Councillors should avoid becoming involved in the operational "
                 "and administrative aspects of service delivery.\n", variant="town")
    [rule] = result.council.rules
    assert (rule.effect, rule.actor, rule.action) == ("advise", "councillor", "manage_day_to_day")
    assert rule.debatable


def test_what_a_ban_keeps_others_from_suspecting_is_forbidden() -> None:
    result = imp("3. Relationships\n\n3.3 Special relationships with particular individuals or party political groups "
                 "should be avoided as it can create suspicion that an employee favours that Councillor or political "
                 "group above others.\n", variant="community")
    assert live_rules(result) == {("forbid", "employee", "show_favour", "councillor"),
                                  ("forbid", "employee", "show_favour", "political_group")}


def test_such_requests_must_be_reasonable_conditions_the_act_just_granted() -> None:
    result = imp("7. Information\n\n7.2 Individual members may request the Town Clerk to provide them with factual "
                 "information. Such requests must be reasonable.\n", variant="town")
    tables = {(t["effect"], t["actor"], t["action"], t.get("target")): t for t in live_tables(result)}
    assert set(tables) == {("permit", "councillor", "request_information", "clerk"),
                           ("forbid", "councillor", "request_information", "clerk")}
    assert tables["forbid", "councillor", "request_information", "clerk"]["when"] == {"reasonable": False}


def test_must_be_allowed_to_forbids_the_parties_to_obstruct() -> None:
    """"... responsibilities in law ..., which they must be allowed to discharge": neither the
    councillors nor the staff the protocol speaks of may obstruct them."""
    result = imp("""\
        1. Introduction

        1.1 This protocol applies to Councillors and Employees.

        3. Officers

        3.6 Certain Officers such as the Town Clerk have responsibilities in law over and above their
        obligations to the Council, which they must be allowed to discharge.
        """, variant="town")
    assert live_rules(result) == {("forbid", "councillor", "obstruct_statutory_duties", "officer"),
                                  ("forbid", "employee", "obstruct_statutory_duties", "officer")}


def test_an_exception_clause_becomes_the_bans_exception_not_its_condition() -> None:
    """"..., except to the small number of officers/staff employed specifically to provide support
    services to elected members" lifts the ban for support staff; it does not limit the ban to them."""
    result = imp("4. Decisions\n\n4.4 Members should not purport to give instructions to officers/members of staff "
                 "on an informal basis, except to the small number of officers/staff employed specifically to "
                 "provide support services to elected members.\n", variant="principal")
    [table] = live_tables(result)
    assert (table["effect"], table["actor"], table["action"], table["target"]) == (
        "forbid", "councillor", "instruct", "employee")
    assert "when" not in table
    assert table["exceptions"] == [{"when": {"support_staff": True}}]
    assert table["cite"] == ["4.4"]


def test_only_exceptionally_advises_and_involved_in_reads_the_verb_after_it() -> None:
    result = imp("""\
        4. Decisions

        4.2 Members will only exceptionally be involved in operational or managerial decisions.
        4.3 Officers must not be involved in advising on matters of party business.
        """, variant="principal")
    assert live_rules(result) == {("advise", "councillor", "manage_day_to_day", None),
                                  ("forbid", "officer", "advise_party_business", None)}


def test_a_role_a_known_council_defines_is_learned_and_defined_in_the_new_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A role a known council's file defines itself ("Appropriate senior manager", a kind of officer)
    is defined in the new council's file where its text names it, and norms may bind it; a library
    that leaves that council out teaches nothing."""
    known = KNOWN + """
[[role]]
id = "senior_manager"
title = "Appropriate senior manager"
kind = "officer"
is_a = ["officer"]
description = "The senior manager a concern about a councillor is raised with."
cite = ["3"]
"""
    path = tmp_path / "elder-parish.toml"
    path.write_text(known, encoding="utf-8")
    library = Library.from_files([path])
    text = "4. Staff\n\n4.1 The appropriate senior manager must not lobby Councillors.\n"
    result = imp(text, library=library)
    table = tomllib.loads(result.toml)
    [role] = [r for r in table["role"] if r["id"] == "senior_manager"]
    assert (role["kind"], role["is_a"], role["cite"]) == ("officer", ["officer"], ["4.1"])
    assert role["title"].lower() == "appropriate senior manager"
    assert ("forbid", "senior_manager", "lobby", "councillor") in live_rules(result)
    assert result.council.roles["senior_manager"].is_a == ("officer",)
    left_out = imp(text, library=library.without("elder-parish"))
    assert "senior_manager" not in left_out.council.roles


def test_a_formal_procedure_after_an_informal_step_is_its_next_step() -> None:
    """"If the matter cannot be resolved informally, it may be necessary to ... invoke the Council's
    Disciplinary Procedure" adds a formal step with the same handler."""
    result = imp("""\
        4. Procedures

        4.2 In the event that a Councillor is dissatisfied with the conduct, behaviour or performance of an
        officer, the matter should be raised with the Parish Clerk. Where the employee concerned is the Parish
        Clerk, the matter should be raised with the Chairman of the Personnel Committee. If the matter cannot
        be resolved informally, it may be necessary to raise the concern as a performance matter or to invoke
        the Council's Disciplinary Procedure.
        """)
    [route] = result.council.routes
    assert (route.raised_by, route.about) == (("councillor",), ("employee",))  # "the employee concerned"
    assert [s.handler for s in route.steps] == [("clerk",), ("clerk",)]
    assert [s.mode for s in route.steps] == ["informal", "formal"]
    assert all(s.substitute == {"clerk": "personnel_committee_chair"} for s in route.steps)
    assert set(route.steps[1].procedure) >= {"capability", "disciplinary"}


def test_the_one_named_to_arbitrate_on_the_protocol_is_a_route_for_everyone_it_governs() -> None:
    result = imp("""\
        1. Introduction

        1.1 This protocol guides the relationship between Members and Officers of the Council.

        12. Interpretation

        12.1 When necessary, the Town Clerk will arbitrate on the interpretation of this Protocol following
        consultation with the monitoring officer.
        """, variant="town")
    [route] = result.council.routes
    assert (set(route.raised_by), route.about) == ({"councillor", "employee"}, ())
    [step] = route.steps
    assert (step.handler, step.consult, step.procedure) == (("clerk",), ("monitoring_officer",), ("arbitration",))
    assert route.cite == ("12.1",)


def test_a_caution_between_the_protocols_sides_binds_them_as_the_protocol_names_them() -> None:
    """A protocol for "Councillors and employees": "Close personal relationships between Councillors
    and Officers can confuse their separate roles" advises councillors and employees."""
    result = imp("""\
        2. Roles

        2.1 The respective roles of Councillors and employees can be summarised as follows.

        3. Principles

        3.3 Close personal relationships between Councillors and Officers can confuse their separate roles.
        """, variant="community")
    assert live_rules(result) == {("advise", "councillor", "form_close_relationship", "employee"),
                                  ("advise", "employee", "form_close_relationship", "councillor")}


def test_what_a_role_is_provided_with_for_a_purpose_it_may_use_for_it() -> None:
    result = imp("4. Resources\n\n4.1 Members are provided with ICT equipment and support services (e.g. typing, "
                 "printing, photocopying etc.) to enable them to better perform their policy and constituency role "
                 "as Councillors.\n", variant="town")
    [table] = live_tables(result)
    assert (table["effect"], table["actor"], table["action"], table["when"], table["cite"]) == (
        "permit", "councillor", "use_council_resources", {"for_council_duties": True}, ["4.1"])


def test_a_complaint_route_takes_its_raiser_from_the_clause_and_its_next_step_from_where_necessary() -> None:
    """"A member should not raise matters relating to ... an officer/member of staff ..." tells who raises
    the complaint the next sentence routes ("Complaints about officers should be made to their head of
    service, or where necessary, to their Director or the Chief Executive"): a member, about any member of
    staff, in two steps.  A complaint about a councillor that says nothing of who makes it is for
    everyone the protocol governs (the other side first)."""
    result = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council.

        Complaints and Criticism

        A member should not raise matters relating to the conduct or capability of an officer/member of staff in
        a manner that is incompatible with the objectives of this protocol. Complaints about officers should be
        made to their head of service, or where necessary, to their Director or the Chief Executive.

        Complaints about elected members should be made to the Monitoring Officer.
        """, variant="principal")
    about_staff, about_members = result.council.routes
    assert (about_staff.raised_by, about_staff.about) == (("councillor",), ("employee",))
    assert [s.handler for s in about_staff.steps] == [("head_of_service",), ("director", "chief_executive")]
    assert about_staff.cite == ("complaints-and-criticism.p1",)
    assert (about_members.raised_by, about_members.about) == (("employee", "councillor"), ("councillor",))
    assert [s.handler for s in about_members.steps] == [("monitoring_officer",)]
    assert about_members.cite == ("complaints-and-criticism.p2",)


def test_a_route_whose_raiser_nothing_says_stays_a_proposal() -> None:
    """A complaint about one office-holder whose raiser the text leaves unsaid is only proposed."""
    result = imp("1. Complaints\n\n1.1 Complaints about the Clerk should be made to the Chairman.\n")
    assert result.council.routes == ()
    [route] = [p for p in result.report.proposed if p.kind == "route"]
    assert route.why == "the sentence does not say who raises it"


def test_what_a_role_is_to_treat_as_confidential_it_must_not_disclose() -> None:
    result = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council.

        Group Briefings

        Group Leaders and members who receive such advice will treat it as strictly confidential to the council.
        """, variant="principal")
    [table] = live_tables(result)
    assert (table["effect"], table["actor"], table["action"], table.get("target"), table["cite"]) == (
        "forbid", "councillor", "disclose_confidential", None, ["group-briefings.p1"])


def test_the_purposes_a_sentence_names_limited_by_the_next_permit_them_and_forbid_the_rest() -> None:
    """"... the purpose for which they require information. Those purposes may only be in connection with
    the members' duties ... and not for personal, political or other purposes": members may ask
    officers/staff for information for their duties, and not otherwise."""
    result = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council.

        Provision of Information

        Officers/staff are entitled to request members identify the purpose for which they require
        information. Those purposes may only be in connection with the members' duties as an elected member and
        not for personal, political or other purposes.
        """, variant="principal")
    found = {(t["effect"], t["actor"], t["action"], t.get("target"), tuple(t.get("when", {}).items()))
             for t in live_tables(result) if t["actor"] == "councillor"}
    assert found == {("permit", "councillor", "request_information", "employee", (("for_council_duties", True),)),
                     ("forbid", "councillor", "request_information", "employee", (("for_council_duties", False),))}
    # a limit with no purpose named before it is no rule
    alone = imp("Provision of Information\n\nMembers need information. Those purposes may only be in connection "
                "with the members' duties.\n", variant="principal")
    assert not [t for t in live_tables(alone) if t["action"] == "request_information"]


def test_an_assured_option_is_a_permission_and_bad_practice_is_advice_against_with_its_target_carried() -> None:
    """"officers will always have the option of declining to attend" (group meetings: a political
    group's) permits them to decline; "It is not usually considered good practice for officers to attend
    such briefings alone" advises them against attending alone, towards the group the sentence before
    named."""
    result = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council.

        Group Briefings

        Attendance by officers/members of staff at group meetings may be requested, but officers will always
        have the option of declining to attend and giving written advice as an alternative. It is not usually
        considered good practice for officers to attend such briefings alone.
        """, variant="principal")
    tables = {(t["effect"], t["action"]): t for t in live_tables(result)}
    decline = tables["permit", "decline_group_meeting"]
    assert (decline["actor"], decline["target"], decline["cite"]) == ("officer", "political_group", ["group-briefings.p1"])
    alone = tables["advise", "attend_group_meeting"]
    assert (alone["actor"], alone["target"], alone["when"]) == ("officer", "political_group", {"alone": True})
    assert "usually" in alone["debatable"]
    # with nothing before it to say whose briefings, the advice names no one it is towards
    bare = imp("Briefings\n\nIt is not considered good practice for officers to attend such briefings alone.\n",
               variant="principal")
    [table] = live_tables(bare)
    assert (table["effect"], table["actor"], table.get("target")) == ("advise", "officer", None)


def test_what_one_side_is_willing_to_have_done_only_in_some_cases_the_other_may_do_only_then() -> None:
    result = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council.

        Advice

        Many officers/members of staff are willing to be contacted by members at home outside normal working
        hours, but this step should only be taken in cases of genuine importance or urgency or by prior
        arrangement.
        """, variant="principal")
    [table] = live_tables(result)
    assert (table["effect"], table["actor"], table["action"], table["target"]) == (
        "forbid", "councillor", "contact_out_of_hours", "employee")
    assert [e["when"] for e in table["exceptions"]] == [{"urgent": True}, {"prior_arrangement": True}]
    # a case that is none of the action's facts leaves it for the review
    vague = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council.

        Advice

        Many officers are willing to be contacted by members at home outside normal working hours, but this
        step should only be taken in cases of genuine need or when the weather allows.
        """, variant="principal")
    assert not live_tables(vague)
    [proposal] = [p for p in vague.report.proposed if p.kind == "rule"]
    assert proposal.table["action"] == "contact_out_of_hours" and "not all facts" in proposal.why


def test_whom_staff_should_not_be_asked_by_is_whom_the_clause_spoke_of_before() -> None:
    """"Councillors should have regard to the seniority of officers ... Junior staff should not be asked
    to deal with matters outside their level of authority": councillors must not ask junior staff to do
    work beyond their authority."""
    result = imp("""\
        3. Expectations

        3.1 Councillors should have regard to the seniority of officers in determining what are reasonable
        requests. Junior staff should not be asked to deal with matters outside their level of authority.
        """)
    [table] = [t for t in live_tables(result) if t["effect"] == "forbid"]  # (the first sentence advises)
    assert (table["effect"], table["actor"], table["action"], table["target"], table["when"]) == (
        "forbid", "councillor", "instruct", "junior_officer", {"within_authority": False})
    # on its own, the sentence does not say who asks: no rule
    alone = imp("3. Expectations\n\n3.1 Junior staff should not be asked to deal with matters outside their "
                "level of authority.\n")
    assert not live_tables(alone)


def test_what_one_side_gives_confined_to_some_matters_is_forbidden_beyond_them() -> None:
    result = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council.

        Advice

        Advice by officers/staff must be confined to council business and must be sought and given, in a
        manner which will avoid compromising the political neutrality required of employees.
        """, variant="principal")
    [table] = live_tables(result)
    assert (table["effect"], table["actor"], table["action"], table["target"], table["when"], table["cite"]) == (
        "forbid", "employee", "give_advice", "councillor", {"council_business": False}, ["advice.p1"])


def test_a_ban_on_what_is_done_to_one_side_naming_no_doer_binds_the_other_side() -> None:
    result = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council.

        Budget Proposals

        Officers giving such advice must not be named in public.
        """, variant="principal")
    [table] = live_tables(result)
    assert (table["effect"], table["actor"], table["action"], table["target"], table["cite"]) == (
        "forbid", "councillor", "name_adviser_publicly", "officer", ["budget-proposals.p1"])
    # a protocol that does not name its two sides says nothing of who must not name them
    alone = imp("1. Budget\n\n1.1 Officers giving such advice must not be named in public.\n", variant="principal")
    assert not live_tables(alone)


def test_there_may_be_occasions_when_a_role_acts_permits_it() -> None:
    result = imp("""\
        6. Officers and Committees

        Reports to Committees will normally be produced by officers but there may be occasions when a member
        prepares a report.
        """, variant="town")
    assert live_rules(result) == {("permit", "councillor", "prepare_report", "committee")}


def test_a_refusal_the_text_allows_for_lets_the_other_side_refuse() -> None:
    """"on the rare occasions when a request by a member for information is refused, the member is
    entitled to request written reasons": officers/staff may refuse a member's request."""
    result = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council.

        Provision of Information

        Equally on the rare occasions when a request by a member for information is refused, the member is
        entitled to request written reasons.
        """, variant="principal")
    assert ("permit", "employee", "refuse_information_request", "councillor") in live_rules(result)


def test_an_asking_act_that_names_no_one_asks_the_staff_as_the_text_most_often_calls_them() -> None:
    result = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council. Officers advise
        members.

        Group Briefings

        Political groups may request private and confidential briefings on matters of policy.
        """, variant="principal")
    assert ("permit", "political_group", "request_briefing", "officer") in live_rules(result)


def test_what_a_right_does_not_cover_is_forbidden() -> None:
    result = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council.

        Complaints and Criticism

        Information about disciplinary, capability or other employment processes are one of the exceptions to
        the rights of members to access information.
        """, variant="principal")
    [table] = live_tables(result)
    assert (table["effect"], table["actor"], table["action"], table["target"], table["when"]) == (
        "forbid", "councillor", "request_information", "employee", {"employment_process": True})


def test_a_duty_done_without_bias_or_favour_forbids_favouring_the_other_side() -> None:
    result = imp("""\
        1. Introduction

        1.1 This protocol covers Councillors and Officers and Employees.

        3. Officers

        3.2 Officers and Employees are required to discharge their responsibilities in a professional manner and
        without political bias or favour.
        """, variant="town")
    assert ("forbid", "employee", "show_favour", "councillor") in live_rules(result)


def test_being_entitled_to_ask_someone_to_do_something_is_not_asking_them_for_what_follows() -> None:
    """"officers/staff are entitled to request members identify the purpose for which they require
    information" does not let officers ask members for information; "may request the Town Clerk to
    provide them with factual information" does let members ask for it."""
    staff = imp("1. Information\n\n1.1 Officers are entitled to request members identify the purpose for which "
                "they require information.\n", variant="principal")
    assert not [t for t in live_tables(staff) if t["action"] == "request_information" and t["actor"] == "officer"]
    members = imp("7. Information\n\n7.2 Individual members may request the Town Clerk to provide them with "
                  "factual information.\n", variant="town")
    assert ("permit", "councillor", "request_information", "clerk") in live_rules(members)


def test_a_ban_on_naming_one_side_binds_those_the_clause_spoke_of_too() -> None:
    """"Opposition groups are also entitled to confidential information and discussions with officers ...
    Officers giving such advice must not be named in public": neither members nor the groups may name
    them (an opposition group is a political group)."""
    result = imp("""\
        Introduction

        Good relations between Members and Officers/Staff are essential to the council.

        Budget Proposals

        Opposition groups are also entitled to confidential information and discussions with officers. Officers
        giving such advice must not be named in public.
        """, variant="principal")
    named = {(t["actor"], t["target"]) for t in live_tables(result) if t["action"] == "name_adviser_publicly"}
    assert named == {("councillor", "officer"), ("political_group", "officer")}


def test_what_is_kept_from_one_side_with_no_doer_named_is_kept_from_them_by_the_other() -> None:
    """"Briefings ... are not to be shared with other members of the Council unless so permitted by the
    relevant member": officers must not disclose them to members, except with that member's leave."""
    result = imp("""\
        1. Scope

        1.1 This protocol guides relations between Members and Officers.

        7. Briefings

        7.1 Committee Chairman may request a private and confidential briefing from the Town Clerk on matters of
        policy. Briefings shall remain strictly confidential and are not to be shared with other members of the
        Council unless so permitted by the relevant member.
        """, variant="town")
    shared = [t for t in live_tables(result) if t["action"] == "disclose_confidential"]
    assert [(t["effect"], t["actor"], t["target"]) for t in shared] == [("forbid", "officer", "councillor")]
    assert shared[0]["exceptions"] == [{"when": {"permitted_by_member": True}}]
    # kept from someone outside the protocol: nobody in it is named, so nobody is bound
    public = imp("""\
        1. Scope

        1.1 This protocol guides relations between Members and Officers.

        7.1 Briefings are not to be shared with members of the public.
        """, variant="town")
    assert not [t for t in live_tables(public) if t["action"] == "disclose_confidential"]


def test_being_careful_not_to_prejudice_matters_advises_on_the_act_they_name() -> None:
    """"members should be careful not to prejudice the Council's position in relation to disciplinary
    procedures or employment matters in respect of an employee": advice about becoming involved in an
    employee's employment matters."""
    result = imp("""\
        3. Employees

        3.1 A member may be asked for advice and support by an employee who is one of their Parishioners.
        However, members should be careful not to prejudice the Council's position in relation to disciplinary
        procedures or employment matters in respect of an employee.
        """, variant="town")
    assert ("advise", "councillor", "involve_in_employment_matter", "employee") in live_rules(result)
    # what the caution is about names no act of the vocabulary: a proposal at most
    vague = imp("3. Employees\n\n3.1 Members should be careful not to prejudice the Council's position in "
                "relation to its neighbours.\n", variant="town")
    assert not [r for r in vague.council.rules if r.effect == "advise"]


def test_seeking_advice_is_asking_for_it_not_giving_it() -> None:
    """"seek the advice of officers" is the act of seeking advice ("seek to influence" is influencing)."""
    result = imp("1. Advice\n\n1.1 Councillors may seek the advice of officers.\n\n1.2 Councillors must not seek "
                 "advice from officers on personal matters.\n")
    assert {("permit", "councillor", "seek_advice", "officer"),
            ("forbid", "councillor", "seek_advice", "officer")} <= live_rules(result)
    assert not [r for r in result.council.rules if r.action == "give_advice"]
    assert [dict(r.when) for r in result.council.rules if r.effect == "forbid"] == [{"personal_matter": True}]


def test_limits_to_the_matters_an_act_may_concern_forbid_it_in_the_example_given() -> None:
    """"there are limits to the matters on which they may seek the advice of officers, e.g. in relation to
    personal matters": councillors (the side "they" are, asking officers) may not seek it on personal
    matters; a limit the text gives no example of, a person reads."""
    result = imp("""\
        1. Scope

        1.1 This protocol guides relations between Councillors and officers.

        3.3 The distinct roles of Councillors and officers necessarily impose limitations upon behaviour:

        (b) The need to maintain the separate roles means that there are limits to the matters on which they may
        seek the advice of officers, e.g. in relation to personal matters.
        """)
    advice = [t for t in live_tables(result) if t["action"] == "seek_advice"]
    assert [(t["effect"], t["actor"], t["target"], t["when"]) for t in advice] == \
        [("forbid", "councillor", "officer", {"personal_matter": True})]
    vague = imp("1. Scope\n\n1.1 This protocol guides relations between Councillors and officers.\n\n"
                "1.2 There are limits to the matters on which they may seek the advice of officers.\n")
    assert not [t for t in live_tables(vague) if t["action"] == "seek_advice" and t["effect"] == "forbid"]


def test_seeking_such_assistance_is_the_asking_granted_before() -> None:
    """"A member may be asked for advice and support by an employee ... Employees are entitled to seek such
    assistance": the same asking (for advice and support as a constituent), not help with the media."""
    result = imp("3. Employees\n\n3.1 A member may be asked for advice and support by an employee who is one of "
                 "their Parishioners. Employees are entitled to seek such assistance in the same way as any other "
                 "member of the public.\n", variant="town")
    found = live_rules(result) | proposed_rules(result)
    assert ("permit", "employee", "seek_constituency_help", "councillor") in live_rules(result)
    assert not [r for r in found if r[2] == "seek_media_assistance"]


def test_having_regard_to_something_in_deciding_what_is_reasonable_advises_on_that_act() -> None:
    """"Councillors should have regard to the seniority of officers in determining what are reasonable
    requests": advice on asking officers to do work."""
    result = imp("3. Relations\n\n3.2 Councillors should have regard to the seniority of officers in determining "
                 "what are reasonable requests, having regard to the power relationship between Councillors and "
                 "officers.\n")
    assert ("advise", "councillor", "instruct", "officer") in live_rules(result)
    # weighing something for no act the vocabulary knows says nothing
    vague = imp("3. Relations\n\n3.2 Councillors should have regard to the seniority of officers in determining "
                "what are reasonable timescales.\n")
    assert not [r for r in vague.council.rules if r.effect == "advise"]


def test_the_leader_and_cabinet_are_entitled_to_ask_for_confidential_briefings() -> None:
    """"The Leader and Cabinet are entitled to confidential information and discussions with officers": the
    Leader (of the Council: a group's leader is printed with the group) and the Cabinet's members may ask
    officers for confidential briefings; a body named alone stays the body."""
    result = imp("""\
        1. Scope

        1.1 Good relations between Members and Officers/Staff are essential to the council.

        6. Budget proposals

        6.1 The Leader and Cabinet are entitled to confidential information and discussions with officers
        regarding options and proposals.

        6.2 Political groups may request private and confidential briefings.

        6.3 Group Leaders must treat such advice as strictly confidential.
        """, variant="principal")
    briefings = {(t["actor"], t["target"]) for t in live_tables(result) if t["action"] == "request_briefing"}
    assert {("leader", "officer"), ("cabinet_member", "officer")} <= briefings
    assert ("political_group", "officer") in briefings
    assert {t["actor"] for t in live_tables(result) if t["cite"] == ["6.3"]} == {"group_leader"}


def test_a_leader_of_something_other_than_the_council_is_not_the_leader() -> None:
    """'the Leader' alone is the Leader of the Council, but 'the Leader of the Labour Group' is not: no rule of the
    text binds the council's Leader for what it says of a group's."""
    group = imp("1. Conduct\n\n1.1 The Leader of the Labour Group must not instruct officers.\n", variant="principal")
    assert "leader" not in {t["actor"] for t in live_tables(group)}
    council = imp("1. Conduct\n\n1.1 The Leader of the Council must not instruct officers.\n", variant="principal")
    assert "leader" in {t["actor"] for t in live_tables(council)}
