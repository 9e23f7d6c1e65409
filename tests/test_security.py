"""Trust on a shared host, tried as a hostile colleague would: real stores, real processes.

Each test starts from a real SQLite store set up as a deployment (``init_deployment``: the IT
account ``it-admin`` administers it) and runs ``councilkit`` in subprocesses as the account running
the tests (``ME``, a councillor at Compton called Rex Root), then asserts that nothing leaked and
nothing was written:

- environment variables (``LOGNAME``, ``USER``, ``HOME``) change nothing about who acts;
- ``--as`` by a non-administrator, or across councils, is refused;
- only administrators appoint; an administrator's self-appointment is recorded and shown as such;
  appointing a party into the role that handles their case never hands them the case;
- a hidden case answers every probe (by number, by version conflict, by counts, by search) exactly
  as a case that does not exist;
- control characters and escape sequences in stored text come out escaped;
- an empty, missing, truncated, bit-flipped or foreign database gives one clear line and is left
  unchanged;
- a backup taken while 8 writers append is complete and verifies.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import councilkit
from councilkit import people as P
from councilkit.cases import CaseBook, UnknownCaseError, Worklist
from councilkit.people.admin import Administration, init_deployment
from councilkit.people.identity import login_name
from councilkit.registers import Registers
from councilkit.store import open_store
from councilkit.store.audit import verify_file
from councilkit.workspace import Workspace

ME = login_name()
TODAY = "2026-11-23"
APPOINTED = dt.date(2025, 5, 12)
COMPTON = councilkit.load_council("compton-parish")
LANGPORT = councilkit.load_council("langport-town")
COUNCILS = {COMPTON.id: COMPTON, LANGPORT.id: LANGPORT}
CAST = {  # Compton's people, and the account running the tests as a councillor
    "Ann Clerk": ("ann", "clerk"),
    "Pat Chair": ("pat", "personnel_committee_chair"),
    "Colin Cllr": ("colin", "councillor"),
    "Dora Cllr": ("dora", "councillor"),
    "Olive Officer": ("olive", "officer"),
    "Sam Senior": ("sam", "senior_manager"),
    "Rex Root": (ME, "councillor"),
}
#: what a terminal would act on: C0 controls but newline and tab, DEL, C1, bidi overrides
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NASTY = "\x1b[31mRED\x1b]0;pwned\x07\x9b2J\u202eevil"


def run(db: Path | None, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``councilkit --db DB ARGS`` as the account running the tests, on the tests' day."""
    environ = {**os.environ, "COUNCILKIT_TODAY": TODAY, **env}
    environ.pop("COUNCILKIT_COUNCILS", None)
    environ.pop("COUNCILKIT_DB", None)
    prefix = ["--db", str(db)] if db is not None else []
    return subprocess.run([sys.executable, "-m", "councilkit", *prefix, *args], capture_output=True, text=True,
                          env=environ, timeout=120)


def refused(result: subprocess.CompletedProcess[str], *fragments: str, code: int = 2) -> str:
    """The one line a refused command prints (exit ``code``, nothing on standard output)."""
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("councilkit: ") and len(message.splitlines()) == 1, message
    for fragment in fragments:
        assert fragment in message, message
    return message


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stdout


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table: to show that a refusal or a probe wrote nothing."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'register_search%'")]
        return {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in sorted(tables)}
    finally:
        conn.close()


def build(path: Path, *, hidden_case: bool = True) -> Path:
    """A deployment at Compton and Langport, its cast, and (``hidden_case``) case #1: Olive's concern about
    Colin, handled by Sam, which Rex (the account running the tests) may not see."""
    with pytest.MonkeyPatch.context() as mp:  # a module's fixture runs before the day is fixed for each test
        mp.setenv("COUNCILKIT_TODAY", TODAY)
        return _build(path, hidden_case)


