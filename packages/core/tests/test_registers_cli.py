"""``councilkit register ...`` run for real, in subprocesses, against a real store."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import councilkit
from councilkit import people
from councilkit.people.admin import init_deployment
from councilkit.people.identity import login_name
from councilkit.store import open_store

START = dt.date(2020, 1, 1)


def run(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COUNCILKIT_TODAY": "2026-11-23", "COUNCILKIT_DB": str(db), **env}
    environ.pop("COUNCILKIT_COUNCILS", None)
    return subprocess.run([sys.executable, "-m", "councilkit", *args], capture_output=True, text=True,
                          env=environ, timeout=60)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store where the login running the tests is the Town Clerk of town-2016, and Ann is a councillor."""
    path = tmp_path / "cli.db"
    store = open_store(path)
    council = councilkit.load_council("town-2016")
    init_deployment(store, [council])  # the account running the tests is its administrator
    clerk = people.add_person(store, "Tom Clerk", login_name())
    ann = people.add_person(store, "Ann Member", "ann")
    people.appoint(store, clerk, council, "clerk", START)
    people.appoint(store, ann, council, "councillor", START)
    store.close()
    return path


GIFT = ("recipient=Ann Member", "gift_or_hospitality=hospitality", "description=Dinner at the civic ball",
        "offered_by=Acme Ltd", "value=£75", "received_on=01/10/2026", "accepted=yes")


def test_kinds_lists_the_registers_and_the_clauses_that_imply_them(db: Path) -> None:
    result = run(db, "register", "kinds", "town-2016")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["KIND", "TITLE", "ENTRIES", "CLAUSES"]
    media = next(x for x in lines if x.startswith("media_assistance"))
    assert "9.2, 9.3" in media
    assert any(x.startswith("delegated_decisions") and x.endswith("5.1") for x in lines)
    one = run(db, "register", "kinds", "town-2016", "gifts_hospitality")
    assert "recipient" in one.stdout and "(required)" in one.stdout
    assert "threshold = £50.00" in one.stdout and "due 28 days after received_on" in one.stdout
    data = json.loads(run(db, "register", "kinds", "langport-town", "--json").stdout)
    inspections = next(k for k in data["kinds"] if k["id"] == "document_inspections")
    assert inspections["cite"] == ["2.5", "2.6"] and inspections["policy"]["action"] == "inspect_document"


def test_add_show_amend_history(db: Path) -> None:
    added = run(db, "register", "add", "town-2016", "gifts_hospitality", *GIFT, "--json")
    assert added.returncode == 0, added.stderr
    entry = json.loads(added.stdout)["entry"]
    assert entry["entry"] == 1 and entry["values"]["value"] == 7500 and entry["recorded_by_name"] == "Tom Clerk"
    assert entry["clocks"][0]["status"] == "OVERDUE by 25 calendar days"
    shown = run(db, "register", "show", "1")
    assert "Entry #1: Gifts and hospitality" in shown.stdout and "£75.00" in shown.stdout
    assert "Notify the gift or hospitality for the register: OVERDUE by 25 calendar days (due 2026-10-29" in shown.stdout
    refused = run(db, "register", "amend", "1", "notified_on=2026-11-21")
    assert refused.returncode == 2 and "say why you amend entry #1 (--reason)" in refused.stderr
    amended = run(db, "register", "amend", "1", "notified_on=2026-11-21", "--reason", "Registered by the member")
    assert amended.returncode == 0, amended.stderr
    assert "now version 2; version 1 is kept" in amended.stdout and "23 calendar days late" in amended.stdout
    history = run(db, "register", "history", "1")
    assert "Version 1: added" in history.stdout and "Version 2: amended" in history.stdout
    assert "Date notified for the register: (empty) -> 2026-11-21" in history.stdout
    versions = json.loads(run(db, "register", "history", "1", "--json").stdout)["versions"]
    assert [v["version"] for v in versions] == [1, 2] and "notified_on" not in versions[0]["values"]
    stale = run(db, "register", "amend", "1", "notes=late", "--reason", "x", "--if-version", "1")
    assert stale.returncode == 2 and "not 1: someone changed it" in stale.stderr


