"""The demo store: fictional people at the five seed councils, and cases in every state.

``councilkit demo`` (or :func:`ensure_demo_store`, which the terminal UI calls)
fills a store with a cast of fictional people for each seed council, appointed
to its roles, and for each council a case in each state its protocol allows:

- ``open``: a step in progress, on time;
- ``overdue``: a step in progress past its deadline (only where a step has one:
  Langport's and the community council's protocols set no time limits);
- ``escalated``: taken on to a later step (only where a route has one);
- ``awaiting``: blocked, because nobody who is not a party holds the role that
  must handle the next step (each council leaves one post vacant for this);
- ``resolved``: decided, waiting to be closed;
- ``closed``, ``withdrawn`` and ``reopened``.

Every person and event is made through the same SDK calls a clerk's actions
use, so the demo is also a worked example of them.  Dates count back in working
days from today (``COUNCILKIT_TODAY``), so the deadlines shown are always live;
people are appointed at an annual meeting (the second Monday of May) more than a
year before, so everything they do happens while they hold their roles; and no
title, reason or entry names a month, a season or a festival, so none can
contradict the date it is shown with.

The demo never writes into a store that holds anyone but its own fictional
people (their emails are at ``example.org``): it refuses, so a real register
cannot be mixed with invented names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from councilkit import people as P
from councilkit.cases import Case, CaseBook
from councilkit.errors import CouncilkitError
from councilkit.routing import working_days_before
from councilkit.settings import today
from councilkit.store import Store, open_store

DEMO_EMAIL_DOMAIN = "example.org"
DEMO_FILE = "demo.db"
#: how long before today the demo's people were appointed, at least: every case and register entry the demo
#: makes (the oldest, a relationship notified 360 days ago) happens while they hold their roles
SERVING_DAYS = 400
SEED_COUNCILS = ("compton-parish", "langport-town", "town-2016", "principal-council", "community-council")
STATES = ("open", "overdue", "escalated", "awaiting", "resolved", "closed", "withdrawn", "reopened")


class DemoError(CouncilkitError):
    """The store holds real data, so the demo will not write into it."""


# the casts: name -> roles, per council ------------------------------------------------

CASTS: dict[str, dict[str, tuple[str, ...]]] = {
    "compton-parish": {
        "Alison Hartley": ("clerk", "rfo"),
        "Geoffrey Pike": ("chair",),
        "Margaret Oduya": ("vice_chair",),
        "Richard Bell": ("personnel_committee_chair", "personnel_committee"),
        "Sunita Rao": ("leader",),
        "Tom Whitaker": ("group_leader",),
        "Dennis Cole": ("councillor",),
        "Fiona Grant": ("councillor",),
        "Harriet Moss": ("councillor",),
        "Jamie Lowe": ("officer",),
        "Kim Patel": ("junior_officer",),
        "Nadia Ellis": ("senior_manager",),
        "Owen Marsh": ("mediator",),
        # no Monitoring Officer: the step that needs one is blocked
    },
    "langport-town": {
        "Helen Brooks": ("clerk",),
        "Martin Shaw": ("chair",),
        "Ruth Ainsworth": ("councillor",),
        "Paul Kendall": ("councillor",),
        "Ian Fairbairn": ("councillor",),
        "Lucy Grey": ("officer",),
        "Ben Carter": ("employee",),
        # no Chair of the Personnel Committee and no Vice-Chair: a concern about the Town Clerk
        # raised by the Chair has nobody to handle it
    },
    "town-2016": {
        "Graham Lyle": ("clerk",),
        "Janet Fox": ("monitoring_officer",),
        "Derek Nunn": ("councillor",),
        "Pam Bishop": ("committee_chair",),
        "Shona Reid": ("councillor",),
        "Alan Webb": ("officer",),
        # no Chair of the Personnel Committee, no Chair: the Town Clerk cannot arbitrate his own question
    },
    "principal-council": {
        "Priya Shah": ("monitoring_officer",),
        "Jonathan Reeves": ("chief_executive",),
        "Claire Dunn": ("director",),
        "Mark Osei": ("director",),
        "Laura Chen": ("head_of_service",),
        "Steven Price": ("head_of_service",),
        "Ella Ward": ("officer",),
        "Ravi Kapoor": ("officer",),
        "Bernard Hale": ("councillor",),
        "Joan Tate": ("councillor",),
        "Amir Hussain": ("councillor",),
        "Sarah Knight": ("leader",),
        # no Deputy Monitoring Officer: a complaint the Monitoring Officer raises is blocked
    },
    "community-council": {
        "Rhiannon Pritchard": ("clerk",),
        "Dafydd Morgan": ("chair",),
        "Eleri Jones": ("councillor",),
        "Gareth Evans": ("councillor",),
        "Sian Roberts": ("councillor",),
        "Catrin Lewis": ("officer",),
        # no Vice-Chair: a concern about the Clerk raised by the Chair is blocked
    },
}


@attrs.frozen
class Move:
    """One action in a scenario: ``kind``, who (a name, ``@handler`` or ``@officer``), and its argument."""

    kind: str  # outcome | escalate | consult | notify | close | withdraw | reopen | note
    ago: int  # working days before today
    arg: str | None = None
    why: str = ""
    by: str = "@handler"


@attrs.frozen
class Scenario:
    state: str
    title: str
    complainant: str
    ago: int  # opened this many working days ago
    subject: str | None = None
    matter: str | None = None
    step: str | None = None
    why: str = ""
    moves: tuple[Move, ...] = ()


def _closed(ago: int, why: str = "Resolved; everyone told") -> Move:
    return Move("close", ago, why=why, by="@officer")


SCENARIOS: dict[str, tuple[Scenario, ...]] = {
    "compton-parish": (
        Scenario("open", "Raised voice at the finance committee meeting", "Jamie Lowe", 2, "Dennis Cole",
                 why="Cllr Cole shouted at me in front of the public after the meeting."),
        Scenario("overdue", "Repeated criticism of the office's work in emails", "Kim Patel", 30, "Harriet Moss",
                 moves=(Move("outcome", 15, "not_resolved", "Conciliation did not settle it"),)),
        Scenario("escalated", "Agenda papers late for three meetings", "Fiona Grant", 8, "Alison Hartley",
                 moves=(Move("escalate", 1, "formal", "Cllr Grant asked for the formal procedure"),)),
        Scenario("awaiting", "Comments about the Clerk's office on social media", "Jamie Lowe", 20, "Tom Whitaker",
                 step="grievance", why="Informal conciliation was declined.",
                 moves=(Move("outcome", 8, "referred", "A possible breach of the code of conduct"),)),
        Scenario("resolved", "Planning file handed over without notice", "Harriet Moss", 6, "Kim Patel",
                 moves=(Move("outcome", 3, "resolved", "Explained and apologised"),)),
        Scenario("closed", "Pressure to change a committee report", "Kim Patel", 40, "Dennis Cole",
                 moves=(Move("outcome", 35, "not_resolved", "No agreement at conciliation"),
                        Move("outcome", 30, "upheld", "The panel upheld the grievance"),
                        Move("consult", 28, "chair", "Agreed a written apology and training"),
                        Move("consult", 28, "vice_chair", "Agreed"),
                        Move("outcome", 27, "decided", "Written apology and member training"),
                        Move("notify", 26, "leader", "Told the Leader of the outcome"),
                        Move("notify", 26, "group_leader", "Told the group leader of the outcome"),
                        _closed(25))),
        Scenario("withdrawn", "Phone calls at home in the evening", "Dennis Cole", 12, "Jamie Lowe",
                 moves=(Move("close", 10, why="Cllr Cole withdrew the concern after a conversation", by="@officer"),)),
        Scenario("reopened", "Minutes did not record a dissent", "Fiona Grant", 25, "Jamie Lowe",
                 moves=(Move("outcome", 22, "resolved", "Minutes corrected"),
                        _closed(21),
                        Move("reopen", 2, why="The same omission happened again", by="@officer"))),
    ),
    "langport-town": (
        Scenario("open", "Rude reply to a question about allotments", "Ruth Ainsworth", 3, "Lucy Grey"),
        Scenario("awaiting", "The Town Clerk's handling of the grant application", "Martin Shaw", 4, "Helen Brooks"),
        Scenario("resolved", "Told to redo a survey at short notice", "Lucy Grey", 7, "Paul Kendall",
                 moves=(Move("outcome", 2, "resolved", "Deadline agreed with the Town Clerk"),)),
        Scenario("closed", "Instructions given directly to the groundsman", "Ben Carter", 20, "Ian Fairbairn",
                 moves=(Move("outcome", 15, "resolved", "Cllr Fairbairn agreed to go through the Town Clerk"),
                        _closed(14))),
        Scenario("withdrawn", "Van left unlocked overnight", "Paul Kendall", 9, "Ben Carter",
                 moves=(Move("close", 8, why="A misunderstanding; withdrawn", by="@officer"),)),
        Scenario("reopened", "Unanswered emails about the street lighting", "Ian Fairbairn", 30, "Lucy Grey",
                 moves=(Move("outcome", 27, "resolved", "Replies sent"), _closed(26),
                        Move("reopen", 1, why="No reply again for three weeks", by="@officer"))),
    ),
    "town-2016": (
        Scenario("open", "Does 9.2 let a Member see draft minutes?", "Derek Nunn", 1, matter="interpretation"),
        Scenario("overdue", "Who may brief the press on a committee decision?", "Pam Bishop", 14,
                 matter="interpretation"),
        Scenario("awaiting", "Does 7.2 cover staff working from home?", "Graham Lyle", 3, matter="interpretation",
                 why="The Town Clerk asks, so he cannot arbitrate it himself."),
        Scenario("resolved", "Meaning of 'reasonable notice' in 5.1", "Shona Reid", 9, matter="interpretation",
                 moves=(Move("consult", 6, "monitoring_officer", "The monitoring officer agreed the reading"),
                        Move("outcome", 5, "resolved", "Ruling sent to all Members"))),
        Scenario("closed", "May officers attend group meetings?", "Alan Webb", 25, matter="interpretation",
                 moves=(Move("consult", 22, "monitoring_officer", "Advice received"),
                        Move("outcome", 21, "resolved", "Ruling given"), _closed(20))),
        Scenario("withdrawn", "A Member's remarks about the office", "Derek Nunn", 6, "Alan Webb",
                 why="The protocol states no route: referred to the Town Clerk.",
                 moves=(Move("close", 4, why="Withdrawn after an apology", by="@officer"),)),
        Scenario("reopened", "Is a site visit a meeting under 6?", "Shona Reid", 30, matter="interpretation",
                 moves=(Move("consult", 28, "monitoring_officer", "Advice received"),
                        Move("outcome", 27, "resolved", "Ruling given"), _closed(26),
                        Move("reopen", 1, why="A new site visit raises the question again", by="@officer"))),
    ),
    "principal-council": (
        Scenario("open", "Late reply to a constituent's planning enquiry", "Bernard Hale", 3, "Ella Ward"),
        Scenario("overdue", "Library opening hours changed without notice", "Joan Tate", 16, "Ravi Kapoor"),
        Scenario("escalated", "Repeated errors in council tax letters", "Amir Hussain", 12, "Ella Ward",
                 moves=(Move("escalate", 2, "director", "No response from the head of service", by="@complainant"),)),
        Scenario("awaiting", "Abusive remarks at the scrutiny committee", "Priya Shah", 5, "Bernard Hale",
                 why="The Monitoring Officer was the target, so she cannot handle the complaint."),
        Scenario("resolved", "Member named an officer in a press release", "Ella Ward", 20, "Joan Tate",
                 moves=(Move("outcome", 4, "resolved", "Apology published"),)),
        Scenario("closed", "Head of service ignored a member's casework", "Bernard Hale", 30, "Steven Price",
                 moves=(Move("outcome", 24, "resolved", "Casework reassigned and answered"), _closed(23))),
        Scenario("withdrawn", "Tone of a member's emails", "Ravi Kapoor", 10, "Amir Hussain",
                 moves=(Move("close", 8, why="Withdrawn after mediation by the line manager", by="@officer"),)),
        Scenario("reopened", "Highways budget figures withheld", "Joan Tate", 35, "Laura Chen",
                 moves=(Move("outcome", 30, "resolved", "Figures supplied"), _closed(29),
                        Move("reopen", 2, why="The next quarter's figures were withheld too", by="@officer"))),
    ),
    "community-council": (
        Scenario("open", "Heated exchange about the playground fund", "Eleri Jones", 2, "Gareth Evans"),
        Scenario("awaiting", "The Clerk's minutes of the last meeting", "Dafydd Morgan", 3, "Rhiannon Pritchard"),
        Scenario("resolved", "Keys to the hall not returned", "Sian Roberts", 8, "Catrin Lewis",
                 moves=(Move("outcome", 4, "advised", "Advice given: keys returned"),)),
        Scenario("closed", "Instructions given to the assistant directly", "Catrin Lewis", 18, "Eleri Jones",
                 moves=(Move("outcome", 14, "advised", "Advice given on going through the Clerk"), _closed(13))),
        Scenario("withdrawn", "Remarks in the village newsletter", "Gareth Evans", 6, "Sian Roberts",
                 moves=(Move("close", 5, why="Withdrawn", by="@officer"),)),
        Scenario("reopened", "Expenses claim queried in public", "Gareth Evans", 25, "Catrin Lewis",
                 moves=(Move("outcome", 22, "advised", "Advice given"), _closed(21),
                        Move("reopen", 1, why="Raised again at the next meeting", by="@officer"))),
    ),
}


# ---------------------------------------------------------------------------


@attrs.frozen
class DemoReport:
    """What the demo made: the store's path, people, and each council's cases by state."""

    path: Path
    people: int
    cases: dict[str, dict[str, int]]
    created: bool


def default_demo_path() -> Path:
    """``demo.db`` in the platform data directory, beside (never instead of) the real store."""
    from councilkit.settings import data_dir

    return data_dir() / DEMO_FILE


def _login(name: str) -> str:
    return "demo-" + name.lower().replace(" ", ".")


def is_demo_store(store: Store) -> bool | None:
    """True: only demo people; None: empty; False: someone real is in it."""
    total, demo = store.conn.execute(
        "SELECT count(*), coalesce(sum(email LIKE ?), 0) FROM people", (f"%@{DEMO_EMAIL_DOMAIN}",)).fetchone()
    if total == 0:
        return None
    return total == demo


def ensure_demo_store(path: str | Path | None = None, councils: Iterable[Any] | None = None) -> Store:
    """Open the demo store at ``path`` (default :func:`default_demo_path`), filling it the first time.

    Returns the open :class:`~councilkit.store.Store`.  Raises :class:`DemoError`
    if the file holds real people.
    """
    store = open_store(path or default_demo_path())
    try:
        fill_demo(store, councils)
    except BaseException:
        store.close()
        raise
    return store


def fill_demo(store: Store, councils: Iterable[Any] | None = None) -> DemoReport:
    """Fill ``store`` with the demo people and cases, once; report what it holds."""
    state = is_demo_store(store)
    if state is False:
        raise DemoError(f"{store.path} holds people who are not the demo's fictional ones; the demo writes only "
                        f"into a new file or its own (give --db demo.db)")
    has_cases = store.conn.execute("SELECT count(*) FROM cases").fetchone()[0] > 0
    if has_cases:
        return report(store, created=False)
    loaded = {c.id: c for c in (councils if councils is not None else _seed_councils())}
    casts = {cid: _cast(store, loaded[cid], cast) for cid, cast in CASTS.items() if cid in loaded}
    book = CaseBook(store, councils=loaded)
    with book.batch():  # every case, or (on an error) none
        for council_id, people in casts.items():
            for scenario in SCENARIOS.get(council_id, ()):
                _play(book, loaded[council_id], people, scenario)
    return report(store, created=True)


def report(store: Store, created: bool = False) -> DemoReport:
    """The demo store's people, and its cases by council and state (``overdue`` apart from ``open``)."""
    day = today()
    counts: dict[str, dict[str, int]] = {}
    for row in store.conn.execute("SELECT council_id, status, due_date, reopened, route_id, id FROM cases"):
        bucket = counts.setdefault(row["council_id"], {})
        state = row["status"]
        if state == "open" and row["due_date"] and row["due_date"] < day.isoformat():
            state = "overdue"
        bucket[state] = bucket.get(state, 0) + 1
    people = store.conn.execute("SELECT count(*) FROM people").fetchone()[0]
    return DemoReport(Path(store.path), people, counts, created)


