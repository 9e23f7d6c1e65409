"""Who is using councilkit: the login user, matched through the login names of people in the store.

The rules are the command line's (``councilkit --as PERSON ...``), kept here so
the terminal UI and scripts apply exactly the same ones:

- the person is the one whose ``login`` is the operating-system account;
- ``--as PERSON`` acts as someone else, and every event written records the
  administrator's login (:class:`~councilkit.cases.events.Actor` ``recorded_by``);
- only an administrator may act as someone else: an account that is not itself
  a person in the store (the account that set councilkit up), or a person who
  holds, at the council concerned (or, with no council, at any council), one of
  the roles that see every case (its clerk, its monitoring officer...);
- a login that is no person, without ``--as``, sees what the public may see and
  cannot act on cases.

**The demo store.**  In the demo (:func:`councilkit.demo.cast.ensure_demo_store`) the
login is not one of the fictional people, so it is the demo's administrator: it
sees every council, and at each one acts as the person who holds the first of
the roles that see every case there (the Parish Clerk at Compton, the Monitoring
Officer at the principal council), exactly as ``--as`` that person would.
``councilkit whoami`` prints what these rules decide.
"""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Any

import attrs

from councilkit import people as P
from councilkit.cases import Actor, CaseBook, CouncilSource
from councilkit.errors import CouncilkitError
from councilkit.people.records import Person
from councilkit.settings import today as clock_today
from councilkit.store import Store


class IdentityError(CouncilkitError):
    """The login may not act as the person asked for (only an administrator may)."""


def login_name() -> str:
    """The operating-system login running this process (``unknown`` where there is none)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user database entry (some containers)
        return "unknown"


@attrs.frozen
class Identity:
    """Who the login is, and as whom it acts.

    ``person`` acts (None: nobody: the login sees what the public may see);
    ``me`` is the person whose login it is (None for an administrator's account);
    ``acting_as`` says ``--as`` was used, so events record ``login``.
    ``demo_admin``: the login is the demo store's administrator (see the module).
    """

    login: str
    person: Person | None
    me: Person | None
    acting_as: bool = False
    demo_admin: bool = False
    note: str = ""

    @property
    def actor(self) -> Actor | None:
        if self.person is None:
            return None
        return Actor(self.person, recorded_by=self.login if self.acting_as else None)


def not_a_person(login: str) -> str:
    return (f"you (login {login!r}) are not a person in this store: add yourself with "
            f"councilkit people add \"YOUR NAME\" --login {login}, or act as someone with --as PERSON")


def identify(
    store: Store,
    login: str | None = None,
    as_person: str | int | Person | None = None,
    *,
    council: Any = None,
    councils: CouncilSource = None,
    on: dt.date | None = None,
    demo: bool = False,
) -> Identity:
    """Who ``login`` (default: this process's) is in ``store``, acting ``as_person`` if given.

    Raises :class:`IdentityError` when a person who is not an administrator asks
    to act as someone else, and :class:`~councilkit.people.records.UnknownPersonError`
    when ``as_person`` names nobody.  ``councils`` is how to load a council by id
    (as :class:`~councilkit.cases.book.CaseBook` takes it).
    """
    login = login or login_name()
    day = on or clock_today()
    me = P.person_for_login(store, login)
    if as_person is not None and str(as_person).strip():
        target = P.find_person(store, as_person)
        if me is not None and me.id != target.id:
            book = CaseBook(store, councils=councils)
            if council is not None:
                allowed = book.case_officer(council, me, day) is not None
            else:
                allowed = bool(book.officer_councils(me, day))
            if not allowed:
                where = f" at {council.name}" if council is not None else ""
                raise IdentityError(f"only an administrator may act as someone else: you ({me.name}, login "
                                    f"{login!r}) hold no role that sees every case{where}")
        return Identity(login, target, me, acting_as=True)
    if me is None:
        return Identity(login, None, None, demo_admin=demo, note="" if demo else not_a_person(login))
    return Identity(login, me, me)


def demo_stand_in(store: Store, council: Any, on: dt.date | None = None,
                  councils: CouncilSource = None) -> Person | None:
    """Whom the demo's administrator acts as at ``council``: the holder of the first role that sees every case."""
    day = on or clock_today()
    book = CaseBook(store, councils=councils)
    for role in book.visibility_roles(council):
        for appointment in P.holders(store, council, role, day):
            return P.get_person(store, appointment.person_id)
    return None


def acting_at(identity: Identity, store: Store, council: Any, on: dt.date | None = None,
              councils: CouncilSource = None) -> Actor | None:
    """Who acts at ``council``: the identity's actor, or in the demo the council's stand-in (recording the login)."""
    if identity.person is not None:
        return identity.actor
    if identity.demo_admin:
        stand_in = demo_stand_in(store, council, on, councils)
        if stand_in is not None:
            return Actor(stand_in, recorded_by=identity.login)
    return None


def councils_of(store: Store, person: Person, on: dt.date | None = None) -> list[str]:
    """The councils at which ``person`` holds a role on ``on`` (default today), in id order."""
    day = on or clock_today()
    return sorted({a.council_id for a in P.appointments(store, person=person, on=day)})
