"""The town variant, tested with only councilkit and this plugin installed."""

from __future__ import annotations

from councilkit.councilfile import read_council_file, read_council_text
from councilkit.plugins import Registry
from councilkit_town import COUNCILS


def test_the_town_clerk_is_head_of_paid_service() -> None:
    registry = Registry.build()
    roles = registry.roles_for("town")
    assert roles["clerk"].title == "Town Clerk"
    assert set(roles["clerk"].is_a) == {"officer", "head_of_paid_service"}
    assert "rfo" in roles
    assert "pressure_delegated_decision" in registry.actions_for("town")
    assert "pressure_delegated_decision" not in registry.actions_for("parish")


def test_both_town_councils_load() -> None:
    for name in ("langport-town", "town-2016"):
        council, problems = read_council_file(COUNCILS / f"{name}.toml")
        assert council is not None, [str(p) for p in problems]
        assert council.roles.is_a("clerk", "head_of_paid_service")
        assert not [p for p in problems if p.is_error]


def test_the_2016_protocol_warns_that_it_states_no_concern_routes() -> None:
    _, problems = read_council_file(COUNCILS / "town-2016.toml")
    assert {p.severity for p in problems} == {"warning"}
    assert len([p for p in problems if "no route for a concern" in p.message]) == 2


def test_retitling_the_town_clerk_is_questioned() -> None:
    text = (COUNCILS / "langport-town.toml").read_text("utf-8").replace(
        'id = "clerk"\ncite', 'id = "clerk"\ntitle = "Parish Clerk"\ncite')
    council, problems = read_council_text(text, "retitled.toml")
    assert council is not None
    assert any("titles it 'Parish Clerk'" in p.message for p in problems)


def test_the_worked_examples_of_its_councils_pass() -> None:
    from councilkit import load_council
    from councilkit.policy import examples_report

    for council_id in ("langport-town", "town-2016",):
        council = load_council(COUNCILS / f"{council_id}.toml")
        results = examples_report(council)
        assert len(results) >= len(council.rules)
        assert [r for r in results if not r["passed"]] == []


def test_every_normative_sentence_of_its_councils_has_a_coverage_entry() -> None:
    from councilkit import load_council
    from councilkit.policy import coverage_problems

    for council_id in ('town-2016', 'langport-town'):
        council = load_council(COUNCILS / f"{council_id}.toml")
        assert [str(p) for p in coverage_problems(council)] == []


def test_a_concern_about_the_most_senior_officer_goes_to_no_one_junior() -> None:
    from councilkit import load_council

    for council_id in ('town-2016', 'langport-town'):
        council = load_council(COUNCILS / f"{council_id}.toml")
        answer = council.route(raised_by="councillor", about="clerk")
        handlers = [h.role for step in answer.steps for h in step.handlers]
        assert handlers
        for role in handlers:
            assert not council.roles.is_a("clerk", role)
            assert council.seniority.conflict("clerk", role) is None
