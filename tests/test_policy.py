"""The policy engine on the five seed councils: semantics, examples and properties."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import councilkit
from councilkit.errors import UnknownNameError
from councilkit.model import Obligation, Rule
from councilkit.model.norms import RuleException
from councilkit.policy import RequestError, engine_for, examples_report, questions_markdown
from councilkit.policy.checks import rule_problems
from councilkit.policy.coverage import (
    coverage_markdown,
    coverage_path,
    coverage_problems,
    draft_coverage,
    markers,
    read_coverage,
    sentences,
)

ROOT = Path(__file__).resolve().parents[1]
COUNCILS = {c.id: c for c in councilkit.load_councils(ROOT / "councils")}


def council(cid: str) -> councilkit.Council:
    return COUNCILS[cid]


# --- the clerk's questions ------------------------------------------------------


def test_ringing_the_clerk_on_sunday() -> None:
    d = council("compton-parish").check("chair", "contact_out_of_hours", "clerk")
    assert d.outcome == "not_covered" and d.cited_ids == ("1.1",)
    assert "ask the Parish Clerk (1.1)" in d.explanation
    # class 6: the question concerns the Clerk, so whom else to ask is named too, and why
    assert d.ask == ("clerk", "personnel_committee_chair")
    assert d.explanation.endswith("As the Parish Clerk is a party to this, you may ask the Chairman of the "
                                  "Personnel Committee (the variant's default) instead.")
    d = council("principal-council").check("chair", "contact_out_of_hours", "chief_executive")
    assert d.outcome == "conditional"
    assert set(d.facts) == {"urgent", "prior_arrangement"}
    d = council("principal-council").check("chair", "contact_out_of_hours", "chief_executive", urgent=True)
    assert d.outcome == "permitted"


def test_the_hall_booking_rota() -> None:
    d = council("langport-town").check("councillor", "instruct", "junior_officer", acting_individually=True)
    assert d.outcome == "forbidden" and d.cited_ids == ("2.3",)


def test_the_brothers_planning_file_names_the_overridden_rule() -> None:
    d = council("langport-town").check("councillor", "inspect_document", has_interest=True)
    assert d.outcome == "forbidden"
    assert [r.id for r in d.determining] == ["no-inspection-with-interest"]
    assert [r.id for r in d.overridden] == ["inspect-documents-for-duties"]
    assert "2.5 would permit this, but 2.6 forbids it because the Councillor has a professional" in d.explanation
    assert {c.id: c.text[:20] for c in d.citations} == {"2.6": "A Councillor may not", "2.5": "Any Councillor may i"}


def test_the_opposition_budget_briefing_lists_its_obligations() -> None:
    d = council("principal-council").check("opposition_group", "request_briefing", "officer", budget_proposals=True)
    assert d.outcome == "conditional"  # a permit with obligations
    assert "advisers-not-named" in {o.id for o in d.obligations}
    assert "group-briefings.p6(b)" in d.cited_ids


def test_a_refused_information_request_needs_reasons_and_a_copy_to_the_monitoring_officer() -> None:
    d = council("principal-council").check("officer", "refuse_information_request", "councillor")
    assert d.outcome == "conditional"
    assert {o.id: o.role for o in d.obligations} == {"written-reasons": None,
                                                     "copy-to-monitoring-officer": "monitoring_officer"}


# --- semantics --------------------------------------------------------------------


def test_a_missing_fact_is_never_permitted() -> None:
    d = council("langport-town").check("councillor", "inspect_document", for_council_duties=True)
    assert d.outcome == "conditional"
    assert d.facts == ("has_interest",)
    assert d.conditions == ("provided the Councillor has no professional, personal or pecuniary interest "
                            "in the matter (2.6)",)
    assert d.explanation.startswith("Permitted, provided the Councillor has no professional")
    settled = council("langport-town").check("councillor", "inspect_document", for_council_duties=True,
                                             has_interest=False)
    assert settled.outcome == "permitted"


def test_role_hierarchy_binds_the_chair_by_councillor_rules() -> None:
    d = council("compton-parish").check("chair", "pressure_recommendation", "clerk")
    assert d.outcome == "forbidden" and d.cited_ids == ("2.4",)


def test_nothing_matching_is_not_covered_and_names_whom_to_ask() -> None:
    asks = {cid: c.check("councillor", "lobby", "chair").ask for cid, c in COUNCILS.items()}
    assert asks == {
        "compton-parish": ("clerk",),
        "town-2016": ("clerk",),
        "langport-town": ("clerk",),
        "principal-council": ("monitoring_officer", "chief_executive"),
        "community-council": ("clerk",),  # the variant's default: the text names nobody
    }
    d = council("community-council").check("councillor", "lobby", "chair")
    assert d.outcome == "not_covered" and "Community Clerk" in d.explanation


def test_advice_alone_is_conditional_and_says_whom_to_ask() -> None:
    d = council("compton-parish").check("councillor", "form_close_relationship", "officer")
    assert d.outcome == "conditional" and d.ask == ("clerk",)
    assert [r.id for r in d.advice] == ["close-relationships"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"actor": "councilor", "action": "lobby"}, "unknown role 'councilor' (did you mean 'councillor'?)"),
    ({"actor": "councillor", "action": "lobbying"}, "unknown action 'lobbying' (did you mean 'lobby'?)"),
    ({"actor": "councillor", "action": "lobby", "target": "clark"}, "unknown role 'clark'"),
    ({"actor": "councillor", "action": "inspect_document", "has_intrest": True},
     "unknown context attribute 'has_intrest' of action 'inspect_document' (did you mean 'has_interest'?); "
     "valid context attributes of action 'inspect_document': for_council_duties, has_interest"),
])
def test_a_typo_is_an_error_listing_the_valid_names(kwargs: dict, message: str) -> None:
    with pytest.raises(UnknownNameError) as info:
        council("langport-town").check(**kwargs)
    assert message in str(info.value)
    assert "valid" in str(info.value)


def test_a_value_of_the_wrong_type_is_refused() -> None:
    with pytest.raises(RequestError, match="expects true or false, got 'yes'"):
        council("langport-town").check("councillor", "inspect_document", has_interest="yes")


def test_permissions_of_the_chair() -> None:
    perms = {(p.action, p.target): p for p in council("compton-parish").permissions("chair")}
    assert perms[("pressure_recommendation", "officer")].outcome == "forbidden"
    assert perms[("manage_day_to_day", None)].outcome == "forbidden"
    junior = perms[("instruct", "junior_officer")]
    assert junior.outcome == "conditional" and junior.conditions
    with pytest.raises(UnknownNameError):
        council("compton-parish").permissions("mayor")


def test_check_many_answers_like_check() -> None:
    c = council("principal-council")
    requests = [("councillor", "instruct", "employee",
                 {"support_staff": True, "against_policy": False, "acting_individually": True,
                  "political_purpose": False}),
                {"actor": "officer", "action": "lobby", "target": "councillor"},
                {"actor": "chair", "action": "contact_out_of_hours", "target": "officer", "urgent": False}]
    answers = c.check_many(requests)
    assert [a.outcome for a in answers] == ["permitted", "forbidden", "conditional"]


# --- examples -----------------------------------------------------------------------

REQUIRED_ACTIONS = [
    "instruct", "request_information", "inspect_document", "disclose_confidential", "use_council_resources",
    "influence_appointment", "lobby", "contact_out_of_hours", "request_briefing", "attend_group_meeting",
    "pressure_recommendation", "criticise_publicly", "raise_personal_issue", "advise_party_business",
    "involve_in_employment_matter", "seek_media_assistance",
]
REQUIRED_ATTRIBUTES = [
    "has_interest", "marked_confidential", "urgent", "prior_arrangement", "political_purpose", "at_no_cost",
    "on_selection_panel", "acting_individually", "personal_employment_matter", "support_staff", "within_authority",
]


def test_the_action_vocabulary_is_used_by_the_councils() -> None:
    used = {r.action for c in COUNCILS.values() for r in c.rules}
    attributes = {a.id for c in COUNCILS.values() for act in c.actions.values() for a in act.context}
    for action in REQUIRED_ACTIONS:
        assert action in used, action
        for c in COUNCILS.values():
            assert c.actions[action].description
    assert set(REQUIRED_ATTRIBUTES) <= attributes


@pytest.mark.parametrize("cid", sorted(COUNCILS))
def test_every_rule_has_a_passing_example(cid: str) -> None:
    c = council(cid)
    examples = {ex.id: ex for ex in c.examples}
    for rule in c.rules:
        ex = examples[f"ex-{rule.id}"]
        assert (ex.actor, ex.action, ex.target) == (rule.actor, rule.action, rule.target)
        assert set(rule.cite) <= set(ex.cite)
    failures = [r for r in examples_report(c) if not r["passed"]]
    assert failures == []


def test_a_wrong_example_fails() -> None:
    c = council("langport-town")
    ex = next(e for e in c.examples if e.id == "brothers-planning-file")
    broken = attrs.evolve(c, examples=(attrs.evolve(ex, expect="permitted"),), route_examples=(), policy=None)
    (result,) = examples_report(broken)
    assert not result["passed"] and result["outcome"] == "forbidden"


def test_a_wrong_route_example_fails() -> None:
    c = council("principal-council")
    rex = next(e for e in c.route_examples if e.id == "complaint-about-the-chief-executive")
    wrong = attrs.evolve(rex, handlers={"head-of-service": ("head_of_service",)})
    (result,) = examples_report(attrs.evolve(c, examples=(), route_examples=(wrong,)))
    assert not result["passed"]
    assert result["expect"] == "route member-complaint-about-officer; head-of-service: head_of_service"
    assert result["outcome"] == "route member-complaint-about-officer; head-of-service: employment_committee"


def test_docs_questions_md_is_up_to_date() -> None:
    text = (ROOT / "docs" / "questions.md").read_text("utf-8")
    assert text == questions_markdown(COUNCILS.values()), "regenerate: uv run councilkit questions -o docs/questions.md"


# --- properties -----------------------------------------------------------------------


@st.composite
def requests(draw: st.DrawFn, c: councilkit.Council) -> tuple[str, str, str | None, dict]:
    actions = sorted({r.action for r in c.rules})
    roles = sorted(c.roles)
    action = draw(st.sampled_from(actions))
    context = {}
    for attribute in c.actions[action].context:
        if draw(st.booleans()):
            if attribute.type == "choice":
                context[attribute.id] = draw(st.sampled_from(attribute.choices))
            else:
                context[attribute.id] = draw(st.booleans())
    return draw(st.sampled_from(roles)), action, draw(st.sampled_from([None, *roles])), context


def with_rules(c: councilkit.Council, rules: tuple[Rule, ...]) -> councilkit.Council:
    return attrs.evolve(c, rules=rules, policy=None)


COUNCIL_IDS = st.sampled_from(sorted(COUNCILS))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_adding_a_forbid_never_turns_forbidden_into_permitted(data: st.DataObject) -> None:
    c = council(data.draw(COUNCIL_IDS))
    actor, action, target, context = data.draw(requests(c))
    extra_action = data.draw(st.sampled_from(sorted({r.action for r in c.rules})))
    extra = Rule(id="zz-extra", effect="forbid", actor=data.draw(st.sampled_from(sorted(c.roles))),
                 action=extra_action, cite=(c.protocol.clauses[0].id,),
                 target=data.draw(st.sampled_from([None, *sorted(c.roles)])))
    before = c.check(actor, action, target, **context)
    after = with_rules(c, (*c.rules, extra)).check(actor, action, target, **context)
    if before.outcome == "forbidden":
        assert after.outcome == "forbidden"
    if after.outcome == "permitted":
        assert before.outcome == "permitted"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_rule_order_never_changes_a_decision(data: st.DataObject) -> None:
    c = council(data.draw(COUNCIL_IDS))
    request = data.draw(requests(c))
    shuffled = list(c.rules)
    random.Random(data.draw(st.integers(0, 2**32))).shuffle(shuffled)
    a = c.check(request[0], request[1], request[2], **request[3])
    b = with_rules(c, tuple(shuffled)).check(request[0], request[1], request[2], **request[3])
    assert a == b


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_decision_cites_only_clauses_that_exist(data: st.DataObject) -> None:
    c = council(data.draw(COUNCIL_IDS))
    actor, action, target, context = data.draw(requests(c))
    d = c.check(actor, action, target, **context)
    for cited in d.citations:
        assert cited.id in c.protocol
        assert cited.text == c.clause(cited.id).text
    for r in (*d.determining, *d.overridden, *d.advice):
        assert all(clause in c.protocol for clause in r.cite)
    assert d.outcome in {"permitted", "forbidden", "conditional", "not_covered"}
    if d.outcome == "not_covered":
        assert d.ask
    if d.outcome == "conditional" and not d.obligations and not d.advice:
        assert d.facts


def test_the_engine_is_built_once_per_council() -> None:
    c = council("compton-parish")
    c.check("councillor", "lobby")
    assert engine_for(c) is engine_for(c)


# --- exceptions, duties, conditional obligations, debatable readings -------------------


def test_an_exception_written_into_a_ban_also_permits_and_cites_both_clauses() -> None:
    c = council("town-2016")
    ban = Rule(id="no-sharing", effect="forbid", actor="officer", action="disclose_confidential",
               target="councillor", cite=("7.1",),
               exceptions=(RuleException(when={"permitted_by_member": True}, id="member-permits", cite=("7.2",)),))
    t = with_rules(c, (ban,))
    d = t.check("officer", "disclose_confidential", "councillor", permitted_by_member=True)
    assert d.outcome == "permitted" and [r.id for r in d.determining] == ["no-sharing/member-permits"]
    assert d.cited_ids == ("7.2", "7.1")
    assert "its exception applies here (the member it was given to has permitted it)" in d.explanation
    assert t.check("officer", "disclose_confidential", "councillor", permitted_by_member=False).outcome == "forbidden"
    d = t.check("officer", "disclose_confidential", "councillor")
    assert d.outcome == "conditional" and d.facts == ("permitted_by_member",)
    # an exception that only lifts the ban grants nothing: the answer is not covered, and says why
    lift = attrs.evolve(ban, exceptions=(attrs.evolve(ban.exceptions[0], grants=False),))
    d = with_rules(c, (lift,)).check("officer", "disclose_confidential", "councillor", permitted_by_member=True)
    assert d.outcome == "not_covered" and "7.1" in d.cited_ids and [r.id for r in d.lifted] == ["no-sharing"]
    assert "7.1 does not forbid it here, because the member it was given to has permitted it" in d.explanation


def test_a_duty_is_required_not_advised() -> None:
    c = council("langport-town")
    duty = Rule(id="declare", effect="require", actor="employee", action="declare_interest", target="clerk",
                cite=("3.3",))
    d = with_rules(c, (duty,)).check("officer", "declare_interest", "clerk")
    assert d.outcome == "permitted" and d.required
    assert d.explanation == "Required. An Employee must declare interests relating to their work to the Town Clerk (3.3)."
    assert "advises care" not in d.explanation


def test_an_obligation_with_its_own_condition_binds_only_when_it_holds() -> None:
    c = council("principal-council")
    clause = c.protocol.clauses[1].id
    advice = Rule(id="advice", effect="permit", actor="officer", action="give_advice", target="councillor",
                  cite=(clause,), obligations=(Obligation("in-writing", "Give it formally and in writing",
                                                          when={"significant": True}),))
    p = with_rules(c, (advice,))
    assert p.check("officer", "give_advice", "councillor", significant=False).outcome == "permitted"
    d = p.check("officer", "give_advice", "councillor", significant=True)
    assert d.outcome == "conditional" and [o.id for o in d.obligations] == ["in-writing"]
    d = p.check("officer", "give_advice", "councillor")
    assert d.outcome == "conditional" and d.facts == ("significant",)
    assert d.obligations[0].text == ("Give it formally and in writing, "
                                     "if significant or potentially controversial issues are at stake")


def test_a_debatable_reading_says_so_and_names_whom_to_ask() -> None:
    c = council("compton-parish")
    rule = Rule(id="r", effect="forbid", actor="councillor", action="lobby", cite=("2.4",),
                debatable="the clause speaks of pressure, not of lobbying")
    d = with_rules(c, (rule,)).check("councillor", "lobby")
    assert d.outcome == "forbidden" and d.debatable == ("the clause speaks of pressure, not of lobbying",)
    assert d.ask == ("clerk",) and "Ask the Parish Clerk to confirm it" in d.explanation
    assert "1.1" in d.cited_ids  # where the protocol names whom to ask


# --- the coverage table: every normative sentence, with its norms -----------------------


@pytest.mark.parametrize("cid", sorted(COUNCILS))
def test_every_normative_sentence_has_a_coverage_entry(cid: str) -> None:
    assert [str(p) for p in coverage_problems(council(cid))] == []


@pytest.mark.parametrize("cid", sorted(COUNCILS))
def test_docs_coverage_is_up_to_date(cid: str) -> None:
    text = (ROOT / "docs" / "coverage" / f"{cid}.md").read_text("utf-8")
    assert text == coverage_markdown(council(cid)), (
        f"regenerate: python -m councilkit.policy.coverage {cid} -o docs/coverage/{cid}.md")


def test_sentences_and_their_markers() -> None:
    text = "Certain officers e.g. the Clerk have duties in law. Members must respect them.\n\nNext paragraph."
    assert sentences(text) == ["Certain officers e.g. the Clerk have duties in law.", "Members must respect them.",
                               "Next paragraph."]
    assert markers("Officers and Employees are expected to declare any interests") == ("expected",)
    assert markers("Complaints about officers should be made to their head of service") == (
        "complaints", "should", "be made to")
    assert markers("A working partnership.") == ()


def _without(text: str, clause: str, starts: str) -> str:
    entry = f'[[sentence]]\nclause = "{clause}"\nstarts = "{starts}"\n'
    i = text.index(entry)
    j = text.find("[[sentence]]", i + 1)
    return text[:i] + (text[j:] if j != -1 else "")


def test_a_normative_sentence_without_an_entry_fails(tmp_path: Path) -> None:
    c = council("langport-town")
    path = tmp_path / "langport-town.toml"
    path.write_text(_without(coverage_path(c).read_text("utf-8"), "2.4", "Progress on actions will"), "utf-8")
    assert [str(p) for p in coverage_problems(c, path)] == [
        f"{path}: error: sentence: 2.4: normative sentence (will) has no entry: "
        "'Progress on actions will be reported to the relevant committee.'"]
    assert "| 2.4 | Progress on actions will be reported to the relevant committee. | **no entry** |" in \
        coverage_markdown(c, path)


def test_a_coverage_entry_that_does_not_resolve_names_its_line(tmp_path: Path) -> None:
    c = council("compton-parish")
    path = tmp_path / "compton-parish.toml"
    path.write_text('council = "compton-parish"\n\n'
                    '[[sentence]]\nclause = "2.2"\nstarts = "It is not the role"\nnorms = ["no-day-to-day-managment"]\n\n'
                    '[[sentence]]\nclause = "2.4"\nstarts = "Whilst an officer may"\nnorms = ["no-bullying"]\n\n'
                    '[[sentence]]\nclause = "4.2"\nstarts = "If the matter is"\ndescriptive = "x"\n\n'
                    '[[sentence]]\nclause = "2.2"\nstarts = "x"\nnorms = ["no-bullying"]\nsentance = 1\n\n'
                    '[[sentence]]\nclause = "9.9"\nstarts = "x"\nnorms = ["no-bullying"]\n', "utf-8")
    problems = [str(p) for p in coverage_problems(c, path)]
    assert problems[:3] == [f"{path}:22: error: sentence[4].sentance: unknown key 'sentance'; allowed keys: "
                            "clause, starts, norms, descriptive, note",
                            f"{path}:6: error: norms: 2.2: no norm 'no-day-to-day-managment' (did you mean "
                            "'no-day-to-day-management'?)",
                            f"{path}:11: error: norms: 2.4: norm 'no-bullying' does not cite clause 2.4 (it "
                            "cites 3.2(e))"]
    assert any(p.startswith(f"{path}:15: error: starts: 4.2: no sentence begins 'If the matter is'")
               for p in problems)
    assert any(p.startswith(f"{path}:25: error: clause: clause '9.9' does not exist") for p in problems)
    assert any("normative sentence (responsibility) has no entry" in p for p in problems)


def test_the_coverage_command_checks_and_writes(tmp_path: Path) -> None:
    python = Path(sys.executable)
    done = subprocess.run([python, "-m", "councilkit.policy.coverage", "town-2016", "--check"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stderr == ""
    out = tmp_path / "town-2016.md"
    done = subprocess.run([python, "-m", "councilkit.policy.coverage", "town-2016", "-o", str(out)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert out.read_text("utf-8") == (ROOT / "docs" / "coverage" / "town-2016.md").read_text("utf-8")


def test_every_debatable_reading_is_recorded_in_docs_interpretation() -> None:
    text = (ROOT / "docs" / "interpretation.md").read_text("utf-8")
    debatable = [(c.id, r.id) for c in COUNCILS.values() for r in c.rules if r.debatable]
    assert debatable, "the bundled councils mark the readings they cannot settle"
    for cid, rule_id in debatable:
        assert f"| `{cid}` | `{rule_id}` |" in text, f"{cid} {rule_id}: add it to docs/interpretation.md"
        d = next(e for e in council(cid).examples if e.id == f"ex-{rule_id}")
        decision = council(cid).check(d.actor, d.action, d.target, **d.context)
        assert decision.debatable and "This reading is debatable" in decision.explanation and decision.ask


def test_the_rules_new_keys_are_checked() -> None:
    for c in COUNCILS.values():
        assert rule_problems(c) == [], c.id
    c = council("town-2016")
    bad = Rule(id="r", effect="forbid", actor="councillor", action="use_council_resources", cite=("4.2",),
               when={"commercial": True}, ask=("monitoring_oficer",),
               obligations=(Obligation("o", "Tell the clerk", role="clerk", when={"urgent": True},
                                             substitute={"clerk": "chiar"}),),
               exceptions=(RuleException(when={"commercial": False}, id="x"),
                           RuleException(when={"resource": "photocopier"}, id="x")))
    assert rule_problems(with_rules(c, (bad,))) == [
        ("rule[r].obligations[o].when", "action 'use_council_resources' has no context attribute 'urgent'; its "
         "attributes: resource, political_purpose, for_council_duties, at_no_cost, commercial, risk_to_systems"),
        ("rule[r].obligations[o].substitute", "unknown role 'chiar' (did you mean 'chair'?)"),
        ("rule[r].exceptions[x].when", "commercial = False can never hold together with the rule's own "
         "commercial = True, so the exception never applies"),
        ("rule[r].exceptions[x].id", "duplicate exception id 'x'"),
        ("rule[r].exceptions[x].when", "resource expects one of 'ict_equipment', 'photocopying', 'stationery', "
         "'typing_printing', 'other', got 'photocopier'"),
        ("rule[r].ask[1]", "unknown role 'monitoring_oficer' (did you mean 'monitoring_officer'?)"),
        ("rule[r].ask", "ask names whom to ask about a debatable reading: give debatable too"),
    ]


def test_an_obligation_never_sends_anyone_to_a_party() -> None:
    """Class 6: the role an obligation names resolves like a handler, and says why it substitutes."""
    c = council("town-2016")
    d = c.check("councillor", "involve_in_employment_matter", "employee")
    (o,) = d.obligations
    assert (o.role, o.text) == ("clerk", "First seek advice from the Town Clerk")
    d = c.check("councillor", "involve_in_employment_matter", "clerk")
    (o,) = d.obligations
    assert o.role not in {"clerk", "councillor"} and "Town Clerk" in o.text
    assert o.text.endswith("(instead of the Town Clerk, who is a party to this; the variant's default)")
    p = council("principal-council")
    (_, notify) = p.check("councillor", "form_close_relationship", "officer", financial=True).obligations
    assert notify.role == "director"
    (_, notify) = p.check("councillor", "form_close_relationship", "director", financial=True).obligations
    assert (notify.role, notify.text) == (
        "chief_executive", "Notify the relationship in writing to the officer's Director: here the Chief "
        "Executive (instead of the Director, who is a party to this; as the protocol provides)")
    # the Chief Executive has no Director, and every Director reports to him: the variant's default
    (_, notify) = p.check("councillor", "form_close_relationship", "chief_executive", financial=True).obligations
    assert notify.role == "employment_committee"
    assert notify.text.endswith("(instead of the Director, whom the Chief Executive is senior to; the variant's default)")


def test_a_draft_coverage_file_lists_every_normative_sentence_for_review(tmp_path: Path) -> None:
    c = council("compton-parish")
    path = tmp_path / "compton-parish.toml"
    path.write_text(draft_coverage(c), "utf-8")
    to_fill = [p.message for p in coverage_problems(c, path) if "give either norms" in p.message]
    unfilled = [p.message for p in coverage_problems(c, path) if "has no entry" in p.message]
    assert to_fill and len(to_fill) == len(unfilled)  # only the entries a reviewer must fill in
    assert {p.message for p in coverage_problems(c, path)} <= {*to_fill, *unfilled}
    kept, _ = read_coverage(c)
    path.write_text(draft_coverage(c, kept), "utf-8")  # a council's own entries survive a redraft
    assert coverage_problems(c, path) == []


def test_seniority_from_relations() -> None:
    from councilkit.model.norms import Relation, Seniority

    c = council("principal-council")
    s = Seniority(c.roles, [
        Relation("officer", reports_to=("head_of_service",)),
        Relation("head_of_service", reports_to=("director",)),
        Relation("director", reports_to=("chief_executive",)),
        Relation("chief_executive", reports_to=("employment_committee",)),
        Relation("leader", chairs=("employment_committee",)),
    ])
    assert s.managers("junior_officer") == ("head_of_service",)  # inherited through is_a
    assert s.managers("director") == ("chief_executive",)  # its own, not the officer's
    assert s.conflict("chief_executive", "head_of_service") == (
        "manages", ("head_of_service", "director", "chief_executive"))
    assert s.conflict("chief_executive", "employment_committee") is None
    assert s.conflict("leader", "employment_committee") == ("chairs", ("leader", "employment_committee"))
    assert s.conflict("leader", "chief_executive") == ("manages", ("chief_executive", "employment_committee", "leader"))
    assert s.conflict("head_of_service", "director") is None


def _read_with(extra: str) -> list[str]:
    from councilkit.councilfile import read_council_text

    text = (ROOT / "councils" / "compton-parish.toml").read_text("utf-8") + "\n" + extra
    council_, problems = read_council_text(text, "compton.toml")
    assert council_ is None
    return [str(p) for p in problems if p.is_error]


def test_the_loader_refuses_a_bad_exception_or_relation_naming_its_line() -> None:
    n = (ROOT / "councils" / "compton-parish.toml").read_text("utf-8").count("\n") + 1
    assert _read_with('[[rule]]\nid = "x"\neffect = "forbid"\nactor = "councillor"\naction = "lobby"\ncite = ["2.4"]\n'
                      'exceptions = [{ id = "e", when = { budgetry_matter = true } }]\n') == [
        f"compton.toml:{n + 7}: error: rule[x].exceptions[e].when: action 'lobby' has no context attribute "
        "'budgetry_matter' (did you mean 'budgetary_matter'?); its attributes: personal_employment_matter, "
        "budgetary_matter, through_agreed_procedures"]
    assert _read_with('[[relation]]\nrole = "clerk"\nreports_to = ["personnel_comittee"]\ncite = ["4.2"]\n'
                      '\n[[relation]]\nrole = "rfo"\nchairs = ["clerk"]\ncite = ["2.4"]\n') == [
        f"compton.toml:{n + 3}: error: relation[4].reports_to: unknown role 'personnel_comittee' (did you mean "
        "'personnel_committee'?); roles in this council: chair, clerk, committee, committee_chair, "
        "committee_vice_chair, council, councillor, employee, group_leader, junior_officer, leader, mediator, "
        "monitoring_officer, officer, personnel_committee, personnel_committee_chair, "
        "personnel_committee_vice_chair, political_group, rfo, senior_manager, vice_chair (define a new one with "
        "[[role]])",
        f"compton.toml:{n + 8}: error: relation[5].chairs: chairs names 'clerk', which is not a body (its kind is "
        "officer)"]
    (loop,) = _read_with('[[relation]]\nrole = "clerk"\nreports_to = ["rfo"]\ncite = ["2.4"]\n'
                         '\n[[relation]]\nrole = "rfo"\nreports_to = ["clerk"]\ncite = ["2.4"]\n')
    assert loop.endswith(": error: relation: reporting lines form a loop: clerk reports to rfo reports to clerk")


# --- class 5: handlers senior and independent enough ----------------------------------------

MOST_SENIOR = {"compton-parish": "clerk", "town-2016": "clerk", "langport-town": "clerk",
               "principal-council": "chief_executive", "community-council": "clerk"}


@pytest.mark.parametrize("cid", sorted(MOST_SENIOR))
def test_a_concern_about_the_most_senior_officer_names_no_one_junior_to_them(cid: str) -> None:
    c = council(cid)
    subject = MOST_SENIOR[cid]
    for raised_by in ("councillor", "employee"):
        answer = c.route(raised_by=raised_by, about=subject)
        handlers = [h.role for s in answer.steps for h in s.handlers]
        assert handlers, (raised_by, answer.message)
        for role in handlers:
            assert not c.roles.is_a(subject, role), (raised_by, role)
            assert c.seniority.conflict(subject, role) is None, (raised_by, role)


def test_a_complaint_about_the_chief_executive_goes_above_him_and_says_why() -> None:
    answer = council("principal-council").route(raised_by="councillor", about="chief_executive")
    first = answer.steps[0].handlers[0]
    assert first.role == "employment_committee" and first.instead_of == "head_of_service"
    assert first.why.startswith("the Chief Executive, the subject of the concern, is senior to the Head of Service "
                                "(Head of Service \u2192 Director \u2192 Chief Executive)")


def test_a_grievance_about_the_chair_of_the_personnel_committee_does_not_go_to_his_committee() -> None:
    c = council("compton-parish")
    answer = c.route(raised_by="employee", about="personnel_committee_chair")
    grievance = answer.step("grievance")
    assert [h.role for h in grievance.handlers] == ["council"]
    assert "chairs the Personnel Committee" in grievance.handlers[0].why
    informal = answer.step("informal")
    assert "senior_manager" not in [h.role for h in informal.handlers]
    assert any(n.startswith("Not the Appropriate senior manager: ") for n in informal.notes)


def test_the_route_command_names_no_one_junior_to_the_chief_executive() -> None:
    done = subprocess.run([sys.executable, "-m", "councilkit", "route", "principal-council", "--raised-by",
                           "councillor", "--about", "chief_executive"], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    handlers = [line.split("Handler: ", 1)[1] for line in done.stdout.splitlines() if "Handler: " in line]
    assert handlers == ["Appointment and employment committee or appeals committee panel"] * 2


def test_a_clause_that_states_an_exception_lists_it_among_its_norms() -> None:
    c = council("town-2016")
    assert [(n.kind, n.id) for n in c.norms_citing("4.2(a)")] == [
        ("exception", "no-private-use-of-resources/photocopying"),
        ("exception", "officers-not-provide-private-support/photocopying")]
