"""The community variant, tested with only councilkit and this plugin installed."""

from __future__ import annotations

from councilkit.councilfile import read_council_file
from councilkit.plugins import Registry
from councilkit_community import COUNCILS


def test_community_roles_and_defaults() -> None:
    registry = Registry.build()
    community = registry.variant("community")
    assert community is not None and community.adviser == ("clerk",)
    assert registry.roles_for("community")["clerk"].is_a == ("officer",)


def test_the_community_council_has_no_routes_and_says_whom_to_ask() -> None:
    council, problems = read_council_file(COUNCILS / "community-council.toml")
    assert council is not None, [str(p) for p in problems]
    assert council.routes == ()
    assert council.adviser.roles == ("clerk",)  # the variant's default: the text names nobody
    assert council.title("clerk") == "Community Clerk"
    assert council.nation == "wales"
    assert len([p for p in problems if "no route for a concern" in p.message]) == 2


def test_the_worked_examples_of_its_councils_pass() -> None:
    from councilkit import load_council
    from councilkit.policy import examples_report

    for council_id in ("community-council",):
        council = load_council(COUNCILS / f"{council_id}.toml")
        results = examples_report(council)
        assert len(results) >= len(council.rules)
        assert [r for r in results if not r["passed"]] == []


def test_every_normative_sentence_of_its_councils_has_a_coverage_entry() -> None:
    from councilkit import load_council
    from councilkit.policy import coverage_problems

    for council_id in ('community-council',):
        council = load_council(COUNCILS / f"{council_id}.toml")
        assert [str(p) for p in coverage_problems(council)] == []


def test_a_concern_about_the_most_senior_officer_goes_to_no_one_junior() -> None:
    from councilkit import load_council

    for council_id in ('community-council',):
        council = load_council(COUNCILS / f"{council_id}.toml")
        answer = council.route(raised_by="councillor", about="clerk")
        handlers = [h.role for step in answer.steps for h in step.handlers]
        assert handlers
        for role in handlers:
            assert not council.roles.is_a("clerk", role)
            assert council.seniority.conflict("clerk", role) is None