def _build(path: Path, hidden_case: bool) -> Path:
    store = open_store(path)
    init_deployment(store, [COMPTON, LANGPORT], login="it-admin")
    admin = Administration(store, "it-admin")
    people = {}
    for name, (login, role) in CAST.items():
        people[login] = admin.add_person(name, login)
        admin.appoint(people[login], COMPTON, role, APPOINTED)
    helen = admin.add_person("Helen Brooks", "helen")
    admin.appoint(helen, LANGPORT, "clerk", APPOINTED)
    if hidden_case:
        book = CaseBook(store, councils=COUNCILS)
        case = book.open(COMPTON, people["olive"], complainant=people["olive"], subject=people["colin"],
                         title="Shouted at me", description="After the October meeting").case
        book.note(case, people["ann"], "Spoke to both")
    store.close()
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("security") / "base.db")


@pytest.fixture
def db(base: Path, tmp_path: Path) -> Path:
    path = tmp_path / "council.db"
    shutil.copyfile(base, path)
    return path


def make_admin(db: Path, council: object = None) -> None:
    with open_store(db) as store:
        Administration(store, "it-admin").add_administrator(ME, council)


# --- identity: the environment changes nothing ----------------------------------------------------


def test_environment_variables_change_nothing_about_who_acts(db: Path, tmp_path: Path) -> None:
    home = tmp_path / "home" / "ann"
    home.mkdir(parents=True)
    spoof = {"LOGNAME": "ann", "USER": "ann", "HOME": str(home), "USERNAME": "ann"}
    plain = json.loads(ok(run(db, "whoami", "--json")))
    spoofed = json.loads(ok(run(db, "whoami", "--json", **spoof)))
    assert spoofed == plain and spoofed["login"] == ME and spoofed["person"]["name"] == "Rex Root"
    before = snapshot(db)
    # as "ann" (the Parish Clerk) by the environment, Rex still cannot see Ann's cases...
    refused(run(db, "case", "note", "1", "written as Ann?", **spoof), "no case #1 that you can see")
    # ... nor add people as the IT account that administers the deployment
    refused(run(db, "people", "add", "Evil Twin", "--login", "evil", LOGNAME="it-admin", USER="it-admin"),
            f"you (login '{ME}') may not")
    refused(run(db, "people", "appoint", ME, "compton-parish", "personnel_committee_vice_chair",
                LOGNAME="it-admin", USER="it-admin"), f"you (login '{ME}') may not")
    assert snapshot(db) == before
    # what Rex may do is recorded as Rex, whatever the environment says
    ok(run(db, "case", "open", "compton-parish", "--complainant", ME, "--subject", "olive", **spoof))
    with open_store(db) as store:
        events = store.query("SELECT actor_name, recorded_by FROM case_events WHERE case_id = 2")
    assert {(e[0], e[1]) for e in events} == {("Rex Root", None)}


# --- --as --------------------------------------------------------------------------------------------


def test_as_by_someone_who_administers_nothing_is_refused(db: Path) -> None:
    before = snapshot(db)
    for args in (("--as", "ann", "--council", "compton-parish", "case", "list"),
                 ("--as", "ann", "case", "list"),
                 ("--as", "ann", "case", "show", "1"),
                 ("--as", "ann", "case", "note", "1", "as the clerk"),
                 ("--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--subject", "dora")):
        refused(run(db, *args), "only an administrator of the council the command concerns",
                f"you (Rex Root, login '{ME}') may not (you are not an administrator)")
    # no hint at who is in the store either
    message = refused(run(db, "--as", "olivia", "--council", "compton-parish", "case", "list"))
    assert "did you mean" not in message and "olive" not in message
    assert snapshot(db) == before


def test_as_across_councils_is_refused_and_a_case_elsewhere_answers_as_a_missing_one(db: Path) -> None:
    make_admin(db, LANGPORT)  # Rex administers Langport, not Compton
    before = snapshot(db)
    refused(run(db, "--as", "olive", "--council", "compton-parish", "case", "list"),
            "at Compton Parish Council", "(you administer langport-town)")
    refused(run(db, "--as", "olive", "case", "list"), "--as acts for one council", "name it with --council")
    refused(run(db, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--subject",
                "dora"), "at Compton Parish Council")
    for args in (("case", "show", "{}"), ("case", "note", "{}", "x", "--version", "0"), ("moves", "{}")):
        hidden = run(db, "--as", "olive", *(a.format(1) for a in args))
        missing = run(db, "--as", "olive", *(a.format(99) for a in args))
        assert hidden.returncode == missing.returncode == 2, (hidden.stderr, missing.stderr)
        assert hidden.stderr.replace("#1", "#N") == missing.stderr.replace("#99", "#N")
        assert "no case #1 that you can see" in hidden.stderr
    assert snapshot(db) == before
    # at the council Rex administers, --as works and is recorded
    ok(run(db, "--as", "helen", "--council", "langport-town", "case", "list"))


