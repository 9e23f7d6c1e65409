"""Routes by role: which route a concern takes, and who handles each step, for every seed council."""

from __future__ import annotations

import datetime as dt
import textwrap

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import councilkit
from councilkit.councilfile import load_councils, read_council_text
from councilkit.errors import UnknownNameError
from councilkit.routing import (
    Candidate,
    assign_handler,
    effective_outcomes,
    reachable,
    resolve_route,
    role_distance,
    skipped_mandatory,
)

COUNCILS = {c.id: c for c in load_councils()}


def council(cid: str) -> councilkit.Council:
    return COUNCILS[cid]


# --- the seed councils ------------------------------------------------------


def test_compton_councillor_about_the_clerk_goes_to_the_personnel_committee_chairman() -> None:
    answer = council("compton-parish").route(raised_by="councillor", about="clerk")
    assert answer.route is not None and answer.route.id == "councillor-concern-about-officer"
    first = answer.steps[0]
    assert [h.role for h in first.handlers] == ["personnel_committee_chair"]
    handler = first.handlers[0]
    assert handler.instead_of == "clerk" and handler.source == "step" and handler.cite == ("4.2",)
    assert "the Parish Clerk is the subject of the concern" in handler.why
    assert "Chairman of the Personnel Committee instead (clause 4.2)" in handler.why
    assert answer.steps[1].step.procedure == ("capability", "disciplinary")
    assert answer.steps[1].due_days == 5


def test_compton_councillor_about_another_officer_goes_to_the_clerk() -> None:
    answer = council("compton-parish").route(raised_by="councillor", about="junior_officer")
    assert [h.role for h in answer.steps[0].handlers] == ["clerk"]
    assert answer.steps[0].handlers[0].instead_of is None


def test_compton_officer_about_councillor_gives_each_step_with_consultations() -> None:
    answer = council("compton-parish").route(raised_by="officer", about="councillor")
    steps = {s.id: s for s in answer.steps}
    assert list(steps) == ["informal", "grievance", "monitoring-officer", "course-of-action"]
    assert steps["informal"].step.optional
    assert [h.role for h in steps["informal"].handlers] == ["senior_manager", "councillor", "mediator"]
    assert [h.role for h in steps["grievance"].handlers] == ["personnel_committee"]  # the variant's procedure handler
    decide = steps["course-of-action"]
    assert [c.role for c in decide.consult] == ["chair", "vice_chair"]
    assert [n.role for n in decide.notify] == ["leader", "group_leader"]
    assert decide.cite == ("4.1",)
    assert {o.id: o.next for o in steps["grievance"].outcomes} == {
        "upheld": "course-of-action", "referred": "monitoring-officer", "not_upheld": None}


def test_a_party_holding_a_consulted_role_is_not_consulted() -> None:
    answer = council("compton-parish").route(raised_by="clerk", about="chair")
    decide = answer.step("course-of-action")
    chair = next(c for c in decide.consult if c.role == "chair")
    assert "is the subject of the concern: not consulted" in chair.note
    # and the Clerk, who raised it, does not decide it
    assert [h.role for h in decide.handlers] == ["personnel_committee_chair"]
    assert "the person raising the concern" in decide.handlers[0].why


def test_langport_has_no_substitution_so_the_town_variants_fallback_applies() -> None:
    answer = council("langport-town").route(raised_by="councillor", about="clerk")
    handler = answer.steps[0].handlers[0]
    assert handler.role == "personnel_committee_chair" and handler.instead_of == "clerk"
    assert handler.source == "variant"
    assert "the town variant's fallback for the Town Clerk is the Chair of the Personnel Committee" in handler.why


