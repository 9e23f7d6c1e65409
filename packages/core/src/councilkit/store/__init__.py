"""The store: one SQLite file per deployment, shared by every clerk on the host.

Several clerks on one machine (over SSH) each run their own process against
the same file, so:

- the database runs in WAL mode with foreign keys on;
- every write is a short ``BEGIN IMMEDIATE`` transaction (:meth:`Store.write`), taken in
  turn: the writers of every process queue on a lock file beside the store (``<store>-lock``),
  so a writer starts as the one before it commits instead of sleeping and retrying in
  SQLite's busy handler (see "Writers in turn" below);
- updates check the version they read (:class:`ConflictError` otherwise), so
  nobody's change is silently lost;
- append-only tables (case events, register entries) are hash-chained: each
  row's hash covers its content and the previous row's hash, and
  :meth:`Store.verify_chains` recomputes every chain (``councilkit audit verify``).

The schema is built by numbered migrations, ``migrations/NNNN_name.sql``,
applied in order and recorded in ``schema_version``.  To add tables, add the
next-numbered file.  The rest of councilkit talks to :class:`Store`, so a server
database can be added later behind the same methods.

**Writers in turn.** Before ``BEGIN IMMEDIATE`` a writer takes an exclusive ``flock`` on
``<store>-lock``, an empty file beside the store with its permissions (owner and group only,
and the store's group), and lets it go after ``COMMIT`` or ``ROLLBACK``. The file is made the
first time a writer finds another one writing, so a store written by one process at a time
never has one. The kernel wakes the next writer as the lock is let go, so none is left sleeping
in SQLite's busy handler while others go on: with eight writers at once the longest wait fell
from most of a second to a tenth (``benchmarks/bench_cases.py``). It does not make them faster
together than one alone: each still reads and folds what the others wrote before it writes, reads
again the pages they changed, and waking the next writer costs time the busy handler's sleepers do
not (with no councilkit code between the statements, 8 processes reach about two thirds of one's
rate on two cores: the benchmark's floor). The lock is only an orderly queue: SQLite's own locking
still guards every transaction, so a writer that cannot
make or open the lock file (a read-only folder, a file another account owns, a link put in its
place) writes without it, as before, and a store with an old councilkit writing beside a new
one stays sound. A writer waits at most :data:`BUSY_SECONDS` for its turn, as for SQLite's
lock, and is then refused with "busy or locked".

**A file that is not a store.**  Opening a file that is another program's SQLite
database, or not a database at all, or a damaged one, is a :class:`StoreError`
naming the file and what is wrong, and the file is left as it was.
:func:`inspect_store` opens an existing store read-only for checking it
(``councilkit audit verify``): a missing or empty file is said to be so and never
created.  :meth:`Store.backup` copies a live store with SQLite's online backup API
(``councilkit backup``), and the copy's chains are verified before it is kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import json
import os
import re
import signal
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from councilkit import settings
from councilkit.errors import CouncilkitError

DB_ENV = settings.DB_ENV
GENESIS = "0" * 64
_MIGRATION = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
#: the first 16 bytes of every SQLite database file
SQLITE_HEADER = b"SQLite format 3\x00"
#: tables every councilkit store has, whatever its version
CORE_TABLES = ("schema_version", "people", "appointments")
#: how long a writer waits for its turn (the lock file, then SQLite's own lock) before it is refused
BUSY_SECONDS = 30.0
#: the writers' lock file is the store's name with this after it
LOCK_SUFFIX = "-lock"
#: a ``BEGIN IMMEDIATE`` that took longer waited for another writer (SQLite's busy handler sleeps 1 ms first)
WAITED_SECONDS = 0.001
#: False: write under SQLite's own locking alone, as before the lock file (for comparing the two)
TAKE_TURNS = True


class StoreError(CouncilkitError):
    """The store cannot be used: a locked, corrupt or too-new database."""


class ConflictError(CouncilkitError):
    """Someone else changed the record since it was read; nothing was written."""


def damaged(path: str | Path, exc: BaseException) -> StoreError:
    """The one-line refusal for a database SQLite cannot read: the file, what SQLite says, what to do."""
    return StoreError(f"{path}: the database cannot be read ({exc}); nothing was changed: check it with "
                      "councilkit audit verify, and restore it from a backup (docs/operations.md)")


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
    """Every migration shipped with councilkit, in order (read once per process)."""
    return list(_shipped())


@functools.cache
def _shipped() -> tuple[Migration, ...]:
    found = []
    for entry in _migration_files():
        m = _MIGRATION.match(entry.name)
        if m:
            found.append(Migration(int(m.group(1)), m.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda mig: mig.version)
    versions = [mig.version for mig in found]
    if len(set(versions)) != len(versions):
        raise StoreError(f"two migrations share a number: {versions}")
    return tuple(found)


def _migration_files() -> Iterator[Any]:
    """The files in ``migrations/``: the folder beside this module, as installed; through
    ``importlib.resources`` (which imports zipfile, a few milliseconds of every start) only when
    councilkit is run from an archive."""
    folder = Path(__file__).with_name("migrations")
    if folder.is_dir():
        return folder.iterdir()
    from importlib import resources

    return resources.files(__package__).joinpath("migrations").iterdir()


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
        self._turn = _Turn(path)
        #: the threads of one process sharing this store take turns for a transaction (see :meth:`write`)
        self._serial = threading.RLock()

    # connection -----------------------------------------------------------
    @classmethod
    def connect(cls, path: str | Path | None = None, *, migrate: bool = True) -> Store:
        path = Path(path) if path is not None else default_db_path()
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file() and path.stat().st_size > 0:  # SQLite makes an empty file a new database
                problem = _not_a_database(path)
                if problem:
                    raise StoreError(f"{path}: {problem}; it was left as it was")
        conn = None
        try:
            conn = sqlite3.connect(str(path), timeout=30.0, isolation_level=None, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout={int(BUSY_SECONDS * 1000)}")
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "schema_version" not in tables:  # before WAL mode, which would rewrite its header
                conn.close()
                raise StoreError(f"{path}: this is an SQLite database but not a councilkit store (it has "
                                 f"{_some(tables)} and no schema_version table); it was left as it was: give "
                                 "--db a councilkit store, or a new file")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            raise StoreError(f"{path}: cannot open the database ({exc}); nothing was changed") from None
        store = cls(path, conn)
        if migrate:
            try:
                store.migrate()
            except BaseException:
                conn.close()
                raise
        return store

    def close(self) -> None:
        self.conn.close()
        self._turn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # transactions ---------------------------------------------------------
    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction, in turn with every other writer (the lock file, see the
        module), then ``BEGIN IMMEDIATE``, which takes SQLite's write lock at once.

        Threads sharing the store take turns first (one connection has one transaction at a time):
        a write from another thread waits for this one instead of being refused; a write inside a
        write in the same thread is still refused."""
        with self._serial, self._write() as conn:
            yield conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        if not self._turn.take():
            raise StoreError(f"the database {self.path} is busy or locked: another writer kept it for "
                             f"{BUSY_SECONDS:g} seconds; nothing was written")
        try:
            start = time.perf_counter()
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                self._turn.waited()
                raise StoreError(f"the database {self.path} is busy or locked: {exc}") from None
            if not self._turn.held and time.perf_counter() - start > WAITED_SECONDS:
                self._turn.waited()  # another writer was writing: take turns from the next write on
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")
        finally:
            self._turn.let_go()

    @contextlib.contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A consistent snapshot for several reads (threads sharing the store take turns, as for
        :meth:`write`)."""
        with self._serial:
            self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                self.conn.execute("COMMIT")

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        with self._serial:
            return self.conn.execute(sql, params).fetchall()

    # migrations -----------------------------------------------------------
    def schema_version(self) -> int:
        exists = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
        if not exists:
            return 0
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def tables(self) -> set[str]:
        """The names of the database's tables."""
        return {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def migrate(self) -> list[Migration]:
        """Apply the migrations this database lacks; refuse one made by a newer councilkit, and a
        database that is not a councilkit store (another program's, which is left as it was)."""
        known = migrations()
        latest = known[-1].version if known else 0
        try:
            tables = self.tables()
            if tables and "schema_version" not in tables:
                raise StoreError(f"{self.path}: this is an SQLite database but not a councilkit store (it has "
                                 f"{_some(tables)} and no schema_version table); it was left as it was: give "
                                 "--db a councilkit store, or a new file")
            if "schema_version" in tables:  # up to date (the usual case): no write, so no waiting for a writer
                done = {r[0] for r in self.conn.execute("SELECT version FROM schema_version")}
                if max(done, default=0) <= latest and all(mig.version in done for mig in known):
                    return []
            with self.write() as conn:
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS schema_version ("
                    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
                done = {r[0] for r in conn.execute("SELECT version FROM schema_version")}
                current = max(done, default=0)
                if current > latest:
                    raise StoreError(
                        f"the database {self.path} has schema version {current}, but this councilkit "
                        f"knows only up to {latest}; upgrade councilkit")
                applied = []
                for mig in known:
                    if mig.version not in done:  # by number, so a migration added below the latest still runs
                        for statement in _statements(mig.sql):
                            conn.execute(statement)
                        conn.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (mig.version, mig.name, now()))
                        applied.append(mig)
        except sqlite3.DatabaseError as exc:
            raise damaged(self.path, exc) from None
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
        present = self.tables()
        with self.read() as conn:
            for table, columns in self.CHAINED.items():
                if table not in present:  # a store from before the table was added, opened read-only
                    continue
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

    # backups ----------------------------------------------------------------
    def backup(self, dest: str | Path) -> Path:
        """Copy this store, while others go on writing to it, to the new file ``dest``.

        SQLite's online backup API copies every page in one step inside one read
        transaction: in WAL mode writers go on meanwhile, and the copy is the store
        as it was at one moment.  The copy is written beside ``dest`` and renamed into place once
        complete, readable by its owner only (it holds personal data); ``dest`` must
        not exist.  Returns ``dest``.  Check the copy with :func:`inspect_store`.
        """
        target = Path(dest)
        if target.exists():
            raise StoreError(f"{target} already exists; a backup never overwrites a file: give a new name")
        if not target.parent.is_dir():
            raise StoreError(f"{target.parent} is not a folder; create it first")
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        try:
            copy = sqlite3.connect(str(partial))
            try:
                self.conn.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            finally:
                copy.close()
            os.replace(partial, target)
        except sqlite3.DatabaseError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(f"the backup to {target} failed: {exc}; nothing was kept") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return target


class _Turn:
    """The writers' turn at one store: an exclusive ``flock`` on ``<store>-lock`` (see the module).

    The lock file is made the first time a writer finds another one writing (SQLite kept it
    waiting), so a store only ever written by one process at a time has none; until it exists a
    writer looks for it at each write, and once it has it keeps it open while the store is.  When
    it cannot be made or used, the store is written under SQLite's own locking alone.  Taken again
    while held (a write inside a write, which ``BEGIN IMMEDIATE`` then refuses as before) it only
    counts.
    """

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None
        self.held = 0
        self.usable = str(path) not in ("", ":memory:")  # False: never look for the lock file (again)
        self._lock: str | None = None  # the lock file's name beside the store (links resolved), once known

    def _open(self, make: bool) -> int | None:
        flags = os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
        if not make and self._lock is not None:
            # looked for at every write until another writer makes it: one system call, not four
            try:
                fd = os.open(self._lock, flags)
            except FileNotFoundError:
                return None
            except OSError:
                pass  # looked at again in full below, which says why
            else:
                return self._checked(fd)
        try:
            store = Path(os.path.realpath(self.path))
            info = store.stat()
        except OSError:
            return None
        lock = store.with_name(store.name + LOCK_SUFFIX)
        self._lock = str(lock)
        mode = (stat.S_IMODE(info.st_mode) & 0o660) | 0o600  # the store's, to its owner and group only
        if make:
            try:
                fd = os.open(lock, flags | os.O_CREAT | os.O_EXCL, mode)
            except FileExistsError:
                pass  # made by another writer meanwhile
            except OSError:  # a read-only folder, or one this account may not write in
                return None
            else:
                with contextlib.suppress(OSError):  # the store's group, so every writer of it can open the file
                    os.fchown(fd, -1, info.st_gid)
                with contextlib.suppress(OSError):  # exactly the store's mode, whatever the umask
                    os.fchmod(fd, mode)
                return fd
        try:
            fd = os.open(lock, flags)  # reading the file is enough to lock it
        except FileNotFoundError:  # none yet: look again at the next write
            return None
        except OSError:  # not this account's to read, or a link (never followed)
            self.usable = False
            return None
        return self._checked(fd)

    def _checked(self, fd: int) -> int | None:
        """``fd`` if it is a plain file; a folder or a device is never used (and never looked for again)."""
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            self.usable = False
            return None
        return fd

    def take(self) -> bool:
        """Wait for this store's turn to write; False when another writer kept it too long."""
        if self.held:
            self.held += 1
            return True
        if not TAKE_TURNS:
            return True
        if self.fd is None:
            if not self.usable:
                return True  # SQLite's own locking alone
            self.fd = self._open(make=False)  # another writer may have made it since this one last looked
            if self.fd is None:
                return True
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not _wait_for(self.fd, BUSY_SECONDS):
                return False
        except OSError:  # a file system without flock: SQLite's own locking alone
            os.close(self.fd)
            self.fd, self.usable = None, False
            return True
        self.held = 1
        return True

    def waited(self) -> None:
        """A writer without the lock file waited for SQLite's lock: make the file (or open the one another
        writer made), so this store's writers take turns from now on."""
        if self.fd is None and self.usable and TAKE_TURNS:
            self.fd = self._open(make=True)
            if self.fd is None:
                self.usable = False  # it cannot be made here (a read-only folder): never try again

    def let_go(self) -> None:
        if not self.held:
            return
        self.held -= 1
        if not self.held and self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        self.usable, self.held = False, 0


class _Late(Exception):
    """The alarm rang while the main thread waited for its turn."""


def _wait_for(fd: int, seconds: float) -> bool:
    """Take the exclusive lock on ``fd``'s file, waiting at most ``seconds``: True when taken.

    ``flock`` has no time limit of its own.  The main thread of a process that does not use
    ``SIGALRM`` itself (a command, a script) waits in the kernel under an alarm
    (:func:`_wait_with_alarm`); any other thread, or a process with its own alarm, has a thread
    wait for it (:func:`_wait_in_thread`)."""
    if (threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)):
        return _wait_with_alarm(fd, seconds)
    return _wait_in_thread(fd, seconds)