def _seed_councils() -> list[Any]:
    from councilkit.councilfile import BUNDLED, load_council

    return [load_council(cid, councils=BUNDLED) for cid in SEED_COUNCILS]


def _cast(store: Store, council: Any, cast: dict[str, tuple[str, ...]]) -> dict[str, P.Person]:
    out = {}
    for name, roles in cast.items():
        found = P.person_for_login(store, _login(name))
        person = found or P.add_person(store, name, _login(name), f"{_login(name)[5:]}@{DEMO_EMAIL_DOMAIN}")
        appointed = appointed_on(today())
        held = P.roles_held(store, person, council.id, appointed)
        for role in roles:
            if role in council.roles and role not in held:
                P.appoint(store, person, council, role, appointed)
        out[name] = person
    return out


def appointed_on(day: dt.date) -> dt.date:
    """When the demo's people took their roles: the annual meeting (the second Monday of May) at least
    :data:`SERVING_DAYS` before ``day``."""
    year = day.year
    while True:
        first = dt.date(year, 5, 1)
        meeting = first + dt.timedelta(days=(7 - first.weekday()) % 7 + 7)
        if (day - meeting).days >= SERVING_DAYS:
            return meeting
        year -= 1


def _play(book: CaseBook, council: Any, people: dict[str, P.Person], s: Scenario) -> Case:
    day = today()

    def ago(n: int) -> dt.date:
        return working_days_before(day, n, council.nation)

    complainant = people[s.complainant]
    subject = people[s.subject] if s.subject else None
    case = book.open(council, complainant, complainant=complainant, subject=subject, matter=s.matter,
                     title=s.title, description=s.why, step=s.step, on=ago(s.ago)).case
    for m in s.moves:
        by = _who(book, council, people, case, m.by, ago(m.ago))
        if m.kind == "outcome":
            case = book.record_outcome(case, by, m.arg or "", why=m.why, on=ago(m.ago)).case
        elif m.kind == "escalate":
            case = book.escalate(case, by, to=m.arg, why=m.why, on=ago(m.ago)).case
        elif m.kind == "consult":
            case = book.consult(case, by, m.arg or "", why=m.why, on=ago(m.ago)).case
        elif m.kind == "notify":
            case = book.notify(case, by, m.arg or "", why=m.why, on=ago(m.ago)).case
        elif m.kind == "close":
            withdrawn = case.status != "resolved"
            case = book.close(case, by, why=m.why, withdrawn=withdrawn, on=ago(m.ago)).case
        elif m.kind == "reopen":
            case = book.reopen(case, by, why=m.why, on=ago(m.ago)).case
        elif m.kind == "note":
            case = book.note(case, by, m.why, on=ago(m.ago)).case
        else:  # pragma: no cover - a typo in the scenarios above
            raise ValueError(f"unknown demo move {m.kind!r}")
    return case


def _who(book: CaseBook, council: Any, people: dict[str, P.Person], case: Case, who: str, on: dt.date) -> P.Person:
    if who == "@handler":
        run = case.current or case.last_run
        if run is None or run.handler_id is None:
            raise DemoError(f"demo case {case.title!r} has no handler to act")
        return next(p for p in people.values() if p.id == run.handler_id)
    if who == "@complainant":
        return next(p for p in people.values() if p.id == case.complainant_id)
    if who == "@officer":
        for person in people.values():
            if person.id not in case.parties and book.case_officer(council, person, on):
                return person
        raise DemoError(f"nobody at {council.id} who is not a party to {case.title!r} sees every case")
    return people[who]


def states_of(cases: Sequence[Case], on: dt.date) -> set[str]:
    """The demo's names for the states of ``cases`` (a case may be in several: reopened and overdue)."""
    out = set()
    for c in cases:
        out.add(c.state(on))
        if c.escalated and c.status == "open":
            out.add("escalated")
        if c.reopened:
            out.add("reopened")
        if c.withdrawn:
            out.add("withdrawn")
    return out
