"""The store: one SQLite file per deployment, shared by every clerk on the host.

Several clerks on one machine (over SSH) each run their own process against
the same file, so:

- the database runs in WAL mode with foreign keys on;
- every write is a short ``BEGIN IMMEDIATE`` transaction (:meth:`Store.write`);
- updates check the version they read (:class:`ConflictError` otherwise), so
  nobody's change is silently lost;
- append-only tables (case events, register entries) are hash-chained: each
  row's hash covers its content and the previous row's hash, and
  :meth:`Store.verify_chains` recomputes every chain (``councilkit audit verify``).

The schema is built by numbered migrations, ``migrations/NNNN_name.sql``,
applied in order and recorded in ``schema_version``.  To add tables, add the
next-numbered file.  The rest of councilkit talks to :class:`Store`, so a server
database can be added later behind the same methods.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from councilkit import settings
from councilkit.errors import CouncilkitError

DB_ENV = settings.DB_ENV
GENESIS = "0" * 64
_MIGRATION = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class StoreError(CouncilkitError):
    """The store cannot be used: a locked, corrupt or too-new database."""


class ConflictError(CouncilkitError):
    """Someone else changed the record since it was read; nothing was written."""


def default_db_path() -> Path:
    """``COUNCILKIT_DB``, else ``councilkit.db`` in the platform's user data directory."""
    return settings.db_path()


def now() -> str:
    """The current time as stored: UTC, ISO 8601, microseconds."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def canonical(payload: Mapping[str, Any]) -> str:
    """The JSON a chained row's hash covers: sorted keys, no spaces, UTF-8 text."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def chain_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical(payload)).encode("utf-8")).hexdigest()


@attrs.frozen
class Migration:
    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration shipped with councilkit, in order."""
    found = []
    for entry in resources.files(__package__).joinpath("migrations").iterdir():
        m = _MIGRATION.match(entry.name)
        if m:
            found.append(Migration(int(m.group(1)), m.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda mig: mig.version)
    versions = [mig.version for mig in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"two migrations share a number: {versions}")
    return found


@attrs.frozen
class ChainProblem:
    table: str
    seq: int
    message: str

    def __str__(self) -> str:
        return f"{self.table} #{self.seq}: {self.message}"


class Store:
    """A councilkit database.  Open with :func:`open_store`."""

    #: append-only tables and the columns their hash covers (besides seq, prev_hash, hash)
    CHAINED: dict[str, tuple[str, ...]] = {}

    def __init__(self, path: Path, conn: sqlite3.Connection):
        self.path = path
        self.conn = conn

    # connection -----------------------------------------------------------
    @classmethod
    def connect(cls, path: str | Path | None = None, *, migrate: bool = True) -> Store:
        path = Path(path) if path is not None else default_db_path()
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA busy_timeout=30000")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the database {path}: {exc}") from None
        store = cls(path, conn)
        if migrate:
            store.migrate()
        return store

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # transactions ---------------------------------------------------------
    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction: ``BEGIN IMMEDIATE`` takes the write lock at once."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"the database {self.path} is busy or locked: {exc}") from None
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several reads."""
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            self.conn.execute("COMMIT")

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    # migrations -----------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
        if not exists:
            return 0
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def migrate(self) -> list[Migration]:
        """Apply the migrations this database lacks; refuse one made by a newer councilkit."""
        known = migrations()
        latest = known[-1].version if known else 0
        with self.write() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            current = self.schema_version()
            if current > latest:
                raise StoreError(
                    f"the database {self.path} has schema version {current}, but this councilkit "
                    f"knows only up to {latest}; upgrade councilkit")
            applied = []
            for mig in known:
                if mig.version > current:
                    for statement in _statements(mig.sql):
                        conn.execute(statement)
                    conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (mig.version, mig.name, now()))
                    applied.append(mig)
        return applied

    # hash chains ----------------------------------------------------------
    def append_chained(self, conn: sqlite3.Connection, table: str, row: Mapping[str, Any]) -> sqlite3.Row:
        """Append ``row`` to a chained table inside a :meth:`write` transaction.

        The new row's ``prev_hash`` is the last row's ``hash`` (or 64 zeros), and
        its ``hash`` covers ``prev_hash`` and the chained columns of ``row``.
        """
        columns = self.CHAINED[table]
        missing = [c for c in columns if c not in row]
        if missing:
            raise ValueError(f"{table}: missing {', '.join(missing)}")
        last = conn.execute(f"SELECT hash FROM {table} ORDER BY seq DESC LIMIT 1").fetchone()
        prev = last[0] if last else GENESIS
        payload = {c: row[c] for c in columns}
        digest = chain_hash(prev, payload)
        names = [*columns, "prev_hash", "hash"]
        placeholders = ", ".join("?" for _ in names)
        cur = conn.execute(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({placeholders}) RETURNING *",
            [*payload.values(), prev, digest],
        )
        return cur.fetchone()

    def verify_chains(self) -> tuple[dict[str, int], list[ChainProblem]]:
        """Recompute every chain: rows checked per table, and each break found."""
        checked: dict[str, int] = {}
        problems: list[ChainProblem] = []
        with self.read() as conn:
            for table, columns in self.CHAINED.items():
                prev = GENESIS
                count = 0
                cursor = conn.execute(f"SELECT seq, prev_hash, hash, {', '.join(columns)} FROM {table} ORDER BY seq")
                for row in cursor:
                    count += 1
                    if row["prev_hash"] != prev:
                        problems.append(ChainProblem(table, row["seq"], "does not follow the row before it "
                                                     "(a row was removed or reordered)"))
                    expected = chain_hash(row["prev_hash"], {c: row[c] for c in columns})
                    if row["hash"] != expected:
                        problems.append(ChainProblem(table, row["seq"], "its content was changed after it was written"))
                    prev = row["hash"]
                checked[table] = count
        return checked, problems

    def integrity_check(self) -> list[str]:
        """SQLite's own ``PRAGMA integrity_check``: ``[]`` when the file is sound."""
        rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check")]
        return [] if rows == ["ok"] else rows


def register_chained(table: str, columns: tuple[str, ...]) -> None:
    """Declare an append-only, hash-chained table (called by the module that owns it).

    The table must have ``seq INTEGER PRIMARY KEY``, ``prev_hash TEXT NOT NULL``,
    ``hash TEXT NOT NULL`` and the listed columns.
    """
    Store.CHAINED[table] = columns


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``path``, ``COUNCILKIT_DB`` or the default."""
    return Store.connect(path)


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, letting SQLite say where each one ends."""
    out, buffer = [], ""
    for piece in sql.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):
            if any(line.strip() and not line.strip().startswith("--") for line in buffer.splitlines()):
                out.append(buffer.strip())
            buffer = ""
    return out
