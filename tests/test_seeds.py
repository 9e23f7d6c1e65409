"""The five seed protocols are carried in full, clause by clause, and every norm cites real text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import councilkit
from councilkit.model import derived_parent

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "seeds"
COUNCILS = ROOT / "councils"

LETTERS = "abcdefghijklmn"


def items(parent: str, n: int, style: str) -> list[str]:
    if style == "letters":
        return [f"{parent}({c})" for c in LETTERS[:n]]
    return [f"{parent}.b{i}" for i in range(1, n + 1)]


# The clause ids, written down by reading each document.
EXPECTED_IDS = {
    "compton-parish": [
        "1", "1.1", "1.2",
        "2", "2.1", "2.2", "2.3", "2.4",
        "3", "3.1", *items("3.1", 14, "letters"), "3.2", *items("3.2", 7, "letters"),
        "3.3", *items("3.3", 3, "letters"),
        "4", "4.1", "4.2",
    ],
    "town-2016": [
        "1", "1.1", "1.2", "2", "2.1", "2.2", "2.3", "3", "3.1",
        "4", "4.1", "4.2", "4.2(a)", "4.2(b)", "5", "5.1", "5.2", "6",
        "7", "7.1", "7.2", "7.3", "8", "9", "9.2", "9.3",
        "10", "10.1", "10.2", "10.3", "10.4", "10.5", "10.6", "11", "11.1", "12", "12.1",
    ],
    "langport-town": [
        "introduction", "introduction.p1", "introduction.p2", "introduction.p3",
        "1", *[f"1.{i}" for i in range(1, 9)],
        "2", "2.1", *items("2.1", 4, "bullets"), *[f"2.{i}" for i in range(2, 10)],
        "3", *[f"3.{i}" for i in range(1, 7)],
        "4", "4.p1", *items("4.p1", 13, "bullets"), "4.p2", *items("4.p2", 6, "bullets"),
        "4.p3", *items("4.p3", 8, "bullets"), "4.p4", *items("4.p4", 5, "bullets"),
        "background-papers",
    ],
    "principal-council": [
        "preamble",
        "role-of-members", "role-of-members.p1",
        "role-of-officers-staff", *[f"role-of-officers-staff.p{i}" for i in range(1, 5)],
        "member-decision-making", *[f"member-decision-making.p{i}" for i in range(1, 6)],
        "provision-of-information", "provision-of-information.p1", "provision-of-information.p2",
        "officers-member-of-staffs-advice", "officers-member-of-staffs-advice.p1",
        "officers-member-of-staffs-advice.p2",
        "group-briefings", *[f"group-briefings.p{i}" for i in range(1, 7)],
        "group-briefings.p6(a)", "group-briefings.p6(b)", "group-briefings.p7",
        "complaints-and-criticism", *[f"complaints-and-criticism.p{i}" for i in range(1, 5)],
        "cabinet-and-overview-and-scrutiny-function", "cabinet-and-overview-and-scrutiny-function.p1",
        "advice-and-guidance", "advice-and-guidance.p1",
        "personal-family-financial-relationships", "personal-family-financial-relationships.p1",
        "personal-family-financial-relationships.p2",
    ],
    "community-council": [
        "preamble", "preamble.b1", "preamble.b2",
        "1", "1.1", "1.2", "1.3",
        "2", "2.1", "2.2", "2.2.2", *items("2.2.2", 4, "bullets"), "2.2.3", "2.2.4", "2.3", "2.4",
        "3", "3.1", *items("3.1", 12, "bullets"), "3.2", *items("3.2", 7, "bullets"),
        "3.3", *items("3.3", 2, "bullets"),
    ],
}

SOURCES = {
    "compton-parish": "000_fd4cc4c86449ee12.txt",
    "town-2016": "001_512089cfc3757461.txt",
    "langport-town": "002_df5aeb8a5e66799e.txt",
    "principal-council": "003_903451b8d693407b.txt",
    "community-council": "004_9149e2de212b87a4.txt",
}

#: lines repeated on the printed pages that are not part of any clause
FURNITURE = {"town-2016": ["Reviewed and revised February 2016"]}


def flat(text: str) -> str:
    """Whitespace-normalised text with the seeds' markdown emphasis removed."""
    text = text.replace("**", "")
    text = re.sub(r"</?sup>", "", text)
    return " ".join(text.split())


