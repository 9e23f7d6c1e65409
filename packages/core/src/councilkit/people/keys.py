"""SSH keys: each registered public key is one person, for ``councilkit serve``; and the connections made.

``councilkit serve`` lets clerks and councillors reach the terminal UI with ``ssh`` and no shell
account on the host: the key they connect with says who they are, and nothing else does.  This
module keeps the keys (``person_keys``) and the server's connection log (``ssh_connections``);
it reads OpenSSH public keys (the ``.pub`` file ``ssh-keygen`` writes, or lines of an
``authorized_keys`` file without options) itself, so the SDK needs no SSH library:

- a key is checked for shape (its type, its encoded parts, no bytes left over), RSA keys need
  2048 bits or more, and DSA keys, certificates, private keys and lines with options are refused,
  each with the file and line;
- a key is one person: registering a key someone else holds is refused, naming them;
- a key is never deleted: :func:`remove_key` marks it removed (who, when, why), so the log can
  still say whose key made an old connection;
- adding and removing keys is for administrators (``people.keys`` in
  :data:`councilkit.people.authority.AUTHORITY`), and each is an event in the hash-chained record of
  changes to people (``key_added``, ``key_removed``; ``councilkit audit verify`` checks it).

The fingerprint is OpenSSH's (``SHA256:`` and the unpadded base64 of the key's SHA-256), as
``ssh-keygen -lf KEY.pub`` prints it, so a clerk can compare it with their own.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import sqlite3
from collections.abc import Iterable
from typing import Any

import attrs

from councilkit._attrs import frozen
from councilkit.errors import CouncilkitError
from councilkit.people.records import PeopleError, Person, find_person, get_person
from councilkit.store import Store, now


class KeyFileError(CouncilkitError, ValueError):
    """A public key that cannot be used; the message names the file, the line and what is wrong."""


class KeyChangeError(PeopleError):
    """A change to keys that is refused (a key someone else holds, a key already removed)."""


class UnknownKeyError(CouncilkitError, LookupError):
    """No registered key matches."""


#: the key types accepted, and what a person calls them
KEY_TYPES = {
    "ssh-ed25519": "ED25519",
    "ecdsa-sha2-nistp256": "ECDSA P-256",
    "ecdsa-sha2-nistp384": "ECDSA P-384",
    "ecdsa-sha2-nistp521": "ECDSA P-521",
    "ssh-rsa": "RSA",
    "sk-ssh-ed25519@openssh.com": "ED25519-SK (security key)",
    "sk-ecdsa-sha2-nistp256@openssh.com": "ECDSA-SK (security key)",
}
_EC_POINT = {"nistp256": 65, "nistp384": 97, "nistp521": 133}
MIN_RSA_BITS = 2048
MAX_COMMENT = 200


# --- reading public keys ---------------------------------------------------------------------


@frozen
class PublicKey:
    """One OpenSSH public key: its type, its encoded bytes and the comment after it."""

    algorithm: str
    blob: bytes = attrs.field(repr=False)
    comment: str = ""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.blob)

    @property
    def base64(self) -> str:
        return base64.b64encode(self.blob).decode("ascii")

    @property
    def openssh(self) -> str:
        """The key as a line of a ``.pub`` file (without its comment)."""
        return f"{self.algorithm} {self.base64}"

    @property
    def kind(self) -> str:
        """The key's type in words (``RSA 3072``, ``ED25519``)."""
        words = KEY_TYPES.get(self.algorithm, self.algorithm)
        if self.algorithm == "ssh-rsa":
            return f"{words} {_rsa_bits(self.blob)}"
        return words


def fingerprint(blob: bytes) -> str:
    """OpenSSH's SHA-256 fingerprint of a key's encoded bytes (``SHA256:...``)."""
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode("ascii").rstrip("=")


