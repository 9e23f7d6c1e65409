"""People and their appointments: who holds which role, at which council, from when to when.

People are personal data and change, so they live in the store, never in a
council file.  A person has a name, optionally a login (the operating-system
account that identifies them when they run ``councilkit``) and an email.  An
appointment says that a person holds a role at a council from one date to
another (inclusive; open-ended while it lasts).

A person is named, wherever a command takes one, by their number (``7``), their
login (``jsmith``) or their full name (``"Jane Smith"``, any case); a name two
people share is refused with both numbers.

Holding a role includes every role it is a kind of: the Chair of the Council
is a councillor, so :func:`holders` of ``councillor`` include the Chair.
Someone appointed to a body (the Personnel Committee) acts for that body.

Rules kept here, so every caller gets them:

- an appointment's role must be one of the council's roles;
- ``to`` may not be before ``from``;
- a person cannot hold the same role twice over the same dates;
- a post one person holds at a time (the Clerk, the Chair, the Monitoring
  Officer: ``Role.single``) cannot be given to a second person for dates the
  first still holds it: end the first appointment first;
- names, logins and emails have limits (:data:`councilkit.errors.LIMITS`).

Every change is recorded in the hash-chained record of changes to people
(:mod:`councilkit.people.log`) with the account that made it (``by``: a login;
default, this process's operating-system account), in the same transaction.
An appointment made by the account of the person appointed is marked
``self_appointed``.

These functions check the data, not who may make the change: a front end changes
people through :class:`councilkit.people.admin.Administration`, which checks that
the account is an administrator (docs/security.md); these are for code that sets up
a store of its own (the demo, tests, imports).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from typing import Any

import attrs

from councilkit._attrs import frozen
from councilkit.errors import CouncilkitError, UnknownNameError, check_text, did_you_mean
from councilkit.people.log import process_login, record
from councilkit.store import ConflictError, Store, now


class PeopleError(CouncilkitError, ValueError):
    """A change to people or appointments that is refused, with the reason."""


class UnknownPersonError(CouncilkitError, LookupError):
    """No person matches, or more than one does."""


@frozen
class Person:
    id: int
    name: str
    login: str | None = None
    email: str | None = None
    created_at: str = ""
    version: int = 1

    def __str__(self) -> str:
        return self.name


@frozen
class Appointment:
    id: int
    person_id: int
    council_id: str
    role: str
    from_date: dt.date
    to_date: dt.date | None = None
    created_at: str = ""
    version: int = 1
    person_name: str = ""
    appointed_by: str | None = None
    self_appointed: bool = False
    ended_by: str | None = None

    def holds_on(self, day: dt.date) -> bool:
        return self.from_date <= day and (self.to_date is None or day <= self.to_date)

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        return (end is None or self.from_date <= end) and (self.to_date is None or start <= self.to_date)

    def dates(self) -> str:
        return f"{self.from_date.isoformat()} to {self.to_date.isoformat() if self.to_date else 'date'}"


def _person(row: sqlite3.Row) -> Person:
    return Person(row["id"], row["name"], row["login"], row["email"], row["created_at"], row["version"])


def _appointment(row: sqlite3.Row) -> Appointment:
    keys = row.keys()
    return Appointment(
        id=row["id"], person_id=row["person_id"], council_id=row["council_id"], role=row["role"],
        from_date=dt.date.fromisoformat(row["from_date"]),
        to_date=dt.date.fromisoformat(row["to_date"]) if row["to_date"] else None,
        created_at=row["created_at"], version=row["version"],
        person_name=row["person_name"] if "person_name" in keys else "",
        appointed_by=row["appointed_by"] if "appointed_by" in keys else None,
        self_appointed=bool(row["self_appointed"]) if "self_appointed" in keys else False,
        ended_by=row["ended_by"] if "ended_by" in keys else None,
    )


# people ---------------------------------------------------------------------


def _clean(name: str | None, login: str | None, email: str | None) -> tuple[str, str | None, str | None]:
    name = check_text("name", " ".join((name or "").split()))
    if not name:
        raise PeopleError("a person needs a name")
    if name.isdigit():
        raise PeopleError(f"{name!r} is not a name: people are also found by number, so a name cannot be one")
    login = check_text("login", (login or "").strip()) or None
    if login is not None and (any(c.isspace() for c in login) or login.startswith("#") or login.isdigit()):
        raise PeopleError(f"login {login!r} is not an account name: no spaces, not a number, not starting with #")
    email = check_text("email", (email or "").strip()) or None
    if email is not None and "@" not in email:
        raise PeopleError(f"email {email!r} has no @")
    return name, login, email


def add_person(store: Store, name: str, login: str | None = None, email: str | None = None, *,
               by: str | None = None) -> Person:
    """Add a person, recorded as done by the account ``by`` (default: this process's).  The login must be unused."""
    name, login, email = _clean(name, login, email)
    by = by or process_login()
    with store.write() as conn:
        if login is not None:
            taken = conn.execute("SELECT id, name FROM people WHERE login = ?", (login,)).fetchone()
            if taken:
                raise PeopleError(f"login {login!r} already belongs to {taken['name']} (#{taken['id']})")
        row = conn.execute(
            "INSERT INTO people (name, login, email, created_at) VALUES (?, ?, ?, ?) RETURNING *",
            (name, login, email, now()),
        ).fetchone()
        record(store, conn, "person_added", by, {"id": row["id"], "name": name, "login": login, "email": email},
               person_id=row["id"], at=row["created_at"])
    return _person(row)


_UNCHANGED: Any = object()


def change_person(store: Store, person: Person, *, name: str | None = _UNCHANGED, login: str | None = _UNCHANGED,
                  email: str | None = _UNCHANGED, by: str | None = None) -> Person:
    """Change a person's name, login or email (an empty login or email removes it), checking nobody
    changed them since ``person`` was read; recorded as done by the account ``by``."""
    by = by or process_login()
    new = {"name": person.name if name is _UNCHANGED else name,
           "login": person.login if login is _UNCHANGED else login,
           "email": person.email if email is _UNCHANGED else email}
    clean = dict(zip(("name", "login", "email"), _clean(new["name"], new["login"], new["email"]), strict=True))
    changes = {k: [getattr(person, k), v] for k, v in clean.items() if getattr(person, k) != v}
    if not changes:
        raise PeopleError(f"that would change nothing about {person.name} (#{person.id}); nothing was written")
    with store.write() as conn:
        if "login" in changes and clean["login"] is not None:
            taken = conn.execute("SELECT id, name FROM people WHERE login = ? AND id != ?",
                                 (clean["login"], person.id)).fetchone()
            if taken:
                raise PeopleError(f"login {clean['login']!r} already belongs to {taken['name']} (#{taken['id']})")
        row = conn.execute(
            "UPDATE people SET name = ?, login = ?, email = ?, version = version + 1 WHERE id = ? AND version = ?"
            " RETURNING *", (clean["name"], clean["login"], clean["email"], person.id, person.version)).fetchone()
        if row is None:
            raise ConflictError(f"person #{person.id} was changed by someone else since you read them; nothing "
                                "was written; look again and retry")
        record(store, conn, "person_changed", by, {"id": person.id, "changes": changes}, person_id=person.id)
    return _person(row)


def get_person(store: Store, person_id: int) -> Person:
    row = store.conn.execute("SELECT * FROM people WHERE id = ?", (person_id,)).fetchone()
    if row is None:
        raise UnknownPersonError(f"no person #{person_id}")
    return _person(row)


def find_person(store: Store, ref: str | int | Person) -> Person:
    """The person named by number, login or full name (case-insensitive)."""
    if isinstance(ref, Person):
        return ref
    text = str(ref).strip().lstrip("#")
    if text.isascii() and text.isdigit():
        if int(text) > 2**63 - 1:  # beyond SQLite's integers: nobody's number
            raise UnknownPersonError(f"no person #{text}")
        return get_person(store, int(text))
    row = store.conn.execute("SELECT * FROM people WHERE login = ?", (text,)).fetchone()
    if row is not None:
        return _person(row)
    rows = store.conn.execute("SELECT * FROM people WHERE lower(name) = lower(?) ORDER BY id", (text,)).fetchall()
    if len(rows) == 1:
        return _person(rows[0])
    if len(rows) > 1:
        which = ", ".join(f"#{r['id']}" for r in rows)
        raise UnknownPersonError(f"{len(rows)} people are called {rows[0]['name']!r} ({which}); name one by number")
    names = [r[0] for r in store.conn.execute("SELECT name FROM people")]
    logins = [r[0] for r in store.conn.execute("SELECT login FROM people WHERE login IS NOT NULL")]
    hint = did_you_mean(text, [*names, *logins])
    raise UnknownPersonError(f"no person {text!r}{hint}; list them with: councilkit people list")


def person_for_login(store: Store, login: str) -> Person | None:
    row = store.conn.execute("SELECT * FROM people WHERE login = ?", (login,)).fetchone()
    return _person(row) if row else None


def list_people(store: Store) -> list[Person]:
    return [_person(r) for r in store.conn.execute("SELECT * FROM people ORDER BY name, id")]


def names(store: Store, ids: Iterable[int | None]) -> dict[int, str]:
    """Person id -> name, for the ids given."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    marks = ",".join("?" for _ in wanted)
    return {r[0]: r[1] for r in store.conn.execute(f"SELECT id, name FROM people WHERE id IN ({marks})", wanted)}


# appointments ---------------------------------------------------------------

_APPOINTMENTS = "SELECT a.*, p.name AS person_name FROM appointments a JOIN people p ON p.id = a.person_id"


def appointments(
    store: Store,
    *,
    person: Person | None = None,
    council_id: str | None = None,
    role: str | None = None,
    on: dt.date | None = None,
) -> list[Appointment]:
    """Appointments, filtered; ``on`` keeps those in force on that date."""
    where, params = [], []
    if person is not None:
        where.append("a.person_id = ?")
        params.append(person.id)
    if council_id is not None:
        where.append("a.council_id = ?")
        params.append(council_id)
    if role is not None:
        where.append("a.role = ?")
        params.append(role)
    if on is not None:
        where.append("a.from_date <= ? AND (a.to_date IS NULL OR a.to_date >= ?)")
        params += [on.isoformat(), on.isoformat()]
    sql = _APPOINTMENTS + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY a.council_id, a.role, a.from_date, a.id"
    return [_appointment(r) for r in store.conn.execute(sql, params)]


def appoint(
    store: Store,
    person: Person,
    council: Any,
    role: str,
    from_date: dt.date,
    to_date: dt.date | None = None,
    *,
    by: str | None = None,
) -> Appointment:
    """Appoint ``person`` to ``role`` at ``council`` (a :class:`~councilkit.council.Council`), recorded as
    done by the account ``by`` (default: this process's); ``self_appointed`` when that is ``person``'s login."""
    by = by or process_login()
    if role not in council.roles:
        raise UnknownNameError("role", role, council.roles)
    if to_date is not None and to_date < from_date:
        raise PeopleError(f"the appointment would end ({to_date}) before it starts ({from_date})")
    title = council.title(role)
    single = getattr(council.roles[role], "single", False)
    with store.write() as conn:
        current = get_person(store, person.id)  # the person still exists
        rows = conn.execute(
            _APPOINTMENTS + " WHERE a.council_id = ? AND a.role = ?", (council.id, role)).fetchall()
        for a in map(_appointment, rows):
            if not a.overlaps(from_date, to_date):
                continue
            if a.person_id == current.id:
                raise PeopleError(f"{current.name} already holds {title} at {council.name} "
                                  f"from {a.dates()} (appointment #{a.id})")
            if single:
                raise PeopleError(
                    f"{a.person_name} holds {title} at {council.name} from {a.dates()} and it is a post "
                    f"one person holds at a time; end that appointment first: councilkit people end "
                    f"{a.person_id} {council.id} {role} --on DATE")
        own = current.login is not None and current.login == by
        row = conn.execute(
            "INSERT INTO appointments (person_id, council_id, role, from_date, to_date, created_at, appointed_by,"
            " self_appointed) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
            (current.id, council.id, role, from_date.isoformat(),
             to_date.isoformat() if to_date else None, now(), by, int(own)),
        ).fetchone()
        record(store, conn, "appointed", by, {
            "person": current.name, "role": role, "title": title, "from": from_date.isoformat(),
            "to": to_date.isoformat() if to_date else None, "self_appointed": own,
        }, council_id=council.id, person_id=current.id, appointment_id=row["id"], at=row["created_at"])
    return attrs.evolve(_appointment(row), person_name=current.name)


def end_appointment(
    store: Store,
    appointment: Appointment,
    on: dt.date,
    *,
    by: str | None = None,
) -> Appointment:
    """End ``appointment`` on ``on`` (its last day), checking nobody changed it since it was read; recorded
    as done by the account ``by`` (default: this process's)."""
    by = by or process_login()
    if on < appointment.from_date:
        raise PeopleError(f"appointment #{appointment.id} starts on {appointment.from_date}; "
                          f"it cannot end before that ({on})")
    with store.write() as conn:
        cur = conn.execute(
            "UPDATE appointments SET to_date = ?, ended_by = ?, version = version + 1 WHERE id = ? AND version = ?"
            " RETURNING *", (on.isoformat(), by, appointment.id, appointment.version))
        row = cur.fetchone()
        if row is None:
            raise ConflictError(f"appointment #{appointment.id} was changed by someone else since you "
                                f"read it; nothing was written; look again and retry")
        record(store, conn, "appointment_ended", by, {
            "person": appointment.person_name, "role": appointment.role, "to": on.isoformat(),
        }, council_id=appointment.council_id, person_id=appointment.person_id, appointment_id=appointment.id)
    return attrs.evolve(_appointment(row), person_name=appointment.person_name)


def current_appointment(store: Store, person: Person, council_id: str, role: str, on: dt.date) -> Appointment:
    """The appointment by which ``person`` holds ``role`` on ``on`` (or the one that starts latest)."""
    found = appointments(store, person=person, council_id=council_id, role=role)
    if not found:
        raise PeopleError(f"{person.name} has no appointment as {role} at {council_id}")
    holding = [a for a in found if a.holds_on(on)]
    if holding:
        return holding[-1]
    open_ended = [a for a in found if a.to_date is None]
    if open_ended:
        return open_ended[-1]
    raise PeopleError(f"{person.name}'s appointments as {role} at {council_id} have all ended: "
                      + "; ".join(a.dates() for a in found))


def holders(store: Store, council: Any, role: str, on: dt.date) -> list[Appointment]:
    """Who holds ``role`` at ``council`` on ``on``: appointments to it or to any kind of it.

    Sorted by the role's own holders first, then by who was appointed first: a
    stable order, so a preview names the same person every time.
    """
    kinds = sorted(council.roles.descendants(role)) if role in council.roles else [role]
    marks = ",".join("?" for _ in kinds)
    rows = store.conn.execute(
        _APPOINTMENTS + f" WHERE a.council_id = ? AND a.role IN ({marks})"
        " AND a.from_date <= ? AND (a.to_date IS NULL OR a.to_date >= ?)",
        (council.id, *kinds, on.isoformat(), on.isoformat()),
    ).fetchall()
    found = [_appointment(r) for r in rows]
    found.sort(key=lambda a: (a.role != role, a.from_date, a.person_id))
    return found


def roles_held(store: Store, person: Person, council_id: str, on: dt.date) -> list[str]:
    """The roles ``person`` holds at ``council_id`` on ``on``, in the order they were appointed."""
    day = on.isoformat()
    rows = store.conn.execute(
        "SELECT role FROM appointments WHERE person_id = ? AND council_id = ? AND from_date <= ?"
        " AND (to_date IS NULL OR to_date >= ?) ORDER BY from_date, id", (person.id, council_id, day, day))
    return list(dict.fromkeys(r[0] for r in rows))


@frozen
class Directory:
    """Who holds what at one council: the view of people that routing and cases use."""

    store: Store
    council: Any

    def holders(self, role: str, on: dt.date) -> list[Appointment]:
        return holders(self.store, self.council, role, on)

    def roles_of(self, person: Person, on: dt.date) -> list[str]:
        return roles_held(self.store, person, self.council.id, on)

    def holds(self, person: Person, role: str, on: dt.date) -> bool:
        return any(self.council.roles.is_a(r, role) for r in self.roles_of(person, on) if r in self.council.roles)