def test_a_bad_entry_names_every_field_and_writes_nothing(db: Path) -> None:
    result = run(db, "register", "add", "town-2016", "gifts_hospitality", "recipient=Bob", "value=fifty",
                 "colour=red", "received_on=31/02/2026")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "the entry was not saved" in result.stderr
    for expected in ("field 'recipient': Member or officer: no person 'Bob'",
                     "field 'value': Estimated value: expected an amount of money",
                     "field 'colour': Gifts and hospitality has no field 'colour'",
                     "field 'received_on': Date offered or received: '31/02/2026' is not a real date",
                     "field 'accepted': Accepted is required: yes or no"):
        assert expected in result.stderr
    as_json = run(db, "register", "add", "town-2016", "gifts_hospitality", "value=fifty", "--json")
    assert as_json.returncode == 2
    fields = {p["field"] for p in json.loads(as_json.stdout)["problems"]}
    assert {"value", "recipient", "description"} <= fields
    before = run(db, "--json", "register", "add", "town-2016", "gifts_hospitality", "value=fifty")
    refusal = json.loads(before.stdout)
    assert before.returncode == 2 and list(refusal)[:3] == ["schema", "ok", "error"] and refusal["ok"] is False
    assert {p["field"] for p in refusal["problems"]} == fields
    malformed = run(db, "register", "add", "town-2016", "gifts_hospitality", "value")
    assert malformed.returncode == 2 and "give each field as FIELD=VALUE" in malformed.stderr
    assert json.loads(run(db, "register", "list", "town-2016", "gifts_hospitality", "--json").stdout)["total"] == 0


def test_list_pages_newest_first(db: Path) -> None:
    for n in range(3):
        assert run(db, "register", "add", "town-2016", "training", "person=ann", f"course=Course {n}",
                   "completed_on=2026-01-05").returncode == 0
    first = run(db, "register", "list", "town-2016", "training", "--limit", "2")
    assert "Training records at" in first.stdout and "3 current entries" in first.stdout
    body = [x.split()[0] for x in first.stdout.splitlines()[3:5]]
    assert body == ["3", "2"]
    assert "more: python -m councilkit register list town-2016 training --before 2" in first.stdout
    data = json.loads(run(db, "register", "list", "town-2016", "training", "--limit", "2", "--before", "2",
                          "--json").stdout)
    assert [e["entry"] for e in data["entries"]] == [1] and data["next_before"] is None


def test_search_and_due(db: Path) -> None:
    run(db, "register", "add", "town-2016", "gifts_hospitality", *GIFT)
    run(db, "register", "add", "town-2016", "external_meetings", "officer=Tom Clerk", "met_with=County councillors",
        "organisation=County Council", "met_on=2026-11-16")
    found = run(db, "register", "search", "town-2016", "civic", "ball")
    assert found.returncode == 0 and found.stdout.startswith("#1  Gifts and hospitality")
    assert "[civic] [ball]" in found.stdout
    nothing = run(db, "register", "search", "town-2016", "zebra")
    assert "Nothing in" in nothing.stdout
    due = run(db, "register", "due", "town-2016")
    lines = due.stdout.splitlines()
    assert lines[0].split()[:3] == ["DUE", "STATUS", "ENTRY"]
    assert "2026-10-29  OVERDUE by 25 calendar days" in lines[2] and "Notify the gift or hospitality for the register" in lines[2]
    assert "#2" not in due.stdout  # the meeting's report is due on 14 December: not within 14 days
    later = json.loads(run(db, "register", "due", "--within", "30", "--json").stdout)
    assert [(d["entry"], d["clock"]) for d in later["due"]] == [(1, "register"), (2, "report")]


def test_confidential_entries_and_who_is_looking(db: Path) -> None:
    added = run(db, "register", "add", "town-2016", "media_assistance", "member=ann", "officer=Tom Clerk",
                "requested_on=2026-11-20", "subject=Park closure statement", "factual=no",
                "adverse_to_council=yes", "confidential_basis=yes")
    assert added.returncode == 0, added.stderr
    assert "(current, confidential)" in added.stdout and "Policy engine: FORBIDDEN, citing 9.3" in added.stdout
    as_ann = run(db, "--as", "ann", "register", "show", "1")
    assert as_ann.returncode == 2 and "entry #1 is confidential: only Town Clerk may see it" in as_ann.stderr
    listed = run(db, "--as", "ann", "register", "list", "town-2016", "media_assistance")
    assert "0 current entries" in listed.stdout and "confidential entries are not listed" in listed.stdout
    assert "Nothing in" in run(db, "--as", "ann", "register", "search", "town-2016", "park").stdout
    assert "#1" in run(db, "register", "search", "town-2016", "park").stdout
    nobody = tmp_db_without_me(db)
    public = run(nobody, "register", "search", "town-2016", "park")
    assert "you see what the public may see" in public.stderr and "Nothing in" in public.stdout


