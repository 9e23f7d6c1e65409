"""``councilkit serve --check``: everything the server would need, checked without starting it.

Nothing is written: the store is opened read-only (a store that does not exist yet is reported, not made),
the host key is only looked at, and the port is bound for a moment and released.
"""

from __future__ import annotations

import contextlib
import socket
from pathlib import Path
from typing import Any

import attrs

from . import hostkey
from .config import ServeConfig, describe_seconds


@attrs.frozen
class Finding:
    """One line of the check: ``ok``, ``warning`` (it would run, but look) or ``error`` (it would not run)."""

    severity: str
    subject: str
    message: str


def check_config(config: ServeConfig) -> list[Finding]:
    """What ``councilkit serve`` would find, in order: the address, the host key, the store, the keys,
    the council files and the limits."""
    found: list[Finding] = []
    found += _address(config)
    found += _host_key(config.host_key)
    found += _store_and_keys(config)
    found += _councils(config)
    found.append(Finding("ok", "limits", f"idle sessions end after {describe_seconds(config.idle_timeout)}; at "
                                          f"most {config.max_sessions} sessions at once, {config.max_per_person} "
                                          "per person"))
    return found


def _address(config: ServeConfig) -> list[Finding]:
    where = f"{config.host}:{config.port}"
    try:
        infos = socket.getaddrinfo(config.host, config.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return [Finding("error", "address", f"{config.host!r} is not an address of this host: {exc.strerror}")]
    family, kind, proto, _, address = infos[0]
    with contextlib.closing(socket.socket(family, kind, proto)) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            why = "it is in use" if exc.errno == 98 else exc.strerror
            hint = " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" if config.port < 1024 else ""
            return [Finding("error", "address", f"cannot listen on {where}: {why}{hint}")]
    note = "" if config.host in ("127.0.0.1", "::1", "localhost") else "; reachable from other machines"
    return [Finding("ok", "address", f"can listen on {where}{note}")]


def _host_key(path: Path) -> list[Finding]:
    problems = hostkey.problems(path)
    if problems:
        return [Finding("error", "host key", p) for p in problems]
    if not path.exists():
        return [Finding("ok", "host key", f"{path} will be made (ED25519, mode 0600) when the server first starts")]
    try:
        key = hostkey.load(path)
    except hostkey.HostKeyError as exc:
        return [Finding("error", "host key", str(exc))]
    return [Finding("ok", "host key", f"{path} ({hostkey.fingerprint(key)})")]


def _store_and_keys(config: ServeConfig) -> list[Finding]:
    from councilkit import settings
    from councilkit.people import keys as K
    from councilkit.store import Store, StoreError, migrations

    if config.demo:
        from councilkit.demo import default_demo_path

        path = Path(config.db) if config.db else default_demo_path()
        if not path.exists():
            return [Finding("ok", "store", f"the demo store {path} will be made when the server first starts")]
    else:
        path = Path(config.db) if config.db else settings.db_path()
    if not path.exists():
        return [Finding("error", "store", f"{path} does not exist: set the deployment up first (councilkit init), "
                                          "or name the store with --db")]
    try:
        store = Store.connect(path, migrate=False)
    except StoreError as exc:
        return [Finding("error", "store", str(exc))]
    with contextlib.closing(store.conn):
        try:
            version = store.schema_version()
            latest = migrations()[-1].version
            if version > latest:
                return [Finding("error", "store", f"{path} was made by a newer councilkit (schema {version}, this one "
                                                  f"knows {latest}): upgrade councilkit")]
            found = [Finding("ok", "store", f"{path}" + ("" if version == latest else
                                                          " (brought up to date when the server starts)"))]
            has_keys = store.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'person_keys'").fetchone()
            keys: list[Any] = K.list_keys(store) if has_keys else []
        except Exception as exc:  # a damaged or foreign file: one line, never a traceback
            return [Finding("error", "store", f"{path} cannot be read as a councilkit store: {exc}")]
    if not keys:
        found.append(Finding("warning", "keys", "no key is registered, so nobody can connect yet: add one with "
                                                "councilkit people key add PERSON FILE.pub"))
    else:
        people = len({k.person_id for k in keys})
        found.append(Finding("ok", "keys", f"{len(keys)} key(s) registered for {people} person(s)"))
    return found


def _councils(config: ServeConfig) -> list[Finding]:
    from councilkit.councilfile import council_dirs, council_files, read_council_file
    from councilkit.errors import CouncilkitError

    try:
        files = council_files(council_dirs(config.councils))
    except CouncilkitError as exc:
        return [Finding("error", "councils", str(exc))]
    broken = []
    for path in files:
        council, problems = read_council_file(path)
        if council is None or any(p.is_error for p in problems):
            broken.append(path.name)
    if not files:
        return [Finding("error", "councils", "no council files found: install a variant plugin or give --councils")]
    if broken:
        return [Finding("warning", "councils", f"{len(files)} council file(s); {len(broken)} with errors "
                                               f"({', '.join(broken[:5])}): run councilkit validate")]
    return [Finding("ok", "councils", f"{len(files)} council file(s), none with errors")]