def _wait_with_alarm(fd: int, seconds: float) -> bool:
    """Wait in ``flock`` itself until the lock is let go or an alarm rings after ``seconds``.

    Starting a thread for every wait cost a writer more than its write when eight took turns: the
    threads were made on the same two cores as the write in progress.  The alarm is set and the
    default action restored around the wait only; an alarm that rings just as the lock is taken is
    told apart by asking for the lock again without waiting (this process already holds it)."""
    waiting = True

    def ring(signum: int, frame: object) -> None:
        if waiting:
            raise _Late

    previous = signal.signal(signal.SIGALRM, ring)
    try:
        try:  # the alarm may ring at any step until ``waiting`` is False: each is inside this ``try``
            signal.setitimer(signal.ITIMER_REAL, seconds)
            with contextlib.suppress(OSError):  # the lock cannot be taken at all here: SQLite's own locking alone
                fcntl.flock(fd, fcntl.LOCK_EX)
            waiting = False
        except _Late:
            waiting = False
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # another writer holds it still
                return False
            except OSError:  # no lock can be taken here at all: SQLite's own locking alone
                pass
        return True
    finally:
        waiting = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _wait_in_thread(fd: int, seconds: float) -> bool:
    """Take the lock in a thread, waiting at most ``seconds``: True when taken.

    A thread waits in the kernel (``flock`` has no time limit of its own) on a duplicate of ``fd``,
    which shares its lock, and is gone once the lock is taken (a server that forks its sessions
    stays one thread); if the time runs out first, the thread lets the lock go as soon as it gets
    it."""
    waiter = os.dup(fd)
    taken = threading.Event()
    guard = threading.Lock()
    gave_up = False

    def wait() -> None:
        try:
            fcntl.flock(waiter, fcntl.LOCK_EX)
            with guard:
                if gave_up:
                    fcntl.flock(waiter, fcntl.LOCK_UN)
                else:
                    taken.set()
        except OSError:  # the lock cannot be taken at all here: SQLite's own locking alone
            taken.set()
        finally:
            os.close(waiter)

    thread = threading.Thread(target=wait, name="councilkit-store-turn", daemon=True)
    thread.start()
    if taken.wait(seconds):
        thread.join()  # it only closes its file now: the process is left with the threads it had
        return True
    with guard:
        if taken.is_set():
            thread.join()
            return True
        gave_up = True
    return False


