"""The SSH server: who may connect (a registered key, nothing else), what they may ask for (a terminal UI,
nothing else), the limits, the log, and stopping cleanly.

One :class:`Gate` per connection decides who it is.  Only public-key authentication is offered; a key is
accepted when it is registered to a person in the store (:func:`councilkit.people.keys.person_for_key`),
and that person is who the connection is: the user name the client gives is recorded, never trusted.
Everything but a session with a terminal is refused: exec requests, subsystems (SFTP, and so scp), port
forwarding both ways, agent and X11 forwarding.  Each connection is a row in the store's connection log
(:func:`councilkit.people.keys.connections`), refused ones included.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import datetime as dt
import ipaddress
import signal
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncssh

from councilkit.people import keys as K

from . import hostkey
from .config import ServeConfig, describe_seconds
from .session import UISession

#: modules the UI loads as it starts: loaded once in the server, so each session's process starts warm
WARM = ("councilkit_tui.app", "councilkit_tui.screens.cases.case", "councilkit_tui.screens.cases.new_case",
        "councilkit_tui.screens.cases.action_form", "councilkit_tui.screens.registers.entry",
        "councilkit_tui.screens.registers.entry_form", "councilkit.councilfile", "councilkit.cases",
        "councilkit.registers", "councilkit.routing", "councilkit.people.identity", "councilkit.attention",
        "councilkit.workspace", "councilkit.present.words", "councilkit.demo", "tomllib")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


class Gate(asyncssh.SSHServer):
    """One SSH connection, from its first packet to its end: who it is and what it was refused."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.conn: Any = None
        self.address, self.port = "?", None
        self.username: str | None = None
        self.person: Any = None
        self.key: K.PersonKey | None = None
        self._candidate: tuple[Any, K.PersonKey] | None = None
        self.offered: list[str] = []
        self.notes: list[str] = []
        self.outcome: str | None = None
        self.log_id: int | None = None
        self.started_at = _now()
        self.started = time.monotonic()
        self.last_activity = time.monotonic()
        self.sessions: set[UISession] = set()
        self.ever_opened = False

    # --- the connection ------------------------------------------------------------------------------
    def connection_made(self, conn: Any) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", None)
        self.address, self.port = str(peer[0]), peer[1]
        self.server.gates.add(self)
        if len(self.server.gates) > self.server.config.max_connections:
            self.note("refused: too many connections at once")
            self.outcome = "limit"
            asyncio.get_running_loop().call_soon(
                conn.disconnect, asyncssh.DISC_TOO_MANY_CONNECTIONS,
                "councilkit: the server has too many connections at once; try again in a moment")

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.gates.discard(self)
        seconds = round(time.monotonic() - self.started, 3)
        if self.log_id is not None:
            outcome = self.outcome or "ended"
            detail = "; ".join(self.notes)
            self.server.end_logged(self.log_id, outcome=outcome, detail=detail, seconds=seconds)
            self.server.log(f"{self.who()} from {self.address}: {outcome} after {seconds:.0f} s"
                            + (f" ({detail})" if detail else ""))
            return
        if not self.notes:
            if self.offered:
                self.note(f"no registered key: offered {', '.join(self.offered[-5:])}")
            else:
                self.note("not signed in: no public key offered (only registered keys are accepted; passwords and "
                          "keyboard-interactive are not offered)")
        detail = "; ".join(self.notes)
        self.server.write_log(started_at=self.started_at, address=self.address, port=self.port,
                              username=self.username, fingerprint=self.offered[-1] if self.offered else None,
                              outcome=self.outcome or "refused", detail=detail, ended_at=_now(), seconds=seconds)
        self.server.log(f"refused {self.address}:{self.port} (user name {self.username!r}): {detail}")

    def who(self) -> str:
        return f"{self.person.name} (key {self.key.fingerprint})" if self.person and self.key else "nobody"

    def note(self, text: str) -> None:
        self.notes.append(text)

    def refused(self, text: str) -> None:
        """Something this connection asked for was refused: recorded, and its outcome if it never had a UI."""
        self.note(text)
        if not self.ever_opened and self.outcome is None:
            self.outcome = "refused"
        self.server.log(f"{self.who()} from {self.address}: {text}")

    def limit(self, text: str) -> None:
        self.note(f"refused: {text}")
        if not self.ever_opened:
            self.outcome = "limit"
        self.server.log(f"{self.who()} from {self.address}: refused: {text}")

    def touch(self) -> None:
        self.last_activity = time.monotonic()

    def session_opened(self, session: UISession) -> None:
        self.sessions.add(session)
        self.ever_opened = True
        self.outcome = None
        self.touch()

    def session_closed(self, session: UISession) -> None:
        if session in self.sessions:
            self.sessions.discard(session)
            reason = session.ending
            if reason in ("idle", "stopped"):
                self.outcome = reason
                self.note("ended after the idle time" if reason == "idle" else "ended: the server stopped")
            elif self.outcome is None:
                self.outcome = "ended"
        self.touch()
        if self.outcome == "revoked" and not self.sessions and self.conn is not None:
            self.close_soon()

    def close_soon(self, delay: float = 2.0) -> None:
        """Close the connection once the client has had time to show the last words (it closes it itself when
        its session ends; closing it at once could cut off what was just written)."""
        if self.conn is not None:
            asyncio.get_running_loop().call_later(delay, self.conn.close)

    # --- signing in: registered keys only ------------------------------------------------------------
    def begin_auth(self, username: str) -> bool:
        self.username = username
        return True  # always: False would let the client in with no authentication at all

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def host_based_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: Any) -> bool:
        # Called for a client's "may I use this key?" and again, with its signature, just before asyncssh checks
        # the signature and completes authentication; nothing in between yields to the event loop, so the key
        # remembered here is the one auth_completed sees signed (a key anyone might know, offered earlier
        # without a signature, is replaced).
        self._candidate = None
        blob = key.public_data
        found = self.server.key_owner(blob)
        if found is None:
            fp = K.fingerprint(blob)
            if fp not in self.offered:
                self.offered.append(fp)
            return False
        self._candidate = found
        return True

    def validate_ca_key(self, username: str, key: Any) -> bool:
        return False  # certificates are not accepted

    def auth_completed(self) -> None:
        assert self._candidate is not None, "signed in without a key"
        self.person, self.key = self._candidate
        self.log_id = self.server.write_log(started_at=self.started_at, address=self.address, port=self.port,
                                            username=self.username, fingerprint=self.key.fingerprint,
                                            person=self.person, outcome="open")
        self.server.log(f"{self.who()} signed in from {self.address}:{self.port}")

    # --- what a signed-in connection may ask for: a session, nothing else ----------------------------
    def session_requested(self) -> Any:
        if self.person is None:
            return False
        return UISession(self)

    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int) -> bool:
        self.refused(f"port forwarding refused (to {dest_host}:{dest_port})")
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self.refused(f"remote port forwarding refused ({listen_host}:{listen_port})")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self.refused(f"socket forwarding refused (to {dest_path})")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        self.refused(f"remote socket forwarding refused ({listen_path})")
        return False

    def tun_requested(self, unit: int | None) -> bool:
        self.refused("tunnel (tun) refused")
        return False

    def tap_requested(self, unit: int | None) -> bool:
        self.refused("tunnel (tap) refused")
        return False