def tmp_db_without_me(db: Path) -> Path:
    """The same store, but nobody has the login running the tests."""
    store = open_store(db)
    with store.write() as conn:
        conn.execute("UPDATE people SET login = 'tom' WHERE login = ?", (login_name(),))
    store.close()
    return db


def test_withdraw_and_unknown_entries(db: Path) -> None:
    run(db, "register", "add", "town-2016", "gifts_hospitality", *GIFT)
    withdrawn = run(db, "register", "amend", "1", "--withdraw", "--reason", "entered twice")
    assert withdrawn.returncode == 0 and "Withdrew entry #1 (version 2); its history is kept." in withdrawn.stdout
    assert "No entries." in run(db, "register", "list", "town-2016", "gifts_hospitality").stdout
    assert "(withdrawn)" in run(db, "register", "list", "town-2016", "gifts_hospitality", "--status", "all").stdout
    missing = run(db, "register", "show", "99")
    assert missing.returncode == 2 and missing.stderr.strip() == "councilkit: no register entry #99"
    unknown = run(db, "register", "list", "town-2016", "gifts_hospitalty")
    assert unknown.returncode == 2 and "did you mean 'gifts_hospitality'" in unknown.stderr


def test_export_to_a_file_is_whole_and_the_working_copy_private(db: Path, tmp_path: Path) -> None:
    run(db, "register", "add", "town-2016", "gifts_hospitality", *GIFT)
    out = tmp_path / "working.csv"
    exported = run(db, "register", "export", "town-2016", "gifts_hospitality", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert "working copy, csv, 1 entry" in exported.stderr
    to_stdout = run(db, "register", "export", "town-2016", "gifts_hospitality")
    assert out.read_text("utf-8") == to_stdout.stdout and "recorded_by" in to_stdout.stdout
    assert out.stat().st_mode & 0o077 == 0  # names and sensitive values: the owner's alone
    before = out.read_bytes()
    nowhere = run(db, "register", "export", "town-2016", "gifts_hospitality", "-o", str(tmp_path / "no" / "x.csv"))
    assert nowhere.returncode != 0 and "cannot write" in nowhere.stderr and "Traceback" not in nowhere.stderr
    wrong = run(db, "register", "export", "town-2016", "gifts_hospitalty", "-o", str(out))
    assert wrong.returncode == 2 and out.read_bytes() == before  # a refused export leaves the old file
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no temporary left


def test_export_and_import(db: Path, tmp_path: Path) -> None:
    run(db, "register", "add", "town-2016", "gifts_hospitality", *GIFT, "notes==SUM(A1)")
    out = tmp_path / "gifts.csv"
    exported = run(db, "register", "export", "town-2016", "gifts_hospitality", "--publication", "-o", str(out))
    assert exported.returncode == 0 and "publication copy" in exported.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert rows[0]["entry"] == "1" and rows[0]["notes"] == "'=SUM(A1)" and "recorded_by" not in rows[0]
    md = run(db, "register", "export", "town-2016", "gifts_hospitality", "--format", "md")
    assert md.stdout.startswith("# Gifts and hospitality") and "| 1 | 1 | current |" in md.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text("recipient,gift_or_hospitality,description,offered_by,value,received_on,accepted\n"
                   "ann,gift,Pen,Stationers,£5,2026-11-01,yes\n"
                   "ann,gift,Wine,Vintner,£30.001,2026-11-01,yes\n", "utf-8")
    refused = run(db, "register", "import", "town-2016", "gifts_hospitality", str(bad))
    assert refused.returncode == 2 and "nothing was imported: 1 problem" in refused.stderr
    assert "row 3: field 'value'" in refused.stderr
    good = tmp_path / "good.csv"
    good.write_text(bad.read_text("utf-8").replace("£30.001", "£30"), "utf-8")
    checked = run(db, "register", "import", "town-2016", "gifts_hospitality", str(good), "--check")
    assert "2 entries checked, no problems; nothing written" in checked.stdout
    imported = run(db, "register", "import", "town-2016", "gifts_hospitality", str(good))
    assert imported.returncode == 0 and "Imported 2 entries" in imported.stdout and "#2 to #3" in imported.stdout
    latin = tmp_path / "latin.csv"
    latin.write_bytes("recipient\nAnn Mémber\n".encode("latin-1"))
    encoding = run(db, "register", "import", "town-2016", "gifts_hospitality", str(latin))
    assert encoding.returncode == 2 and "line 2 is not UTF-8 text" in encoding.stderr
    verify = run(db, "audit", "verify", "--json")
    assert json.loads(verify.stdout)["checked"]["register_entries"] == 3
