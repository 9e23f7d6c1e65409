"""Writers take turns at a store: a lock file beside it queues them, and nothing depends on it.

Several clerks' processes write to one store.  The first time a writer finds another one
writing, a lock file is made beside the store, with the store's permissions and group; from
then on writers queue on it and each starts as the one before it commits.  Where the file
cannot be made or used (a read-only folder, a link planted in its place) the store is written
as before, under SQLite's own locking, with no error.  Real SQLite files, real processes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import councilkit.store as store_module
from councilkit.store import Store, StoreError, open_store


def lock_of(path: Path) -> Path:
    return path.with_name(path.name + "-lock")


def add(store: Store, name: str) -> None:
    with store.write() as conn:
        conn.execute("INSERT INTO people (name, created_at) VALUES (?, 'now')", (name,))


def names(store: Store) -> list[str]:
    return [r[0] for r in store.query("SELECT name FROM people ORDER BY id")]


@pytest.fixture
def two(tmp_path: Path) -> Iterator[tuple[Path, Store, Store]]:
    """One store, opened twice (as two clerks' processes would): each has its own connection and lock."""
    path = tmp_path / "council.db"
    first = open_store(path)
    second = open_store(path)
    yield path, first, second
    first.close()
    second.close()


def meet(first: Store, second: Store, name: str = "waited") -> threading.Thread:
    """``second`` writes while ``first`` is writing: started in a thread, it waits for its turn."""
    writer = threading.Thread(target=add, args=(second, name))
    writer.start()
    time.sleep(0.05)
    return writer


def test_a_store_written_by_one_writer_at_a_time_has_no_lock_file(two: tuple[Path, Store, Store]) -> None:
    path, first, second = two
    for n in range(5):
        add(first, f"a{n}")
        add(second, f"b{n}")
    assert not lock_of(path).exists()
    assert len(names(first)) == 10


def test_writers_that_meet_make_the_lock_file_and_then_take_turns(two: tuple[Path, Store, Store]) -> None:
    path, first, second = two
    with first.write() as conn:
        conn.execute("INSERT INTO people (name, created_at) VALUES ('first', 'now')")
        writer = meet(first, second, "second")
        waiting = writer.is_alive()  # for SQLite's lock: it will make the lock file
    writer.join()
    assert waiting and lock_of(path).is_file()
    # from now on both queue on the lock file: the second waits there while the first writes
    with first.write() as conn:
        conn.execute("INSERT INTO people (name, created_at) VALUES ('third', 'now')")
        writer = meet(first, second, "fourth")
        waiting, queued = writer.is_alive(), second._turn.fd is not None and not second._turn.held
    writer.join()
    assert waiting and queued
    assert names(first) == ["first", "second", "third", "fourth"]
    assert first._turn.held == second._turn.held == 0  # both let go


def test_the_lock_file_has_the_stores_permissions_and_group_whatever_the_umask(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    path = shared / "council.db"
    open_store(path).close()
    path.chmod(0o660)
    group = next((g for g in os.getgroups() if g != os.getegid()), None)
    if group is None and os.geteuid() == 0:
        group = 1
    if group is not None:
        os.chown(path, -1, group)
    old = os.umask(0o077)  # a clerk whose umask would make the file theirs alone
    try:
        first, second = open_store(path), open_store(path)
        with first.write():
            writer = meet(first, second)
        writer.join()
    finally:
        os.umask(old)
    first.close()
    second.close()
    info = lock_of(path).stat()
    assert stat.S_IMODE(info.st_mode) == 0o660  # owner and group, never others
    if group is not None:
        assert info.st_gid == group


def test_a_store_readable_by_its_owner_only_gets_a_lock_file_readable_by_its_owner_only(
        two: tuple[Path, Store, Store]) -> None:
    path, first, second = two
    path.chmod(0o600)
    with first.write():
        writer = meet(first, second)
    writer.join()
    assert stat.S_IMODE(lock_of(path).stat().st_mode) == 0o600


@pytest.mark.parametrize("planted", ["link", "folder"])
def test_a_lock_file_that_cannot_be_used_leaves_sqlites_own_locking_with_no_error(
        two: tuple[Path, Store, Store], tmp_path: Path, planted: str) -> None:
    path, first, second = two
    target = tmp_path / "elsewhere"
    if planted == "link":  # someone else's link in its place is never followed
        os.symlink(target, lock_of(path))
    else:
        lock_of(path).mkdir()
    with first.write() as conn:
        conn.execute("INSERT INTO people (name, created_at) VALUES ('first', 'now')")
        writer = meet(first, second, "second")
    writer.join()
    add(first, "third")
    assert names(second) == ["first", "second", "third"]
    assert not target.exists() and first._turn.fd is None and second._turn.fd is None


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """No file can be made in ``folder`` meanwhile (files in it can still be written): by its mode, or
    for root, whom modes do not stop, by making it immutable (skipped where that is not allowed)."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)],
                                                         capture_output=True).returncode != 0:
        pytest.skip("root may write in any folder, and this one cannot be made immutable here")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_store_in_a_read_only_folder_is_written_with_no_lock_file_and_no_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "council.db"
    open_store(path).close()
    first, second = open_store(path), open_store(path)  # -wal and -shm exist while they are open
    try:
        with read_only(folder):
            with first.write() as conn:
                conn.execute("INSERT INTO people (name, created_at) VALUES ('first', 'now')")
                writer = meet(first, second, "second")
            writer.join()
            add(second, "third")
            assert names(first) == ["first", "second", "third"] and not lock_of(path).exists()
    finally:
        first.close()
        second.close()


def test_a_writer_kept_waiting_too_long_is_refused_and_nothing_is_held_after(
        two: tuple[Path, Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    path, first, second = two
    lock_of(path).touch()
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.2)
    second.conn.execute("PRAGMA busy_timeout=2000")  # SQLite's own wait, were the turn not taken first
    refused: list[BaseException] = []

    def try_to_write() -> None:
        try:
            add(second, "too late")
        except StoreError as exc:
            refused.append(exc)

    with first.write() as conn:
        conn.execute("INSERT INTO people (name, created_at) VALUES ('first', 'now')")
        writer = threading.Thread(target=try_to_write)
        writer.start()
        writer.join()
    assert refused and "is busy or locked: another writer kept it" in str(refused[0])
    # the turn it gave up is not kept from anyone: both write again at once
    add(second, "second")
    add(first, "third")
    assert names(first) == ["first", "second", "third"]


def test_a_write_inside_a_write_is_refused_and_the_outer_one_keeps_its_turn(two: tuple[Path, Store, Store]) -> None:
    path, first, second = two
    lock_of(path).touch()
    with first.write() as conn:
        conn.execute("INSERT INTO people (name, created_at) VALUES ('outer', 'now')")
        with pytest.raises(StoreError, match="busy or locked"), first.write():
            pass
        writer = meet(first, second, "after")
        waiting = writer.is_alive()  # the outer write still has its turn
    writer.join()
    assert waiting
    assert names(second) == ["outer", "after"]


def test_threads_sharing_one_store_wait_for_each_others_writes_and_never_read_one_half_done(
        tmp_path: Path) -> None:
    store = open_store(tmp_path / "council.db")
    seen: list[list[str]] = []
    try:
        with store.write() as conn:
            conn.execute("INSERT INTO people (name, created_at) VALUES ('first', 'now')")
            writer = threading.Thread(target=add, args=(store, "second"))
            reader = threading.Thread(target=lambda: seen.append(names(store)))
            writer.start()
            reader.start()
            time.sleep(0.1)
            waiting = writer.is_alive() and reader.is_alive()  # neither refused, neither inside this write
            conn.execute("INSERT INTO people (name, created_at) VALUES ('first, again', 'now')")
        writer.join(10)
        reader.join(10)
        assert waiting
        assert names(store) == ["first", "first, again", "second"]
        assert seen[0][:2] == ["first", "first, again"]  # the whole write, or (had it gone first) none of it
    finally:
        store.close()


WRITER = textwrap.dedent("""\
    import sys
    from councilkit.store import open_store
    store = open_store(sys.argv[1])
    for n in range(int(sys.argv[3])):
        with store.write() as conn:
            last = conn.execute("SELECT count(*) FROM people").fetchone()[0]
            conn.execute("INSERT INTO people (name, created_at, email) VALUES (?, 'now', ?)",
                         (f"{sys.argv[2]}-{n}", str(last)))
    store.close()
    """)


def test_processes_writing_at_once_each_see_every_write_before_theirs(tmp_path: Path) -> None:
    path = tmp_path / "council.db"
    open_store(path).close()
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"w{w}", "60"]) for w in range(6)]
    for w in writers:
        assert w.wait(120) == 0
    store = open_store(path)
    rows = store.query("SELECT name, email FROM people ORDER BY id")
    # each write counted the rows before it inside its transaction: no two writes overlapped
    assert [int(r["email"]) for r in rows] == list(range(360))
    assert store.integrity_check() == []
    store.close()


WAITER = textwrap.dedent("""\
    import signal, sys, time
    import councilkit.store as store_module
    from councilkit.store import StoreError, open_store
    store_module.BUSY_SECONDS = 0.3
    own_alarm = sys.argv[2] == "own-alarm"
    if own_alarm:  # a program with its own use of SIGALRM
        def mine(signum, frame):
            pass
        signal.signal(signal.SIGALRM, mine)
        signal.setitimer(signal.ITIMER_REAL, 60)  # and an alarm of its own set
    store = open_store(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()  # the lead now holds the turn
    start = time.monotonic()
    try:
        with store.write() as conn:
            conn.execute("INSERT INTO people (name, created_at) VALUES ('too late', 'now')")
        print("written")
    except StoreError as exc:
        print(f"refused after {time.monotonic() - start:.1f}s: {exc}")
    handler = signal.getsignal(signal.SIGALRM)
    print("own alarm kept" if own_alarm and handler is mine else
          "alarm as it was" if not own_alarm and handler == signal.SIG_DFL else f"ALARM CHANGED: {handler}")
    left = signal.getitimer(signal.ITIMER_REAL)[0]
    print("own timer running" if own_alarm and 50 < left <= 60 else "no timer" if left == 0 else f"TIMER {left}")
    sys.stdin.readline()  # the turn is free again
    with store.write() as conn:
        conn.execute("INSERT INTO people (name, created_at) VALUES (?, 'now')", (sys.argv[2],))
    print("written")
    """)


@pytest.mark.parametrize("alarm", ["no-alarm", "own-alarm"])
def test_a_command_kept_waiting_too_long_is_refused_and_any_alarm_of_its_own_is_left_alone(
        tmp_path: Path, alarm: str) -> None:
    path = tmp_path / "council.db"
    open_store(path).close()
    lock_of(path).touch()
    command = subprocess.Popen([sys.executable, "-c", WAITER, str(path), alarm], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert command.stdin is not None and command.stdout is not None
    assert command.stdout.readline().strip() == "ready"
    lead = open_store(path)
    try:
        with lead.write() as conn:  # another clerk's write that takes longer than the waiter will wait
            conn.execute("INSERT INTO people (name, created_at) VALUES ('lead', 'now')")
            command.stdin.write("go\n")
            command.stdin.flush()
            refused = command.stdout.readline().strip()
            kept = command.stdout.readline().strip()
            timer = command.stdout.readline().strip()
        command.stdin.write("go\n")
        command.stdin.flush()
        out, err = command.communicate(timeout=60)
        assert command.returncode == 0, err
        assert refused.startswith("refused after 0.") and "is busy or locked: another writer kept it" in refused
        assert kept == ("own alarm kept" if alarm == "own-alarm" else "alarm as it was")
        assert timer == ("own timer running" if alarm == "own-alarm" else "no timer")
        assert out.strip() == "written"  # its turn comes as soon as the other write ends
        assert names(lead) == ["lead", alarm]
    finally:
        lead.close()


RINGING = textwrap.dedent("""\
    import fcntl, os, signal, sys
    from councilkit.store import _wait_for
    fd, probe = os.open(sys.argv[1], os.O_RDONLY), os.open(sys.argv[1], os.O_RDONLY)
    taken = escaped = refused = 0
    for i in range(4000):  # the turn is free: it is taken at once, as the alarm rings (1 to 40 us)
        try:
            if not _wait_for(fd, (1 + i % 40) / 1e6):
                refused += 1
                continue
        except BaseException as exc:
            escaped += 1
            print(f"{type(exc).__name__} escaped", file=sys.stderr)
            continue
        try:  # held by this writer: another open file of it cannot take it
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            taken += 1
        else:
            fcntl.flock(probe, fcntl.LOCK_UN)
        fcntl.flock(fd, fcntl.LOCK_UN)
    alarm = "as it was" if signal.getsignal(signal.SIGALRM) == signal.SIG_DFL else "changed"
    timer = "none" if signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) else "left set"
    print(taken, escaped, refused, alarm, timer)
    """)


def test_a_turn_taken_just_as_the_alarm_rings_is_held_with_no_stray_error(tmp_path: Path) -> None:
    """A command's main thread waits for its turn under an alarm: when the alarm rings just as the turn is
    taken (or just after), the writer has its turn, and nothing escapes as an error."""
    lock = tmp_path / "council.db-lock"
    lock.touch()
    run = subprocess.run([sys.executable, "-c", RINGING, str(lock)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["4000", "0", "0", "as", "it", "was", "none"], run.stderr[-2000:]


def test_opening_a_store_that_is_up_to_date_waits_for_no_writer(
        two: tuple[Path, Store, Store], monkeypatch: pytest.MonkeyPatch) -> None:
    """A clerk opens the store (the UI, a command that only reads) while another's long write runs:
    nothing is migrated, so nothing waits for the write lock."""
    path, first, _ = two
    lock_of(path).touch()
    monkeypatch.setattr(store_module, "BUSY_SECONDS", 0.2)
    opened: list[Store | BaseException] = []

    def open_it() -> None:
        try:
            opened.append(open_store(path))
        except BaseException as exc:  # reported below
            opened.append(exc)

    with first.write() as conn:
        conn.execute("INSERT INTO people (name, created_at) VALUES ('a long import', 'now')")
        reader = threading.Thread(target=open_it)
        reader.start()
        reader.join(5)
    assert len(opened) == 1 and isinstance(opened[0], Store), opened
    assert names(opened[0]) == ["a long import"]
    opened[0].close()
