"""What the terminal UI works with, obtained only from the SDK.

A :class:`Session` holds the councils, the one being worked on, today's date,
the store and who is using the app.  Screens read it from ``app.session``;
nothing here knows about Textual, so everything the UI shows the SDK (and the
``councilkit`` command, with ``--json``) can produce too:

==========================  =================================================================
the UI shows                the SDK / the command line
==========================  =================================================================
Home                        ``attention.attention_items`` / ``councilkit attention``
the case list               ``cases.Worklist`` / ``councilkit worklist``
a case and its next moves   ``CaseBook.get``, ``cases.next_moves`` / ``councilkit case show``, ``moves``
a move made on a case       ``cases.make_move`` / ``councilkit case advance|note|close|reopen``
the new-case preview        ``routing.preview`` / ``councilkit route --complainant --subject``
registers, entries, clocks  ``registers.Registers``, ``registers.visible_clocks`` / ``councilkit register ...``
the store and who you are   ``workspace.Workspace`` / ``--db``, ``--demo``, ``--as``; ``councilkit whoami``
==========================  =================================================================

Opening the store and reading council files is slow work: :meth:`Session.load`
runs in a worker.  Workers and the screen share one SQLite connection, so every
call into the store holds :attr:`Session.lock`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from councilkit.councilfile import council_dirs, council_files
from councilkit.settings import today

if TYPE_CHECKING:  # the model and the store-backed services load in the worker, after the first paint
    from councilkit import Council, Problem
    from councilkit.cases import Actor, CaseBook
    from councilkit.people.identity import Identity
    from councilkit.people.records import Person
    from councilkit.registers import Registers
    from councilkit.store import Store
    from councilkit.workspace import Workspace

Progress = Callable[[str, float], None]


@attrs.frozen
class CaseView:
    """A case as one person opens it: the case, who would handle its next step (``waiting``), the moves
    it allows next (``all_moves``) and those this person may make (``moves``), who acts, who opened it
    (``reads``: for the council's case officers who are not parties, else None) and, for an administrator
    of its council, the handler they may record a step for (``for_handler``, recorded as both)."""

    case: Any
    waiting: Any
    all_moves: list[Any]
    actor: Actor
    reads: list[Any] | None
    for_handler: Actor | None
    moves: list[Any]


class Session:
    def __init__(self, councils_dir: Path | str | None = None, *, db: Path | str | None = None,
                 as_person: str | None = None, demo: bool = False, login: str | None = None,
                 person_id: int | None = None) -> None:
        if person_id is not None and as_person:
            raise ValueError("person_id and as_person cannot both be given: an authenticated person acts as "
                             "exactly themselves")
        self.councils_dir = councils_dir
        self.db = db
        self.as_person = as_person
        self.demo = demo
        self.login = login
        #: a person the embedding program authenticated (``councilkit serve``, from an SSH key): the app acts
        #: as exactly them and reads no login from the operating system
        self.person_id = person_id
        self.councils: list[Council] = []
        self.problems: list[Problem] = []
        #: why no council files could be looked for (a --councils folder that does not exist, no plugin
        #: shipping any); "" when they were
        self.councils_problem = ""
        self.council: Council | None = None
        self.today: dt.date = today()
        self.loaded = False
        #: counts the writes made in this app: screens that list things reload when it moves
        self.revision = 0
        self.store: Store | None = None
        self.store_problem = ""
        self.workspace: Workspace | None = None
        self.identity: Identity | None = None
        #: why the app could not act as the person it was given (``person_id``); ``--as``'s problems are
        #: the council's: :meth:`identity_at`
        self.identity_problem = ""
        self.lock = threading.RLock()
        self._book: CaseBook | None = None
        self._registers: dict[str, Registers] = {}
        self._actors: dict[str, Actor | None] = {}
        #: who the login is at each council (``--as`` is checked council by council), and why --as was refused
        self._identities: dict[str, tuple[Identity, str]] = {}

    # loading ------------------------------------------------------------------
    def load(self, progress: Progress | None = None) -> None:
        """Read every council file and open the store (slow work: call it from a worker), reporting progress."""
        from councilkit.councilfile import read_council_file
        from councilkit.errors import CouncilkitError

        try:
            files = council_files(council_dirs(self.councils_dir))
        except CouncilkitError as exc:  # said on Home, never a worker dying with a traceback
            self.councils_problem = str(exc)
            files = []
        councils, problems = [], []
        steps = len(files) + 2
        for n, path in enumerate(files, 1):
            if progress:
                progress(f"Reading {path.name}", n / steps)
            council, found = read_council_file(path)
            problems.extend(found)
            if council is not None:
                councils.append(council)
        self.councils = sorted(councils, key=lambda c: c.name)
        self.problems = problems
        if progress:
            progress("Preparing the demo store (the first time takes a moment)" if self.demo
                     else "Opening the store", (len(files) + 1) / steps)
        self.open_store()
        self.loaded = True

    def open_store(self) -> None:
        """Open the store and say who is using the app, by the rules the command line uses too
        (:class:`councilkit.workspace.Workspace`): a problem is kept to be shown, never raised."""
        from councilkit.errors import CouncilkitError
        from councilkit.workspace import Workspace

        # the UI's --db is the demo's file in the demo: `councilkit tui` never passes COUNCILKIT_DB's there
        login = self.login
        if self.person_id is not None and login is None:
            login = f"person #{self.person_id}"  # never the OS login: that is the server's service account
        workspace = Workspace(db=self.db, demo_db=self.db, councils_dir=self.councils_dir, demo=self.demo,
                              as_person=self.as_person, login=login, councils=self.council_by_id)
        self.workspace, self.login = workspace, workspace.login
        seeds = None
        if self.demo:
            from councilkit.demo import SEED_COUNCILS

            seeds = [c for c in self.councils if c.id in SEED_COUNCILS]
        if not self.demo and not workspace.store_path().exists():  # only `councilkit init` (or the demo) makes one
            self.store_problem = (f"there is no store at {workspace.store_path()} yet (nothing was created): set one "
                                  "up with councilkit init COUNCIL (docs/setup.md), or try the demo: councilkit --demo")
            return
        try:
            self.store = workspace.open_store(seeds)
        except CouncilkitError as exc:  # a demo file holding real people, a store that cannot be opened
            self.store_problem = str(exc)
            return
        with self.lock:
            self._book = workspace.case_book(self.store)
            if self.person_id is not None:
                self._identify_authenticated(self.person_id)
            else:  # who the login is before a council is chosen; --as is asked again at each council
                self.identity, _ = workspace.identify_or_self(self.store, on=self.today)

    def _identify_authenticated(self, person_id: int) -> None:
        """The person the embedding program authenticated, exactly: no --as, no demo administrator."""
        from councilkit import people as P
        from councilkit.people.identity import Identity

        assert self.store is not None
        try:
            person = P.get_person(self.store, person_id)
        except P.UnknownPersonError as exc:
            self.store_problem = f"the person you connected as is not in this store ({exc})"
            self.identity = None
            return
        from councilkit.people.admin import administers

        mine = administers(self.store, person.login) if person.login else ()
        self.identity = Identity(login=person.login or f"person #{person.id}", person=person, me=person,
                                 administers=mine)
        self.identity_problem = ""

    def close(self) -> None:
        if self.store is not None:
            with self.lock:
                self.store.close()
            self.store = None

    # councils -----------------------------------------------------------------
    def choose(self, council_id: str) -> Council:
        for council in self.councils:
            if council.id == council_id:
                self.council = council
                return council
        raise LookupError(f"no council {council_id!r}")

    def council_or_none(self, council_id: str | None) -> Council | None:
        return next((c for c in self.councils if c.id == council_id), None)

    def council_by_id(self, council_id: str) -> Council:
        """A council by id: one already read, else its file (for a case at a council not loaded here)."""
        found = self.council_or_none(council_id)
        if found is not None:
            return found
        from councilkit.councilfile import load_council

        return load_council(council_id, councils=self.councils_dir)

    def broken_files(self) -> list[str]:
        return sorted({p.file for p in self.problems if p.is_error and p.file})

    def my_councils(self) -> list[Council]:
        """The councils the person holds a role at today; everyone else (and the demo's administrator) sees all."""
        person = self.identity.person if self.identity else None
        if self.store is None or person is None:
            return list(self.councils)
        from councilkit.people.identity import councils_of

        with self.lock:
            ids = set(councils_of(self.store, person, self.today))
        mine = [c for c in self.councils if c.id in ids]
        return mine or list(self.councils)

    # who acts -----------------------------------------------------------------
    def identity_at(self, council: Council | None = None) -> tuple[Identity | None, str]:
        """Who the login is at ``council`` (default: the one being worked on), and why ``--as`` was refused
        there ("" when it was not): ``--as`` is for administrators of the council concerned only."""
        council = council or self.council
        if self.identity is None or self.store is None or council is None or self.person_id is not None:
            return self.identity, self.identity_problem
        if not self.as_person:
            return self.identity, ""
        if council.id not in self._identities:
            assert self.workspace is not None
            with self.lock:
                self._identities[council.id] = self.workspace.identify_or_self(self.store, council, on=self.today)
        return self._identities[council.id]

    @property
    def book(self) -> CaseBook:
        if self._book is None:
            raise RuntimeError(self.store_problem or "the store is not open yet")
        return self._book

    def actor(self, council: Council | None = None) -> Actor | None:
        """Who acts at ``council`` (default: the one being worked on); None: nobody (the public)."""
        council = council or self.council
        identity = self.identity_at(council)[0]
        if council is None or self.store is None or identity is None:
            return None
        if council.id not in self._actors:
            assert self.workspace is not None
            with self.lock:
                self._actors[council.id] = self.workspace.acting_at(identity, self.store, council, on=self.today)
        return self._actors[council.id]

    @property
    def viewer(self) -> Person | None:
        actor = self.actor()
        return actor.person if actor is not None else None

    def who_text(self, council: Council | None = None) -> str:
        """Who is using the app, in words, for Home and the header."""
        council = council or self.council
        if self.store is None:
            return f"No store: {self.store_problem}" if self.store_problem else "Opening the store…"
        actor = self.actor(council)
        identity = self.identity_at(council)[0]
        if actor is None:
            return (identity.note if identity and identity.note else "You are not a person in this store") + (
                "; you see what the public may see")
        person = actor.person
        roles = ""
        if council is not None:
            from councilkit import people as P

            with self.lock:
                held = P.roles_held(self.store, person, council.id, self.today)
            roles = ", ".join(council.title(r) for r in held if r in council.roles)
        text = f"You: {person.name}" + (f" ({roles})" if roles else " (no role here: you see what the public may)")
        from councilkit.present.words import acting_note

        note = acting_note(identity, actor)
        return text + (f"; {note}" if note else "")

    def changed(self) -> None:
        """Something was written: lists shown elsewhere reload when they are next shown."""
        self.revision += 1

    # the services ---------------------------------------------------------------
    def registers(self, council: Council | None = None) -> Registers:
        council = council or self.council
        assert council is not None and self.store is not None
        if council.id not in self._registers:
            from councilkit.registers import Registers

            self._registers[council.id] = Registers(self.store, council, today=self.today)
        return self._registers[council.id]

    @contextmanager
    def using(self) -> Iterator[None]:
        """Hold the store for a call into the SDK (workers and the screen share one connection)."""
        with self.lock:
            yield

    def attention(self, council: Council | None = None) -> list[Any]:
        from councilkit.attention import attention_items

        council = council or self.council
        assert council is not None
        if self.store is None:
            return attention_items(council, self.today)
        with self.lock:
            return attention_items(council, self.today, store=self.store, viewer=self.actor(council),
                                   book=self.book, registers=self.registers(council))

    def people_at(self, council: Council | None = None) -> list[Person]:
        """Everyone appointed at ``council`` (at any time), by name: the people a form offers."""
        from councilkit import people as P

        council = council or self.council
        assert council is not None and self.store is not None
        with self.lock:
            ids = {a.person_id for a in P.appointments(self.store, council_id=council.id)}
            return [p for p in P.list_people(self.store) if p.id in ids]

    # cases ----------------------------------------------------------------------
    def case_view(self, ref: int | str, *, opening: bool = False) -> CaseView:
        """Case ``ref`` as the person may see it, with the moves they may make next (see :class:`CaseView`).

        ``opening``: the clerk is opening the case (not refreshing it), so the read is recorded
        (:meth:`~councilkit.cases.CaseBook.read`).  A case the person may not see, and one that does
        not exist, raise the same :class:`~councilkit.cases.UnknownCaseError`.
        """
        from councilkit.cases import next_moves
        from councilkit.people.authority import NotAuthorisedError

        with self.lock:
            actor = self._case_actor(ref)
            case = (self.book.read(ref, actor, via="tui: case", on=self.today) if opening
                    else self.book.get(ref, actor, self.today))
            waiting = self.book.waiting_for(case, self.today)
            moves = next_moves(self.book, case, self.today)
            try:
                reads = self.book.reads(case.id, actor, on=self.today)
            except NotAuthorisedError:  # only the council's case officers who are not parties see who opened it
                reads = None
            council = self.council_by_id(case.council_id)
            identity = self.identity_at(council)[0]
            for_handler = None
            handler_id = case.current.handler_id if case.current else None
            if (identity is not None and identity.is_administrator(case.council_id) and handler_id is not None
                    and handler_id != actor.person.id):
                from councilkit import people as P
                from councilkit.cases import Actor

                for_handler = Actor(P.get_person(self.store, handler_id), recorded_by=identity.login)
            return CaseView(case, waiting, moves, actor, reads, for_handler,
                            self._allowed(case, waiting, moves, actor, council))

    def moves_for(self, view: CaseView, actor: Actor) -> list[Any]:
        """The moves of ``view`` that ``actor`` may make (an administrator acting for the handler sees theirs)."""
        with self.lock:
            return self._allowed(view.case, view.waiting, view.all_moves, actor,
                                 self.council_by_id(view.case.council_id))

    def _case_actor(self, ref: int | str) -> Actor:
        """Who acts on case ``ref``: the workspace decides, at the case's council (--as and the demo included)."""
        if self.person_id is not None or self.workspace is None:
            actor = self.identity.actor if self.identity is not None else None
            if actor is None:
                from councilkit.cases import UnknownCaseError, parse_ref

                raise UnknownCaseError(f"no case #{parse_ref(ref)} that you can see")
            return actor
        return self.workspace.case_actor(self.store, self.book, ref, on=self.today)  # type: ignore[arg-type]

    def _allowed(self, case: Any, waiting: Any, moves: list[Any], actor: Actor, council: Council) -> list[Any]:
        """The moves ``actor`` may make today: the case book's own rules (:func:`councilkit.cases.may_make`),
        so the UI offers exactly what the case book would then accept."""
        from councilkit.cases import may_make

        return [m for m in moves if not may_make(self.book, case, m.action, actor, self.today)]

    def act(self, action: str, case: Any, actor: Actor, *, choice: str | None = None,
            handler_id: int | None = None, why: str = "", on: dt.date | None = None) -> Any:
        """Make the move ``action`` on ``case`` (the version read: a later change is a conflict) as ``actor``:
        :func:`councilkit.cases.make_move`, as ``councilkit case advance`` makes it."""
        from councilkit import people as P
        from councilkit.cases import make_move

        with self.lock:
            handler = P.get_person(self.store, handler_id) if handler_id is not None else None  # type: ignore[arg-type]
            change = make_move(self.book, action, case, actor, choice=choice, handler=handler, why=why, on=on)
        self.changed()
        return change

    # a new case -----------------------------------------------------------------
    def concern_roles(self, council: Council | None = None) -> list[Any]:
        """The roles a concern is raised by or about: members and officers, by title."""
        council = council or self.council
        assert council is not None
        roles = [r for r in council.roles.values() if r.kind in ("member", "officer")]
        return sorted(roles, key=lambda r: r.title)

    def matters(self, council: Council | None = None) -> list[str]:
        from councilkit.routing import known_matters

        return known_matters(council or self.council)

    def route_answer(self, raised_by: str, about: str | None, matter: str | None) -> Any:
        from councilkit.routing import resolve_route

        assert self.council is not None
        return resolve_route(self.council, raised_by, about, matter)

    def holders(self, role: str) -> list[tuple[int, str]]:
        """The people who hold ``role`` (or a kind of it) at the council today: (id, name), each once."""
        from councilkit import people as P

        assert self.council is not None and self.store is not None
        with self.lock:
            found = P.holders(self.store, self.council, role, self.today)
        return list(dict.fromkeys((a.person_id, a.person_name) for a in found))

    def preview(self, answer: Any, complainant_id: int, subject_id: int | None) -> tuple[Any, ...]:
        """The route's steps resolved to the people who would handle them today: nothing is written."""
        from councilkit import people as P
        from councilkit.routing import preview

        assert self.council is not None and self.store is not None
        parties = {complainant_id: "complainant", **({subject_id: "subject"} if subject_id else {})}
        with self.lock:
            return preview(self.council, answer, P.Directory(self.store, self.council).holders, self.today, parties)

    def open_case(self, *, complainant_id: int, subject_id: int | None, raised_by: str, about: str | None,
                  matter: str | None, title: str, description: str) -> Any:
        from councilkit import people as P

        council, actor = self.council, self.actor()
        assert council is not None and self.store is not None
        if actor is None:
            from councilkit.cases import RefusedError

            raise RefusedError(self.who_text())
        with self.lock:
            complainant = P.get_person(self.store, complainant_id)
            subject = P.get_person(self.store, subject_id) if subject_id else None
            change = self.book.open(council, actor, complainant=complainant, subject=subject, raised_by=raised_by,
                                    about=about, matter=matter, title=title, description=description)
        self.changed()
        return change