class Server:
    """The running server: its store, its connections and sessions, its limits and its log."""

    def __init__(self, config: ServeConfig, db_path: Path, host_key: Any, *, out: Any = None) -> None:
        self.config = config
        self.db_path = Path(db_path)
        self.host_key = host_key
        self.out = out or sys.stderr
        self.gates: set[Gate] = set()
        self.sessions: set[UISession] = set()
        self.listener: Any = None
        self.stopping = False

    # --- the store ------------------------------------------------------------------------------------
    # The server opens the store for each look-up or log line and closes it at once: a session's process is a
    # fork of this one, and SQLite must never be carried open across a fork (its locks would be confused).
    @contextlib.contextmanager
    def store(self) -> Iterator[Any]:
        from councilkit.store import Store

        store = Store.connect(self.db_path, migrate=False)
        try:
            yield store
        finally:
            store.close()

    def key_owner(self, blob: bytes) -> tuple[Any, K.PersonKey] | None:
        try:
            with self.store() as store:
                return K.person_for_key(store, blob)
        except Exception as exc:  # a store that cannot be read refuses everyone, and says so
            self.log(f"cannot look up a key in the store: {exc}")
            return None

    def write_log(self, **row: Any) -> int | None:
        try:
            with self.store() as store:
                return K.log_connection(store, **row)
        except Exception as exc:  # the server keeps serving; the operator is told
            self.log(f"cannot write the connection log: {exc}")
            return None

    def end_logged(self, log_id: int, **row: Any) -> None:
        try:
            with self.store() as store:
                K.end_connection(store, log_id, **row)
        except Exception as exc:
            self.log(f"cannot write the connection log: {exc}")

    def log(self, text: str) -> None:
        stamp = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M:%S")
        with contextlib.suppress(Exception):
            print(f"{stamp} councilkit serve: {text}", file=self.out, flush=True)

    # --- limits ---------------------------------------------------------------------------------------
    def refuse_session(self, gate: Gate) -> str:
        """Why a new terminal UI for ``gate``'s person is refused ("" when it is not)."""
        config = self.config
        if self.stopping:
            return "the server is stopping; connect again in a moment."
        mine = sum(1 for s in self.sessions if s.gate.person.id == gate.person.id)
        if mine >= config.max_per_person:
            return (f"{gate.person.name} already has {mine} session{'s' if mine != 1 else ''} open, the most one "
                    f"person may have at once; close one and connect again.")
        if len(self.sessions) >= config.max_sessions:
            return (f"the server already has {len(self.sessions)} sessions open, the most it allows at once; try "
                    f"again later, or ask the administrator to raise the limit (serve --max-sessions).")
        return ""

    def ending_message(self, why: str | None) -> str:
        if why == "idle":
            return (f"councilkit: this session was idle for {describe_seconds(self.config.idle_timeout)}, so it has "
                    f"ended. Connect again to go on.")
        if why == "stopped":
            return "councilkit: the server is stopping, so this session has ended. Connect again in a moment."
        if why == "revoked":
            return "councilkit: the key this session signed in with has been removed, so the session has ended."
        return ""

    async def watch(self) -> None:
        """Every moment: end sessions idle too long, and the connections of keys removed since they signed in."""
        timeout = self.config.idle_timeout
        tick = max(0.2, min(2.0, timeout / 4)) if timeout is not None else 2.0
        while not self.stopping:
            await asyncio.sleep(tick)
            self.end_revoked()
            if timeout is None:
                continue
            now = time.monotonic()
            for session in list(self.sessions):
                if session.ending is None and now - session.last_input > timeout:
                    self.log(f"{session.gate.who()}: idle for {describe_seconds(timeout)}; ending the session")
                    session.end("idle")
            for gate in list(self.gates):  # signed in with no session (ssh -N), or never signing in
                if not gate.sessions and now - gate.last_activity > timeout and gate.conn is not None:
                    if gate.person is not None:
                        gate.outcome = gate.outcome or "idle"
                        gate.note("closed: no session, idle")
                    gate.conn.close()

    def end_revoked(self) -> None:
        """End what was signed in with a key that has since been removed (councilkit people key remove)."""
        signed_in = [g for g in self.gates if g.key is not None and g.outcome != "revoked"]
        if not signed_in:
            return
        try:
            with self.store() as store:
                live = {k.fingerprint for k in K.list_keys(store)}
        except Exception as exc:
            self.log(f"cannot read the keys: {exc}")
            return
        for gate in signed_in:
            assert gate.key is not None
            if gate.key.fingerprint in live:
                continue
            self.log(f"{gate.who()}: the key was removed; ending its connection")
            gate.outcome = "revoked"
            gate.note("the key was removed")
            if gate.sessions:
                for session in list(gate.sessions):
                    session.end("revoked")
            elif gate.conn is not None:
                gate.conn.close()

    # --- running and stopping -------------------------------------------------------------------------
    async def start(self) -> None:
        config = self.config
        self.listener = await asyncssh.create_server(
            lambda: Gate(self), listen_hosts(config.host, config.port), config.port,
            server_host_keys=[self.host_key],
            encoding=None, line_editor=False,            # bytes both ways: the UI draws the screen itself
            public_key_auth=True, password_auth=False, kbdint_auth=False, host_based_auth=False,
            gss_host=None, x509_trusted_certs=None,
            agent_forwarding=False, x11_forwarding=False, allow_scp=False, sftp_factory=None,
            allow_pty=True, rdns_lookup=False,
            login_timeout=60, keepalive_interval=30, keepalive_count_max=4,
            server_version="councilkit",
        )

    def address(self) -> str:
        sockets = self.listener.sockets if self.listener is not None else []
        if sockets:
            host, port = sockets[0].getsockname()[:2]
            return f"{host}:{port}"
        return f"{self.config.host}:{self.config.port}"

    async def stop(self) -> None:
        """Stop listening, end every session (each person is told), close every connection, log it all."""
        if self.stopping:
            return
        self.stopping = True
        self.log(f"stopping: ending {len(self.sessions)} session(s)")
        if self.listener is not None:
            self.listener.close()
        sessions = list(self.sessions)
        for session in sessions:
            session.end("stopped")
        if sessions:
            await asyncio.wait([asyncio.ensure_future(s.wait_closed()) for s in sessions],
                               timeout=self.config.grace + 3)
            deadline = time.monotonic() + 2  # each client closes its connection once it has shown the last words
            while any(g.person is not None for g in self.gates) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        for gate in list(self.gates):
            if gate.conn is not None:
                if gate.person is not None and gate.outcome is None:
                    gate.outcome = "stopped"
                gate.conn.close()
        deadline = time.monotonic() + 3
        while self.gates and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for gate in list(self.gates):  # a connection that did not close in time: its log row says so anyway
            gate.outcome = gate.outcome or "stopped"
            gate.connection_lost(None)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.listener.wait_closed(), 2)


