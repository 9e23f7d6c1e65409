"""The parish variant, tested with only councilkit and this plugin installed."""

from __future__ import annotations

import councilkit
from councilkit.councilfile import read_council_file, read_council_text
from councilkit.plugins import Registry
from councilkit_parish import COUNCILS


def test_the_variant_and_its_roles() -> None:
    registry = Registry.build()
    parish = registry.variant("parish")
    assert parish is not None and parish.tier == "parish"
    roles = registry.roles_for("parish")
    assert roles["clerk"].is_a == ("officer",)
    assert roles["personnel_committee_chair"].is_a == ("committee_chair",)
    assert roles["monitoring_officer"].kind == "external"  # the district council's
    assert parish.fallbacks["clerk"] == ("personnel_committee_chair",)
    assert parish.procedure_handlers["grievance"] == ("personnel_committee",)


def test_compton_loads_and_validates_cleanly() -> None:
    council, problems = read_council_file(COUNCILS / "compton-parish.toml")
    assert council is not None, [str(p) for p in problems]
    assert problems == []
    assert council.variant.id == "parish"
    assert council.roles.is_a("personnel_committee_chair", "councillor")


def test_a_parish_council_that_keeps_the_default_clerk_title_is_warned() -> None:
    text = (COUNCILS / "compton-parish.toml").read_text("utf-8").replace('title = "Parish Clerk"\n', "")
    council, problems = read_council_text(text, "untitled.toml")
    assert council is not None
    (warning,) = [p for p in problems if "titles its Clerk" in p.message]
    assert warning.severity == "warning" and warning.message.endswith("[parish]")


def test_grievance_steps_go_to_the_personnel_committee() -> None:
    compton = councilkit.load_council(COUNCILS / "compton-parish.toml")
    route = next(r for r in compton.routes if r.id == "officer-concern-about-councillor")
    assert route.step("grievance").handler == ("personnel_committee",)


def test_the_worked_examples_of_its_councils_pass() -> None:
    from councilkit import load_council
    from councilkit.policy import examples_report

    for council_id in ("compton-parish",):
        council = load_council(COUNCILS / f"{council_id}.toml")
        results = examples_report(council)
        assert len(results) >= len(council.rules)
        assert [r for r in results if not r["passed"]] == []


def test_every_normative_sentence_of_its_councils_has_a_coverage_entry() -> None:
    from councilkit import load_council
    from councilkit.policy import coverage_problems

    for council_id in ('compton-parish',):
        council = load_council(COUNCILS / f"{council_id}.toml")
        assert [str(p) for p in coverage_problems(council)] == []


def test_a_concern_about_the_most_senior_officer_goes_to_no_one_junior() -> None:
    from councilkit import load_council

    for council_id in ('compton-parish',):
        council = load_council(COUNCILS / f"{council_id}.toml")
        answer = council.route(raised_by="councillor", about="clerk")
        handlers = [h.role for step in answer.steps for h in step.handlers]
        assert handlers
        for role in handlers:
            assert not council.roles.is_a("clerk", role)
            assert council.seniority.conflict("clerk", role) is None
