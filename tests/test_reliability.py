"""The store under real concurrency and real crashes: real processes, a real SQLite file.

- 8 processes each append 500 events to the same few cases: every event is there exactly once, each
  case's events are numbered without a gap, the hash chain verifies, and the case each note gives
  back holds every event written before it, by whichever process.
- A writer is killed with SIGKILL in the middle of its writes, 50 times: each time SQLite's integrity
  check passes, the chain verifies, and every case's summary row agrees with its events.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

import councilkit
from councilkit import people as P
from councilkit.cases import CaseBook
from councilkit.store import open_store

pytestmark = pytest.mark.slow

COMPTON = councilkit.load_council("compton-parish")
APPOINTED = "2025-05-12"
SHARED_CASES = 4
WRITERS = 8
EVENTS_EACH = 500


def prepare(path: Path, cases: int) -> list[int]:
    """A store with Compton's people and ``cases`` open cases; closed before any writer starts."""
    import datetime as dt

    store = open_store(path)
    people = {}
    for name, login, role in (("Ann Clerk", "ann", "clerk"), ("Olive Officer", "olive", "officer"),
                              ("Colin Cllr", "colin", "councillor"), ("Sam Senior", "sam", "senior_manager"),
                              ("Pat Chair", "pat", "personnel_committee_chair")):
        people[login] = P.add_person(store, name, login=login)
        P.appoint(store, people[login], COMPTON, role, dt.date.fromisoformat(APPOINTED))
    book = CaseBook(store, councils={COMPTON.id: COMPTON})
    ids = [book.open(COMPTON, people["olive"], complainant=people["olive"], subject=people["colin"]).case.id
           for _ in range(cases)]
    store.close()
    return ids


def check_store(path: Path) -> tuple[int, list[str]]:
    """Events in the store, and every problem: integrity, chain, numbering, summary rows."""
    import councilkit.cases.book  # noqa: F401  (registers the chained table)

    store = open_store(path)
    try:
        problems = [f"integrity: {p}" for p in store.integrity_check()]
        checked, chain = store.verify_chains()
        problems += [str(p) for p in chain]
        problems += [f"case #{r[0]}: version {r[1]} but {r[2]} events numbered to {r[3]}" for r in store.query(
            "SELECT c.id, c.version, count(e.seq), coalesce(max(e.n), 0) FROM cases c"
            " LEFT JOIN case_events e ON e.case_id = c.id GROUP BY c.id"
            " HAVING c.version != count(e.seq) OR coalesce(max(e.n), 0) != count(e.seq)")]
        return checked["case_events"], problems
    finally:
        store.close()


# --- 8 writers ------------------------------------------------------------------

WORKER = textwrap.dedent('''\
    import sys
    import councilkit
    from councilkit import people as P
    from councilkit.cases import CaseBook
    from councilkit.store import open_store

    path, worker, count, cases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
    compton = councilkit.load_council("compton-parish")
    store = open_store(path)
    book = CaseBook(store, councils={compton.id: compton})
    clerk = P.find_person(store, "ann")
    print("ready", flush=True)
    sys.stdin.readline()  # wait until every writer is ready
    for j in range(count):
        change = book.note(cases[(worker + j) % len(cases)], clerk, f"w{worker}-{j}")
        # the case it gives back holds every event before the note, whoever wrote them, and the note last
        numbers = [e.n for e in change.case.events]
        assert numbers == list(range(1, change.events[0].n + 1)), f"note {j}: events {numbers[-5:]}"
        assert change.case.events[-1].reason == f"w{worker}-{j}"
    store.close()
    print("done", flush=True)
    ''')


def test_eight_processes_append_500_events_each_and_none_is_lost(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    case_ids = prepare(path, SHARED_CASES)
    env = {**os.environ, "COUNCILKIT_TODAY": "2026-11-23"}
    writers = [subprocess.Popen(
        [sys.executable, "-c", WORKER, str(path), str(w), str(EVENTS_EACH), ",".join(map(str, case_ids))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for w in range(WRITERS)]
    try:
        for proc in writers:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", proc.stderr
        for proc in writers:  # all at once
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc in writers:
            _, err = proc.communicate(timeout=600)
            assert proc.returncode == 0, err
    finally:
        for proc in writers:
            if proc.poll() is None:
                proc.kill()

    total, problems = check_store(path)
    assert problems == []
    store = open_store(path)
    notes = Counter(r[0] for r in store.query("SELECT reason FROM case_events WHERE kind = 'note'"))
    store.close()
    expected = {f"w{w}-{j}" for w in range(WRITERS) for j in range(EVENTS_EACH)}
    assert set(notes) == expected
    assert all(n == 1 for n in notes.values()), [k for k, n in notes.items() if n != 1][:5]
    assert total == SHARED_CASES * 2 + WRITERS * EVENTS_EACH


# --- SIGKILL during writes -------------------------------------------------------------

KILLS = 50


def writer(path: str, ready: multiprocessing.synchronize.Event, seed: int) -> None:  # type: ignore[name-defined]
    """Append events for ever: mostly notes, and every seventh action a new case (several rows at once)."""
    rng = random.Random(seed)
    store = open_store(path)
    book = CaseBook(store, councils={COMPTON.id: COMPTON})
    clerk, olive, colin = (P.find_person(store, x) for x in ("ann", "olive", "colin"))
    cases = [r[0] for r in store.query("SELECT id FROM cases")]
    i = 0
    while True:
        if i % 7 == 6:
            cases.append(book.open(COMPTON, olive, complainant=olive, subject=colin).case.id)
        else:
            book.note(rng.choice(cases), clerk, f"note {seed}-{i}")
        i += 1
        if i == 3:
            ready.set()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_writer_killed_during_writes_never_corrupts_the_store(tmp_path: Path) -> None:
    path = tmp_path / "killed.db"
    prepare(path, 3)
    ctx = multiprocessing.get_context("fork")  # a real process, started without a fresh interpreter
    rng = random.Random(20261123)
    before, _ = check_store(path)
    for round_ in range(KILLS):
        ready = ctx.Event()
        proc = ctx.Process(target=writer, args=(str(path), ready, round_), daemon=True)
        proc.start()
        assert ready.wait(60), f"round {round_}: the writer never got going"
        time.sleep(rng.uniform(0, 0.03))  # somewhere in the middle of a write
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(10)
        assert proc.exitcode == -signal.SIGKILL
        total, problems = check_store(path)
        assert problems == [], f"after kill {round_ + 1}: {problems}"
        assert total >= before + 3, f"round {round_}: the writer wrote nothing"
        before = total
    # after every kill, the record verifies as a clerk checks it (a separate process, reading only) ...
    result = subprocess.run([sys.executable, "-m", "councilkit", "--db", str(path), "audit", "verify"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"case_events: {before} rows, chain intact" in result.stdout
    assert "verified: nothing was changed or removed" in result.stdout
    # ... and the store still takes a write, the next event numbered on from the last
    store = open_store(path)
    try:
        book = CaseBook(store, councils={COMPTON.id: COMPTON})
        case = book.get(1, P.find_person(store, "ann"))
        after = book.note(case, P.find_person(store, "ann"), "after the kills").case
        assert after.version == case.version + 1
    finally:
        store.close()
