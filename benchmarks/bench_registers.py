"""Registers at scale: search, adding an entry and the first page, over 1,000,000 entries.

The database is a real councilkit store: one register (gifts and hospitality at
town-2016) holding ``--entries`` entries (default 1,000,000), built the way
councilkit writes them (the same JSON, the same hash chain, the same search
index) but in one bulk transaction, with the chain computed as the rows are
made.  ``councilkit audit verify`` would accept it.

Figures (each the median and 95th percentile of repeated runs, through the SDK,
as the Town Clerk, so visibility checks are included):

- search over all entries: a rare word, a common word, two words, a prefix
  (goal: under 50 ms);
- adding an entry: validation, person lookup, the chained append, the search
  index and the commit (goal: under 5 ms);
- the first page (50 entries, newest first) of the register (goal: under 50 ms);

and, for information, a page deep in the register, counting it, and ``due``.

Usage: ``uv run python benchmarks/bench_registers.py [--entries N] [--db PATH]``;
``--db`` keeps the built database and reuses it next time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import councilkit
from councilkit import people
from councilkit.registers import (
    CHAINED_COLUMNS,
    TABLE,
    Registers,
    clock_signature,
    clocks_open,
    encode_data,
    search_text,
)
from councilkit.store import GENESIS, chain_hash, now, open_store

COUNCIL = "town-2016"
KIND = "gifts_hospitality"
TODAY = dt.date(2026, 11, 23)
GOALS_MS = {"search": 50.0, "add": 5.0, "first page": 50.0}
BATCH = 20_000

WORDS = ("dinner", "lunch", "tickets", "theatre", "concert", "bottle", "wine", "hamper", "flowers", "book", "token",
         "pen", "scarf", "tie", "calendar", "diary", "voucher", "meal", "reception", "ball", "gala", "festival",
         "match", "seat", "hospitality", "tour", "visit", "conference", "dinner-dance", "awards", "ceremony",
         "launch", "opening", "exhibition", "show", "garden", "party", "breakfast", "supper")
GIVERS = ("Acme Ltd", "County Council", "Chamber of Commerce", "Rotary Club", "Housing Association",
          "Highways Contractor", "Civic Society", "Football Club", "Developer Holdings", "Local Hospice",
          "Parish Trust", "Arts Festival", "Twinning Association", "Bus Company", "Water Utility")
SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
            "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke")


def build(path: Path, n: int) -> tuple[float, int]:
    """Fill a fresh store with ``n`` entries; return the seconds taken and the clerk's person id."""
    started = time.perf_counter()
    store = open_store(path)
    council = councilkit.load_council(COUNCIL)
    kind = council.register_kinds[KIND]
    clerk = people.add_person(store, "Tom Clerk", "tom")
    people.appoint(store, clerk, council, "clerk", dt.date(2020, 1, 1))
    members = []
    for i in range(200):
        person = people.add_person(store, f"Cllr {chr(65 + i % 26)}. {SURNAMES[i % len(SURNAMES)]} {i}")
        people.appoint(store, person, council, "councillor", dt.date(2020, 1, 1))
        members.append(person)
    names = {p.id: p.name for p in members}
    rng = random.Random(20261123)
    base = dt.date(2024, 11, 23)
    stamp = now()
    sig = clock_signature(kind)
    prev = GENESIS
    conn = store.conn
    conn.execute("PRAGMA cache_size = -200000")
    with store.write():
        entries, current, search = [], [], []
        for entry_id in range(1, n + 1):
            received = base + dt.timedelta(days=rng.randrange(730))
            words = rng.sample(WORDS, 3)
            if entry_id % 10_000 == 0:
                words.append("zeppelin")  # a rare word: 1 entry in 10,000
            data = {
                "recipient": rng.choice(members).id,
                "gift_or_hospitality": rng.choice(("gift", "hospitality")),
                "description": " ".join(words).capitalize(),
                "offered_by": rng.choice(GIVERS),
                "value": rng.randrange(500, 50_000),
                "received_on": received,
                "accepted": rng.random() < 0.8,
            }
            if rng.random() < 0.99:  # most are registered on time; 1% still have their clock running
                data["notified_on"] = received + dt.timedelta(days=rng.randrange(28))
            payload = {"council_id": council.id, "kind": KIND, "entry_id": entry_id, "version": 1,
                       "action": "added", "data": encode_data(kind, data), "confidential": 0, "reason": "",
                       "recorded_by": clerk.id, "recorded_login": None, "recorded_at": stamp}
            digest = chain_hash(prev, payload)
            entries.append((entry_id, *payload.values(), prev, digest))
            prev = digest
            current.append((entry_id, council.id, KIND, entry_id, 1, 0, 0, None, stamp, clerk.id,
                            int(clocks_open(kind, data)), sig))
            search.append((entry_id, *search_text(kind, data, names, council.roles)))
            if len(entries) == BATCH or entry_id == n:
                columns = ", ".join(("seq", *CHAINED_COLUMNS, "prev_hash", "hash"))
                marks = ", ".join("?" for _ in range(len(CHAINED_COLUMNS) + 3))
                conn.executemany(f"INSERT INTO {TABLE} ({columns}) VALUES ({marks})", entries)
                conn.executemany("INSERT INTO register_current (entry_id, council_id, kind, seq, version, withdrawn,"
                                 " confidential, released_on, added_at, added_by, clocks_open, clock_sig)"
                                 " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", current)
                conn.executemany("INSERT INTO register_search (rowid, public, sensitive) VALUES (?, ?, ?)", search)
                entries, current, search = [], [], []
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    store.close()
    return time.perf_counter() - started, clerk.id


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Median and 95th-percentile milliseconds of ``runs`` calls (after one warm-up call)."""
    result = fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))], result


def verdict(ms: float, goal: float) -> str:
    return "ok" if ms < goal else "MISSED"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="keep the database here and reuse it when it exists")
    args = parser.parse_args(argv)
    os.environ.setdefault("COUNCILKIT_TODAY", TODAY.isoformat())

    tmp = None
    if args.db is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench_registers_")
        path = Path(tmp.name) / "registers.db"
    else:
        path = args.db
    if path.exists():
        store = open_store(path)
        have = store.query("SELECT count(*) FROM register_current")[0][0]
        store.close()
        if have < args.entries or have > args.entries * 1.01 + 1000:  # earlier runs each added a few
            sys.exit(f"{path} holds {have:,} entries, not {args.entries:,}; remove it or give another --db")
        print(f"reusing {path} ({have:,} entries)")
    else:
        seconds, _ = build(path, args.entries)
        size = path.stat().st_size / 1e6
        print(f"built {args.entries:,} entries in {seconds:.1f} s ({size:,.0f} MB)")

    store = open_store(path)
    council = councilkit.load_council(COUNCIL)
    regs = Registers(store, council, today=TODAY)
    clerk = people.find_person(store, "tom")
    n = store.query("SELECT count(*) FROM register_current")[0][0]

    print(f"search over {n:,} entries (goal < {GOALS_MS['search']:.0f} ms), newest 50 matches:")
    for label, query in (("a rare word", "zeppelin"), ("a common word", "dinner"),
                         ("two words", "theatre tickets"), ("a giver's name", "rotary club"),
                         ("a prefix", "hamp*")):
        median, p95, hits = timed(lambda q=query: regs.search(q, clerk, limit=50), 30)
        print(f"  {label:16s} {query!r:20s} median {median:6.2f} ms  p95 {p95:6.2f} ms  "
              f"{len(hits):3d} hits  {verdict(median, GOALS_MS['search'])}")

    added = []

    def add() -> None:
        e = regs.add(KIND, {"recipient": "tom", "gift_or_hospitality": "gift", "description": "Bench pen",
                            "offered_by": "Bench Ltd", "value": "£12.50", "received_on": "2026-11-20",
                            "accepted": "yes"}, clerk)
        added.append(e.id)

    median, p95, _ = timed(add, 200)
    print(f"adding an entry (goal < {GOALS_MS['add']:.0f} ms): median {median:.2f} ms  p95 {p95:.2f} ms  "
          f"{verdict(median, GOALS_MS['add'])}")

    median, p95, _ = timed(lambda: regs.page(KIND, clerk, limit=50), 50)
    print(f"first page of {n + len(added):,} entries (goal < {GOALS_MS['first page']:.0f} ms): "
          f"median {median:.2f} ms  p95 {p95:.2f} ms  {verdict(median, GOALS_MS['first page'])}")
    middle = n // 2
    median, p95, _ = timed(lambda: regs.page(KIND, clerk, before=middle, limit=50), 50)
    print(f"  (a page half-way down, --before {middle:,}: median {median:.2f} ms  p95 {p95:.2f} ms)")
    median, _, count = timed(lambda: regs.count(KIND, clerk), 5)
    print(f"  (counting the register, {count:,} entries: median {median:.1f} ms)")
    median, _, due = timed(lambda: regs.due(clerk, within=14), 3)
    print(f"  (due: {len(due):,} clocks overdue or due within 14 days: median {median:.0f} ms)")
    store.close()
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