def test_the_community_council_has_no_routes_and_names_its_adviser() -> None:
    answer = council("community-council").route(raised_by="councillor", about="councillor")
    assert not answer.found
    assert answer.adviser == ("clerk",) and answer.adviser_titles == ("Community Clerk",)
    assert "states no route" in answer.message
    assert "Ask the Community Clerk (the protocol names no adviser: the community variant's default)" in answer.message
    # a case would go to the adviser: one step, handled by the Clerk
    assert [s.id for s in answer.steps] == ["adviser"]
    assert [h.role for h in answer.steps[0].handlers] == ["clerk"]


def test_no_route_about_the_adviser_names_the_fallback() -> None:
    answer = council("community-council").route(raised_by="councillor", about="clerk")
    assert "so ask the Chair of the Council instead" in answer.message
    assert [h.role for h in answer.steps[0].handlers] == ["chair"]


def test_a_matter_selects_the_town_2016_arbitration_route() -> None:
    c = council("town-2016")
    answer = c.route(raised_by="councillor", matter="interpretation")
    assert answer.route is not None and answer.route.id == "arbitration"
    arbitrate = answer.steps[0]
    assert [h.role for h in arbitrate.handlers] == ["clerk"]
    assert [x.role for x in arbitrate.consult] == ["monitoring_officer"]
    assert arbitrate.due_days == 10 and arbitrate.cite == ("12.1",)
    # the route lists a matter, so without it the route does not apply
    assert not c.route(raised_by="councillor").found
    assert not c.route(raised_by="councillor", about="clerk").found
    # whoever it is about, the matter decides; when the Town Clerk is the subject, he does not arbitrate
    about_clerk = c.route(raised_by="councillor", about="clerk", matter="interpretation")
    assert about_clerk.route is not None and about_clerk.steps[0].handlers[0].role == "personnel_committee_chair"


def test_a_misspelt_matter_is_pointed_out() -> None:
    answer = council("town-2016").route(raised_by="councillor", matter="interpretaton")
    assert not answer.found
    assert "did you mean 'interpretation'?" in answer.message


def test_principal_member_about_officer_goes_to_head_of_service_then_director() -> None:
    c = council("principal-council")
    answer = c.route(raised_by="councillor", about="officer")
    assert answer.route is not None and answer.route.id == "member-complaint-about-officer"
    assert [h.role for h in answer.steps[0].handlers] == ["head_of_service"]
    assert [h.role for h in answer.steps[1].handlers] == ["director", "chief_executive"]
    assert {o.id: o.next for o in answer.steps[0].outcomes}["escalated"] == "director"
    # about a head of service: their Director instead
    about_hos = c.route(raised_by="councillor", about="head_of_service")
    assert about_hos.steps[0].handlers[0].role == "director"
    # about a member: the Monitoring Officer
    about_member = c.route(raised_by="councillor", about="councillor")
    assert about_member.route is not None and about_member.route.id == "complaint-about-member"
    assert about_member.steps[0].handlers[0].role == "monitoring_officer"


def test_unknown_roles_are_named_with_suggestions() -> None:
    with pytest.raises(UnknownNameError, match=r"unknown raised_by role 'officr' \(did you mean 'officer'\?\)"):
        council("compton-parish").route(raised_by="officr", about="councillor")
    with pytest.raises(UnknownNameError, match="unknown about role 'clerc'"):
        council("compton-parish").route(raised_by="councillor", about="clerc")


@pytest.mark.parametrize("cid", sorted(COUNCILS))
def test_no_role_level_handler_is_a_party_in_any_council(cid: str) -> None:
    """For every council, every route and every pair of roles: no single-holder handler is a party."""
    c = council(cid)
    roles = list(c.roles)
    for raised_by in roles:
        for about in [None, *roles]:
            answer = resolve_route(c, raised_by, about)
            for step in answer.steps:
                for h in step.handlers:
                    if getattr(c.roles[h.role], "single", False):
                        assert not (about and c.roles.is_a(about, h.role)), (cid, raised_by, about, step.id, h)
                        assert not c.roles.is_a(raised_by, h.role), (cid, raised_by, about, step.id, h)