def register_chained(table: str, columns: tuple[str, ...]) -> None:
    """Declare an append-only, hash-chained table (called by the module that owns it).

    The table must have ``seq INTEGER PRIMARY KEY``, ``prev_hash TEXT NOT NULL``,
    ``hash TEXT NOT NULL`` and the listed columns.
    """
    Store.CHAINED[table] = columns


def open_store(path: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the store at ``path``, ``COUNCILKIT_DB`` or the default."""
    return Store.connect(path)


def inspect_store(path: str | Path) -> Store:
    """Open the existing store at ``path`` read-only, to check it: nothing is created, migrated or written.

    Raises :class:`StoreError`, one line naming the file and what is wrong, when it
    is missing, empty, not an SQLite database, another program's database, damaged,
    or made by a newer councilkit.  When no other process has the store open (no
    ``-wal`` file beside it) it is opened as an unchanging file, so not even SQLite's
    shared-memory file is made beside it.
    """
    path = Path(path)
    if not path.exists():
        raise StoreError(f"{path}: no such file; there is no store there (nothing was created)")
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a store")
    problem = _not_a_database(path)
    if problem:
        raise StoreError(f"{path}: {problem}")
    live = Path(str(path) + "-wal").exists()
    uri = path.resolve().as_uri() + ("?mode=ro" if live else "?mode=ro&immutable=1")
    conn = None
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout=30000")
        store = Store(path, conn)
        tables = store.tables()
        if "schema_version" not in tables:
            what = f"it has {_some(tables)}" if tables else "it has no tables"
            raise StoreError(f"{path}: an SQLite database, but not a councilkit store ({what} and no "
                             "schema_version table)")
        missing = [t for t in CORE_TABLES if t not in tables]
        if missing:
            raise StoreError(f"{path}: not a councilkit store: it has no {', '.join(missing)} table")
        latest = max((m.version for m in migrations()), default=0)
        version = store.schema_version()
        if version > latest:
            raise StoreError(f"{path}: made by a newer councilkit (schema version {version}; this one knows up "
                             f"to {latest}): upgrade councilkit to check it")
        return store
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise StoreError(f"{path}: the database cannot be read ({exc})") from None
    except BaseException:
        if conn is not None:
            conn.close()
        raise


def _not_a_database(path: Path) -> str:
    """Why the file at ``path`` cannot be an SQLite database ("" when its first bytes say it is one)."""
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not head:
        return "the file is empty: it is not a store (councilkit init makes one)"
    if head != SQLITE_HEADER:
        return f"not an SQLite database (it starts with {head[:8]!r}, not 'SQLite format 3')"
    return ""


def _some(tables: set[str]) -> str:
    names = sorted(tables)
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return f"the table{'s' if len(names) != 1 else ''} {shown}"


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