def seed_text(council_id: str) -> str:
    lines = (SEEDS / SOURCES[council_id]).read_text("utf-8").splitlines()
    furniture = FURNITURE.get(council_id, [])
    return flat("\n".join(line for line in lines if line.strip() not in furniture))


def test_all_five_seeds_are_carried(councils: dict[str, councilkit.Council]) -> None:
    assert sorted(councils) == sorted(EXPECTED_IDS)
    for cid, council in councils.items():
        assert council.protocol.source == SOURCES[cid]


@pytest.mark.parametrize("council_id", sorted(EXPECTED_IDS))
def test_clause_ids_match_the_document(councils: dict[str, councilkit.Council], council_id: str) -> None:
    assert [c.id for c in councils[council_id].protocol.clauses] == EXPECTED_IDS[council_id]


@pytest.mark.parametrize("council_id", sorted(EXPECTED_IDS))
def test_every_clause_text_and_heading_is_verbatim(councils: dict[str, councilkit.Council], council_id: str) -> None:
    source = seed_text(council_id)
    for clause in councils[council_id].protocol.clauses:
        for part in (clause.heading, clause.text):
            if part:
                for paragraph in part.split("\n"):
                    assert flat(paragraph) in source, (clause.id, paragraph[:60])


WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@pytest.mark.parametrize("council_id", sorted(EXPECTED_IDS))
def test_the_whole_document_is_transcribed(councils: dict[str, councilkit.Council], council_id: str) -> None:
    """From the first clause on, the source's words are exactly the clauses' words, in order.

    Numbers and punctuation are ignored, so clause numbering and bullets drop
    out on both sides; nothing may be missing, added or moved.
    """
    council = councils[council_id]
    carried: list[str] = []
    for _, clause in council.protocol.walk():
        for part in (clause.label or "", clause.heading or "", clause.text):
            carried += WORD.findall(part)
    source = WORD.findall(seed_text(council_id))
    start = next(i for i in range(len(source)) if source[i : i + 8] == carried[:8])
    assert source[start:] == carried


def test_page_furniture_is_dropped(councils: dict[str, councilkit.Council]) -> None:
    for cid, lines in FURNITURE.items():
        for clause in councils[cid].protocol.clauses:
            for line in lines:
                assert line not in clause.text, clause.id


def test_clause_tree_follows_numbering(councils: dict[str, councilkit.Council]) -> None:
    compton = councils["compton-parish"].protocol
    assert compton.clause("3.1(e)").parent == "3.1"
    assert compton.clause("4.2").parent == "4"
    assert [c.id for c in compton.roots()] == ["1", "2", "3", "4"]
    assert compton.clause("3.1(l)").label == "I)"  # printed with a capital I
    principal = councils["principal-council"].protocol
    assert principal.clause("group-briefings.p6(a)").parent == "group-briefings.p6"
    assert principal.clause("member-decision-making.p3").parent == "member-decision-making"
    assert derived_parent("2.2.2.b1") == "2.2.2"
    community = councils["community-council"].protocol
    assert community.clause("2.2.2").parent == "2.2"  # the document has no 2.2.1


def test_headings_are_kept(councils: dict[str, councilkit.Council]) -> None:
    assert councils["compton-parish"].clause("4.2").heading == "Procedure for Councillors"
    assert councils["compton-parish"].clause("1").heading == "SCOPE AND PURPOSE"
    assert councils["community-council"].clause("2.3").heading == "Chair and Vice-Chair of Committees"
    assert councils["principal-council"].clause("group-briefings").heading == "Group Briefings"


def test_adoption_metadata(councils: dict[str, councilkit.Council]) -> None:
    p = councils["compton-parish"].protocol
    assert (p.version, str(p.adopted), p.adopted_by, p.minute, p.review_months) == (
        "1.0", "2020-06-15", "Personnel Committee", "PER20/21-008(c)", 12)
    assert councils["town-2016"].protocol.revised == "February 2016"


def test_every_norm_cites_an_existing_clause(councils: dict[str, councilkit.Council]) -> None:
    for council in councils.values():
        for ref in council.norms():
            for clause_id in getattr(ref.norm, "cite", ()):
                assert clause_id in council.protocol, (council.id, ref.id, clause_id)
            if ref.kind in {"expectation", "rule", "route", "register"}:
                assert ref.norm.cite, (council.id, ref.id)