class InlineExecutor(concurrent.futures.ThreadPoolExecutor):
    """The event loop's default executor, running each call at once in the loop's own thread.

    asyncssh hands small jobs to the default executor (building a connection's options as it signs in);
    a thread pool would make the server multi-threaded, and each session's process is forked from it, which
    a process with threads should not do (a lock held by another thread at that moment stays held for ever
    in the child).  The jobs are short, so running them inline costs nothing that matters."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to whoever awaits it, as a thread pool would
            future.set_exception(exc)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        pass


def listen_hosts(host: str, port: int) -> str | list[str]:
    """``host`` as numeric addresses, resolved here and now: asyncio would resolve a name in a thread, and the
    server forks its sessions, which a process with threads should not do."""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    return sorted({str(info[4][0]) for info in infos})


def open_store(config: ServeConfig) -> Any:
    """The store the server and every session use (the demo store with ``demo``), opened and up to date."""
    from councilkit.workspace import Workspace

    workspace = Workspace(db=None if config.demo else config.db, demo=config.demo,
                          demo_db=config.db if config.demo else None, councils_dir=config.councils)
    return workspace.open_store()


def warm_up() -> None:
    """Load what each UI loads as it starts, once, here: every session's process is a copy of this one."""
    import importlib

    for name in WARM:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


