"""Lists, counts, the due list and exports that cost the same at a county's scale, on real stores.

What a clerk would notice: a count is the number of cases (or entries) they may see, never one
more, whoever asks and whatever the filter, and it stays right as cases move and entries change;
the counts are there in a store made before they were kept; paging the worklist while others open
cases never shows one twice; the due list's first ``limit`` are the soonest; an export written a
batch at a time is the export, and says how far it has got.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import councilkit
from councilkit import people as P
from councilkit import store as store_module
from councilkit.cases import SECTIONS, CaseBook, UnknownCaseError, Worklist
from councilkit.people.records import Person
from councilkit.registers import Registers, export_register
from councilkit.registers.clocks import clocks_open
from councilkit.registers.exports import write_export
from councilkit.store import open_store

from support import APPOINTED, COMPTON, TODAY, D, World, make_world

LANGPORT = councilkit.load_council("langport-town")
TOWN = "town-2016"
START = dt.date(2020, 1, 1)


# --- cases ------------------------------------------------------------------------------------


def fill(w: World) -> None:
    """Cases in every state at Compton, a few of them late, among several people."""
    pairs = (("Olive", "Colin"), ("Colin", "Olive"), ("Olive", "Dora"), ("Dora", "Olive"))
    with w.book.batch():
        for i in range(48):
            complainant, subject = pairs[i % len(pairs)]
            on = TODAY - dt.timedelta(days=(i * 5) % 40)
            case = w.book.open(COMPTON, w[complainant], complainant=w[complainant], subject=w[subject], on=on).case
            if i % 6 == 1 and case.current is not None:
                handler = next(p for p in w.p.values() if p.id == case.current.handler_id)
                case = w.book.resolve(case, handler, why="Settled", on=on).case
                if i % 12 == 1:
                    w.book.close(case, handler, why="Done", on=on)


def visible(w: World, viewer: Person) -> list[tuple[int, str, str | None, str]]:
    """Every case ``viewer`` may see today, worked out case by case: (id, status, due date, council)."""
    out = []
    for row in w.store.query("SELECT id, status, due_date, council_id FROM cases ORDER BY id"):
        if w.book.can_see(w.book.get(row[0], w["Pat"]), viewer):  # Pat chairs the committee: sees all
            out.append((row[0], row[1], row[2], row[3]))
    return out


def check_counts(w: World, book: CaseBook, day: dt.date) -> None:
    for viewer in w.p.values():
        seen = visible(w, viewer)
        assert book.count(viewer, on=day) == len(seen), viewer.name
        assert book.list(viewer, on=day, limit=1).total == len(seen), viewer.name
        for status in ("open", "awaiting", "resolved", "closed"):
            assert book.count(viewer, status=status, on=day) == sum(s == status for _, s, _, _ in seen)
        late = [c for c in seen if c[1] == "open" and c[2] and c[2] < day.isoformat()]
        assert book.count(viewer, overdue=True, on=day) == len(late), viewer.name
        soon = day + dt.timedelta(days=5)
        assert book.count(viewer, due_before=soon, on=day) == sum(
            1 for c in seen if c[1] == "open" and c[2] and c[2] < soon.isoformat())
        assert book.count(viewer, council_id=LANGPORT.id, on=day) == 0
        work = Worklist(book, viewer, council_id=COMPTON.id, show="all", on=day)
        totals = {section: work.section_total(section) for section in SECTIONS}
        assert totals["overdue"] == len(late)
        assert totals["open"] == sum(s == "open" for _, s, _, _ in seen) - len(late)
        assert sum(totals.values()) == work.total() == len(seen)


@pytest.fixture
def w(tmp_path: Path) -> Iterator[World]:
    world = make_world(tmp_path / "scale.db")
    yield world
    world.store.close()


def test_every_count_is_what_the_viewer_may_see_and_stays_right_as_cases_move(w: World) -> None:
    fill(w)
    check_counts(w, w.book, TODAY)
    check_counts(w, w.book, TODAY + dt.timedelta(days=30))  # overdue is judged by the day asked about
    # cases move on: resolved, closed, reopened; each move keeps the counts right
    ann = w["Ann"]
    for row in w.store.query("SELECT id FROM cases WHERE status = 'resolved' ORDER BY id LIMIT 3"):
        w.book.close(row[0], ann, why="Done")
    for row in w.store.query("SELECT id FROM cases WHERE status = 'closed' ORDER BY id LIMIT 2"):
        w.book.reopen(row[0], ann, why="New evidence")
    check_counts(w, w.book, TODAY)
    # a fresh book (another process) reads the same counts
    check_counts(w, CaseBook(w.store, councils={COMPTON.id: COMPTON}), TODAY)


def test_a_person_who_may_see_no_case_counts_none(w: World) -> None:
    fill(w)
    nobody = w["Nobody"]
    assert w.book.count(nobody) == 0 and w.book.list(nobody).total == 0
    assert Worklist(w.book, nobody, show="all").total() == 0
    # the Clerk of another council sees none of Compton's cases, counted or listed
    helen = P.add_person(w.store, "Helen Brooks", "helen")
    P.appoint(w.store, helen, LANGPORT, "clerk", APPOINTED)
    book = CaseBook(w.store, councils={COMPTON.id: COMPTON, LANGPORT.id: LANGPORT})
    assert book.count(helen) == 0 and book.count(helen, council_id=COMPTON.id) == 0
    assert Worklist(book, helen, council_id=COMPTON.id, show="all").page().total == 0


def test_a_list_for_another_day_never_shows_what_the_viewer_may_not_see_today(w: World) -> None:
    fill(w)
    ann = w["Ann"]
    assert w.book.count(ann) == 48
    clerk = P.current_appointment(w.store, ann, COMPTON.id, "clerk", TODAY)
    P.end_appointment(w.store, clerk, TODAY - dt.timedelta(days=1))  # she left yesterday
    last_week = TODAY - dt.timedelta(days=7)  # when she was the Clerk
    handled = {c[0] for c in visible(w, ann)}  # she still sees the cases she handled, and only those
    assert 0 < len(handled) < 48
    assert w.book.count(ann, on=last_week) == len(handled)
    assert {s.id for s in w.book.list(ann, on=last_week, limit=100).cases} == handled
    work = Worklist(w.book, ann, show="all", on=last_week)
    assert work.total() == len(handled) and {s.id for s in work.page(limit=100).cases} == handled
    hidden = min(set(range(1, 49)) - handled)
    with pytest.raises(UnknownCaseError):
        w.book.get(hidden, ann, on=last_week)


def test_a_store_made_before_the_counts_were_kept_gets_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    known = store_module.migrations()
    monkeypatch.setattr(store_module, "migrations", lambda: [m for m in known if m.version < 5])
    path = tmp_path / "old.db"
    old = make_world(path)
    fill(old)
    assert not old.store.query("SELECT 1 FROM sqlite_master WHERE name = 'case_counts'")
    old.store.close()
    monkeypatch.setattr(store_module, "migrations", lambda: known)
    store = open_store(path)  # migrated now
    w = World(store, CaseBook(store, councils={COMPTON.id: COMPTON}), old.p)
    assert w.store.schema_version() == known[-1].version
    check_counts(w, w.book, TODAY)
    w.store.close()


def test_paging_while_cases_are_opened_shows_each_once(w: World) -> None:
    fill(w)
    work = Worklist(w.book, w["Ann"], council_id=COMPTON.id, show="all", on=TODAY)
    first = work.page(limit=10)
    assert all(s.overdue(TODAY) for s in first.cases)
    # someone opens two cases between the pages: they go to the top of the open ones, not yet listed, and
    # each page goes on from the case the last stopped at, not from a count that the new cases would shift
    new = {w.book.open(COMPTON, w["Olive"], complainant=w["Olive"], subject=w["Colin"], on=TODAY).case.id
           for _ in range(2)}
    listed = [s.id for s in first.cases]
    cursor = first.cursor
    while cursor:
        page = Worklist(w.book, w["Ann"], council_id=COMPTON.id, show="all", on=TODAY).page(cursor, limit=10)
        listed += [s.id for s in page.cases]
        cursor = page.cursor
    assert len(listed) == len(set(listed)) == 50 and new <= set(listed)


# --- registers --------------------------------------------------------------------------------


@pytest.fixture
def town(tmp_path: Path) -> Iterator[tuple[Registers, Person, Person]]:
    store = open_store(tmp_path / "town.db")
    council = councilkit.load_council(TOWN)
    clerk = P.add_person(store, "Tom Clerk", "tom")
    member = P.add_person(store, "Ann Member", "ann")
    P.appoint(store, clerk, council, "clerk", START)
    P.appoint(store, member, council, "councillor", START)
    yield Registers(store, council, today=TODAY), clerk, member
    store.close()


def gift(received: dt.date, **over: object) -> dict[str, object]:
    values: dict[str, object] = {"recipient": "ann", "gift_or_hospitality": "gift", "description": "Dinner",
                                 "offered_by": "Acme Ltd", "value": "£75", "received_on": received.isoformat(),
                                 "accepted": "yes"}
    values.update(over)
    return values


def test_a_register_count_is_what_the_viewer_may_see(town: tuple[Registers, Person, Person]) -> None:
    regs, clerk, member = town
    added = [regs.add("gifts_hospitality", gift(TODAY), clerk) for _ in range(4)]
    regs.withdraw(added[0].id, clerk, reason="twice")
    media = {"member": "ann", "officer": "tom", "requested_on": "2026-11-20", "subject": "x", "factual": "yes",
             "adverse_to_council": "no", "confidential_basis": "yes"}
    secret = regs.add("media_assistance", media, clerk)
    regs.add("media_assistance", {**media, "confidential_basis": "no"}, clerk)
    assert secret.confidential
    for viewer in (clerk, member, None):
        for kind in ("gifts_hospitality", "media_assistance"):
            for status in ("current", "withdrawn", "all"):
                listed = regs.page(kind, viewer, status=status, limit=1000).entries
                assert regs.count(kind, viewer, status) == len(listed), (kind, status, viewer)
    assert regs.count("media_assistance", member) == 1 and regs.count("media_assistance", clerk) == 2
    # an amendment that makes an entry confidential takes it out of the public's count at once
    regs.amend(added[1].id, {"notes": "private"}, clerk, reason="asked", confidential=True)
    assert regs.count("gifts_hospitality", None) == 2 and regs.count("gifts_hospitality", clerk) == 3


def test_the_due_list_limited_is_the_soonest(town: tuple[Registers, Person, Person]) -> None:
    regs, clerk, _ = town
    for n in range(40):  # received over four months, a few registered already
        received = TODAY - dt.timedelta(days=(n * 37) % 120)
        extra = {"notified_on": received.isoformat()} if n % 5 == 0 else {}
        regs.add("gifts_hospitality", gift(received, **extra), clerk)
    every = regs.due(clerk, within=30)
    assert len(every) > 20
    for limit in (0, 1, 5, 20, len(every), len(every) + 5):
        assert regs.due(clerk, within=30, limit=limit) == every[:limit]
    assert regs.due_count(clerk, within=30) == len(every)
    assert regs.due_count(clerk, within=30, at_most=10) == 10
    assert regs.due_count(clerk, within=30, at_most=1000) == len(every)


def test_an_entry_stores_the_day_its_clocks_count_from(town: tuple[Registers, Person, Person]) -> None:
    regs, clerk, _ = town
    kind = regs.kind("gifts_hospitality")
    received = D(2026, 10, 1)
    e = regs.add("gifts_hospitality", gift(received), clerk)
    assert clocks_open(kind, e.values) == received.toordinal()
    stored = regs.store.query("SELECT clocks_open FROM register_current WHERE entry_id = ?", (e.id,))[0][0]
    assert stored == received.toordinal()
    done = regs.amend(e.id, {"notified_on": "2026-10-05"}, clerk, reason="registered")
    assert clocks_open(kind, done.values) == 0
    # a store written before the day was kept holds 1 for a running clock: still found
    late = regs.add("gifts_hospitality", gift(D(2026, 9, 1)), clerk)
    regs.store.conn.execute("UPDATE register_current SET clocks_open = 1 WHERE entry_id = ?", (late.id,))
    assert [d.entry.id for d in regs.due(clerk, limit=1)] == [late.id]


def test_an_export_written_a_batch_at_a_time_is_the_export(town: tuple[Registers, Person, Person],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from councilkit.registers import exports

    regs, clerk, member = town
    for n in range(23):
        e = regs.add("gifts_hospitality", gift(TODAY - dt.timedelta(days=n), description=f"Gift {n} | =x"), clerk)
        if n % 7 == 0:
            regs.withdraw(e.id, clerk, reason="entered twice")
    monkeypatch.setattr(exports, "BATCH", 5)
    for fmt in ("csv", "json", "md"):
        for viewer, publication in ((clerk, False), (member, False), (None, True)):
            seen: list[tuple[int, int]] = []
            out = io.StringIO(newline="")
            written = write_export(regs, "gifts_hospitality", viewer, out, fmt, publication=publication,
                                   progress=lambda done, total, seen=seen: seen.append((done, total)))
            assert out.getvalue() == export_register(regs, "gifts_hospitality", viewer, fmt, publication=publication)
            total = 23 if not publication else 23 - 4
            assert written == total and seen[0] == (0, total) and seen[-1] == (total, total)
            assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) == 1 + -(-total // 5)
            if fmt == "json":
                document = json.loads(out.getvalue())
                assert [e["entry"] for e in document["entries"]] == sorted(e["entry"] for e in document["entries"])
    empty = io.StringIO()
    assert write_export(regs, "external_meetings", clerk, empty, "json") == 0
    assert json.loads(empty.getvalue())["entries"] == []