def parse_public_keys(text: str, source: str = "-") -> list[PublicKey]:
    """Every public key in ``text`` (one a line; blank lines and ``#`` comments skipped).

    ``source`` names where the text came from in messages (a file name, ``-`` for standard input).
    Raises :class:`KeyFileError` naming ``source`` and the line of the first key that cannot be used,
    and when there is no key at all.
    """
    if "PRIVATE KEY-----" in text:
        raise KeyFileError(f"{source} is a private key: give the public key (the .pub file beside it), "
                           "and never share the private one")
    if "---- BEGIN SSH2 PUBLIC KEY ----" in text:
        raise KeyFileError(f"{source} is an RFC 4716 (SSH2) public key: convert it with "
                           f"ssh-keygen -i -f {source if source != '-' else 'FILE'} and give that")
    keys = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keys.append(parse_public_key(line, f"{source}:{number}"))
    if not keys:
        raise KeyFileError(f"{source} holds no public key (expected a line like 'ssh-ed25519 AAAA... comment', "
                           "as in the .pub file ssh-keygen writes)")
    return keys


def parse_public_key(line: str, where: str = "-") -> PublicKey:
    """One line ``TYPE BASE64 [COMMENT]``; ``where`` (``file:line``) prefixes every message."""
    parts = line.split(None, 2)
    algorithm = parts[0]
    if algorithm not in KEY_TYPES:
        if algorithm.endswith("-cert-v01@openssh.com"):
            raise KeyFileError(f"{where}: a certificate ({algorithm}) is not accepted: give the plain public key")
        if algorithm == "ssh-dss":
            raise KeyFileError(f"{where}: DSA keys are too weak and OpenSSH no longer uses them: make an ED25519 "
                               "key with ssh-keygen -t ed25519")
        if len(parts) >= 2 and any(p in KEY_TYPES for p in line.replace(",", " ").split()):
            raise KeyFileError(f"{where}: the line has options before the key (as in authorized_keys): give the "
                               "key alone, as in the .pub file")
        shown = algorithm if len(algorithm) <= 40 else algorithm[:40] + "…"
        raise KeyFileError(f"{where}: {shown!r} is not a public key type; expected one of "
                           f"{', '.join(KEY_TYPES)}")
    if len(parts) < 2:
        raise KeyFileError(f"{where}: {algorithm} with no key after it")
    try:
        blob = base64.b64decode(parts[1].encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise KeyFileError(f"{where}: the key is not valid base64 (was the line cut or wrapped?)") from None
    comment = parts[2].strip() if len(parts) > 2 else ""
    if any(ord(c) < 32 or ord(c) == 127 for c in comment):
        raise KeyFileError(f"{where}: the comment after the key holds control characters")
    if len(comment) > MAX_COMMENT:
        raise KeyFileError(f"{where}: the comment after the key is {len(comment)} characters; at most "
                           f"{MAX_COMMENT}")
    problem = _check_blob(algorithm, blob)
    if problem:
        raise KeyFileError(f"{where}: {problem}")
    return PublicKey(algorithm, blob, comment)


def _strings(blob: bytes) -> list[bytes] | None:
    """The SSH wire-format strings ``blob`` is made of (uint32 length, bytes), or None when it is not."""
    out, at = [], 0
    while at < len(blob):
        if at + 4 > len(blob):
            return None
        size = int.from_bytes(blob[at:at + 4], "big")
        at += 4
        if at + size > len(blob):
            return None
        out.append(blob[at:at + size])
        at += size
    return out


def _rsa_bits(blob: bytes) -> int:
    parts = _strings(blob) or []
    return int.from_bytes(parts[2], "big").bit_length() if len(parts) == 3 else 0


def _check_blob(algorithm: str, blob: bytes) -> str:
    """Why the key's bytes are not a key of type ``algorithm``, or "" when they are."""
    parts = _strings(blob)
    if not parts or parts[0] != algorithm.encode("ascii"):
        return f"the key's bytes are not an {algorithm} key (was the line cut, or its type changed?)"
    fields = parts[1:]
    if algorithm in ("ssh-ed25519", "sk-ssh-ed25519@openssh.com"):
        wanted = 1 if algorithm == "ssh-ed25519" else 2
        if len(fields) != wanted or len(fields[0]) != 32:
            return f"the key's bytes are not an {algorithm} key (an ED25519 key is 32 bytes)"
    elif algorithm.startswith(("ecdsa-sha2-", "sk-ecdsa-sha2-")):
        curve = algorithm.split("-")[-1].split("@")[0]
        wanted = 2 if algorithm.startswith("ecdsa") else 3
        if (len(fields) != wanted or fields[0] != curve.encode("ascii") or len(fields[1]) != _EC_POINT[curve]
                or fields[1][:1] != b"\x04"):
            return f"the key's bytes are not an {algorithm} key"
    elif algorithm == "ssh-rsa":
        if len(fields) != 2:
            return "the key's bytes are not an RSA key"
        bits = int.from_bytes(fields[1], "big").bit_length()
        if bits < MIN_RSA_BITS:
            return (f"an RSA key of {bits} bits is too weak; at least {MIN_RSA_BITS} (better: ssh-keygen -t "
                    "ed25519)")
    return ""


# --- keys in the store -----------------------------------------------------------------------


@frozen
class PersonKey:
    """A registered key: whose it is, what it is, who added it and, once removed, who removed it and why."""

    id: int
    person_id: int
    person_name: str
    algorithm: str
    public_key: str = attrs.field(repr=False)
    fingerprint: str
    comment: str
    added_at: str
    added_by: str
    removed_at: str | None = None
    removed_by: str | None = None
    removed_why: str | None = None

    @property
    def live(self) -> bool:
        return self.removed_at is None

    @property
    def kind(self) -> str:
        return PublicKey(self.algorithm, base64.b64decode(self.public_key), self.comment).kind


_KEY_SELECT = ("SELECT k.*, p.name AS person_name FROM person_keys k JOIN people p ON p.id = k.person_id")


def _key(row: sqlite3.Row) -> PersonKey:
    return PersonKey(
        id=row["id"], person_id=row["person_id"], person_name=row["person_name"], algorithm=row["algorithm"],
        public_key=row["public_key"], fingerprint=row["fingerprint"], comment=row["comment"],
        added_at=row["added_at"], added_by=row["added_by"], removed_at=row["removed_at"],
        removed_by=row["removed_by"], removed_why=row["removed_why"])


def _authorise(store: Store, person: Person, login: str, demo: bool) -> str:
    """Refuse unless ``login`` may add or remove ``person``'s keys (``people.keys`` in the authority table);
    the account, in words, for the key's record."""
    from councilkit.people.admin import require_administrator
    from councilkit.people.records import appointments, person_for_login

    councils = sorted({a.council_id for a in appointments(store, person=person)})
    require_administrator(store, login, "people.keys", councils, demo=demo, subject=f"({person.name}, #{person.id})")
    me = person_for_login(store, login)
    return f"{me.name} (login {login})" if me is not None else f"login {login}"


def add_keys(store: Store, person: Person | str | int, keys: Iterable[PublicKey], *, login: str,
             demo: bool = False) -> list[PersonKey]:
    """Register ``keys`` as ``person``'s, all or none, as the account ``login``.

    Only an administrator of every council at which the person holds or held a role may (any administrator,
    for someone who never held one; in the demo, its administrator): otherwise
    :class:`~councilkit.people.authority.NotAuthorisedError`, saying who may, and nothing is written.  Each key
    added is a ``key_added`` event in the hash-chained record of changes to people (:mod:`councilkit.people.log`).
    A key already registered to someone else is refused, naming them; one already theirs is refused too.
    """
    from councilkit.people.log import record

    who = find_person(store, person)
    by = _authorise(store, who, login, demo)
    wanted = list(keys)
    added = []
    seen: set[str] = set()
    with store.write() as conn:
        for key in wanted:
            if key.fingerprint in seen:
                continue
            seen.add(key.fingerprint)
            holder = conn.execute(_KEY_SELECT + " WHERE k.fingerprint = ? AND k.removed_at IS NULL",
                                  (key.fingerprint,)).fetchone()
            if holder is not None:
                if holder["person_id"] == who.id:
                    raise KeyChangeError(f"{key.kind} key {key.fingerprint} is already {who.name}'s "
                                         f"(key #{holder['id']})")
                raise KeyChangeError(f"{key.kind} key {key.fingerprint} is already registered to "
                                     f"{holder['person_name']} (#{holder['person_id']}): a key is one person; remove "
                                     f"it from them first (councilkit people key remove {key.fingerprint})")
            row = conn.execute(
                "INSERT INTO person_keys (person_id, algorithm, public_key, fingerprint, comment, added_at, "
                "added_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (who.id, key.algorithm, key.base64, key.fingerprint, key.comment, now(), by)).fetchone()
            record(store, conn, "key_added", login, {"key": row["id"], "fingerprint": key.fingerprint,
                                                     "type": key.kind, "comment": key.comment, "person": who.name},
                   person_id=who.id)
            added.append(_key(conn.execute(_KEY_SELECT + " WHERE k.id = ?", (row["id"],)).fetchone()))
    return added


def find_key(store: Store, ref: str | int, person: Person | None = None) -> PersonKey:
    """A live key by its number (``7``, ``#7``) or fingerprint (``SHA256:...``, the prefix optional);
    with ``person``, only one of theirs."""
    text = str(ref).strip()
    if text.lstrip("#").isdigit():
        row = store.conn.execute(_KEY_SELECT + " WHERE k.id = ?", (int(text.lstrip("#")),)).fetchone()
    else:
        wanted = text if text.startswith("SHA256:") else f"SHA256:{text}"
        row = store.conn.execute(_KEY_SELECT + " WHERE k.fingerprint = ? ORDER BY k.removed_at IS NULL DESC, "
                                 "k.id DESC", (wanted,)).fetchone()
    if row is None or (person is not None and row["person_id"] != person.id):
        whose = f" of {person.name}'s" if person is not None else ""
        raise UnknownKeyError(f"no registered key{whose} {text!r}; list them with: councilkit people key list")
    return _key(row)


def remove_key(store: Store, ref: str | int, *, login: str, why: str = "", person: Person | None = None,
               demo: bool = False) -> PersonKey:
    """Mark a key removed (see :func:`find_key` for ``ref``) as the account ``login``: it can no longer
    connect, and ``councilkit serve`` ends the sessions open with it.  The same administrators as
    :func:`add_keys` may; it is a ``key_removed`` event in the record of changes to people.  The key's row
    stays, so the connection log still says whose key it was."""
    from councilkit.people.log import record

    key = find_key(store, ref, person)
    by = _authorise(store, get_person(store, key.person_id), login, demo)
    if not key.live:
        raise KeyChangeError(f"key #{key.id} ({key.fingerprint}) of {key.person_name} was already removed on "
                             f"{key.removed_at[:10] if key.removed_at else '?'} by {key.removed_by}")
    with store.write() as conn:
        conn.execute("UPDATE person_keys SET removed_at = ?, removed_by = ?, removed_why = ? WHERE id = ?",
                     (now(), by, why, key.id))
        record(store, conn, "key_removed", login, {"key": key.id, "fingerprint": key.fingerprint, "why": why,
                                                   "person": key.person_name}, person_id=key.person_id)
        return _key(conn.execute(_KEY_SELECT + " WHERE k.id = ?", (key.id,)).fetchone())


def list_keys(store: Store, person: Person | None = None, *, removed: bool = False) -> list[PersonKey]:
    """The registered keys (of ``person``), by person and then when added; ``removed``: those removed too."""
    where, params = [], []
    if person is not None:
        where.append("k.person_id = ?")
        params.append(person.id)
    if not removed:
        where.append("k.removed_at IS NULL")
    sql = _KEY_SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY p.name, p.id, k.id"
    return [_key(r) for r in store.conn.execute(sql, params)]


def person_for_key(store: Store, blob: bytes) -> tuple[Person, PersonKey] | None:
    """Whose live key has exactly these bytes (the server's question), or None."""
    row = store.conn.execute(_KEY_SELECT + " WHERE k.fingerprint = ? AND k.removed_at IS NULL",
                             (fingerprint(blob),)).fetchone()
    if row is None or base64.b64decode(row["public_key"]) != blob:
        return None
    return get_person(store, row["person_id"]), _key(row)


# --- the connection log ----------------------------------------------------------------------

OUTCOMES = {
    "open": "still connected",
    "ended": "ended by the person",
    "refused": "refused",
    "idle": "ended after the idle time",
    "limit": "refused: too many sessions",
    "stopped": "ended: the server stopped",
    "revoked": "ended: the key was removed",
    "lost": "the server stopped without ending it",
}


@frozen
class Connection:
    """One SSH connection to ``councilkit serve``: who, when, from where, how long, and how it ended."""

    id: int
    started_at: str
    ended_at: str | None
    seconds: float | None
    address: str
    port: int | None
    username: str | None
    fingerprint: str | None
    person_id: int | None
    person_name: str | None
    outcome: str
    detail: str


def _connection(row: sqlite3.Row) -> Connection:
    return Connection(**{f.name: row[f.name] for f in attrs.fields(Connection)})


def log_connection(store: Store, *, started_at: str, address: str, port: int | None = None,
                   username: str | None = None, fingerprint: str | None = None, person: Person | None = None,
                   outcome: str = "open", detail: str = "", ended_at: str | None = None,
                   seconds: float | None = None) -> int:
    """Record a connection (``outcome`` ``open`` while it lasts; see :data:`OUTCOMES`); its row id."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome {outcome!r}: expected one of {', '.join(OUTCOMES)}")
    with store.write() as conn:
        row = conn.execute(
            "INSERT INTO ssh_connections (started_at, ended_at, seconds, address, port, username, fingerprint,"
            " person_id, person_name, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (started_at, ended_at, seconds, address, port, _short(username), fingerprint,
             person.id if person else None, person.name if person else None, outcome, _short(detail, 2000)),
        ).fetchone()
    return int(row["id"])


def end_connection(store: Store, connection_id: int, *, outcome: str, detail: str = "",
                   seconds: float | None = None) -> None:
    """Record how a connection logged ``open`` ended (``seconds``: how long it lasted)."""
    if outcome not in OUTCOMES or outcome == "open":
        raise ValueError(f"outcome {outcome!r}: expected one of {', '.join(o for o in OUTCOMES if o != 'open')}")
    with store.write() as conn:
        conn.execute("UPDATE ssh_connections SET ended_at = ?, seconds = ?, outcome = ?, detail = ? WHERE id = ?",
                     (now(), seconds, outcome, _short(detail, 2000), connection_id))


def close_lost_connections(store: Store) -> int:
    """Mark the connections a server left ``open`` (it was killed, or the host went down) as ``lost``;
    how many.  ``councilkit serve`` calls it as it starts."""
    with store.write() as conn:
        cur = conn.execute("UPDATE ssh_connections SET outcome = 'lost', detail = trim(detail || ' the server "
                           "stopped without ending it') WHERE outcome = 'open'")
        return cur.rowcount


def connections(store: Store, *, person: Person | None = None, limit: int = 50) -> list[Connection]:
    """The latest connections (of ``person``), newest first."""
    where, params = ("WHERE person_id = ?", [person.id]) if person is not None else ("", [])
    rows = store.conn.execute(f"SELECT * FROM ssh_connections {where} ORDER BY id DESC LIMIT ?",
                              [*params, limit])
    return [_connection(r) for r in rows]


def _short(text: Any, limit: int = 200) -> Any:
    """Text from a client, kept printable and short: the log is read in terminals."""
    if text is None:
        return None
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(text))
    return text if len(text) <= limit else text[:limit] + "…"
