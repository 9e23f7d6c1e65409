"""Importing each seed text reproduces the curated council's clauses, exactly, with no page furniture.

The curated files in councils/ were transcribed by hand from tests/seeds/.  The
importer must arrive at the same clause ids in the same order, the same labels,
headings, parents and texts, for every clause, from the text alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import councilkit
from councilkit.councilfile import read_council_text
from councilkit.importer import ImportResult, import_file
from councilkit.importer.library import Library
from councilkit.plugins import default_registry


def registry_roles(variant: str) -> list[str]:
    return list(default_registry().roles_for(variant))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "tests" / "seeds"
COUNCILS = ROOT / "councils"

#: council id -> (seed file, variant)
SEED_COUNCILS = {
    "compton-parish": ("000_fd4cc4c86449ee12.txt", "parish"),
    "town-2016": ("001_512089cfc3757461.txt", "town"),
    "langport-town": ("002_df5aeb8a5e66799e.txt", "town"),
    "principal-council": ("003_903451b8d693407b.txt", "principal"),
    "community-council": ("004_9149e2de212b87a4.txt", "community"),
}

#: lines the printed pages repeat that are part of no clause
FURNITURE = {"town-2016": ["Reviewed and revised February 2016"]}
PAGE_NUMBER = re.compile(r"(?m)^\s*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)


@pytest.fixture(scope="module")
def curated() -> dict[str, councilkit.Council]:
    return {c.id: c for c in councilkit.load_councils(COUNCILS)}


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.bundled()


@pytest.fixture(scope="module")
def imported(curated: dict[str, councilkit.Council], library: Library) -> dict[str, ImportResult]:
    """Each seed imported as a council councilkit has never seen: its own curated file is left out
    of the library of known clauses (leave-one-council-out)."""
    return {
        cid: import_file(SEEDS / seed, council_id=cid, name=curated[cid].name, variant=variant,
                         nation=curated[cid].nation, library=library.without(cid))
        for cid, (seed, variant) in SEED_COUNCILS.items()
    }


def test_every_curated_council_has_a_seed(curated: dict[str, councilkit.Council]) -> None:
    assert sorted(curated) == sorted(SEED_COUNCILS)
    for cid, (seed, _) in SEED_COUNCILS.items():
        assert curated[cid].protocol.source == seed


@pytest.mark.parametrize("council_id", sorted(SEED_COUNCILS))
def test_needs_a_person_counts_every_item_it_lists(imported: dict[str, ImportResult], council_id: str) -> None:
    """The number in "Needs a person (N)" is the number of items listed under it: each item is a line
    indented two spaces that starts with its topic ("numbering", "norms", "validate"); lines indented
    further are the details of the item above them."""
    text = imported[council_id].report.text()
    _, _, below = text.partition("\nNeeds a person")
    assert below, text
    first, *listed = below.splitlines()
    items = [line for line in listed if re.match(r"  [a-z]", line)]
    assert items, text
    assert first == f" ({len(items)})", text


@pytest.mark.parametrize("council_id", sorted(SEED_COUNCILS))
def test_clause_ids_in_document_order(
    curated: dict[str, councilkit.Council], imported: dict[str, ImportResult], council_id: str
) -> None:
    got = [c.id for c in imported[council_id].council.protocol.clauses]
    want = [c.id for c in curated[council_id].protocol.clauses]
    assert got == want


@pytest.mark.parametrize("council_id", sorted(SEED_COUNCILS))
def test_every_heading_text_label_and_parent(
    curated: dict[str, councilkit.Council], imported: dict[str, ImportResult], council_id: str
) -> None:
    want = {c.id: c for c in curated[council_id].protocol.clauses}
    got = imported[council_id].council.protocol.clauses
    assert len(got) == len(want)
    for clause in got:
        expected = want[clause.id]
        assert clause.heading == expected.heading, clause.id
        assert clause.text == expected.text, clause.id
        assert clause.parent == expected.parent, clause.id
        assert clause.children == expected.children, clause.id
        if expected.label is None and not clause.id[0].isdigit() and clause.heading:
            # an unnumbered heading: nothing is printed before it.  The curated files leave the
            # label out (so it shows the slug); the importer writes label = "" (see the report)
            assert clause.label == "", clause.id
        else:
            assert clause.display_label == expected.display_label, clause.id


@pytest.mark.parametrize("council_id", sorted(SEED_COUNCILS))
def test_no_page_furniture_in_any_clause(imported: dict[str, ImportResult], council_id: str) -> None:
    result = imported[council_id]
    for clause in result.council.protocol.clauses:
        for part in (clause.heading or "", clause.text):
            for line in FURNITURE.get(council_id, []):
                assert line not in part, clause.id
            assert not PAGE_NUMBER.search(part), clause.id
            assert "**" not in part and "<sup>" not in part, clause.id


def test_the_running_line_is_reported_as_dropped(imported: dict[str, ImportResult]) -> None:
    dropped = imported["town-2016"].report.dropped
    assert [(d.line, d.text) for d in dropped] == [(24, "Reviewed and revised February 2016")]
    # the sentence the running line interrupted is whole again
    assert "members should be careful not to prejudice the Council's position" in \
        imported["town-2016"].council.clause("3.1").text


@pytest.mark.parametrize("council_id", sorted(SEED_COUNCILS))
def test_the_adoption_record_matches(
    curated: dict[str, councilkit.Council], imported: dict[str, ImportResult], council_id: str
) -> None:
    want, got = curated[council_id].protocol, imported[council_id].council.protocol
    for key in ("title", "version", "adopted", "adopted_by", "minute", "review_months", "review_due",
                "revised", "source"):
        assert getattr(got, key) == getattr(want, key), key


def test_a_document_without_a_title_is_reported(imported: dict[str, ImportResult]) -> None:
    needs = imported["community-council"].report.needs
    assert any(f.topic == "title" for f in needs)
    assert not any(f.topic == "title" for cid in ("compton-parish", "town-2016", "langport-town",
                                                  "principal-council") for f in imported[cid].report.needs)


def test_the_councils_titles_for_roles(imported: dict[str, ImportResult]) -> None:
    compton = imported["compton-parish"].council
    assert compton.title("clerk") == "Parish Clerk"
    assert compton.title("personnel_committee_chair") == "Chairman of the Personnel Committee"
    assert imported["langport-town"].council.title("clerk") == "Town Clerk"
    assert imported["community-council"].council.title("clerk") == "Community Clerk"
    assert imported["principal-council"].council.title("chief_executive") == "Chief Executive"
    assert imported["town-2016"].council.title("councillor") == "Member"  # the text says "members"
    monitoring = {r.id: r for r in imported["principal-council"].report.roles}["monitoring_officer"]
    assert set(monitoring.cite) == {"provision-of-information.p2", "complaints-and-criticism.p3",
                                    "advice-and-guidance.p1"}


def test_ambiguous_numbering_is_reported(imported: dict[str, ImportResult]) -> None:
    def messages(cid: str) -> list[str]:
        return [f.message for f in imported[cid].report.needs if f.topic == "numbering"]

    assert any("9.2 follows 9" in m for m in messages("town-2016"))
    assert any("2.2.2 follows 2.2" in m for m in messages("community-council"))
    assert any("I) is read as l)" in m for m in messages("compton-parish"))
    assert any("title is numbered '8.'" in m for m in messages("principal-council"))


def test_run_in_headings_are_flagged_for_a_person(imported: dict[str, ImportResult]) -> None:
    flagged = {f.clause for f in imported["compton-parish"].report.needs if f.topic == "heading"}
    assert {"2.4", "3.3", "4.1", "4.2"} <= flagged


def test_live_norms_say_where_they_came_from_and_the_rest_are_comments(imported: dict[str, ImportResult]) -> None:
    for cid, result in imported.items():
        live = result.report.live
        assert len(result.council.rules) == sum(1 for p in live if p.kind == "rule"), cid
        assert len(result.council.routes) == sum(1 for p in live if p.kind == "route"), cid
        for proposal in live:
            assert proposal.origin.startswith(("read from", "as ")), proposal
            if proposal.origin.startswith("as "):
                # carried over from another council's clause: never from the council's own file
                assert cid not in proposal.origin and "similarity" in proposal.origin
                assert result.council.clause(proposal.clause)
        for proposal in result.report.proposed:
            assert proposal.why, proposal
    compton = imported["compton-parish"]
    routes = {r.clause: r for r in compton.report.routes} | {
        p.clause: p for p in compton.report.norms if p.kind == "route"}
    concern = routes["4.2"]
    table = concern.table if hasattr(concern, "table") else None
    assert table is not None
    assert (table["raised_by"], table.get("about"), table["step"][0]["handler"][0]) == (
        ["councillor"], ["employee"], "clerk")
    assert table["step"][0]["substitute"] == {"clerk": "personnel_committee_chair"}
    town = {(p.clause, p.table.get("effect"), p.table.get("action")) for p in imported["town-2016"].report.norms
            if p.kind == "rule"}
    assert ("5.1", "forbid", "pressure_delegated_decision") in town  # "no member is to pressure ..."


@pytest.mark.parametrize("council_id", sorted(SEED_COUNCILS))
def test_a_known_councils_own_text_brings_back_its_curated_norms(
    curated: dict[str, councilkit.Council], library: Library, council_id: str
) -> None:
    """Re-importing a council councilkit carries, from its own text: every clause matches itself,
    so every curated rule and route comes back live, citing the same clauses."""
    seed, variant = SEED_COUNCILS[council_id]
    want = curated[council_id]
    result = import_file(SEEDS / seed, council_id=council_id, name=want.name, variant=variant,
                         nation=want.nation, library=library)
    # a role the council's own file defines ("mediator", "opposition_group") is one the variant
    # does not carry: a norm naming it comes back with the variant's nearest role instead
    variant_roles = set(registry_roles(variant))

    def rules(council: councilkit.Council) -> set[tuple[object, ...]]:
        return {(r.effect, r.actor, r.action, r.target, r.cite[0]) for r in council.rules
                if {r.actor, r.target} - {None} <= variant_roles}

    def routes(council: councilkit.Council) -> set[tuple[object, ...]]:
        return {(r.raised_by, r.about, tuple(s.handler for s in r.steps)) for r in council.routes
                if set(r.raised_by) | set(r.about) | {h for s in r.steps for h in s.handler} <= variant_roles}

    assert rules(want) and rules(want) <= rules(result.council)
    assert routes(want) <= routes(result.council)


@pytest.mark.parametrize("council_id", sorted(SEED_COUNCILS))
def test_uncommenting_the_proposed_norms_gives_toml_the_loader_reads(
    imported: dict[str, ImportResult], council_id: str
) -> None:
    """Each proposal is real TOML: with the "# " taken off, the file still parses, and every
    proposal with a suggested action and named roles loads as a norm."""
    toml = imported[council_id].toml
    head, _, norms = toml.partition("# --- proposed norms")
    active, in_table = [], False
    for line in norms.splitlines():  # as the file says: uncomment from [[rule]] or [[route]] down
        in_table = (in_table and line != "") or line in ("# [[rule]]", "# [[route]]")
        active.append(line[2:] if in_table else "")
    council, problems = read_council_text(head + "\n".join(active), f"{council_id}.toml")
    errors = [p for p in problems if p.is_error]
    report = imported[council_id].report
    proposed = report.proposed
    assert "\n".join(active).count("[[rule]]") == sum(1 for p in proposed if p.kind == "rule")
    assert "\n".join(active).count("[[route]]") == sum(1 for p in proposed if p.kind == "route")
    if not errors:
        assert council is not None
        assert len(council.rules) == len(report.live_rules) + sum(1 for p in proposed if p.kind == "rule")
    # the only errors allowed are the blanks left for a person: an action or raised_by to fill in,
    # or a proposed id that a live norm already has
    for problem in errors:
        assert "unknown action ''" in problem.message or "raised_by" in (problem.key or "") \
            or "raises" in problem.message, str(problem)
