"""The councils' registers, the register parts of the council file format, and the docs' examples."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import types
from pathlib import Path

import attrs
import pytest

import councilkit
from councilkit import hookimpl, people
from councilkit.councilfile import read_council_text
from councilkit.plugins import Registry
from councilkit.registers import Clock, Field, RegisterKind, Registers
from councilkit.store import open_store

DOCS = Path(__file__).resolve().parents[1] / "docs"

BASE = textwrap.dedent('''\
    schema = 1
    id = "ashby-parish"
    name = "Ashby Parish Council"
    tier = "parish"
    nation = "england"
    variant = "parish"

    [protocol]
    title = "Protocol"

    [[clause]]
    id = "1.7"
    text = "Councillors abide by the Code of Conduct."

    [[clause]]
    id = "7.2"
    text = "The Clerk lends the hall keys only for a booking, and keeps a register of them."
    ''')


def kept(council: councilkit.Council) -> dict[str, tuple[str, ...]]:
    return {u.kind: u.cite for u in council.registers}


def test_each_council_keeps_the_registers_its_text_implies(councils: dict[str, councilkit.Council]) -> None:
    assert kept(councils["langport-town"]) == {
        "officer_interests": ("3.3",), "training": ("4.p1.b5",), "document_inspections": ("2.5", "2.6"),
        "gifts_hospitality": ("1.7",)}
    town = kept(councils["town-2016"])
    assert town["media_assistance"] == ("9.2", "9.3") and town["delegated_decisions"] == ("5.1",)
    assert set(town) == {"briefings", "information_given", "external_meetings", "media_assistance",
                         "delegated_decisions", "training", "gifts_hospitality"}
    assert set(kept(councils["principal-council"])) == {"relationships", "information_requests", "briefings",
                                                        "gifts_hospitality"}
    assert kept(councils["compton-parish"]) == {"training": ("3.1(i)",), "gifts_hospitality": ("1.2", "3.2(g)")}
    assert kept(councils["community-council"]) == {"training": ("3.1.b9",), "gifts_hospitality": ("3.2.b7",)}
    for council in councils.values():  # each clause cited shows the register among its norms
        for use in council.registers:
            assert any(n.kind == "register" and n.id == use.kind for n in council.norms_citing(use.cite[0]))


def test_the_issues_kinds_all_exist(councils: dict[str, councilkit.Council]) -> None:
    from councilkit.plugins import default_registry

    registry = default_registry()
    everywhere = set(registry.register_kinds_for(None))
    assert everywhere == {"training", "gifts_hospitality", "document_inspections"}
    assert {"relationships", "officer_interests", "information_requests", "briefings", "external_meetings",
            "media_assistance", "delegated_decisions"} <= set(registry.register_kinds_for("town")) | set(
        registry.register_kinds_for("principal"))
    relationships = registry.register_kinds_for("principal")["relationships"]
    assert relationships.confidential and relationships.field("notified_to").choices == ("director", "chief_executive")
    assert {"guidance", "mitigation", "review_on"} <= {f.id for f in relationships.fields}
    requests = registry.register_kinds_for("principal")["information_requests"]
    assert {"purpose", "requested_on", "due_on", "outcome", "chair_advised"} <= {f.id for f in requests.fields}
    decisions = registry.register_kinds_for("town")["delegated_decisions"]
    assert {"decision", "reasons", "alternatives_rejected", "conflicts_declared", "published_on"} <= {
        f.id for f in decisions.fields}


def test_the_principal_council_sets_its_gift_settings(councils: dict[str, councilkit.Council]) -> None:
    use = next(u for u in councils["principal-council"].registers if u.kind == "gifts_hospitality")
    assert use.settings == {"threshold": "£50", "days": 28}


# ---------------------------------------------------------------------------
# the file format: strict, every error on its line


def problems_of(text: str, registry: Registry | None = None) -> list[str]:
    council, problems = read_council_text(BASE + text, "ashby-parish.toml", registry)
    errors = [str(p) for p in problems if p.is_error]
    assert (council is None) == bool(errors)
    return errors


def test_register_settings_are_checked_by_name_and_type() -> None:
    errors = problems_of(textwrap.dedent('''\
        [[register]]
        kind = "gifts_hospitality"
        cite = ["1.7"]
        settings = { threshold = 50, dayz = 28, days = "28" }
        '''))
    line = BASE.count("\n") + 4
    assert f"ashby-parish.toml:{line}: error: register[gifts_hospitality].settings.threshold: threshold (Value at or " \
           "above which it must be registered): expected an amount of money written as text with a £, such as " \
           "\"£50\" (a bare number could be pounds or pence), got the number 50" in errors
    assert any("settings.dayz: unknown setting 'dayz' for register kind 'gifts_hospitality'; its settings: "
               "threshold, days" in e for e in errors)
    assert any("settings.days: days (Days to register it): expected a whole number, 0 or more, got the text '28'" in e
               for e in errors)
    assert problems_of('[[register]]\nkind = "gifts_hospitality"\ncite = ["1.7"]\nsettings = { threshold = "£25" }\n') == []


HALL_KEYS = textwrap.dedent('''\
        [[register_kind]]
        id = "hall_keys"
        title = "Hall keys"
        columns = ["holder", "nope"]

          [[register_kind.field]]
          id = "holder"
          label = "Holder"
          type = "person"
          sensitive = true

          [[register_kind.field]]
          id = "issued_on"
          label = "Issued"
          type = "date"

          [[register_kind.rule]]
          id = "odd"
          when = { holder = true }
          not_before = { issued_on = "holder" }

          [[register_kind.clock]]
          id = "return"
          label = "Return"
          days = 3
          due = "holder"

          [register_kind.policy]
          action = "inspect_document"
          actor = "councillor"
          context = { has_interest = "interest" }
          colour = "red"
        ''')


def test_a_council_kind_is_checked_where_it_is_written() -> None:
    errors = problems_of(HALL_KEYS)
    text = "\n".join(errors)
    assert "register_kind[hall_keys].policy.colour: unknown key 'colour'; allowed keys: action, actor" in text
    fixed = problems_of(HALL_KEYS.replace('  colour = "red"\n', ""))
    messages = {re.sub(r"^ashby-parish\.toml:\d+: error: ", "", e) for e in fixed}
    assert "register_kind[hall_keys].columns: columns names field 'nope', which this kind lacks" in messages
    assert "register_kind[hall_keys].rule[odd].when.holder: holder is a person field: expected a person, got True" \
        in messages
    assert any("rule 'odd' names field 'holder', which is a person field; it must be a date field" in m
               for m in messages)
    assert any("clock 'return' names field 'holder', which is a person field; it must be a date field" in m
               for m in messages)
    assert any("context 'has_interest' takes its value from field 'interest', which this kind lacks" in m
               for m in messages)
    assert any("the policy check's outcome_field names field 'decision', which this kind lacks" in m for m in messages)
    assert any("has confidential entries or sensitive fields, so it must say who may see them: visible_to" in m
               for m in messages)
    lines = {int(m.group(1)) for e in fixed if (m := re.match(r"ashby-parish\.toml:(\d+):", e))}
    assert len(lines) >= 5  # each problem on its own table's line, not all on the first


def test_a_plugins_broken_kind_is_reported_where_a_council_turns_it_on() -> None:
    plugin = types.ModuleType("councilkit_broken_kinds")

    @hookimpl
    def register_register_kinds(register):  # type: ignore[no-untyped-def]
        register(RegisterKind("keys", "Keys", (Field("holder", "Holder", "person"),),
                              clocks=(Clock("c", "Return", start="returned_on", days=3),)))

    plugin.register_register_kinds = register_register_kinds  # type: ignore[attr-defined]
    registry = Registry.build(extra=[("broken", plugin)])
    errors = problems_of('[[register]]\nkind = "keys"\ncite = ["7.2"]\n', registry)
    assert len(errors) == 1 and f"ashby-parish.toml:{BASE.count(chr(10)) + 1}:" in errors[0]
    assert "register kind 'keys' cannot be used: clock.0: clock 'c' names field 'returned_on', which this kind " \
           "lacks" in errors[0]


def test_a_kind_naming_roles_or_actions_the_council_lacks_is_refused() -> None:
    plugin = types.ModuleType("councilkit_other_roles")

    @hookimpl
    def register_register_kinds(register):  # type: ignore[no-untyped-def]
        from councilkit.registers import media_assistance
        register(attrs.evolve(media_assistance(("town_crier",)), id="press_help"))

    plugin.register_register_kinds = register_register_kinds  # type: ignore[attr-defined]
    registry = Registry.build(extra=[("crier", plugin)])
    assert registry.problems == []
    errors = problems_of('[[register]]\nkind = "press_help"\ncite = ["7.2"]\n', registry)
    assert any("names role 'town_crier', which this council does not have" in e for e in errors)


# ---------------------------------------------------------------------------
# the docs' examples work as written


def _toml_blocks(name: str) -> list[str]:
    return re.findall(r"```toml\n(.*?)```", (DOCS / name).read_text("utf-8"), re.S)


def test_the_schema_guides_register_kind_example_loads_and_works(tmp_path: Path) -> None:
    block = next(b for b in _toml_blocks("schema.md") if 'id = "hall_keys"' in b)
    council, problems = read_council_text(BASE + block, "ashby-parish.toml")
    assert council is not None, [str(p) for p in problems]
    kind = council.register_kinds["hall_keys"]
    assert kind.keepers == ("clerk",) and kind.field("deposit").sensitive
    store = open_store(tmp_path / "keys.db")
    clerk = people.add_person(store, "Pam Clerk", "pam")
    people.appoint(store, clerk, council, "clerk", dt.date(2020, 1, 1))
    regs = Registers(store, council, today=dt.date(2026, 11, 23))
    assert regs.settings("hall_keys") == {"loan_days": 14, "large_deposit": 2000}
    big = regs.add("hall_keys", {"holder": "pam", "issued_on": "2026-11-01", "deposit": "£25"}, clerk)
    regs.add("hall_keys", {"holder": "pam", "issued_on": "2026-11-01", "deposit": "£5"}, clerk)
    lost = regs.add("hall_keys", {"holder": "pam", "issued_on": "2026-11-02", "lost": "yes"}, clerk)
    assert [(d.entry.id, d.state.due_on) for d in regs.due(clerk)] == [(big.id, dt.date(2026, 11, 15))]
    assert lost.confidential and not big.confidential
    policy = next(b for b in _toml_blocks("schema.md") if "[register_kind.policy]" in b)
    assert 'action = "inspect_document"' in policy


def test_the_registers_guides_sdk_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    guide = (DOCS / "registers.md").read_text("utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", guide, re.S) if "Registers(" in b)
    monkeypatch.chdir(tmp_path)
    store = open_store(tmp_path / "councilkit.db")
    council = councilkit.load_council("town-2016")
    jsmith = people.add_person(store, "Jane Smith", "jsmith")
    people.add_person(store, "Ann Member", "ann")
    people.appoint(store, jsmith, council, "clerk", dt.date(2020, 1, 1))
    store.close()
    namespace: dict[str, object] = {}
    exec(compile(block, "registers.md", "exec"), namespace)
    assert namespace["entry"].values["provider"] == "SLCC"  # type: ignore[attr-defined]
