"""``councilkit init``, ``admin``, ``people`` and ``audit reads`` run for real, in subprocesses, as the account
running the tests."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from councilkit.people.admin import init_deployment
from councilkit.people.identity import login_name
from councilkit.store import open_store

from support import COMPTON, ok, refused, run

ME = login_name()


def test_init_sets_up_a_deployment_once_with_its_runner_as_first_administrator(tmp_path: Path) -> None:
    db = tmp_path / "srv" / "councilkit.db"
    out = ok(run(db, "init", "compton-parish", "langport-town"))
    assert f"set up {db} for Compton Parish Council (compton-parish), Langport Town Council (langport-town)" in out
    assert f"you (login {ME}) are its first administrator, of every council" in out
    assert stat.S_IMODE(db.stat().st_mode) & 0o007 == 0  # never readable by others on the host
    data = json.loads(ok(run(db, "admin", "list", "--json")))
    assert [(a["login"], a["council_id"]) for a in data["administrators"]] == [(ME, None)]
    assert [c[0] for c in data["deployment"]["councils"]] == ["compton-parish", "langport-town"]
    refused(run(db, "init", "compton-parish"), "was set up already", f"by {ME!r}")
    result = run(db, "--demo", "init", "compton-parish")
    assert result.returncode == 2 and "the demo has a store of its own" in result.stderr
    # an unknown council is refused before any file is made
    nowhere = tmp_path / "nowhere.db"
    refused(run(nowhere, "init", "compton-parsh"), "no council 'compton-parsh' (did you mean 'compton-parish'?)")
    assert not nowhere.exists()


def test_init_takes_away_what_others_on_the_host_could_read(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    open_store(db).close()
    db.chmod(0o644)
    out = ok(run(db, "init", "compton-parish"))
    assert "its owner and group only" in out and stat.S_IMODE(db.stat().st_mode) == 0o640


def test_administrators_manage_people_and_administrators_and_it_is_all_recorded(tmp_path: Path) -> None:
    db = tmp_path / "council.db"
    ok(run(db, "init", "compton-parish"))
    ok(run(db, "people", "add", "Ann Clerk", "--login", "ann"))
    ok(run(db, "people", "appoint", "ann", "compton-parish", "clerk", "--from", "2025-05-12"))
    ok(run(db, "people", "change", "ann", "--email", "ann@example.net"))
    ok(run(db, "admin", "add", "ann", "--council", "compton-parish"))
    refused(run(db, "admin", "add", "ann", "--council", "compton-parish"), "is an administrator of Compton Parish "
                                                                           "Council already")
    refused(run(db, "admin", "end", ME), f"{ME!r} is the last administrator of every council")
    refused(run(db, "--as", "ann", "people", "add", "Someone"), "--as does not apply to changes to people")
    listed = ok(run(db, "admin", "list"))
    assert "ann" in listed and "compton-parish" in listed and "every council" in listed
    ok(run(db, "admin", "end", "ann", "--council", "compton-parish"))
    assert "ann" not in ok(run(db, "admin", "list"))
    assert "ann" in ok(run(db, "admin", "list", "--all"))
    history = json.loads(ok(run(db, "people", "history", "--json")))["events"]
    assert [e["kind"] for e in history] == ["deployment_created", "council_served", "administrator_added",
                                            "person_added", "appointed", "person_changed", "administrator_added",
                                            "administrator_ended"]
    assert {e["login"] for e in history} == {ME}
    assert "verified" in ok(run(db, "audit", "verify"))


def test_a_store_nobody_set_up_refuses_changes_to_people_and_says_how_to_run_init(tmp_path: Path) -> None:
    db = tmp_path / "bare.db"
    refused(run(db, "people", "add", "Ann Clerk"), "has no administrator yet", "init COUNCIL")
    with open_store(db) as store:  # someone else's deployment: this account administers nothing
        init_deployment(store, [COMPTON], login="it-admin")
    refused(run(db, "people", "add", "Ann Clerk"), f"you (login {ME!r}) may not (you are not an administrator")
    refused(run(db, "admin", "serve", "langport-town"), "only an administrator of every council")
    with open_store(db) as store:
        assert store.query("SELECT count(*) FROM people")[0][0] == 0


def test_audit_reads_shows_who_opened_a_case_to_its_officers(tmp_path: Path) -> None:
    db = tmp_path / "council.db"
    ok(run(db, "init", "compton-parish"))
    for name, login, role in (("Ann Clerk", "ann", "clerk"), ("Olive Officer", "olive", "officer"),
                              ("Colin Cllr", "colin", "councillor"), ("Sam Senior", "sam", "senior_manager")):
        ok(run(db, "people", "add", name, "--login", login))
        ok(run(db, "people", "appoint", login, "compton-parish", role, "--from", "2025-05-12"))
    ok(run(db, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--subject", "colin"))
    with open_store(db) as store:
        from councilkit.cases import CaseBook
        from councilkit.people import find_person

        CaseBook(store).read(1, find_person(store, "sam"), via="councilkit case show")
    out = ok(run(db, "--as", "ann", "audit", "reads", "1"))
    assert "Sam Senior" in out and "councilkit case show" in out
    data = json.loads(ok(run(db, "--as", "ann", "audit", "reads", "1", "--json")))
    assert data["case"] == 1 and [r["person"] for r in data["reads"]] == ["Sam Senior"]
    refused(run(db, "--as", "olive", "audit", "reads", "1"), "only the council's case officers who are not "
                                                              "parties to it may see who opened a case")