async def main(config: ServeConfig, *, ready: Any = None) -> int:
    """Run the server until SIGTERM, SIGINT or SIGHUP; 0 when it stopped cleanly."""
    asyncio.get_running_loop().set_default_executor(InlineExecutor(max_workers=1))  # no threads: see its doc
    key, made = hostkey.load_or_create(config.host_key)
    with contextlib.closing(open_store(config)) as store:  # made, filled (the demo) and brought up to date
        db_path = Path(store.path)
        lost = K.close_lost_connections(store)
        registered = K.list_keys(store)
    server = Server(config, db_path, key)
    if made:
        server.log(f"made a new host key {config.host_key} ({hostkey.fingerprint(key)})")
    if lost:
        server.log(f"{lost} connection(s) left open by a server that stopped without ending them are marked lost")
    warm_up()
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        loop.add_signal_handler(sig, stop.set)
    people = len({k.person_id for k in registered})
    server.log(f"listening on {server.address()}; host key {hostkey.fingerprint(key)}; store {server.db_path}; "
               f"{len(registered)} key(s) for {people} person(s); idle sessions end after "
               f"{describe_seconds(config.idle_timeout)}; at most {config.max_sessions} sessions, "
               f"{config.max_per_person} per person")
    if ready is not None:
        ready(server)
    watcher = asyncio.ensure_future(server.watch())
    try:
        await stop.wait()
    finally:
        watcher.cancel()
        await server.stop()
        server.log("stopped")
    return 0


def serve(config: ServeConfig) -> int:
    """Run ``councilkit serve`` in this process until it is told to stop (see :func:`main`)."""
    return asyncio.run(main(config))