# --- appointments --------------------------------------------------------------------------------------


def test_a_non_administrator_appointing_anyone_themselves_included_is_refused(db: Path) -> None:
    before = snapshot(db)
    refused(run(db, "people", "appoint", ME, "compton-parish", "personnel_committee_vice_chair"),
            "only an administrator of the council may appoint someone", f"you (login '{ME}') may not")
    refused(run(db, "people", "appoint", "dora", "compton-parish", "mediator"), "nothing was written")
    refused(run(db, "people", "end", "ann", "compton-parish", "clerk"), "only an administrator of the council")
    refused(run(db, "people", "add", "New Person"), "only an administrator of any council may add a person")
    refused(run(db, "people", "change", "ann", "--login", ME), "only an administrator of every council")
    refused(run(db, "admin", "add", ME), "may make or end an administrator of every council")
    assert snapshot(db) == before


def test_an_administrators_self_appointment_is_recorded_and_shown_as_such(db: Path) -> None:
    make_admin(db, COMPTON)
    out = ok(run(db, "people", "appoint", ME, "compton-parish", "personnel_committee_vice_chair"))
    assert "self-appointed, and recorded as such" in out
    listed = ok(run(db, "people", "list"))
    assert "Personnel Committee" in listed and "self-appointed" in listed
    rex = next(p for p in json.loads(ok(run(db, "people", "list", "--json")))["people"] if p["login"] == ME)
    assert [(a["role"], a["self_appointed"], a["appointed_by"]) for a in rex["appointments"]] == [
        ("councillor", False, "it-admin"), ("personnel_committee_vice_chair", True, ME)]
    history = ok(run(db, "people", "history", ME))
    assert "(self-appointed)" in history and ME in history
    assert "verified" in ok(run(db, "audit", "verify"))


def test_appointing_a_party_to_the_role_that_handles_their_case_never_hands_them_the_case(db: Path) -> None:
    make_admin(db, COMPTON)
    shown = json.loads(ok(run(db, "--as", "ann", "case", "show", "1", "--json")))
    assert shown["steps"][-1]["handler"]["name"] == "Sam Senior"
    # Olive, the complainant, becomes a senior manager, then the only one
    ok(run(db, "people", "appoint", "olive", "compton-parish", "senior_manager"))
    ok(run(db, "people", "end", "sam", "compton-parish", "senior_manager", "--on", "2026-11-22"))
    again = json.loads(ok(run(db, "--as", "ann", "case", "show", "1", "--json")))
    assert again["steps"][-1]["handler"]["name"] == "Sam Senior"  # the case is not handed over
    # a new concern Olive raises: the step the senior manager handles passes over her
    opened = json.loads(ok(run(db, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive",
                               "--subject", "dora", "--json")))
    handlers = [s["handler"] for s in opened["case"]["steps"]]
    assert all(h is None or h["name"] != "Olive Officer" for h in handlers), handlers


# --- hidden cases ----------------------------------------------------------------------------------------


PROBES = (
    ("case", "show", "{}"),
    ("case", "show", "{}", "--json"),
    ("case", "note", "{}", "what is in it?"),
    ("case", "note", "{}", "what is in it?", "--version", "0"),
    ("case", "note", "{}", "what is in it?", "--version", "2"),
    ("case", "advance", "{}", "outcome", "resolved", "--version", "1"),
    ("case", "close", "{}", "--withdrawn", "--why", "probing"),
    ("case", "reopen", "{}", "--why", "probing"),
    ("moves", "{}"),
    ("audit", "reads", "{}"),
)


