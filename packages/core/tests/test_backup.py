"""Backups and checking a whole store (``Store.backup``, ``councilkit.store.audit``), on real SQLite files.

A backup is a new file, its owner's only, self-contained (no -wal beside it), and checks as the
store it was taken from; a check finds a change made to any chain or outside councilkit, and
reads nothing it was not asked to.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from councilkit.cases import CaseBook
from councilkit.store import Store, StoreError
from councilkit.store.audit import verify, verify_file

from support import COMPTON, make_world


@pytest.fixture
def store(tmp_path: Path) -> Store:
    world = make_world(tmp_path / "live.db")
    case = world.book.open(COMPTON, world["Olive"], complainant=world["Olive"], subject=world["Colin"]).case
    world.book.note(case, world["Ann"], "A note")
    world.book.read(case.id, world["Ann"], via="tests")
    yield world.store
    world.store.close()


def test_a_backup_is_a_new_self_contained_file_its_owner_alone_may_read(store: Store, tmp_path: Path) -> None:
    dest = store.backup(tmp_path / "copy.db")
    assert dest == tmp_path / "copy.db" and oct(dest.stat().st_mode & 0o777) == "0o600"
    assert not (tmp_path / "copy.db-wal").exists() and not (tmp_path / "copy.db.partial").exists()
    copy = sqlite3.connect(dest)
    try:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("SELECT count(*) FROM case_events").fetchone()[0] == store.query(
            "SELECT count(*) FROM case_events")[0][0]
    finally:
        copy.close()
    checked = verify_file(dest)
    assert checked.ok and checked.checked["case_events"] == 3 and checked.checked["case_reads"] == 1
    assert checked.checked["people_events"] == store.query("SELECT count(*) FROM people_events")[0][0]


def test_a_backup_never_overwrites_and_needs_its_folder(store: Store, tmp_path: Path) -> None:
    taken = tmp_path / "taken.db"
    taken.write_text("someone's file")
    with pytest.raises(StoreError, match=r"taken.db already exists; a backup never overwrites a file"):
        store.backup(taken)
    assert taken.read_text() == "someone's file"
    with pytest.raises(StoreError, match=r"nowhere is not a folder; create it first"):
        store.backup(tmp_path / "nowhere" / "copy.db")


def test_a_check_finds_a_change_to_any_chain_and_to_people_outside_councilkit(store: Store, tmp_path: Path) -> None:
    assert verify(store).ok
    for table, column in (("case_events", "reason"), ("case_reads", "via"), ("people_events", "login")):
        dest = store.backup(tmp_path / f"{table}.db")
        conn = sqlite3.connect(dest)
        conn.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
        conn.execute(f"UPDATE {table} SET {column} = 'changed' WHERE seq = (SELECT min(seq) FROM {table})")
        conn.commit()
        conn.close()
        found = verify_file(dest)
        assert not found.ok
        assert any(p.startswith(f"{table} #") and "changed after it was written" in p for p in found.problems)
    dest = store.backup(tmp_path / "people.db")
    conn = sqlite3.connect(dest)
    conn.execute("UPDATE people SET login = 'intruder' WHERE login = 'ann'")
    conn.commit()
    conn.close()
    found = verify_file(dest)
    assert found.chains == () and any("login is 'intruder' but the record says 'ann'" in p for p in found.problems)


def test_who_opened_a_case_is_recorded_and_shown_to_its_officers_only(store: Store) -> None:
    from councilkit.cases import UnknownCaseError
    from councilkit.people import find_person
    from councilkit.people.authority import NotAuthorisedError

    book = CaseBook(store, councils={COMPTON.id: COMPTON})
    olive, ann, dora = (find_person(store, n) for n in ("olive", "ann", "dora"))
    book.read(1, olive, via="councilkit case show")
    reads = book.reads(1, ann)
    assert [(r.person, r.via) for r in reads] == [("Ann Clerk", "tests"), ("Olive Officer", "councilkit case show")]
    with pytest.raises(NotAuthorisedError, match=r"^only the council's case officers who are not parties to it may "
                                                 r"see who opened a case, when and from where \(case #1\); Olive "
                                                 r"Officer may not \(they are a party to it\)"):
        book.reads(1, olive)
    before = store.query("SELECT count(*) FROM case_reads")[0][0]
    for probe in (lambda: book.read(1, dora, via="probe"), lambda: book.reads(1, dora),
                  lambda: book.read(99, dora, via="probe")):
        with pytest.raises(UnknownCaseError, match=r"^no case #(1|99) that you can see$"):
            probe()
    assert store.query("SELECT count(*) FROM case_reads")[0][0] == before  # a refused read is not recorded
