"""``councilkit check``, ``actions``, ``test`` and ``questions`` run for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from councilkit.councilfile import read_councils

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COUNCILKIT_TODAY": "2026-11-23", **env}
    environ.pop("COUNCILKIT_COUNCILS", None)
    return subprocess.run([sys.executable, "-m", "councilkit", *args], capture_output=True, text=True,
                          env=environ, timeout=60)


def test_check_prints_the_decision_and_where_it_says_so() -> None:
    result = run("check", "langport-town", "--actor", "councillor", "--action", "inspect_document",
                 "--ctx", "has_interest=true")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.splitlines()[1] == "FORBIDDEN"
    assert "when the Councillor has a professional, personal or pecuniary interest" in out.splitlines()[0]
    assert "Overridden:\n  inspect-documents-for-duties (permit, 2.5)" in out
    assert "[2.6]" in out and "A Councillor may not knowingly inspect" in out


def test_check_json_names_the_facts_that_would_settle_it() -> None:
    result = run("check", "principal-council", "--actor", "chair", "--action", "contact_out_of_hours",
                 "--target", "chief_executive", "--json")
    data = json.loads(result.stdout)
    assert data["outcome"] == "conditional"
    assert set(data["facts"]) == {"urgent", "prior_arrangement"}
    assert data["request"] == {"actor": "chair", "action": "contact_out_of_hours", "target": "chief_executive",
                               "context": {}}


def test_check_all_answers_side_by_side() -> None:
    result = run("check", "--all", "--actor", "councillor", "--action", "instruct", "--target", "junior_officer",
                 "--ctx", "acting_individually=yes", "--json")
    answers = {a["council"]: a.get("outcome") for a in json.loads(result.stdout)["answers"]}
    assert answers == {"compton-parish": "conditional", "town-2016": "not_covered", "langport-town": "forbidden",
                       "principal-council": "conditional", "community-council": "not_covered"}
    text = run("check", "--all", "--actor", "clerk", "--action", "lobby", "--target", "councillor")
    assert text.returncode == 0
    assert "cannot ask" in text.stdout.lower() and "it has no role 'clerk'" in text.stdout  # no clerk in principal
    # one council's missing name is said in a line, without listing all of its roles
    assert "valid roles" not in text.stdout and "chief_executive" not in text.stdout
    assert "ask it alone to see its roles: python -m councilkit check principal-council ..." in " ".join(
        text.stdout.split())


def test_check_refuses_typos_with_the_valid_names() -> None:
    result = run("check", "compton-parish", "--actor", "councillor", "--action", "instruct", "--ctx", "urgent=true")
    assert result.returncode == 2
    assert "unknown context attribute 'urgent' of action 'instruct'" in result.stderr
    assert "within_authority" in result.stderr and "Traceback" not in result.stderr
    bad_value = run("check", "langport-town", "--actor", "councillor", "--action", "inspect_document",
                    "--ctx", "has_interest=maybe")
    assert bad_value.returncode == 1 and "expected true or false, got 'maybe'" in bad_value.stderr
    no_council = run("check", "--actor", "councillor", "--action", "lobby")
    assert no_council.returncode == 2 and "--all" in no_council.stderr


def test_actions_lists_what_can_be_asked() -> None:
    result = run("actions", "principal-council")
    assert "contact_out_of_hours: contact {target} at home outside normal working hours" in result.stdout
    assert "--ctx urgent=...  (bool)" in result.stdout
    data = json.loads(run("actions", "principal-council", "--json").stdout)
    by_id = {a["id"]: a for a in data["actions"]}
    assert "out-of-hours-contact" in by_id["contact_out_of_hours"]["rules"]
    assert "request_explanation" in by_id  # the principal variant's own action


def test_test_runs_every_example_and_fails_on_a_wrong_one(tmp_path: Path) -> None:
    result = run("test")
    assert result.returncode == 0, result.stdout[-500:]
    examples = sum(len(c.examples) + len(c.route_examples) for c in read_councils()[0])  # rules' and routes'
    assert examples > 100 and result.stdout.rstrip().endswith(f"{examples} examples, 0 failed")
    broken = tmp_path / "langport-town.toml"
    shutil.copy(ROOT / "councils" / "langport-town.toml", broken)
    text = broken.read_text("utf-8")
    at = text.index('id = "brothers-planning-file"')
    text = text[:at] + text[at:].replace('expect = "forbidden"', 'expect = "permitted"', 1)
    broken.write_text(text, "utf-8")
    failed = run("test", str(broken))
    assert failed.returncode == 1
    assert "FAIL  langport-town  brothers-planning-file" in failed.stdout
    assert "expected permitted citing 2.6, got forbidden citing 2.6, 2.5" in failed.stdout


def test_questions_writes_the_markdown(tmp_path: Path) -> None:
    out = tmp_path / "q.md"
    assert run("questions", "compton-parish", "-o", str(out)).returncode == 0
    text = out.read_text("utf-8")
    assert text.startswith("# The questions each council's protocol answers")
    assert "## Compton Parish Council (`compton-parish`)" in text and "Langport" not in text