# --- choosing among several routes ------------------------------------------

TWO_ROUTES = textwrap.dedent('''\
    schema = 1
    id = "ashby-parish"
    name = "Ashby Parish Council"
    tier = "parish"
    nation = "england"
    variant = "parish"

    [protocol]
    title = "Protocol"

    [titles]
    clerk = "Parish Clerk"

    [[clause]]
    id = "1"
    text = "Concerns about staff go to the Clerk."

    [[clause]]
    id = "2"
    text = "Concerns about the Clerk go to the Chairman of the Personnel Committee."

    [[route]]
    id = "about-staff"
    raised_by = ["councillor"]
    about = ["employee"]
    cite = ["1"]

      [[route.step]]
      id = "clerk"
      handler = ["clerk"]

    [[route]]
    id = "about-the-clerk"
    raised_by = ["councillor"]
    about = ["clerk"]
    cite = ["2"]

      [[route.step]]
      id = "chair"
      handler = ["personnel_committee_chair"]
    ''')


def ashby() -> councilkit.Council:
    c, problems = read_council_text(TWO_ROUTES, "ashby-parish.toml")
    assert c is not None, [str(p) for p in problems]
    return c


def test_the_most_specific_route_wins_and_the_others_are_listed() -> None:
    c = ashby()
    answer = c.route(raised_by="chair", about="clerk")
    assert answer.route is not None and answer.route.id == "about-the-clerk"
    assert answer.also == ("about-staff",)
    assert "Other routes also apply: about-staff" in answer.message
    staff = c.route(raised_by="councillor", about="junior_officer")
    assert staff.route is not None and staff.route.id == "about-staff" and staff.also == ()


def test_equally_specific_routes_resolve_in_file_order() -> None:
    text = TWO_ROUTES.replace('about = ["clerk"]', 'about = ["employee"]')
    c, _ = read_council_text(text, "ashby-parish.toml")
    assert c is not None
    for _ in range(3):
        answer = c.route(raised_by="councillor", about="clerk")
        assert answer.route is not None and answer.route.id == "about-staff"


def test_role_distance_counts_is_a_steps() -> None:
    roles = council("compton-parish").roles
    assert role_distance(roles, "clerk", "clerk") == 0
    assert role_distance(roles, "clerk", "officer") == 1
    assert role_distance(roles, "clerk", "employee") == 2
    assert role_distance(roles, "clerk", "councillor") is None


# --- moving along a route ---------------------------------------------------


def test_only_optional_steps_may_be_skipped() -> None:
    route = next(r for r in council("compton-parish").routes if r.id == "officer-concern-about-councillor")
    assert reachable(route, None) == ("informal", "grievance")  # informal is optional
    assert skipped_mandatory(route, None, "grievance") is None
    skipped = skipped_mandatory(route, None, "monitoring-officer")
    assert skipped is not None and skipped.id == "grievance"
    assert set(reachable(route, "grievance")) == {"course-of-action", "monitoring-officer"}


def test_default_outcomes_escalate_to_the_next_step_except_on_the_last() -> None:
    route = next(r for r in council("compton-parish").routes if r.id == "councillor-concern-about-officer")
    formal = route.step("formal")
    assert [(o.id, o.next) for o in effective_outcomes(route, formal)] == [("resolved", None)]
    two = attrs.evolve(route, steps=(attrs.evolve(route.steps[0], outcomes=()), formal))
    assert [(o.id, o.next) for o in effective_outcomes(two, two.steps[0])] == [
        ("resolved", None), ("escalated", "formal")]


# --- handlers by person -----------------------------------------------------


@attrs.frozen
class Holding:
    person_id: int
    person_name: str
    role: str


def holders_from(table: dict[str, list[tuple[int, str]]], roles):  # type: ignore[no-untyped-def]
    def holders(role: str, on: dt.date) -> list[Holding]:
        out = []
        for r in sorted(roles.descendants(role)):
            out += [Holding(pid, name, r) for pid, name in table.get(r, [])]
        return out

    return holders


