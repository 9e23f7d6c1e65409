"""The principal variant, tested with only councilkit and this plugin installed."""

from __future__ import annotations

from councilkit.councilfile import read_council_file, read_council_text
from councilkit.plugins import Registry
from councilkit_principal import COUNCILS


def test_principal_roles() -> None:
    roles = Registry.build().roles_for("principal")
    assert roles["chief_executive"].is_a == ("head_of_paid_service",)
    assert roles["monitoring_officer"].kind == "officer"  # its own, unlike a parish's
    assert roles["cabinet_member"].is_a == ("councillor",)
    assert "clerk" not in roles


def test_the_principal_council_loads_cleanly() -> None:
    council, problems = read_council_file(COUNCILS / "principal-council.toml")
    assert council is not None, [str(p) for p in problems]
    assert problems == []
    assert council.adviser.roles == ("monitoring_officer", "chief_executive")


def test_a_council_with_no_route_to_the_monitoring_officer_is_warned() -> None:
    text = (COUNCILS / "principal-council.toml").read_text("utf-8")
    text = text.replace('  handler = ["monitoring_officer"]\n  procedure = ["code_of_conduct"]',
                        '  handler = ["chief_executive"]\n  procedure = ["complaint"]')
    council, problems = read_council_text(text, "no-mo.toml")
    assert council is not None
    (warning,) = [p for p in problems if "Monitoring Officer" in p.message]
    assert warning.severity == "warning" and warning.line is not None


def test_the_worked_examples_of_its_councils_pass() -> None:
    from councilkit import load_council
    from councilkit.policy import examples_report

    for council_id in ("principal-council",):
        council = load_council(COUNCILS / f"{council_id}.toml")
        results = examples_report(council)
        assert len(results) >= len(council.rules)
        assert [r for r in results if not r["passed"]] == []


def test_every_normative_sentence_of_its_councils_has_a_coverage_entry() -> None:
    from councilkit import load_council
    from councilkit.policy import coverage_problems

    for council_id in ('principal-council',):
        council = load_council(COUNCILS / f"{council_id}.toml")
        assert [str(p) for p in coverage_problems(council)] == []


def test_a_concern_about_the_most_senior_officer_goes_to_no_one_junior() -> None:
    from councilkit import load_council

    for council_id in ('principal-council',):
        council = load_council(COUNCILS / f"{council_id}.toml")
        answer = council.route(raised_by="councillor", about="chief_executive")
        handlers = [h.role for step in answer.steps for h in step.handlers]
        assert handlers
        for role in handlers:
            assert not council.roles.is_a("chief_executive", role)
            assert council.seniority.conflict("chief_executive", role) is None