def test_every_expectation_item_is_a_norm(councils: dict[str, councilkit.Council]) -> None:
    """Each list item under an expectations clause is carried as an expectation, in both directions."""
    lists = {
        "compton-parish": ["3.1", "3.2"],
        "langport-town": ["4.p1", "4.p2", "4.p3", "4.p4"],
        "community-council": ["3.1", "3.2"],
    }
    for cid, parents in lists.items():
        council = councils[cid]
        cited = {c for e in council.expectations for c in e.cite}
        for parent in parents:
            for child in council.protocol.children(parent):
                assert child.id in cited, (cid, child.id)
        kinds = {(council.roles[e.owed_by].kind, council.roles[e.owed_to].kind) for e in council.expectations}
        assert {("officer", "member"), ("member", "officer")} <= kinds, cid


def test_the_councils_own_titles(councils: dict[str, councilkit.Council]) -> None:
    assert councils["compton-parish"].title("clerk") == "Parish Clerk"
    assert councils["compton-parish"].title("personnel_committee_chair") == "Chairman of the Personnel Committee"
    assert councils["langport-town"].title("clerk") == "Town Clerk"
    assert councils["community-council"].title("clerk") == "Community Clerk"
    assert councils["principal-council"].title("chief_executive") == "Chief Executive"


REQUIRED_ROLES = {
    "councillor", "chair", "vice_chair", "committee_chair", "leader", "group_leader", "officer", "employee",
    "junior_officer", "council", "committee", "political_group",
}


def test_role_ids_other_files_rely_on(councils: dict[str, councilkit.Council]) -> None:
    for council in councils.values():
        assert set(council.roles) >= REQUIRED_ROLES, council.id
        assert council.roles["councillor"].kind == "member"
        assert council.roles.is_a("chair", "councillor")
        assert council.roles.is_a("junior_officer", "officer")
    for cid in ("compton-parish", "town-2016", "langport-town", "community-council"):
        assert councils[cid].roles.is_a("clerk", "officer")
    for cid in ("town-2016", "langport-town"):
        assert councils[cid].roles.is_a("clerk", "head_of_paid_service")
        assert "rfo" in councils[cid].roles
    compton = councils["compton-parish"]
    assert {"rfo", "personnel_committee_chair", "monitoring_officer"} <= set(compton.roles)
    principal = councils["principal-council"]
    assert {"cabinet_member", "head_of_paid_service", "monitoring_officer", "chief_executive", "director",
            "head_of_service"} <= set(principal.roles)
    assert principal.roles.is_a("chief_executive", "head_of_paid_service")


def test_routes_the_texts_state(councils: dict[str, councilkit.Council]) -> None:
    compton = councils["compton-parish"]
    concern = next(r for r in compton.routes if r.id == "councillor-concern-about-officer")
    assert concern.steps[0].handler == ("clerk",)
    assert concern.steps[0].substitute == {"clerk": "personnel_committee_chair"}
    officers = next(r for r in compton.routes if r.id == "officer-concern-about-councillor")
    decide = officers.step("course-of-action")
    assert set(decide.consult) == {"chair", "vice_chair"} and set(decide.notify) == {"leader", "group_leader"}
    assert officers.step("grievance").handler == ("personnel_committee",)  # from the parish variant
    assert councils["community-council"].routes == ()  # its text ends before any complaints section


def test_register_kinds_the_texts_imply(councils: dict[str, councilkit.Council]) -> None:
    kinds = {cid: {u.kind for u in c.registers} for cid, c in councils.items()}
    assert kinds["principal-council"] == {"relationships", "information_requests", "briefings", "gifts_hospitality"}
    assert kinds["town-2016"] == {"briefings", "information_given", "external_meetings", "media_assistance",
                                  "delegated_decisions", "training", "gifts_hospitality"}
    assert kinds["langport-town"] == {"officer_interests", "training", "document_inspections", "gifts_hospitality"}
    assert kinds["compton-parish"] == {"training", "gifts_hospitality"}
    assert kinds["community-council"] == {"training", "gifts_hospitality"}


def test_validate_warns_where_no_concern_route_is_stated(councils: dict[str, councilkit.Council]) -> None:
    for cid in ("community-council", "town-2016"):
        messages = [p.message for p in councils[cid].warnings]
        assert any("raised by an officer" in m for m in messages), cid
        assert any("raised by a councillor" in m for m in messages), cid
    assert not [p for p in councils["compton-parish"].warnings if "no route" in p.message]
