"""Cases in the store: the list, a long case, and many clerks writing at once.

Goals (issue 3):

- the first page of a list of 100,000 cases: under 50 ms;
- opening a case with 1,000 events (no goal set; reported);
- events appended per second by 8 concurrent processes: at least 1,000.

Every case and event is made through the SDK (``CaseBook``), never by SQL, so
the store measured is the store a council would have.  The 100,000 cases are
opened in batches of 5,000 (one transaction each), which also gives the rate of
a bulk import.  Run: ``uv run python benchmarks/bench_cases.py [--cases N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

LIST_GOAL_MS = 50.0
EVENTS_GOAL = 1000.0
WRITERS = 8
EVENTS_EACH = 500
BATCH = 5000
APPOINTED = dt.date(2025, 5, 12)

os.environ.setdefault("COUNCILKIT_TODAY", "2026-11-23")

import councilkit  # noqa: E402
from councilkit import people as P  # noqa: E402
from councilkit.cases import CaseBook  # noqa: E402
from councilkit.store import open_store  # noqa: E402

CAST = {
    "Alison Hartley": ("clerk",), "Richard Bell": ("personnel_committee_chair", "personnel_committee"),
    "Geoffrey Pike": ("chair",), "Margaret Oduya": ("vice_chair",), "Nadia Ellis": ("senior_manager",),
    "Dennis Cole": ("councillor",), "Fiona Grant": ("councillor",), "Jamie Lowe": ("officer",),
    "Kim Patel": ("junior_officer",), "Harriet Moss": ("councillor",), "Owen Marsh": ("councillor",),
}
#: (complainant, subject): four kinds of concern, so the cases take different routes and handlers
SHAPES = (("Jamie Lowe", "Dennis Cole"), ("Fiona Grant", "Kim Patel"), ("Dennis Cole", "Alison Hartley"),
          ("Kim Patel", "Fiona Grant"))


def median_ms(fn, runs: int = 30) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()  # warm
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def verdict(ok: bool) -> str:
    return "meets goal" if ok else "MISSES goal"


def build(path: Path, cases: int) -> tuple[CaseBook, dict[str, P.Person], float]:
    compton = councilkit.load_council("compton-parish")
    store = open_store(path)
    people = {}
    for name, roles in CAST.items():
        people[name] = P.add_person(store, name, login=name.split()[0].lower())
        for role in roles:
            P.appoint(store, people[name], compton, role, APPOINTED)
    book = CaseBook(store, councils={compton.id: compton})
    today = dt.date.fromisoformat(os.environ["COUNCILKIT_TODAY"])
    start = time.perf_counter()
    made = 0
    while made < cases:
        with book.batch():
            for _ in range(min(BATCH, cases - made)):
                complainant, subject = SHAPES[made % len(SHAPES)]
                if made % 4000 == 0:  # a councillor who is a party to 1 case in 4,000: 25 of 100,000
                    complainant, subject = "Harriet Moss", "Jamie Lowe"
                opened = today - dt.timedelta(days=made % 365)  # a year of cases: some overdue
                book.open(compton, people[complainant], complainant=people[complainant], subject=people[subject],
                          on=opened)
                made += 1
    return book, people, cases / (time.perf_counter() - start)


def bench_list(book: CaseBook, people: dict[str, P.Person], cases: int) -> None:
    clerk = people["Alison Hartley"]
    handler = people["Nadia Ellis"]
    party = people["Kim Patel"]
    councillor = people["Harriet Moss"]
    outsider = people["Owen Marsh"]
    fresh = CaseBook(book.store)
    cold_start = time.perf_counter()
    page = fresh.list(clerk)
    cold = (time.perf_counter() - cold_start) * 1000
    assert page.total == cases and len(page.cases) == 50
    print(f"first page (50) of {cases:,} cases (goal < {LIST_GOAL_MS:.0f} ms)")
    print(f"  {'as the Parish Clerk (sees all), first call':44s} {cold:7.2f} ms (loads the council file)")
    for label, viewer, kwargs in (
        ("as the Parish Clerk (sees all)", clerk, {}),
        ("as the Parish Clerk, overdue only", clerk, {"overdue": True}),
        ("as a councillor, party to 1 in 4,000", councillor, {}),
        ("as a councillor who may see none", outsider, {}),
        ("stress: a manager handling 1 in 4", handler, {}),
        ("stress: an officer party to 1 in 2", party, {}),
        ("as the Parish Clerk, page 1,000", clerk, {"offset": 49_950}),
    ):
        median, best = median_ms(lambda v=viewer, k=kwargs: book.list(v, **k))
        print(f"  {label:44s} median {median:7.2f} ms  min {best:7.2f} ms  {verdict(median < LIST_GOAL_MS)}")


def bench_long_case(path: Path, book: CaseBook, people: dict[str, P.Person]) -> None:
    compton = councilkit.load_council("compton-parish")
    clerk = people["Alison Hartley"]
    case = book.open(compton, people["Jamie Lowe"], complainant=people["Jamie Lowe"],
                     subject=people["Dennis Cole"]).case
    with book.batch():
        for i in range(1000 - case.version):
            book.note(case.id, clerk, f"note {i}")

    def cold() -> None:
        other = CaseBook(open_store(path), councils={compton.id: compton})
        got = other.get(case.id, clerk)
        assert got.version == 1000
        other.store.close()

    warm_book = CaseBook(open_store(path), councils={compton.id: compton})
    warm_book.get(case.id, clerk)
    cold_ms, cold_min = median_ms(cold, runs=15)
    warm_ms, warm_min = median_ms(lambda: warm_book.get(case.id, clerk))
    print("opening a case with 1,000 events")
    print(f"  {'from the file (open store, fold 1,000)':44s} median {cold_ms:7.2f} ms  min {cold_min:7.2f} ms")
    print(f"  {'again, already folded (checks for new)':44s} median {warm_ms:7.2f} ms  min {warm_min:7.2f} ms")


WORKER = textwrap.dedent('''\
    import sys, time
    import councilkit
    from councilkit import people as P
    from councilkit.cases import CaseBook
    from councilkit.store import open_store

    path, worker, count, cases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4].split(",")
    compton = councilkit.load_council("compton-parish")
    store = open_store(path)
    book = CaseBook(store, councils={compton.id: compton})
    clerk = P.find_person(store, "alison")
    for case in cases:  # warm: fold the cases, load the calendars and plugins
        book.note(case, clerk, f"w{worker} ready")
    print("ready", flush=True)
    sys.stdin.readline()
    for j in range(count):
        book.note(cases[(worker + j) % len(cases)], clerk, f"w{worker}-{j}")
    print("done", flush=True)
    ''')


def bench_concurrent(path: Path, book: CaseBook, people: dict[str, P.Person]) -> None:
    compton = councilkit.load_council("compton-parish")
    shared = [book.open(compton, people["Jamie Lowe"], complainant=people["Jamie Lowe"],
                        subject=people["Dennis Cole"]).case.id for _ in range(4)]
    before = book.store.query("SELECT count(*) FROM case_events")[0][0]
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(path), str(w), str(EVENTS_EACH),
                               ",".join(map(str, shared))], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True) for w in range(WRITERS)]
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    start = time.perf_counter()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        proc.communicate()
        assert proc.returncode == 0
    elapsed = time.perf_counter() - start
    total = WRITERS * EVENTS_EACH
    after = book.store.query("SELECT count(*) FROM case_events")[0][0]
    assert after - before == total + WRITERS * len(shared)
    rate = total / elapsed
    checked, problems = book.store.verify_chains()
    print(f"{WRITERS} processes x {EVENTS_EACH} events to {len(shared)} shared cases (goal >= {EVENTS_GOAL:,.0f}/s)")
    print(f"  {total:,} events in {elapsed:.2f} s: {rate:,.0f} events/s  {verdict(rate >= EVENTS_GOAL)}; "
          f"chain of {checked['case_events']:,} events {'verifies' if not problems else 'BROKEN'}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="cases in the list (default 100,000)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the store in DIR and keep it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "bench.db"
        if path.exists():
            sys.exit(f"{path} exists; give an empty directory")
        book, people, rate = build(path, args.cases)
        print(f"built {args.cases:,} cases through the SDK in batches of {BATCH:,}: {rate:,.0f} cases/s")
        bench_list(book, people, args.cases)
        bench_long_case(path, book, people)
        bench_concurrent(path, book, people)
        book.store.close()


if __name__ == "__main__":
    main()
