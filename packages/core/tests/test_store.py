"""The store's foundations, on a real SQLite file: migrations, transactions, hash chains."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from councilkit.store import GENESIS, Store, StoreError, chain_hash, migrations, open_store


@pytest.fixture
def chained_table() -> str:
    """A throwaway chained table, registered for this test only."""
    Store.CHAINED["test_log"] = ("kind", "body")
    yield "test_log"
    del Store.CHAINED["test_log"]


def make_log(store: Store) -> None:
    with store.write() as conn:
        conn.execute("CREATE TABLE test_log (seq INTEGER PRIMARY KEY, kind TEXT, body TEXT,"
                     " prev_hash TEXT NOT NULL, hash TEXT NOT NULL)")


def test_a_new_database_is_migrated_in_wal_mode(tmp_path: Path) -> None:
    store = open_store(tmp_path / "council.db")
    assert store.schema_version() == migrations()[-1].version
    assert store.query("PRAGMA journal_mode")[0][0] == "wal"
    assert store.query("PRAGMA foreign_keys")[0][0] == 1
    assert store.migrate() == []  # nothing left to apply
    assert store.integrity_check() == []


def test_the_path_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCILKIT_DB", str(tmp_path / "env.db"))
    store = open_store()
    assert store.path == tmp_path / "env.db" and (tmp_path / "env.db").exists()


def test_a_database_from_a_newer_councilkit_is_refused(tmp_path: Path) -> None:
    store = open_store(tmp_path / "council.db")
    with store.write() as conn:
        conn.execute("INSERT INTO schema_version VALUES (9999, 'future', 'now')")
    store.close()
    with pytest.raises(StoreError, match="schema version 9999"):
        open_store(tmp_path / "council.db")


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    store = open_store(tmp_path / "council.db")
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute("INSERT INTO people (name, created_at) VALUES ('Ann', 'now')")
        conn.execute("INSERT INTO appointments (person_id, council_id, role, from_date, created_at)"
                     " VALUES (999, 'x', 'clerk', '2026-01-01', 'now')")  # no person 999
    assert store.query("SELECT count(*) FROM people")[0][0] == 0


def test_chains_verify_and_detect_tampering(tmp_path: Path, chained_table: str) -> None:
    store = open_store(tmp_path / "council.db")
    make_log(store)
    with store.write() as conn:
        first = store.append_chained(conn, chained_table, {"kind": "opened", "body": "a"})
        store.append_chained(conn, chained_table, {"kind": "note", "body": "b"})
        store.append_chained(conn, chained_table, {"kind": "closed", "body": "c"})
    assert first["prev_hash"] == GENESIS
    assert first["hash"] == chain_hash(GENESIS, {"kind": "opened", "body": "a"})
    checked, problems = store.verify_chains()
    assert checked[chained_table] == 3 and problems == []

    with store.write() as conn:
        conn.execute("UPDATE test_log SET body = 'B' WHERE seq = 2")
    _, problems = store.verify_chains()
    assert [(p.seq, "changed" in p.message) for p in problems] == [(2, True)]

    with store.write() as conn:
        conn.execute("UPDATE test_log SET body = 'b' WHERE seq = 2")
        conn.execute("DELETE FROM test_log WHERE seq = 2")
    _, problems = store.verify_chains()
    assert [(p.seq, "removed or reordered" in p.message) for p in problems] == [(3, True)]


# --- files that are not stores, and stores of older councilkits -------------------------------------


def foreign(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE cases (id INTEGER PRIMARY KEY, what TEXT)")
    conn.commit()
    conn.close()
    return path


def test_another_programs_database_is_refused_and_left_as_it_was(tmp_path: Path) -> None:
    path = foreign(tmp_path / "theirs.db")
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"theirs.db: this is an SQLite database but not a councilkit store \(it "
                                         r"has the table cases and no schema_version table\); it was left as it was"):
        open_store(path)
    assert path.read_bytes() == before  # not even switched to WAL mode
    text = tmp_path / "notes.db"
    text.write_text("not a database at all\n")
    with pytest.raises(StoreError, match=r"notes.db: not an SQLite database \(it starts with b'not a da'"):
        open_store(text)
    assert text.read_text() == "not a database at all\n"


def test_inspecting_a_store_never_creates_migrates_or_writes(tmp_path: Path) -> None:
    from councilkit.store import inspect_store

    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError, match=r"missing.db: no such file; there is no store there \(nothing was created\)"):
        inspect_store(missing)
    assert not missing.exists()
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match=r"empty.db: the file is empty: it is not a store"):
        inspect_store(empty)
    with pytest.raises(StoreError, match="not a councilkit store"):
        inspect_store(foreign(tmp_path / "theirs.db"))
    good = tmp_path / "good.db"
    open_store(good).close()
    before = good.read_bytes()
    store = inspect_store(good)
    try:
        assert store.schema_version() == migrations()[-1].version
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.conn.execute("INSERT INTO people (name, created_at) VALUES ('x', 'y')")
    finally:
        store.close()
    assert good.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db", "good.db", "theirs.db"]  # no -wal, -shm


def test_a_migration_missing_below_the_latest_is_still_applied(tmp_path: Path) -> None:
    from councilkit.store import _statements

    path = tmp_path / "old.db"
    trust = next(m for m in migrations() if m.name == "trust")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                 " applied_at TEXT NOT NULL)")
    for mig in migrations():  # a store that took a later migration before this one was written
        if mig.version != trust.version:
            for statement in _statements(mig.sql):
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version VALUES (?, ?, 'then')", (mig.version, mig.name))
    conn.close()
    with open_store(path) as store:
        assert {"deployment", "administrators", "people_events", "case_reads"} <= store.tables()
        assert [r[0] for r in store.query("SELECT version FROM schema_version ORDER BY version")] == [
            m.version for m in migrations()]
