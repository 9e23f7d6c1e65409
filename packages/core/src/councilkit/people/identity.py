"""Who is using councilkit: the operating-system account running the process, matched to a person.

The rules are the command line's (``councilkit --as PERSON ...``), kept here so
the terminal UI, ``councilkit serve`` and scripts apply exactly the same ones:

- the login is the account of the process's real user id (:func:`login_name`), or
  the login of the person an SSH key identified (``councilkit serve``): never
  ``LOGNAME``, ``USER``, ``HOME`` or any other variable of the shell, nor anything else
  a person can set;
- the person is the one whose ``login`` it is; a login that is nobody sees what
  the public may see and cannot act on cases;
- ``--as PERSON`` acts as someone else, and only for an administrator of the
  council concerned (:mod:`councilkit.people.admin`): the command must concern one
  council, named with ``--council`` or being the council of the case or entry it is
  about.  Every event written records the administrator's login
  (:class:`~councilkit.cases.events.Actor` ``recorded_by``).  Anyone may name
  themselves.

**The demo store.**  In the demo (:func:`councilkit.demo.cast.ensure_demo_store`) the
login is not one of the fictional people, so it is the demo's administrator: it
sees every council, and at each one acts as the person who holds the first of
the roles that see every case there (the Parish Clerk at Compton, the Monitoring
Officer at the principal council), exactly as ``--as`` that person would.
``councilkit whoami`` prints what these rules decide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from councilkit import people as P
from councilkit._attrs import frozen
from councilkit.cases import Actor, CaseBook, CouncilSource
from councilkit.people.admin import EVERY, administers
from councilkit.people.authority import NotAuthorisedError, refusal
from councilkit.people.log import process_login
from councilkit.people.records import Person
from councilkit.settings import today as clock_today
from councilkit.store import Store


class IdentityError(NotAuthorisedError):
    """The login may not act as the person asked for (only an administrator of the council concerned may)."""

    def __init__(self, message: str):
        super().__init__("act_as", message)


def login_name() -> str:
    """The operating-system account running this process (its real user id's name; never the environment)."""
    return process_login()


@frozen
class Identity:
    """Who the login is, and as whom it acts.

    ``person`` acts (None: nobody: the login sees what the public may see);
    ``me`` is the person whose login it is (None for an account that is no person);
    ``acting_as`` says ``--as`` was used, so events record ``login``.
    ``demo_admin``: the login is the demo store's administrator (see the module).
    ``administers``: the councils the login administers (``("*",)``: every council).
    """

    login: str
    person: Person | None
    me: Person | None
    acting_as: bool = False
    demo_admin: bool = False
    note: str = ""
    administers: tuple[str, ...] = ()

    @property
    def actor(self) -> Actor | None:
        if self.person is None:
            return None
        return Actor(self.person, recorded_by=self.login if self.acting_as else None)

    def is_administrator(self, council_id: str | None = None) -> bool:
        """Whether the login administers ``council_id`` (None: any council)."""
        if self.demo_admin or EVERY in self.administers:
            return True
        return bool(self.administers) if council_id is None else council_id in self.administers


def not_a_person(login: str) -> str:
    return (f"you (login {login!r}) are not a person in this store: an administrator adds you with "
            f"councilkit people add \"YOUR NAME\" --login {login}")


def _you(login: str, me: Person | None) -> str:
    return f"you ({me.name}, login {login!r})" if me is not None else f"you (login {login!r})"


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
    """Who ``login`` (default: this process's account) is in ``store``, acting ``as_person`` if given.

    ``council`` is the council the command concerns: ``as_person`` needs one, and
    the login must administer it (in the demo, the demo's administrator may act as
    anyone).  Raises :class:`IdentityError` (saying who may) otherwise, before
    looking ``as_person`` up, so a refused login learns nothing about who is in the
    store; and :class:`~councilkit.people.records.UnknownPersonError` when an
    administrator's ``as_person`` names nobody.  ``councils`` and ``on`` are accepted
    for the callers that pass them (who may act as whom no longer depends on roles).
    """
    del councils, on  # administrators are recorded, not derived from roles held on a day
    login = login or login_name()
    me = P.person_for_login(store, login)
    demo_admin = demo and me is None
    mine = (EVERY,) if demo_admin else administers(store, login)
    if as_person is not None and str(as_person).strip():
        allowed = demo_admin or (council is not None and (EVERY in mine or council.id in mine))
        if not allowed:
            if me is not None and _names(store, as_person, me):
                return Identity(login, me, me, administers=mine)  # anyone may name themselves
            if not mine:
                raise IdentityError(str(refusal("act_as", _you(login, me), why="you are not an administrator")))
            if council is None:
                raise IdentityError(f"--as acts for one council, and this command concerns none: name it with "
                                    f"--council COUNCIL (you administer {_councils(mine)}); nothing was written")
            raise IdentityError(str(refusal("act_as", _you(login, me), where=f"at {council.name}",
                                            why=f"you administer {_councils(mine)}")))
        target = P.find_person(store, as_person)
        if me is not None and target.id == me.id:
            return Identity(login, me, me, administers=mine)
        return Identity(login, target, me, acting_as=True, administers=mine)
    if me is None:
        return Identity(login, None, None, demo_admin=demo_admin, note="" if demo else not_a_person(login),
                        administers=mine)
    return Identity(login, me, me, administers=mine)


def _names(store: Store, ref: str | int | Person, me: Person) -> bool:
    """Whether ``ref`` names ``me`` (by number, login or name), without revealing anyone else."""
    if isinstance(ref, Person):
        return ref.id == me.id
    try:
        return P.find_person(store, ref).id == me.id
    except P.UnknownPersonError:
        return False


def _councils(mine: tuple[str, ...]) -> str:
    return "every council" if EVERY in mine else ", ".join(mine)


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
