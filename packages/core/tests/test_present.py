"""What both front ends show: a case's state, dates and times, shortened text, who handles a step."""

from __future__ import annotations

from pathlib import Path

import pytest

from councilkit import people as P
from councilkit.cases import Actor
from councilkit.people.identity import Identity
from councilkit.present.words import (
    acting_note,
    case_state,
    case_state_words,
    cut,
    date_text,
    handler_text,
    obligation_state,
    outcome_words,
    requirement_state,
    state_word,
    step_status,
    when,
)
from councilkit.routing import preview, resolve_route

from support import COMPTON, TODAY, D, World, make_world


@pytest.fixture
def w(tmp_path: Path) -> World:
    world = make_world(tmp_path / "present.db")
    yield world
    world.store.close()


def test_a_case_says_its_state_in_words_as_it_moves_and_falls_late(w: World) -> None:
    case = w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], on=D(2026, 11, 2)).case
    assert case_state(case, D(2026, 11, 3)).startswith("open at step 'informal', handled by Sam Senior, due in ")
    assert case_state_words(case, D(2026, 11, 3)) == ["OPEN"] and state_word(case, D(2026, 11, 3)) == "open"
    late = case_state(case, TODAY)
    assert "OVERDUE by" in late and late.endswith(f"({case.current.deadline.due})")  # type: ignore[union-attr]
    assert case_state_words(case, TODAY) == ["OPEN", "OVERDUE"] and state_word(case, TODAY) == "OVERDUE"
    summary = w.book.list(Actor(w["Ann"]), on=TODAY).cases[0]
    assert state_word(summary, TODAY) == "OVERDUE"  # a case in a list says it the same way
    assert step_status(case.steps[0]) == "in progress"
    case = w.book.record_outcome(case, w["Sam"], "not_resolved").case
    assert step_status(case.steps[0]) == "outcome Not resolved"
    case = w.book.close(case, w["Ann"], why="The officer withdrew it", withdrawn=True).case
    assert case_state(case, TODAY) == "closed (withdrawn)"
    assert case_state_words(case, TODAY) == ["CLOSED", "WITHDRAWN"]


def test_who_handles_a_step_and_why_them(w: World) -> None:
    answer = resolve_route(COMPTON, raised_by="councillor", about="clerk")
    holders = P.Directory(w.store, COMPTON).holders
    first = preview(COMPTON, answer, holders, TODAY, {w["Ann"].id: "subject", w["Colin"].id: "complainant"})[0]
    assert handler_text(first.assignment, COMPTON).startswith(
        "Pat Chair (Chairman of the Personnel Committee): Ann Clerk, the Parish Clerk, is the subject of the concern")
    plain = preview(COMPTON, answer, holders, TODAY, {w["Colin"].id: "complainant"})[0]
    assert handler_text(plain.assignment, COMPTON) == "Ann Clerk (Parish Clerk)"


def test_how_the_person_at_the_keyboard_acts(w: World) -> None:
    ann = w["Ann"]
    assert acting_note(Identity("ann", ann, ann), Actor(ann)) == ""
    assert acting_note(Identity("root", ann, None, acting_as=True), Actor(ann, recorded_by="root")) == (
        "acting as them, recorded as root")
    assert acting_note(Identity("kim", None, None, demo_admin=True), Actor(ann, recorded_by="kim")) == (
        "demo: login kim acts as this council's case officer")
    assert acting_note(Identity("kim", None, None), None) == ""


def test_text_dates_and_times() -> None:
    assert cut("Society of  Local\nCouncil Clerks", 40) == "Society of Local Council Clerks"
    assert cut("Society of Local Council Clerks", 10) == "Society o…" and len(cut("x" * 50, 10)) == 10
    assert when("2026-11-23T10:31:02.123456+00:00") == "2026-11-23 10:31 UTC"
    assert when("2026-11-23") == "2026-11-23"
    assert date_text(D(2026, 11, 23)) == "2026-11-23" and date_text(None) == "-" and date_text(None, "") == ""
    assert outcome_words("not_covered") == "NOT COVERED" and outcome_words("permitted") == "PERMITTED"
    assert requirement_state(True) == "done" and requirement_state(False, "nobody holds the role") == (
        "waived: nobody holds the role")
    assert requirement_state(False) == "OUTSTANDING"
    assert obligation_state(True) == "discharged" and obligation_state(False) == "OUTSTANDING"


