"""Where a front end works: the store, the councils, the demo, and who is using them.

The command line and the terminal UI both start from a :class:`Workspace`, made
from the plain options a person gives (``--db``, ``--councils``, ``--demo``,
``--as``), so the two choose the store and the person by the same rules:

- **the store**: ``db`` (None: ``COUNCILKIT_DB`` or the platform data directory,
  as :func:`~councilkit.store.open_store` decides).  In the demo, ``demo_db`` if
  given, else ``demo.db`` beside the real store (never the real store itself, nor
  ``COUNCILKIT_DB``), filled the first time with the demo's people, cases and
  register entries; a file that holds real people is refused
  (:class:`~councilkit.demo.cast.DemoError`);
- **the councils**: loaded by id from ``councils_dir`` (None: the usual places),
  or through ``councils`` when the front end has read them already;
- **the person**: :mod:`councilkit.people.identity`'s rules.  The login is the
  operating-system account of the process's real user (or ``login``, given only by
  a program that has authenticated someone itself, as ``councilkit serve`` does by
  SSH key); ``as_person`` acts as someone else, only for an administrator of the
  council concerned, and is recorded on every event written; in the demo, a login
  that is no person acts at each council as its case officer;
- **changes to people** go through :meth:`Workspace.administration`, which checks
  the login is an administrator (:mod:`councilkit.people.admin`).

A command about one case finds who acts with :meth:`Workspace.case_actor`, which
answers a case the person may not see exactly as a case that does not exist, ``--as``
and the demo's stand-ins included.

Every refusal is a :class:`~councilkit.errors.CouncilkitError` whose message says
what to do: :class:`~councilkit.demo.cast.DemoError` (the demo file holds real
people), :class:`~councilkit.people.identity.IdentityError` (only an
administrator may act as someone else),
:class:`~councilkit.people.records.UnknownPersonError` (``as_person`` names
nobody), :class:`~councilkit.cases.UnknownCaseError` (no case that you can see) and
:class:`NoActorError` (nobody to act as).  A front end shows them as refusals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from councilkit._attrs import frozen
from councilkit.errors import CouncilkitError, UnknownNameError
from councilkit.settings import today

if TYPE_CHECKING:  # the people, cases and the store load when first used
    from councilkit.cases import Actor, CaseBook, CouncilSource
    from councilkit.people.admin import Administration
    from councilkit.people.identity import Identity
    from councilkit.store import Store


class NoActorError(CouncilkitError):
    """Nobody to act as: the login is no person in the store, or the demo has nobody to stand in for it."""


def _given(value: str | None) -> str | None:
    return value or None


@frozen(eq=False)
class Workspace:
    """The store, the councils and the person a front end works with (see the module).

    ``db``: the store; ``councils_dir``: where council files are found; ``demo``:
    work on the demo store (``demo_db``, or ``demo.db`` beside the real store);
    ``as_person``: act as this person (administrators of the council concerned only);
    ``login``: who is using it (default: this process's operating-system account; a
    front end never takes it from its user, only from an authentication of its own,
    such as an SSH key); ``councils``: how to load a council by id, when the front end
    has read them already (default: by id from ``councils_dir``).
    """

    db: Path | str | None = None
    councils_dir: Path | str | None = None
    demo: bool = False
    demo_db: Path | str | None = None
    as_person: str | None = None
    _login: str | None = attrs.field(default=None, alias="login", converter=_given)
    councils: CouncilSource = None

    @property
    def login(self) -> str:
        """Who is using it: the login given, else this process's operating-system account (looked up
        when first wanted, so a command that needs nobody, such as ``check``, does not load the people)."""
        if self._login is None:
            from councilkit.people.identity import login_name

            object.__setattr__(self, "_login", login_name())
        return self._login  # type: ignore[return-value]

    def _key(self) -> tuple[Any, ...]:
        return (self.db, self.councils_dir, self.demo, self.demo_db, self.as_person, self.login, self.councils)

    def __eq__(self, other: object) -> bool:
        return self._key() == other._key() if isinstance(other, Workspace) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    # councils -----------------------------------------------------------------
    def load_council(self, council_id: str) -> Any:
        """The council ``council_id``: from ``councils`` if given, else its file in ``councils_dir``."""
        return self.council_source()(council_id)

    def council_source(self) -> Callable[[str], Any]:
        """How to load a council by id, as :class:`~councilkit.cases.CaseBook` and the identity rules take it."""
        given = self.councils
        if callable(given) and not isinstance(given, Mapping):
            return given
        if given is not None:
            known = given

            def find(council_id: str) -> Any:
                try:
                    return known[council_id]
                except KeyError:
                    raise UnknownNameError("council", council_id, known) from None

            return find
        from councilkit.councilfile import load_council

        where = self.councils_dir
        return lambda council_id: load_council(council_id, councils=where)

    # the store ------------------------------------------------------------------
    def open_store(self, seeds: Iterable[Any] | None = None) -> Store:
        """The store, opened (see the module); in the demo, filled the first time.

        ``seeds``: the demo's councils as the front end has read them (default: the
        bundled ones).  Raises :class:`~councilkit.demo.cast.DemoError` when the
        demo file holds real people, and :class:`~councilkit.store.StoreError` when
        the file cannot be opened.
        """
        if self.demo:
            from councilkit.demo import default_demo_path, ensure_demo

            path = Path(self.demo_db or default_demo_path())
            _refuse_a_deployment_for_the_demo(path)
            return ensure_demo(path, seeds)
        from councilkit.store import open_store

        return open_store(self.db)

    def store_path(self) -> Path:
        """The store's file, as :meth:`open_store` would open it, without opening (or creating) it."""
        if self.demo:
            from councilkit.demo import default_demo_path

            return Path(self.demo_db or default_demo_path())
        from councilkit.store import default_db_path

        return Path(self.db) if self.db is not None else default_db_path()

    def administration(self, store: Store) -> Administration:
        """Changes to people, appointments and administrators, made by this login and checked
        (:class:`~councilkit.people.admin.Administration`).  ``as_person`` does not apply: an
        administrator makes these changes as themselves."""
        from councilkit.people.admin import Administration

        if self.as_person:
            from councilkit.people.identity import IdentityError

            raise IdentityError("--as does not apply to changes to people: an administrator makes them as "
                                "themselves, and they are recorded under their own login; leave out --as")
        return Administration(store, self.login, demo=self.demo)

    def case_book(self, store: Store) -> CaseBook:
        """The case book over ``store``, loading councils as this workspace does."""
        from councilkit.cases import CaseBook

        return CaseBook(store, councils=self.council_source())

    # who --------------------------------------------------------------------------
    def identify(self, store: Store, council: Any = None, *, on: dt.date | None = None) -> Identity:
        """Who the login is in ``store``, acting as ``as_person`` if given (checked at ``council``).

        Raises :class:`~councilkit.people.identity.IdentityError` when someone who is
        not an administrator of ``council`` asks to act as someone else (or names no
        council), and :class:`~councilkit.people.records.UnknownPersonError` when an
        administrator's ``as_person`` names nobody.
        """
        from councilkit.people.identity import identify

        return identify(store, self.login, self.as_person, council=council, councils=self.council_source(),
                        on=on or today(), demo=self.demo)

    def identify_or_self(self, store: Store, council: Any = None, *,
                         on: dt.date | None = None) -> tuple[Identity, str]:
        """Who the login is at ``council``; when ``as_person`` is refused or names nobody, the login itself
        and why.

        For a front end that opens anyway (the terminal UI, which asks again for each
        council it opens): the second item is "" when ``as_person`` was accepted (or
        not given), else the sentence to show.
        """
        from councilkit import people as P
        from councilkit.people.identity import IdentityError, identify

        day = on or today()
        try:
            return self.identify(store, council, on=day), ""
        except (IdentityError, P.UnknownPersonError) as exc:
            problem = f"--as {self.as_person}: {exc}; you act as yourself"
            return identify(store, self.login, None, on=day, demo=self.demo), problem

    def acting_at(self, identity: Identity, store: Store, council: Any, *, on: dt.date | None = None) -> Actor | None:
        """Who acts at ``council``: the identity's actor, or in the demo the council's stand-in (recording the login)."""
        from councilkit.people.identity import acting_at

        return acting_at(identity, store, council, on or today(), councils=self.council_source())

    def who_acts(self, store: Store, council: Any = None, *, on: dt.date | None = None) -> tuple[Identity, Actor | None]:
        """The identity (:meth:`identify`) and who acts at ``council`` (None: nobody, the public).

        In the demo, a login that is no person stands in for each council's case
        officer, one council at a time: without a council there is nobody to act
        as, so :class:`NoActorError` asks for one.
        """
        day = on or today()
        who = self.identify(store, council, on=day)
        if who.demo_admin and council is None:
            raise NoActorError("in the demo, a login that is no person acts as each council's case officer, one "
                               "council at a time: name the council (--council COUNCIL), or act as someone with "
                               "--as PERSON")
        if council is None:
            return who, who.actor
        return who, self.acting_at(who, store, council, on=day)

    def acting(self, store: Store, council: Any = None, *, on: dt.date | None = None) -> Actor | None:
        """Who acts at ``council``: an :class:`~councilkit.cases.Actor`, or None (the public: nobody)."""
        return self.who_acts(store, council, on=on)[1]

    def actor(self, store: Store, council: Any = None, *, on: dt.date | None = None) -> Actor:
        """Who acts at ``council``; nobody is :class:`NoActorError`, saying how to become somebody.

        Only an administrator of ``council`` may use ``as_person``
        (:mod:`councilkit.people.admin`); without a council, ``as_person`` is refused.
        """
        by = self.acting(store, council, on=on)
        if by is None:
            from councilkit.people.identity import not_a_person

            if self.demo and council is not None:
                raise NoActorError(f"nobody at {council.name} holds a role that sees every case, so the demo has "
                                   f"nobody for you (login {self.login!r}) to act as: act as someone with --as PERSON")
            raise NoActorError(not_a_person(self.login))
        return by

    def case_actor(self, store: Store, book: CaseBook, ref: str | int, *, on: dt.date | None = None) -> Actor:
        """Who acts in a command about case ``ref``: as :meth:`actor` at the case's council.

        Whatever depends on the case is answered, for a case the person may not reach,
        exactly as for a case that does not exist: :class:`~councilkit.cases.UnknownCaseError`
        ``no case #N that you can see``.  So ``--as`` by an administrator of another council,
        or the demo's administrator at a council with nobody to stand in for, learn nothing
        about the case; ``--as`` by someone who administers nothing is refused whatever the
        case.  Whether the person may see the case is then the case book's to decide.
        """
        from councilkit.cases import UnknownCaseError, parse_ref
        from councilkit.people.identity import IdentityError, identify

        case_id = parse_ref(ref)
        missing = UnknownCaseError(f"no case #{case_id} that you can see")
        day = on or today()
        if self.as_person and str(self.as_person).strip():
            # refused whatever the case: someone who administers nothing
            me = identify(store, self.login, None, demo=self.demo, on=day)
            if not me.is_administrator():
                identify(store, self.login, self.as_person, demo=self.demo, on=day)  # raises, or names themselves
                if me.person is None:  # pragma: no cover - identify raised
                    raise NoActorError(self._nobody())
                return me.actor  # type: ignore[return-value]
            council = book.council_of(case_id)
            if council is None:
                raise missing
            try:
                return self.actor(store, council, on=day)
            except IdentityError:
                raise missing from None
        who = identify(store, self.login, None, demo=self.demo, on=day)
        if who.person is not None:
            return who.actor  # type: ignore[return-value]
        if who.demo_admin:
            council = book.council_of(case_id)
            actor = self.acting_at(who, store, council, on=day) if council is not None else None
            if actor is None:
                raise missing
            return actor
        raise NoActorError(self._nobody())

    def _nobody(self) -> str:
        from councilkit.people.identity import not_a_person

        return not_a_person(self.login)


def _refuse_a_deployment_for_the_demo(path: Path) -> None:
    """The demo never writes into a deployment's store (one ``councilkit init`` set up)."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    from councilkit.demo import DemoError
    from councilkit.store import StoreError, inspect_store

    try:
        store = inspect_store(path)
    except StoreError:
        return  # opening it for the demo says what is wrong
    try:
        tables = store.tables()
        is_deployment = "deployment" in tables and store.conn.execute(
            "SELECT 1 FROM deployment").fetchone() is not None
    finally:
        store.close()
    if is_deployment:
        raise DemoError(f"{path} is a deployment's store (councilkit init set it up); the demo never writes into "
                        "it: give the demo a file of its own (--demo --db demo.db)")
