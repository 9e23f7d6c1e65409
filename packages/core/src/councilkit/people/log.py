"""The record of changes to people: who added, changed or appointed whom, and who administers what.

Every change to people, appointments, administrators and the deployment appends a
:class:`PeopleEvent` to the ``people_events`` table, in the same transaction as the
change itself.  The table is append-only and hash-chained (registered here), so
``councilkit audit verify`` shows that nothing was changed or removed, and
:func:`record_problems` that the people and appointments agree with their record.

An event names the account that made the change (``login``: the operating-system
account, or the login of the person connected by an SSH key) and, when that account
is a person's, the person (``actor_id``).  What the change says is in ``data``.

Other parts of councilkit record their administrators' acts here too (SSH keys
added and removed): :func:`record` inside a :meth:`~councilkit.store.Store.write`
transaction, with a ``kind`` of their own.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Mapping
from typing import Any

import attrs

from councilkit._attrs import frozen
from councilkit.store import Store, now, register_chained

TABLE = "people_events"
CHAINED_COLUMNS = ("at", "kind", "login", "actor_id", "council_id", "person_id", "appointment_id", "data")
register_chained(TABLE, CHAINED_COLUMNS)

#: the kinds of event councilkit's people module writes (others may add their own)
KINDS = ("deployment_created", "council_served", "administrator_added", "administrator_ended", "person_added",
         "person_changed", "appointed", "appointment_ended")


@frozen
class PeopleEvent:
    """One change to people, appointments, administrators or the deployment: what, by which account, when."""

    seq: int
    at: str
    kind: str
    login: str
    actor_id: int | None
    council_id: str | None
    person_id: int | None
    appointment_id: int | None
    data: dict[str, Any] = attrs.field(eq=False)
    hash: str = ""

    def summary(self) -> str:
        """One line an administrator reads."""
        d = self.data
        k = self.kind
        if k == "deployment_created":
            return f"set up the deployment for {', '.join(d.get('councils', [])) or 'no council'}"
        if k == "council_served":
            return f"the deployment serves {d.get('name') or self.council_id}"
        if k in ("administrator_added", "administrator_ended"):
            where = f"of {self.council_id}" if self.council_id else "of every council"
            if k == "administrator_added":
                return f"made {d.get('login')!r} an administrator {where}"
            return f"ended {d.get('login')!r} as an administrator {where}"
        if k == "person_added":
            return f"added {d.get('name')} (#{self.person_id})"
        if k == "person_changed":
            changed = ", ".join(f"{key} {v[0]!r} -> {v[1]!r}" for key, v in sorted(d.get("changes", {}).items()))
            return f"changed #{self.person_id}: {changed}"
        if k == "appointed":
            own = " (self-appointed)" if d.get("self_appointed") else ""
            return (f"appointed {d.get('person')} {d.get('role')} at {self.council_id} from {d.get('from')}"
                    + (f" to {d['to']}" if d.get("to") else "") + own)
        if k == "appointment_ended":
            return f"ended {d.get('person')}'s appointment as {d.get('role')} at {self.council_id} on {d.get('to')}"
        if k in ("key_added", "key_removed"):  # councilkit serve's SSH keys (councilkit.people.keys)
            what = " ".join(str(d[x]) for x in ("algorithm", "fingerprint") if d.get(x))
            verb = "added" if k == "key_added" else "removed"
            return f"{verb} an SSH key of person #{self.person_id}" + (f": {what}" if what else "")
        return k


def process_login() -> str:
    """The operating-system account running this process: the name of its real user id.

    Never ``LOGNAME``, ``USER`` or any other variable of the shell, nor anything else the
    person running the process can set.  A user id with no account gets ``uid-N``, which is
    nobody's login.
    """
    try:
        import pwd
    except ImportError:  # pragma: no cover - Windows: the account that owns the process token
        return os.getlogin()
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # a container user with no entry in the account database
        return f"uid-{uid}"


def _event(row: sqlite3.Row) -> PeopleEvent:
    return PeopleEvent(row["seq"], row["at"], row["kind"], row["login"], row["actor_id"], row["council_id"],
                       row["person_id"], row["appointment_id"], json.loads(row["data"]), row["hash"])


def record(
    store: Store,
    conn: sqlite3.Connection,
    kind: str,
    login: str,
    data: Mapping[str, Any],
    *,
    council_id: str | None = None,
    person_id: int | None = None,
    appointment_id: int | None = None,
    at: str | None = None,
) -> PeopleEvent:
    """Append one event to the record, inside the caller's :meth:`~councilkit.store.Store.write` transaction.

    ``login`` is the account that made the change; the person whose login it is (if
    any) is found and recorded as ``actor_id``.
    """
    if not login:
        raise ValueError("a change to people must name the account that made it")
    actor = conn.execute("SELECT id FROM people WHERE login = ?", (login,)).fetchone()
    text = json.dumps(dict(data), sort_keys=True, ensure_ascii=False, default=str)
    row = store.append_chained(conn, TABLE, {
        "at": at or now(), "kind": kind, "login": login, "actor_id": actor[0] if actor else None,
        "council_id": council_id, "person_id": person_id, "appointment_id": appointment_id, "data": text,
    })
    return _event(row)


def history(
    store: Store,
    *,
    person_id: int | None = None,
    council_id: str | None = None,
    kinds: tuple[str, ...] = (),
    limit: int | None = None,
) -> list[PeopleEvent]:
    """The record, oldest first; only the events about ``person_id``, at ``council_id``, of ``kinds``."""
    where, params = [], []
    if person_id is not None:
        where.append("person_id = ?")
        params.append(person_id)
    if council_id is not None:
        where.append("council_id = ?")
        params.append(council_id)
    if kinds:
        where.append(f"kind IN ({','.join('?' for _ in kinds)})")
        params.extend(kinds)
    sql = f"SELECT * FROM {TABLE}" + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY seq"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [_event(r) for r in store.conn.execute(sql, params)]


def record_began(store: Store) -> str | None:
    """When this store began recording changes to people (the trust migration), or None if it has not."""
    row = store.conn.execute("SELECT applied_at FROM schema_version WHERE name = 'trust'").fetchone()
    return row[0] if row else None


def record_problems(store: Store) -> tuple[list[str], list[str]]:
    """Whether the people and appointments agree with their record: (problems, notes).

    A problem is a person or appointment whose current values are not those its last
    event says, or one made since the record began with no event at all: changed or
    added outside councilkit.  A note counts those made before the store began
    recording (they have no event, and that is expected).
    """
    began = record_began(store)
    if began is None:
        return [], []
    problems: list[str] = []
    early_people = early_appointments = 0
    last_person: dict[int, dict[str, Any]] = {}
    last_appointment: dict[int, dict[str, Any]] = {}
    for e in history(store, kinds=("person_added", "person_changed", "appointed", "appointment_ended")):
        if e.kind in ("person_added", "person_changed") and e.person_id is not None:
            state = last_person.setdefault(e.person_id, {})
            if e.kind == "person_added":
                state.update({k: e.data.get(k) for k in ("name", "login", "email")})
            else:
                state.update({k: v[1] for k, v in e.data.get("changes", {}).items()})
        elif e.appointment_id is not None:
            state = last_appointment.setdefault(e.appointment_id, {})
            if e.kind == "appointed":
                state.update({"person_id": e.person_id, "council_id": e.council_id, "role": e.data.get("role"),
                              "from": e.data.get("from"), "to": e.data.get("to")})
            else:
                state["to"] = e.data.get("to")
    for row in store.conn.execute("SELECT id, name, login, email, created_at FROM people ORDER BY id"):
        seen = last_person.get(row["id"])
        if seen is None:
            if row["created_at"] < began:
                early_people += 1
            else:
                problems.append(f"person #{row['id']} ({row['name']!r}) has no record of being added "
                                "(added outside councilkit)")
            continue
        for key in ("name", "login", "email"):
            if seen.get(key) != row[key]:
                problems.append(f"person #{row['id']}: {key} is {row[key]!r} but the record says {seen.get(key)!r} "
                                "(changed outside councilkit)")
    for row in store.conn.execute("SELECT id, person_id, council_id, role, from_date, to_date, created_at"
                                  " FROM appointments ORDER BY id"):
        seen = last_appointment.get(row["id"])
        if seen is None:
            if row["created_at"] < began:
                early_appointments += 1
            else:
                problems.append(f"appointment #{row['id']} has no record of being made (made outside councilkit)")
            continue
        now_values = {"person_id": row["person_id"], "council_id": row["council_id"], "role": row["role"],
                      "from": row["from_date"], "to": row["to_date"]}
        for key, value in now_values.items():
            if seen.get(key) != value:
                problems.append(f"appointment #{row['id']}: {key} is {value!r} but the record says "
                                f"{seen.get(key)!r} (changed outside councilkit)")
    notes = []
    if early_people or early_appointments:
        notes.append(f"{early_people} people and {early_appointments} appointments were made before this store "
                     f"began recording changes to people ({began[:10]}), so they have no record")
    return problems, notes
