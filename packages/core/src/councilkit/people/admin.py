"""A deployment, its administrators, and changes to people made only by them.

``councilkit init`` (:func:`init_deployment`) sets up a store for a real deployment:
the councils it serves, where their files are, and the account that ran it as the
first administrator of every council.  After that:

- **administrators** are accounts (an operating-system login, or the login of a
  person connected by an SSH key), each for one council or for every council the
  deployment serves.  Making and ending them is itself an administrator's act;
- **changes to people** (adding and changing people, appointing them and ending
  appointments) are made through :class:`Administration`, which checks the account is
  an administrator of the councils concerned (:mod:`councilkit.people.authority`
  says who may do what) and refuses otherwise, saying who may, writing nothing;
- every change is an event in the hash-chained record (:mod:`councilkit.people.log`),
  which ``councilkit audit verify`` checks.

A store that no one has set up has no administrator: it refuses every change to its
people and says how to run ``councilkit init``.  The demo store is the exception: in
the demo (``demo=True``) a login that is no person there is its administrator.

Other parts of councilkit that let administrators change something (SSH keys) check
with :func:`require_administrator` and record with :func:`councilkit.people.log.record`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import attrs

from councilkit._attrs import define, frozen
from councilkit.errors import check_text
from councilkit.people import records as R
from councilkit.people.authority import refusal
from councilkit.people.log import process_login, record
from councilkit.people.records import Appointment, PeopleError, Person
from councilkit.store import ConflictError, Store, now

EVERY = "*"


@frozen
class Deployment:
    """What ``councilkit init`` set up: when, by which account, the councils served and where their files are."""

    created_at: str
    created_by: str
    councils_dir: str | None
    councils: tuple[tuple[str, str], ...]  # (id, name), in id order

    @property
    def council_ids(self) -> tuple[str, ...]:
        return tuple(cid for cid, _ in self.councils)

    def serves(self, council_id: str) -> bool:
        return council_id in self.council_ids


@frozen
class Administrator:
    """An account that administers one council (``council_id``) or every council (``council_id`` None)."""

    id: int
    login: str
    council_id: str | None
    added_at: str
    added_by: str
    ended_at: str | None = None
    ended_by: str | None = None
    version: int = 1

    def covers(self, council_id: str | None) -> bool:
        """Whether this administers ``council_id`` (None: every council, which only an administrator of every
        council covers)."""
        return self.council_id is None or (council_id is not None and self.council_id == council_id)

    @property
    def scope(self) -> str:
        return "every council" if self.council_id is None else self.council_id


def _administrator(row: Any) -> Administrator:
    return Administrator(row["id"], row["login"], row["council_id"], row["added_at"], row["added_by"],
                         row["ended_at"], row["ended_by"], row["version"])


# --- reading -------------------------------------------------------------------------------------


def deployment(store: Store) -> Deployment | None:
    """The deployment ``councilkit init`` set up in ``store``, or None if nobody has."""
    row = store.conn.execute("SELECT * FROM deployment WHERE id = 1").fetchone()
    if row is None:
        return None
    councils = tuple((r[0], r[1]) for r in store.conn.execute(
        "SELECT council_id, name FROM deployment_councils ORDER BY council_id"))
    return Deployment(row["created_at"], row["created_by"], row["councils_dir"], councils)


def administrators(store: Store, *, login: str | None = None, current: bool = True) -> list[Administrator]:
    """The administrators (``current``: those not ended), of every council first, then by council and login."""
    sql = "SELECT * FROM administrators"
    where, params = [], []
    if login is not None:
        where.append("login = ?")
        params.append(login)
    if current:
        where.append("ended_at IS NULL")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY council_id IS NOT NULL, council_id, login, id"
    return [_administrator(r) for r in store.conn.execute(sql, params)]


def administers(store: Store, login: str) -> tuple[str, ...]:
    """The councils ``login`` administers: their ids, or ``("*",)`` for every council."""
    found = administrators(store, login=login)
    if any(a.council_id is None for a in found):
        return (EVERY,)
    return tuple(sorted({a.council_id for a in found if a.council_id}))


def is_administrator(store: Store, login: str, council_id: str | None = None, *, every: bool = False) -> bool:
    """Whether ``login`` is an administrator: of ``council_id``; with ``every``, of every council; with
    neither, of any council."""
    found = administrators(store, login=login)
    if every:
        return any(a.council_id is None for a in found)
    if council_id is None:
        return bool(found)
    return any(a.covers(council_id) for a in found)


def require_administrator(store: Store, login: str, permission: str, council_ids: Sequence[str] = (), *,
                          demo: bool = False, every: bool = False, subject: str = "") -> None:
    """Refuse (:class:`~councilkit.people.authority.NotAuthorisedError`, saying who may) unless ``login``
    administers each of ``council_ids`` (none given: any council; ``every``: every council).

    ``permission`` is the act's id in :data:`~councilkit.people.authority.AUTHORITY`;
    ``subject`` what it is about, for the message (``"at Compton Parish Council"``).
    In the demo, a login that is no person in the store administers everything.
    """
    if demo and R.person_for_login(store, login) is None:
        return
    if deployment(store) is None and not administrators(store):
        raise refusal(permission, f"you (login {login!r})", where=subject,
                      why=f"{store.path} has no administrator yet: set it up with councilkit init COUNCIL..., and "
                          "the account that runs it becomes its first administrator")
    if every:
        ok = is_administrator(store, login, every=True)
    elif council_ids:
        ok = all(is_administrator(store, login, cid) for cid in council_ids)
    else:
        ok = is_administrator(store, login)
    if not ok:
        mine = administers(store, login)
        held = ("you administer every council" if mine == (EVERY,) else
                f"you administer {', '.join(mine)}" if mine else "you are not an administrator")
        raise refusal(permission, f"you (login {login!r})", where=subject,
                      why=f"{held}; councilkit admin list shows who is")


# --- setting up ----------------------------------------------------------------------------------


def init_deployment(store: Store, councils: Sequence[Any], *, login: str | None = None,
                    councils_dir: str | None = None) -> Deployment:
    """Set up ``store`` as a deployment serving ``councils``, with ``login`` (default: this process's
    account) its first administrator, of every council.  Refused if it is set up already."""
    login = login or process_login()
    if not councils:
        raise PeopleError("name the councils the deployment serves: councilkit init COUNCIL [COUNCIL...]")
    ids = [c.id for c in councils]
    if len(set(ids)) != len(ids):
        raise PeopleError(f"a council is named twice: {', '.join(ids)}")
    at = now()
    with store.write() as conn:
        existing = conn.execute("SELECT created_at, created_by FROM deployment WHERE id = 1").fetchone()
        if existing is not None:
            raise PeopleError(
                f"{store.path} was set up already, on {existing['created_at'][:10]} by {existing['created_by']!r}; "
                "its administrators add councils (councilkit admin serve COUNCIL) and administrators "
                "(councilkit admin add LOGIN)")
        conn.execute("INSERT INTO deployment (id, created_at, created_by, councils_dir) VALUES (1, ?, ?, ?)",
                     (at, login, councils_dir))
        record(store, conn, "deployment_created", login, {"councils": sorted(ids), "councils_dir": councils_dir,
                                                          "path": str(store.path)}, at=at)
        for council in sorted(councils, key=lambda c: c.id):
            _serve(store, conn, council, login, at)
        _add_admin(store, conn, login, None, login, at)
    found = deployment(store)
    assert found is not None
    return found


def _serve(store: Store, conn: Any, council: Any, by: str, at: str) -> None:
    conn.execute("INSERT INTO deployment_councils (council_id, name, added_at, added_by) VALUES (?, ?, ?, ?)",
                 (council.id, council.name, at, by))
    record(store, conn, "council_served", by, {"name": council.name}, council_id=council.id, at=at)


def _add_admin(store: Store, conn: Any, login: str, council_id: str | None, by: str, at: str) -> Administrator:
    row = conn.execute("INSERT INTO administrators (login, council_id, added_at, added_by) VALUES (?, ?, ?, ?)"
                       " RETURNING *", (login, council_id, at, by)).fetchone()
    record(store, conn, "administrator_added", by, {"login": login, "every_council": council_id is None},
           council_id=council_id, at=at)
    return _administrator(row)


# --- changes, by an administrator ----------------------------------------------------------------


@define
class Administration:
    """Changes to people, appointments, administrators and the deployment, made by the account ``login``.

    Each method checks ``login`` may make the change (:data:`~councilkit.people.authority.AUTHORITY`),
    refusing with :class:`~councilkit.people.authority.NotAuthorisedError` (nothing written)
    otherwise, and records it.  ``demo``: working on the demo store, where a login that is
    no person there is its administrator.
    """

    store: Store
    login: str = attrs.field(factory=process_login)
    demo: bool = False

    # who ----------------------------------------------------------------------
    def administers(self) -> tuple[str, ...]:
        """The councils this account administers (``("*",)``: every council)."""
        if self.demo and R.person_for_login(self.store, self.login) is None:
            return (EVERY,)
        return administers(self.store, self.login)

    def _require(self, permission: str, council_ids: Sequence[str] = (), *, every: bool = False,
                 subject: str = "") -> None:
        require_administrator(self.store, self.login, permission, council_ids, demo=self.demo, every=every,
                              subject=subject)

    def _served(self, council: Any) -> None:
        found = deployment(self.store)
        if found is not None and not found.serves(council.id):
            raise PeopleError(f"this deployment does not serve {council.name} ({council.id}); it serves "
                              f"{', '.join(found.council_ids)}: an administrator of every council adds it with "
                              f"councilkit admin serve {council.id}")

    # the deployment -------------------------------------------------------------
    def serve(self, council: Any) -> Deployment:
        """Add ``council`` to the councils the deployment serves (administrators of every council)."""
        self._require("deployment.serve", every=True, subject=f"({council.name})")
        with self.store.write() as conn:
            if conn.execute("SELECT 1 FROM deployment WHERE id = 1").fetchone() is None:
                raise PeopleError(f"{self.store.path} is not set up: councilkit init {council.id}")
            if conn.execute("SELECT 1 FROM deployment_councils WHERE council_id = ?", (council.id,)).fetchone():
                raise PeopleError(f"the deployment serves {council.name} already")
            _serve(self.store, conn, council, self.login, now())
        found = deployment(self.store)
        assert found is not None
        return found

    # administrators -------------------------------------------------------------
    def add_administrator(self, login: str, council: Any = None) -> Administrator:
        """Make ``login`` an administrator of ``council`` (None: of every council)."""
        login = check_text("login", (login or "").strip())
        if not login or any(c.isspace() for c in login):
            raise PeopleError(f"{login!r} is not an account name")
        if council is None:
            self._require("administrators.change", every=True, subject="of every council")
        else:
            self._require("administrators.change", [council.id], subject=f"of {council.name}")
            self._served(council)
        council_id = council.id if council is not None else None
        with self.store.write() as conn:
            same = conn.execute("SELECT 1 FROM administrators WHERE login = ? AND coalesce(council_id, '*') = ?"
                                " AND ended_at IS NULL", (login, council_id or EVERY)).fetchone()
            if same:
                raise PeopleError(f"{login!r} is an administrator of {council.name if council else 'every council'}"
                                  " already")
            return _add_admin(self.store, conn, login, council_id, self.login, now())

    def end_administrator(self, login: str, council: Any = None) -> Administrator:
        """End ``login``'s administration of ``council`` (None: of every council).  The last administrator
        of every council stays: someone must be able to set things right."""
        if council is None:
            self._require("administrators.change", every=True, subject="of every council")
        else:
            self._require("administrators.change", [council.id], subject=f"of {council.name}")
        council_id = council.id if council is not None else None
        where = council.name if council is not None else "every council"
        with self.store.write() as conn:
            row = conn.execute("SELECT * FROM administrators WHERE login = ? AND coalesce(council_id, '*') = ?"
                               " AND ended_at IS NULL", (login, council_id or EVERY)).fetchone()
            if row is None:
                raise PeopleError(f"{login!r} is not an administrator of {where}; councilkit admin list shows who is")
            if council_id is None:
                others = conn.execute("SELECT count(*) FROM administrators WHERE council_id IS NULL AND"
                                      " ended_at IS NULL AND id != ?", (row["id"],)).fetchone()[0]
                if not others:
                    raise PeopleError(f"{login!r} is the last administrator of every council; make someone else "
                                      "one first (councilkit admin add LOGIN), so that someone can still set "
                                      "things right")
            at = now()
            ended = conn.execute("UPDATE administrators SET ended_at = ?, ended_by = ?, version = version + 1"
                                 " WHERE id = ? AND version = ? RETURNING *",
                                 (at, self.login, row["id"], row["version"])).fetchone()
            if ended is None:  # pragma: no cover - the write lock is held
                raise ConflictError(f"administrator {login!r} was changed by someone else; nothing was written")
            record(self.store, conn, "administrator_ended", self.login, {"login": login,
                                                                        "every_council": council_id is None},
                   council_id=council_id, at=at)
        return _administrator(ended)

    # people -----------------------------------------------------------------------
    def add_person(self, name: str, login: str | None = None, email: str | None = None) -> Person:
        """Add a person (an administrator of any council)."""
        self._require("people.add")
        return R.add_person(self.store, name, login, email, by=self.login)

    def councils_of(self, person: Person) -> list[str]:
        """The councils at which ``person`` holds or held a role."""
        return sorted({a.council_id for a in R.appointments(self.store, person=person)})

    def change_person(self, person: Person, **changes: str | None) -> Person:
        """Change ``person``'s ``name``, ``login`` or ``email`` (an administrator of every council at which
        they hold or held a role)."""
        unknown = set(changes) - {"name", "login", "email"}
        if unknown:
            raise PeopleError(f"a person has no {', '.join(sorted(unknown))} to change (name, login, email)")
        where = self.councils_of(person)
        self._require("people.change", where, subject=f"({person.name}, #{person.id})")
        return R.change_person(self.store, person, by=self.login, **changes)

    # appointments ------------------------------------------------------------------
    def appoint(self, person: Person, council: Any, role: str, from_date: dt.date,
                to_date: dt.date | None = None) -> Appointment:
        """Appoint ``person`` to ``role`` at ``council`` (an administrator of that council).  An administrator
        appointing themselves is recorded as self-appointed."""
        self._require("appointments.change", [council.id], subject=f"at {council.name}")
        self._served(council)
        return R.appoint(self.store, person, council, role, from_date, to_date, by=self.login)

    def end_appointment(self, person: Person, council: Any, role: str, on: dt.date) -> Appointment:
        """End ``person``'s appointment to ``role`` at ``council``: ``on`` is their last day."""
        self._require("appointments.change", [council.id], subject=f"at {council.name}")
        council.roles.require(role)
        current = R.current_appointment(self.store, person, council.id, role, on)
        return R.end_appointment(self.store, current, on, by=self.login)
