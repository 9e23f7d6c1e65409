"""``councilkit import``, run for real in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SEEDS = ROOT / "tests" / "seeds"
COMPTON = SEEDS / "000_fd4cc4c86449ee12.txt"
TOWN = SEEDS / "001_512089cfc3757461.txt"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COUNCILKIT_TODAY": "2026-11-23"}
    environ.pop("COUNCILKIT_COUNCILS", None)
    environ.pop("COUNCILKIT_LOAD_PLUGINS", None)
    return subprocess.run([sys.executable, "-m", "councilkit", *args], capture_output=True, text=True,
                          env=environ, cwd=cwd, timeout=60)


def compton(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run("import", str(COMPTON), "--id", "compton-parish", "--name", "Compton Parish Council",
               "--variant", "parish", *args, cwd=cwd)


def test_import_writes_a_council_that_validates_and_reports(tmp_path: Path) -> None:
    result = compton("--nation", "england", "--report", "report.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "compton-parish.toml"
    assert out.exists()
    assert (tmp_path / "report.txt").read_text("utf-8") in result.stdout
    assert "-> compton-parish.toml: council compton-parish, variant parish, 39 clauses" in result.stdout
    assert "Needs a person" in result.stdout and "I) is read as l)" in result.stdout
    assert "adopted     2020-06-15" in result.stdout
    checked = run("validate", str(out))
    assert checked.returncode == 0, checked.stdout
    assert "0 error(s)" in checked.stdout
    shown = json.loads(run("--councils", str(tmp_path), "show", "compton-parish", "4.2", "--json").stdout)
    assert shown["clause"]["heading"] == "Procedure for Councillors"
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "mine.toml"
    out.write_text("# a clerk's own edits\n", "utf-8")
    refused = compton("-o", str(out))
    assert refused.returncode == 2
    assert "mine.toml already exists; give --force" in refused.stderr
    assert out.read_text("utf-8") == "# a clerk's own edits\n"
    forced = compton("-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert 'id = "compton-parish"' in out.read_text("utf-8")


def test_output_to_standard_output_with_the_report_on_standard_error(tmp_path: Path) -> None:
    result = compton("-o", "-", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Compton Parish Council: Member/Officer Protocol")
    assert 'title = "Parish Clerk"' in result.stdout
    assert "Needs a person" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_json_report_dry_run_and_report_file(tmp_path: Path) -> None:
    saved = tmp_path / "report.json"
    result = run("import", str(TOWN), "--id", "town-2016", "--name", "Town Council", "--variant", "town",
                 "--dry-run", "--json", "--report", str(saved), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["output"] is None
    assert data["found"]["title"] == {"text": "Protocol on Officer and Member Relationships", "line": 5}
    assert {"line": 24, "text": "Reviewed and revised February 2016",
            "reason": "an adoption or revision record repeated on the page"} in data["found"]["dropped"]
    assert [c["id"] for c in data["found"]["clauses"]][:3] == ["1", "1.1", "1.2"]
    assert any(f["topic"] == "numbering" and "9.2" in f["message"] for f in data["needs_a_person"]["findings"])
    assert data["needs_a_person"]["proposed_rules"]
    assert json.loads(saved.read_text("utf-8")) == data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # dry run: no council file


def test_bad_input_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    cases = {
        "empty.txt": (b"", "empty.txt: the file is empty"),
        "latin1.txt": (b"1. Scope\n\n1.1 Caf\xe9.\n", "latin1.txt:3: the file is not UTF-8 text: byte 17 is 0xe9"),
        "scan.pdf": (b"%PDF-1.5\n\x00\x01", "scan.pdf: this is a PDF document, not text"),
        "binary.txt": (b"\x00\x01\x02\x03abc", "binary.txt:1: this does not look like a text document: byte 0"),
        "letter.txt": (b"Dear Clerk,\n\nPlease book the hall.\n", "letter.txt:1: no clause structure found"),
    }
    for name, (data, message) in cases.items():
        (tmp_path / name).write_bytes(data)
        result = run("import", name, "--id", "x", "--name", "X", "--variant", "parish", cwd=tmp_path)
        assert result.returncode == 1, (name, result.stderr)
        assert result.stderr.startswith("councilkit: " + message), (name, result.stderr)
        assert "Traceback" not in result.stderr
        assert not (tmp_path / "x.toml").exists(), name
    missing = run("import", "nope.txt", "--id", "x", "--name", "X", "--variant", "parish", cwd=tmp_path)
    assert missing.returncode == 1 and "nope.txt: no such file" in missing.stderr


def test_bad_arguments_are_refused_before_reading(tmp_path: Path) -> None:
    variant = run("import", str(COMPTON), "--id", "x", "--name", "X", "--variant", "parsh", cwd=tmp_path)
    assert variant.returncode == 2
    assert "unknown variant 'parsh' (did you mean 'parish'?)" in variant.stderr
    bad_id = run("import", str(COMPTON), "--id", "Compton Parish", "--name", "X", "--variant", "parish",
                 cwd=tmp_path)
    assert bad_id.returncode == 2 and "--id 'Compton Parish'" in bad_id.stderr
    nation = run("import", str(COMPTON), "--id", "x", "--name", "X", "--variant", "parish", "--nation", "france")
    assert nation.returncode == 2 and "--nation" in nation.stderr
    missing = run("import", str(COMPTON), "--name", "X", "--variant", "parish")
    assert missing.returncode == 2 and "--id" in missing.stderr
    nowhere = compton("-o", str(tmp_path / "no" / "such" / "dir.toml"))
    assert nowhere.returncode == 2 and "no such directory" in nowhere.stderr
    no_report_dir = compton("--dry-run", "--report", str(tmp_path / "missing" / "report.txt"))
    assert no_report_dir.returncode == 2 and "no such directory" in no_report_dir.stderr
    assert list(tmp_path.iterdir()) == []
