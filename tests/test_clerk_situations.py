"""The clerk's situations from issue 3, each end to end: the route, the first handler, the consultations,
and the substitution when the subject is the Clerk; then the case with real people in a real store."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import councilkit
from councilkit import people as P
from councilkit.cases import CaseBook, RefusedError
from councilkit.store import open_store

APPOINTED = dt.date(2025, 5, 12)


def cast(tmp_path: Path, council: councilkit.Council, roles: dict[str, tuple[str, ...]]):  # type: ignore[no-untyped-def]
    store = open_store(tmp_path / f"{council.id}.db")
    people = {}
    for name, held in roles.items():
        people[name] = P.add_person(store, name)
        for role in held:
            P.appoint(store, people[name], council, role, APPOINTED)
    return store, CaseBook(store, councils={council.id: council}), people


# --- Compton: an officer and a councillor ---------------------------------------


def test_compton_an_officer_bullied_by_a_councillor(tmp_path: Path) -> None:
    compton = councilkit.load_council("compton-parish")
    answer = compton.route(raised_by="officer", about="councillor")
    informal, grievance, monitoring, decide = answer.steps
    # informal conciliation or mediation first, which the officer may skip
    assert informal.step.optional and informal.step.procedure == ("conciliation", "mediation")
    assert informal.step.mode == "informal"
    # next the Grievance Procedure, then the Monitoring Officer
    assert grievance.step.procedure == ("grievance",)
    assert {o.id: o.next for o in grievance.outcomes}["referred"] == "monitoring-officer"
    assert [h.role for h in monitoring.handlers] == ["monitoring_officer"]
    # if upheld, the Parish Clerk decides, after advising the Leader and the group leader and consulting the
    # Chairman and Vice Chairman
    assert {o.id: o.next for o in grievance.outcomes}["upheld"] == "course-of-action"
    assert [(h.role, h.title) for h in decide.handlers] == [("clerk", "Parish Clerk")]
    assert [c.title for c in decide.consult] == ["Chairman of the Council", "Vice Chairman of the Council"]
    assert [n.title for n in decide.notify] == ["Leader of the Council", "Group Leader"]
    assert decide.cite == ("4.1",)

    store, book, p = cast(tmp_path, compton, {
        "Olive Officer": ("officer",), "Colin Cllr": ("councillor",), "Sam Senior": ("senior_manager",),
        "Pat Chair": ("personnel_committee_chair", "personnel_committee"), "Ann Clerk": ("clerk",),
        "Cher Man": ("chair",), "Vic Vice": ("vice_chair",), "Lee Leader": ("leader",),
        "Gail Group": ("group_leader",),
    })
    case = book.open(compton, p["Olive Officer"], complainant=p["Olive Officer"], subject=p["Colin Cllr"],
                     description="Cllr Cole has been bullying me").case
    assert case.current is not None and case.current.handler == "Sam Senior"  # conciliation by a senior manager
    case = book.record_outcome(case, p["Sam Senior"], "not_resolved").case
    assert case.current is not None and case.current.step_id == "grievance"
    assert case.current.handler == "Pat Chair"  # for the Personnel Committee, the parish variant's grievance handler
    assert case.current.deadline is not None and case.current.deadline.days == 5  # ACAS: within 5 working days
    case = book.record_outcome(case, p["Pat Chair"], "upheld", why="The panel upheld the grievance").case
    assert case.current is not None and case.current.handler == "Ann Clerk"
    with pytest.raises(RefusedError, match="after consulting the Chairman of the Council"):
        book.record_outcome(case, p["Ann Clerk"], "decided")
    case = book.consult(case, p["Ann Clerk"], "chair").case
    case = book.consult(case, p["Ann Clerk"], "vice_chair").case
    case = book.record_outcome(case, p["Ann Clerk"], "decided", why="Written apology and training").case
    with pytest.raises(RefusedError, match=r"notify the Leader of the Council .* notify the Group Leader"):
        book.close(case, p["Ann Clerk"])
    case = book.notify(case, p["Ann Clerk"], "leader").case
    case = book.notify(case, p["Ann Clerk"], "group_leader").case
    case = book.close(case, p["Ann Clerk"]).case
    assert case.status == "closed"
    assert store.verify_chains()[1] == []


# --- Compton: a councillor and the Clerk ------------------------------------------


def test_compton_a_councillor_dissatisfied_with_the_clerk(tmp_path: Path) -> None:
    compton = councilkit.load_council("compton-parish")
    answer = compton.route(raised_by="councillor", about="clerk")
    raise_step, formal = answer.steps
    # to the Chairman of the Personnel Committee, not to the Clerk
    assert [h.role for h in raise_step.handlers] == ["personnel_committee_chair"]
    assert raise_step.handlers[0].instead_of == "clerk" and raise_step.handlers[0].cite == ("4.2",)
    assert {o.id: o.next for o in raise_step.outcomes} == {"resolved": None, "not_resolved": "formal"}
    # if not resolved informally: a capability or disciplinary matter, still not handled by the Clerk
    assert formal.step.procedure == ("capability", "disciplinary")
    assert [h.role for h in formal.handlers] == ["personnel_committee_chair"]

    _, book, p = cast(tmp_path, compton, {
        "Colin Cllr": ("councillor",), "Ann Clerk": ("clerk",), "Pat Chair": ("personnel_committee_chair",),
    })
    case = book.open(compton, p["Colin Cllr"], complainant=p["Colin Cllr"], subject=p["Ann Clerk"]).case
    assert case.about == "clerk"
    assert case.current is not None and case.current.handler == "Pat Chair"
    assert "Ann Clerk, the Parish Clerk, is the subject of the concern" in case.current.why
    case = book.record_outcome(case, p["Pat Chair"], "not_resolved", why="Cannot be resolved informally").case
    assert case.current is not None and case.current.step_id == "formal" and case.current.handler == "Pat Chair"
    assert p["Ann Clerk"].id not in case.handler_ids


# --- the principal council ----------------------------------------------------------


def test_principal_a_member_complains_about_an_officer(tmp_path: Path) -> None:
    principal = councilkit.load_council("principal-council")
    answer = principal.route(raised_by="councillor", about="officer")
    head, director = answer.steps
    assert [h.role for h in head.handlers] == ["head_of_service"]
    assert [h.title for h in director.handlers] == ["Director", "Chief Executive"]
    assert head.cite == ("complaints-and-criticism.p2",)

    _, book, p = cast(tmp_path, principal, {
        "Bernard Hale": ("councillor",), "Ella Ward": ("officer",), "Laura Chen": ("head_of_service",),
        "Claire Dunn": ("director",), "Jonathan Reeves": ("chief_executive",), "Priya Shah": ("monitoring_officer",),
    })
    case = book.open(principal, p["Bernard Hale"], complainant=p["Bernard Hale"], subject=p["Ella Ward"]).case
    assert case.current is not None and case.current.handler == "Laura Chen"
    case = book.record_outcome(case, p["Laura Chen"], "escalated", why="Taken to the Director").case
    assert case.current is not None and case.current.handler == "Claire Dunn"
    # a complaint about the head of service goes to her Director from the start
    other = book.open(principal, p["Bernard Hale"], complainant=p["Bernard Hale"], subject=p["Laura Chen"]).case
    assert other.current is not None and other.current.handler == "Claire Dunn"


def test_principal_complaints_about_members_go_to_the_monitoring_officer(tmp_path: Path) -> None:
    principal = councilkit.load_council("principal-council")
    for raised_by in ("councillor", "officer"):
        answer = principal.route(raised_by=raised_by, about="councillor")
        assert answer.route is not None and answer.route.id == "complaint-about-member"
        assert [h.role for h in answer.steps[0].handlers] == ["monitoring_officer"]
    _, book, p = cast(tmp_path, principal, {
        "Ella Ward": ("officer",), "Joan Tate": ("councillor",), "Priya Shah": ("monitoring_officer",),
    })
    case = book.open(principal, p["Ella Ward"], complainant=p["Ella Ward"], subject=p["Joan Tate"]).case
    assert case.current is not None and case.current.handler == "Priya Shah"
    assert case.current.deadline is not None and case.current.deadline.days == 20


def test_principal_a_refused_information_request_needs_written_reasons_copied_to_the_monitoring_officer() -> None:
    principal = councilkit.load_council("principal-council")
    rule = next(r for r in principal.rules if r.action == "refuse_information_request")
    assert rule.cite == ("provision-of-information.p2",)
    assert [(o.id, o.role) for o in rule.obligations] == [
        ("written-reasons", None), ("copy-to-monitoring-officer", "monitoring_officer")]
    decision = principal.check(actor="officer", action="refuse_information_request", target="councillor")
    assert {o.id for o in decision.obligations} == {"written-reasons", "copy-to-monitoring-officer"}
    # it is an obligation, not an escalation route: asked as a route, the answer names the Monitoring Officer
    answer = principal.route(raised_by="councillor", matter="information_request")
    assert not answer.found and "Ask the Monitoring Officer or the Chief Executive" in answer.message