def test_a_person_who_is_the_subject_is_never_their_own_handler() -> None:
    c = council("compton-parish")
    step = c.routes[1].steps[0]  # raise with the Parish Clerk
    holders = holders_from({"clerk": [(1, "Ann")], "personnel_committee_chair": [(2, "Pat")]}, c.roles)
    a = assign_handler(c, step, holders, dt.date(2026, 11, 23), {1: "subject", 9: "complainant"})
    assert (a.person_id, a.role, a.instead_of, a.source) == (2, "personnel_committee_chair", "clerk", "step")
    assert a.why.startswith("Ann, the Parish Clerk, is the subject of the concern")
    ordinary = assign_handler(c, step, holders, dt.date(2026, 11, 23), {5: "subject", 9: "complainant"})
    assert (ordinary.person_id, ordinary.role, ordinary.why) == (1, "clerk", "")


def test_a_blocked_step_says_whom_the_council_must_appoint() -> None:
    c = council("langport-town")
    step = c.routes[1].steps[0]
    holders = holders_from({"clerk": [(1, "Helen")], "chair": [(2, "Martin")]}, c.roles)
    a = assign_handler(c, step, holders, dt.date(2026, 11, 23), {1: "subject", 2: "complainant"})
    assert a.person_id is None and a.appoint == "personnel_committee_chair"
    assert "Helen, the Town Clerk, is the subject of the concern" in (a.blocked or "")
    assert "The council must appoint a Chair of the Personnel Committee" in (a.blocked or "")


def test_a_vacant_post_falls_back_with_the_reason() -> None:
    c = council("langport-town")
    step = c.routes[1].steps[0]
    holders = holders_from({"chair": [(2, "Martin")]}, c.roles)
    a = assign_handler(c, step, holders, dt.date(2026, 11, 23), {7: "complainant"})
    assert a.person_id == 2 and a.role == "chair"
    assert "nobody holds the Town Clerk on 2026-11-23" in a.why


def test_another_councillor_conciliates_when_the_subject_is_a_councillor() -> None:
    c = council("compton-parish")
    informal = c.routes[0].steps[0]
    holders = holders_from({"councillor": [(3, "Dennis"), (4, "Fiona")]}, c.roles)
    a = assign_handler(c, informal, holders, dt.date(2026, 11, 23), {3: "subject", 8: "complainant"})
    assert a.person_id == 4 and a.role == "councillor"
    assert [e.person_id for e in a.eligible] == [4]


people_ids = st.integers(min_value=1, max_value=6)


@settings(max_examples=150, deadline=None)
@given(
    cid=st.sampled_from(sorted(COUNCILS)),
    data=st.data(),
    complainant=people_ids,
    subject=people_ids,
)
def test_the_invariant_holds_for_any_appointments(cid: str, data: st.DataObject, complainant: int,
                                                 subject: int) -> None:
    """Whatever roles six people hold, no step of any route is handled by the complainant or the subject."""
    c = council(cid)
    if subject == complainant:
        subject = complainant % 6 + 1
    role_ids = sorted(c.roles)
    table: dict[str, list[tuple[int, str]]] = {}
    for pid in range(1, 7):
        for role in data.draw(st.lists(st.sampled_from(role_ids), max_size=3, unique=True)):
            table.setdefault(role, []).append((pid, f"P{pid}"))
    holders = holders_from(table, c.roles)
    parties = {complainant: "complainant", subject: "subject"}
    for route in c.routes:
        for step in route.steps:
            a = assign_handler(c, step, holders, dt.date(2026, 11, 23), parties)
            if a.blocked:
                assert a.person_id is None and a.appoint
            else:
                assert a.person_id not in parties
                assert all(isinstance(e, Candidate) and e.person_id not in parties for e in a.eligible)