def test_probing_a_hidden_case_gives_the_answers_a_missing_case_gives(db: Path) -> None:
    before = snapshot(db)
    for probe in PROBES:
        hidden = run(db, *(a.format("1") for a in probe))
        missing = run(db, *(a.format("99") for a in probe))
        assert hidden.returncode == missing.returncode == 2, (probe, hidden.stderr, missing.stderr)
        assert hidden.stdout == missing.stdout == ""
        assert hidden.stderr.replace("#1 ", "#N ") == missing.stderr.replace("#99 ", "#N "), probe
        for secret in ("Shouted", "Olive", "Colin", "Sam", "October", "2026-11", "version"):
            assert secret not in hidden.stderr, (probe, hidden.stderr)
    assert snapshot(db) == before  # no read of a hidden case is recorded, nothing else either


def test_counts_and_lists_are_the_same_with_or_without_a_hidden_case(db: Path, tmp_path: Path) -> None:
    without = build(tmp_path / "without.db", hidden_case=False)
    for args in (("worklist", "--json"), ("worklist", "--show", "all", "--json"),
                 ("--council", "compton-parish", "case", "list", "--json"),
                 ("--council", "compton-parish", "worklist", "--show", "overdue", "--json"),
                 ("attention", "compton-parish", "--json")):
        assert ok(run(db, *args)) == ok(run(without, *args)), args
    # the SDK answers the terminal UI uses are the same as the command line's
    with open_store(db) as store:
        ws = Workspace(login=ME, councils=COUNCILS)
        book = ws.case_book(store)
        rex = ws.actor(store, COMPTON)
        answers = []
        for ref in (1, 99):
            try:
                book.read(ref, ws.case_actor(store, book, ref), via="tests")
            except UnknownCaseError as exc:
                answers.append(str(exc).replace(f"#{ref}", "#N"))
        assert answers == ["no case #N that you can see"] * 2
        assert Worklist(book, rex, show="all").page(None, 100).total == 0
        assert book.list(rex).total == 0


def test_a_confidential_register_value_never_reaches_someone_who_may_not_see_it(db: Path) -> None:
    with open_store(db) as store:
        regs = Registers(store, COMPTON)
        entry = regs.add("gifts_hospitality", {
            "recipient": "olive", "gift_or_hospitality": "hospitality", "description": "Yacht trip to Cowes",
            "offered_by": "Sailmakers Ltd", "value": "£900", "received_on": "01/10/2026", "accepted": "yes"},
            P.find_person(store, "ann"), confidential=True)
    outputs = [
        run(db, "register", "search", "compton-parish", "yacht"),
        run(db, "register", "search", "compton-parish", "yacht", "--json"),
        run(db, "register", "list", "compton-parish", "gifts_hospitality", "--json"),
        run(db, "register", "show", str(entry.id)),
        run(db, "register", "history", str(entry.id)),
        run(db, "register", "export", "compton-parish", "gifts_hospitality", "--format", "json"),
    ]
    for result in outputs:
        assert "Traceback" not in result.stderr
        for secret in ("Yacht", "Cowes", "Sailmakers", "900"):
            assert secret not in result.stdout + result.stderr, (result.args, result.stdout, result.stderr)
    assert json.loads(outputs[1].stdout)["hits"] == []


# --- safe text ---------------------------------------------------------------------------------------------


def test_escape_sequences_in_stored_text_come_out_escaped(db: Path) -> None:
    make_admin(db, COMPTON)
    with open_store(db) as store:
        book = CaseBook(store, councils=COUNCILS)
        ann = P.find_person(store, "ann")
        book.note(1, ann, f"note {NASTY}")
        book.escalate(1, P.find_person(store, "olive"), why=f"reason {NASTY}")
        Registers(store, COMPTON).add("training", {"person": "dora", "course": f"course {NASTY}",
                                                   "completed_on": "01/10/2026"}, ann)
        # names with control characters are refused on the way in; one written by other means is still shown safely
        store.conn.execute("UPDATE people SET name = ? WHERE login = 'dora'", (f"Dora {NASTY}",))
    for args in (("--as", "ann", "case", "show", "1"), ("people", "list"), ("people", "history"),
                 ("--as", "ann", "audit", "reads", "1"), ("register", "list", "compton-parish", "training"),
                 ("--as", "ann", "register", "show", "1")):
        result = run(db, *args)
        text = result.stdout + result.stderr
        assert not RAW.search(text), (args, ascii(text))
        assert "Traceback" not in text
    shown = ok(run(db, "--as", "ann", "case", "show", "1"))
    assert "\\x1b[31mRED" in shown and "\\x07" in shown and "\\u202eevil" in shown
    assert "\\x1b[31mRED" in ok(run(db, "people", "list"))


