"""The ``councilkit`` command, run for real in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COUNCILKIT_TODAY": "2026-11-23", **env}
    environ.pop("COUNCILKIT_COUNCILS", None) if "COUNCILKIT_COUNCILS" not in env else None
    return subprocess.run([sys.executable, "-m", "councilkit", *args], capture_output=True, text=True,
                          env=environ, timeout=60)


def test_councils_lists_the_demo_councils_and_flags_overdue_reviews() -> None:
    result = run("councils")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "NAME", "TIER", "VARIANT", "ADOPTED", "REVIEW", "DUE"]
    compton = next(line for line in lines if line.startswith("compton-parish"))
    assert "2020-06-15" in compton and "2021-05-31 OVERDUE" in compton
    data = json.loads(run("councils", "--json").stdout)
    ids = {c["id"] for c in data["councils"]}
    assert ids == {"compton-parish", "town-2016", "langport-town", "principal-council", "community-council"}
    compton_json = next(c for c in data["councils"] if c["id"] == "compton-parish")
    assert compton_json["review_overdue"] is True and compton_json["variant"] == "parish"


def test_review_not_yet_due_is_not_flagged() -> None:
    result = run("councils", COUNCILKIT_TODAY="2021-01-04")
    compton = next(line for line in result.stdout.splitlines() if line.startswith("compton-parish"))
    assert "OVERDUE" not in compton


def test_show_a_clause_with_its_children_and_citing_norms() -> None:
    result = run("show", "compton-parish", "3.2")
    assert result.returncode == 0, result.stderr
    assert "Officers can expect from Councillors:" in result.stdout
    assert "Not to be subject to bullying" in result.stdout  # child 3.2(e)
    data = json.loads(run("show", "compton-parish", "4.2", "--json").stdout)
    assert data["clause"]["heading"] == "Procedure for Councillors"
    assert data["path"] == ["4"]
    kinds = {(n["kind"], n["id"]) for n in data["norms"]}
    assert ("route", "councillor-concern-about-officer") in kinds
    assert ("role", "personnel_committee_chair") in kinds


def test_show_the_whole_protocol() -> None:
    result = run("show", "langport-town")
    assert "Protocol on Councillors/ Officer / Employee Relations" in result.stdout
    assert "A Councillor may not knowingly inspect" in result.stdout
    data = json.loads(run("show", "langport-town", "--json").stdout)
    assert len(data["clauses"]) == 72


def test_unknown_council_and_clause_are_clear_refusals() -> None:
    result = run("show", "compton")
    assert result.returncode == 2
    assert "no council 'compton'" in result.stderr and "compton-parish" in result.stderr
    assert "Traceback" not in result.stderr
    result = run("show", "compton-parish", "4.3")
    assert result.returncode == 2 and "unknown clause '4.3'" in result.stderr and "Traceback" not in result.stderr


def test_validate_all_councils() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stdout
    assert "5 council files checked: 0 error(s), 4 warning(s)" in result.stdout


def test_validate_prints_every_error_and_exits_1(tmp_path: Path) -> None:
    malformed = ROOT / "tests" / "malformed"
    result = run("validate", str(malformed / "unknown-action.toml"), str(malformed / "unknown-nation.toml"))
    assert result.returncode == 1
    assert f"{malformed / 'unknown-action.toml'}:54: error: rule[no-pressure].action" in result.stdout
    assert f"{malformed / 'unknown-nation.toml'}:9: error: nation" in result.stdout
    assert "2 council files checked: 2 error(s)" in result.stdout
    data = json.loads(run("validate", "--json", str(malformed / "unknown-action.toml")).stdout)
    assert data["errors"] == 1 and data["problems"][0]["line"] == 54


def test_validate_a_directory_and_a_missing_path(tmp_path: Path) -> None:
    shutil.copy(ROOT / "councils" / "compton-parish.toml", tmp_path)
    assert run("validate", str(tmp_path)).returncode == 0
    missing = run("validate", str(tmp_path / "nope.toml"))
    assert missing.returncode == 1 and "no such file" in missing.stdout


def test_councils_dir_from_option_and_environment(tmp_path: Path) -> None:
    shutil.copy(ROOT / "councils" / "langport-town.toml", tmp_path)
    by_option = json.loads(run("--councils", str(tmp_path), "councils", "--json").stdout)
    assert [c["id"] for c in by_option["councils"]] == ["langport-town"]
    by_env = json.loads(run("councils", "--json", COUNCILKIT_COUNCILS=str(tmp_path)).stdout)
    assert [c["id"] for c in by_env["councils"]] == ["langport-town"]
    demo = json.loads(run("--demo", "councils", "--json", COUNCILKIT_COUNCILS=str(tmp_path)).stdout)
    assert len(demo["councils"]) == 5


def test_a_broken_file_among_councils_is_skipped_with_a_message(tmp_path: Path) -> None:
    shutil.copy(ROOT / "councils" / "langport-town.toml", tmp_path)
    shutil.copy(ROOT / "tests" / "malformed" / "unknown-action.toml", tmp_path)
    result = run("--councils", str(tmp_path), "councils")
    assert result.returncode == 0
    assert "langport-town" in result.stdout
    assert "skipped" in result.stderr and "unknown-action.toml" in result.stderr


def test_compare_sets_councils_side_by_side_on_a_topic() -> None:
    data = json.loads(run("compare", "concerns about the Clerk", "--limit", "1", "--json").stdout)
    first = {c["council"]: [cl["id"] for cl in c["clauses"]] for c in data["councils"]}
    assert first["compton-parish"] == ["4.2"]
    assert first["langport-town"] == ["1.8"]
    assert first["principal-council"] == []  # it has no Clerk
    text = run("compare", "concerns about the Clerk", "compton-parish")
    assert "Compton Parish Council:" in text.stdout and "[4.2] Procedure for Councillors" in text.stdout
    assert "Langport" not in text.stdout
    assert run("compare", "x", "nowhere").returncode == 2


# --- every number, date and file given is checked at the edge: one line naming it, never a traceback ----


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert run("--demo", "--db", str(path), "demo").returncode == 0
    return path


#: arguments out of range, and the words that name what was wrong
OUT_OF_RANGE = [
    (["route", "compton-parish", "--raised-by", "councillor", "--about", "clerk", "--on", "9999-12-31"],
     "Invalid value for '--on': 9999-12-31 is outside the dates councilkit works with"),
    (["case", "show", "99999999999999999999999"], "no case #99999999999999999999999"),
    (["--council", "compton-parish", "case", "list", "--page", "99999999999999999999"], "'--page'"),
    (["register", "due", "--within", "99999999999"], "Invalid value for '--within'"),
    (["register", "show", "99999999999999999999"], "Invalid value for 'ENTRY'"),
    (["register", "amend", "99999999999999999999", "notes=x", "-r", "why"], "Invalid value for 'ENTRY'"),
    (["register", "list", "compton-parish", "gifts_hospitality", "--before", "99999999999999999999"],
     "Invalid value for '--before'"),
    (["--as", "demo-alison.hartley", "case", "note", "2", "x", "--version", "99999999999999999999"],
     "Invalid value for '--version'"),
    (["compare", "clerk", "--limit", "99999999999999999999"], "Invalid value for '--limit'"),
    (["attention", "compton-parish", "--within", "99999999999999"], "Invalid value for '--within'"),
]


@pytest.mark.parametrize(("args", "words"), OUT_OF_RANGE, ids=[" ".join(a[:3]) for a, _ in OUT_OF_RANGE])
def test_a_number_or_date_out_of_range_is_refused_naming_it(demo_db: Path, args: list[str], words: str) -> None:
    result = run("--demo", "--db", str(demo_db), *args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert [line for line in result.stderr.splitlines() if words in line], result.stderr


def test_a_command_that_only_reads_creates_no_store(tmp_path: Path) -> None:
    db = tmp_path / "council.db"
    who = run("--db", str(db), "whoami")
    assert who.returncode == 0 and f"there is no store at {db} yet (nothing was created)" in who.stdout
    assert "init COUNCIL" in who.stdout and "docs/setup.md" in who.stdout
    seen = run("--db", str(db), "attention", "compton-parish")
    assert seen.returncode == 0 and "(what the public may see)" in seen.stdout
    assert "there is no store at" in seen.stderr and "no person has the login" not in seen.stderr
    assert run("--db", str(db), "register", "due").returncode == 0
    work = run("--db", str(db), "worklist")
    assert work.returncode == 2 and work.stderr.startswith(f"councilkit: there is no store at {db} yet")
    assert not list(tmp_path.iterdir())  # nothing written, not even SQLite's files


def test_files_and_folders_that_are_no_council_files_are_said_so(tmp_path: Path) -> None:
    (tmp_path / "x.toml").mkdir()
    named = run("validate", str(tmp_path / "x.toml"))
    assert named.returncode == 1
    assert f"{tmp_path / 'x.toml'}: error: a directory with no council file (*.toml) in it" in named.stdout
    inside = run("validate", str(tmp_path))
    assert inside.returncode == 1 and "a directory, not a council file" in inside.stdout
    for args in (["--councils", "/nonexistent", "councils"], ["councils", "--councils", "/nonexistent"],
                 ["--councils", "/nonexistent", "show", "compton-parish"]):
        result = run(*args)
        assert result.returncode == 1 and result.stdout == "", args
        assert result.stderr == "councilkit: no such file or directory of council files: /nonexistent\n", args
    assert "COUNCILKIT_COUNCILS names a directory that does not exist" in run(
        "councils", COUNCILKIT_COUNCILS="/nonexistent").stderr