# --- JSON: the one converter ---------------------------------------------------------------------


def test_every_json_hook_finds_exactly_one_class_in_its_package() -> None:
    import importlib
    import pkgutil

    from councilkit.present.json import hooked_names

    for package, name in hooked_names():
        root = importlib.import_module(package)
        modules = [root] + [importlib.import_module(m.name) for m in
                            pkgutil.walk_packages(getattr(root, "__path__", []), prefix=f"{package}.")]
        found = {id(cls) for m in modules if isinstance(cls := vars(m).get(name), type)
                 and cls.__module__.startswith(package)}
        assert len(found) == 1, (package, name, len(found))


def test_json_data_dates_lists_paths_and_the_schema_first(w: World) -> None:
    from councilkit.present.json import SCHEMA, document, dumps, unstructure

    data = unstructure({"on": D(2026, 11, 23), "ids": (1, 2), "roles": frozenset({"clerk"}),
                        "where": Path("/tmp/x.db"), "who": w["Ann"]})
    assert data == {"on": "2026-11-23", "ids": [1, 2], "roles": ["clerk"], "where": "/tmp/x.db",
                    "who": {"id": w["Ann"].id, "name": "Ann Clerk", "login": "ann", "email": None, "version": 1}}
    assert list(document({"a": 1})) == ["schema", "a"] and document({"a": 1})["schema"] == SCHEMA == 1
    assert dumps(w["Ann"]).startswith('{\n  "schema": 1,\n  "id": ')
    with pytest.raises(TypeError, match="wrap it in a dict"):
        document([w["Ann"]])


def test_a_cases_json_state_is_judged_on_the_day_given(w: World) -> None:
    from councilkit.present.json import unstructure

    case = w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], on=D(2026, 11, 2)).case
    early, late = unstructure(case, today=D(2026, 11, 3)), unstructure(case, today=TODAY)
    assert (early["status"], early["state"], early["steps"][0]["overdue"]) == ("open", "open", False)
    assert (late["state"], late["steps"][0]["overdue"]) == ("overdue", True)
    assert late["steps"][0]["deadline"]["status"].startswith("OVERDUE by")
    assert late["complainant"] == {"id": w["Olive"].id, "name": "Olive Officer"}
    assert unstructure(case)["state"] == "overdue"  # default: councilkit.settings.today(), fixed by the tests


def test_a_register_kind_is_shown_as_its_council_keeps_it(w: World) -> None:
    from councilkit.present.json import unstructure
    from councilkit.registers import Registers

    regs = Registers(w.store, COMPTON, today=TODAY)
    gifts = regs.kind("gifts_hospitality")
    data = unstructure(gifts, registers=regs)
    assert data["cite"] == ["1.2", "3.2(g)"] and {"role": "clerk", "title": "Parish Clerk"} in data["visible_to"]
    assert {s["id"]: s["value"] for s in data["settings"]}["threshold"] == "£50.00"
    with pytest.raises(ValueError, match="registers="):
        unstructure(gifts)


def test_json_never_carries_what_a_terminal_would_act_on() -> None:
    """Stored text may hold escape sequences; --json prints them as \\u escapes, and the data survive."""
    import json

    from councilkit.present.json import dumps

    hostile = "note\x1b[2J\x9b31m\u202egnp.exe\x7f\u2028end"
    text = dumps({"note": hostile})
    assert all(ch not in text for ch in "\x1b\x9b\u202e\x7f\u2028")
    assert json.loads(text)["note"] == hostile