def test_every_free_text_field_has_a_limit_and_the_error_names_it(db: Path) -> None:
    make_admin(db, COMPTON)
    before = snapshot(db)
    refused(run(db, "--as", "ann", "case", "note", "1", "x" * 120_000), "the note is 120,000 characters long",
            "the limit is 20,000")
    refused(run(db, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--subject",
                "dora", "--title", "t" * 201), "the title is 201 characters long; the limit is 200")
    refused(run(db, "--as", "olive", "case", "open", "compton-parish", "--complainant", "olive", "--subject",
                "dora", "--title", "bell\x07"), "the title holds a control character")
    refused(run(db, "people", "add", "n" * 201), "the name is 201 characters long")
    refused(run(db, "people", "add", "Bad\x1b[2JName"), "the name holds a control character")
    assert snapshot(db) == before


# --- files that are not stores -------------------------------------------------------------------------------


def damaged_files(base: Path, folder: Path) -> dict[str, Path]:
    folder.mkdir()
    good = base.read_bytes()
    page = int.from_bytes(good[16:18], "big")
    files = {"empty": folder / "empty.db", "truncated": folder / "truncated.db",
             "bit-flipped": folder / "flipped.db", "foreign": folder / "foreign.db", "text": folder / "notes.txt"}
    files["empty"].write_bytes(b"")
    files["truncated"].write_bytes(good[: len(good) // 3])
    flipped = bytearray(good)
    flipped[page] ^= 0xFF  # the first b-tree page's type
    files["bit-flipped"].write_bytes(bytes(flipped))
    conn = sqlite3.connect(files["foreign"])
    conn.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, what TEXT)")
    conn.execute("INSERT INTO cases (what) VALUES ('another program''s data')")
    conn.commit()
    conn.close()
    files["text"].write_text("shopping list: milk, eggs\n")
    return files


def test_audit_verify_on_a_file_that_is_not_a_sound_store_says_so_in_one_line_and_changes_nothing(
        base: Path, tmp_path: Path) -> None:
    files = damaged_files(base, tmp_path / "bad")
    missing = tmp_path / "bad" / "nowhere.db"
    expected = {"empty": "the file is empty", "truncated": "", "bit-flipped": "",
                "foreign": "not a councilkit store", "text": "not an SQLite database"}
    listing = sorted(p.name for p in (tmp_path / "bad").iterdir())
    for name, path in [*files.items(), ("missing", missing)]:
        before = path.read_bytes() if path.exists() else None
        for args in (("audit", "verify"), ("audit", "verify", "--json")):
            result = run(path, *args)
            assert result.returncode != 0, (name, result.stdout, result.stderr)
            assert "Traceback" not in result.stderr, (name, result.stderr)
            if "--json" in args:
                data = json.loads(result.stdout)
                assert data["ok"] is False and str(path) in (data.get("error") or str(data["problems"]))
                continue
            message = refused(result, str(path), expected.get(name, "no such file"), code=1)
            assert "verified" not in message
        assert (path.read_bytes() if path.exists() else None) == before, name
    assert not missing.exists()
    assert sorted(p.name for p in (tmp_path / "bad").iterdir()) == listing  # not even a -wal or -shm beside


def test_other_commands_on_a_foreign_or_non_database_file_say_so_and_leave_it_alone(base: Path,
                                                                                       tmp_path: Path) -> None:
    files = damaged_files(base, tmp_path / "bad")
    for name in ("foreign", "text"):
        path = files[name]
        before = path.read_bytes()
        for args in (("case", "list"), ("people", "list"), ("init", "compton-parish")):
            result = run(path, *args)
            refused(result, str(path), code=1)
        assert path.read_bytes() == before


# --- backups --------------------------------------------------------------------------------------------------


WRITER = textwrap.dedent('''\
    import os, sys
    import councilkit
    from councilkit import people as P
    from councilkit.cases import CaseBook
    from councilkit.store import open_store
    db, me, go, stop = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    store = open_store(db)
    book = CaseBook(store, councils={"compton-parish": councilkit.load_council("compton-parish")})
    ann = P.find_person(store, "ann")
    written = 0
    while not os.path.exists(stop) and written < 20000:  # until told to stop
        book.note(1, ann, f"writer {me} note {written}")
        written += 1
        if written == 5:
            open(go, "w").close()
    store.close()
    print(written)
''')


def test_a_backup_taken_while_8_writers_append_is_complete_and_verifies(db: Path, tmp_path: Path) -> None:
    with open_store(db) as store:
        start = store.query("SELECT count(*) FROM case_events")[0][0]
    env = {**os.environ, "COUNCILKIT_TODAY": TODAY}
    flags = [tmp_path / f"go{i}" for i in range(8)]
    stop = tmp_path / "stop"
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(i), str(flags[i]), str(stop)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(8)]
    written = []
    try:
        deadline = time.monotonic() + 120
        while not all(f.exists() for f in flags):  # every writer is writing
            assert time.monotonic() < deadline, "the writers never got going"
            assert all(w.poll() is None for w in writers), [w.communicate() for w in writers if w.poll() is not None]
            time.sleep(0.05)
        dest = tmp_path / "backups"
        dest.mkdir()
        result = run(db, "backup", str(dest))
        still_writing = sum(w.poll() is None for w in writers)
    finally:
        stop.touch()
        for w in writers:
            out, err = w.communicate(timeout=300)
            assert w.returncode == 0, err
            written.append(int(out))
    out = ok(result)
    assert still_writing == 8, "the backup did not overlap the writers"
    copies = list(dest.iterdir())
    assert len(copies) == 1 and copies[0].name.startswith("councilkit-") and copies[0].suffix == ".db"
    assert f"to {copies[0]}: verified" in out
    assert oct(copies[0].stat().st_mode & 0o777) == "0o600"
    checked = verify_file(copies[0])
    assert checked.ok, checked.problems
    with open_store(db) as store:
        final = store.query("SELECT seq, case_id, n, hash FROM case_events ORDER BY seq")
    copy = sqlite3.connect(f"file:{copies[0]}?mode=ro", uri=True)
    try:
        backed = copy.execute("SELECT seq, case_id, n, hash FROM case_events ORDER BY seq").fetchall()
    finally:
        copy.close()
    assert len(final) == start + sum(written)  # no writer lost an event to the backup
    assert start + 8 * 5 <= len(backed) < len(final)  # taken while they wrote
    # the copy is the store as it was at one moment: exactly the first events, nothing half-written
    assert [tuple(r) for r in final[: len(backed)]] == [tuple(r) for r in backed]
    assert checked.checked["case_events"] == len(backed)
    # a backup never overwrites
    refused(run(db, "backup", str(copies[0])), "already exists", code=1)


def test_a_backup_to_a_folder_written_with_a_slash_goes_inside_it(db: Path, tmp_path: Path) -> None:
    """`backup backups/` makes the folder (owner-only) and puts a dated copy in it, not a file named backups."""
    out = ok(run(db, "backup", f"{tmp_path / 'nightly'}/"))
    folder = tmp_path / "nightly"
    assert folder.is_dir() and oct(folder.stat().st_mode & 0o777) == "0o700"
    (copy,) = folder.iterdir()
    assert copy.name.startswith("councilkit-") and f"to {copy}: verified" in out
    # a file in a folder that does not exist is one line naming it, and nothing is made
    refused(run(db, "backup", str(tmp_path / "no" / "such" / "copy.db")), "no folder", code=1)
    assert not (tmp_path / "no").exists()
