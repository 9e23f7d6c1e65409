"""``councilkit serve`` end to end: the real OpenSSH client, in tmux, against the server on 127.0.0.1.

Each test starts ``python -m councilkit --demo --db STORE serve`` on a free loopback port, with a host key
in a temporary data directory, and registers throwaway keys made with ``ssh-keygen`` to people of the demo
store with ``councilkit people key add`` (in the demo, the login running the tests is its administrator).
Clerks connect with ``ssh`` inside ``tmux`` (a tmux server of our own, on its own socket), are typed at
with ``send-keys`` and read with ``capture-pane``.  Nothing connects anywhere but 127.0.0.1.

Every wait polls until the text appears or the process is gone, up to ``COUNCILKIT_SSH_TIMEOUT`` seconds
(default 60): a slow machine is waited for, never failed.  The tests skip, saying why, where ssh,
ssh-keygen or tmux are missing, or where the platform has no pseudo-terminals.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = {"ssh": shutil.which("ssh"), "ssh-keygen": shutil.which("ssh-keygen"), "tmux": shutil.which("tmux")}
MISSING = sorted(name for name, path in TOOLS.items() if path is None)
TIMEOUT = float(os.environ.get("COUNCILKIT_SSH_TIMEOUT", "60"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(MISSING), reason=(
        f"{', '.join(MISSING)} not installed here (.ci/run installs openssh-client and tmux with apt); "
        "councilkit serve's end-to-end tests drive the real ssh client")),
    pytest.mark.skipif(not hasattr(os, "forkpty"), reason="councilkit serve needs pseudo-terminals (POSIX)"),
]

#: people of the demo store at Compton, and the key each connects with
PEOPLE = {"alison": "Alison Hartley", "richard": "Richard Bell", "nadia": "Nadia Ellis", "kim": "Kim Patel"}


def until(check: Callable[[], object], what: str, timeout: float = TIMEOUT) -> object:
    """Poll ``check`` until it returns something true (returned), for at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} (after {timeout:.0f} s)")
        time.sleep(0.2)


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- processes --------------------------------------------------------------------------------


def state(pid: int) -> str | None:
    """The process's state letter (R, S, Z...), or None when there is no such process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()[0]


def running(pid: int) -> bool:
    """Whether the process exists and has not ended (a zombie has ended: only its exit status is left)."""
    return state(pid) not in (None, "Z")


def children(pid: int) -> list[int]:
    """The live processes whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def processes_using(marker: str) -> list[int]:
    """Live processes whose command line mentions ``marker`` (the server and every session it forked)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if marker in cmdline and running(int(entry.name)):
            found.append(int(entry.name))
    return found


# --- the deployment: a demo store, keys, and the server ---------------------------------------


class Deployment:
    """A demo store with keys for some of its people, and how to run councilkit against it."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.db = folder / "store.db"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILKIT_")}
        self.env.update({"COUNCILKIT_TODAY": "2026-11-23", "COUNCILKIT_KEYMAP": "/nonexistent/keymap.toml",
                         "XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config"),
                         "PYTHONUNBUFFERED": "1"})
        self.keys: dict[str, Path] = {}
        for name in [*PEOPLE, "stranger"]:
            key = folder / f"{name}_key"
            subprocess.run([TOOLS["ssh-keygen"], "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@laptop", "-f",
                            str(key)], check=True, timeout=30)
            self.keys[name] = key
        self.ck("demo")

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "councilkit", "--demo", "--db", str(self.db), *args]

    def ck(self, *args: str, stdin: str | None = None, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(self.command(*args), env=self.env, cwd=ROOT, capture_output=True, text=True,
                                input=stdin, timeout=TIMEOUT)
        if check:
            assert result.returncode == 0, f"councilkit {' '.join(args)}: {result.stdout}{result.stderr}"
        return result

    def fingerprint(self, name: str) -> str:
        out = subprocess.run([TOOLS["ssh-keygen"], "-lf", f"{self.keys[name]}.pub"], capture_output=True,
                             text=True, check=True, timeout=30).stdout
        return out.split()[1]

    def log(self) -> list[dict]:
        """The server's connection log, newest first (``councilkit serve --log --json``)."""
        return json.loads(self.ck("serve", "--log", "--limit", "500", "--json").stdout)["connections"]

    def ssh(self, server: Server, name: str, *options: str, user: str = "clerk", remote: str = "",
            tty: bool = True) -> list[str]:
        """The ssh command line connecting as ``name`` (with that key only: no agent, no config files)."""
        args = [TOOLS["ssh"], "-F", "/dev/null", "-p", str(server.port), "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20"]
        if name:
            args += ["-i", str(self.keys[name])]
        if tty:
            args.append("-tt")
        return [*args, *options, f"{user}@127.0.0.1", *([remote] if remote else [])]


class Server:
    """``councilkit serve`` on a free loopback port, its log in a file."""

    def __init__(self, deployment: Deployment, *options: str):
        self.deployment = deployment
        self.port = free_port()
        self.logfile = deployment.folder / f"serve-{self.port}.log"
        self.process = subprocess.Popen(
            deployment.command("serve", "--host", "127.0.0.1", "--port", str(self.port), *options),
            env=deployment.env, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=self.logfile.open("wb"),
            stderr=subprocess.STDOUT)
        until(lambda: "listening on" in self.text() or self.process.poll() is not None, "the server never listened")
        assert self.process.poll() is None, f"councilkit serve stopped:\n{self.text()}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def text(self) -> str:
        return self.logfile.read_text("utf-8", "replace")

    def sessions(self) -> list[int]:
        """The session processes the server has forked and that are still running."""
        return children(self.pid)

    def wait_log(self, text: str) -> str:
        return str(until(lambda: text in self.text() and self.text(), f"{text!r} never appeared in the server's "
                                                                     f"log:\n{self.text()}"))

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class Tmux:
    """A tmux session on a tmux server of our own (``-S socket``): the command, then a line saying how it ended,
    and the pane kept so the test can read what was last on the screen."""

    def __init__(self, socket_path: Path, name: str, command: list[str], width: int = 100, height: int = 30):
        self.name = name
        self.tmux = [TOOLS["tmux"], "-S", str(socket_path)]
        line = f"{shlex.join(command)}; echo \"[ssh exited $?]\"; sleep {int(TIMEOUT * 3)}"
        subprocess.run([*self.tmux, "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), line],
                       check=True, timeout=30)
        pane = subprocess.run([*self.tmux, "list-panes", "-t", name, "-F", "#{pane_pid}"], capture_output=True,
                              text=True, check=True, timeout=30).stdout.split()[0]
        self.shell = int(pane)

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True, timeout=30)

    def type(self, text: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", text], check=True, timeout=30)

    def screen(self, escapes: bool = False) -> str:
        return subprocess.run([*self.tmux, "capture-pane", "-p", *(["-e"] if escapes else []), "-t", self.name],
                              capture_output=True, text=True, timeout=30).stdout

    def wait_for(self, *texts: str, gone: str | None = None, timeout: float = TIMEOUT) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(t in screen for t in texts) and (gone is None or gone not in screen):
                return screen
            time.sleep(0.2)
        missing = [t for t in texts if t not in screen]
        why = f"{missing!r} never appeared" if missing else f"{gone!r} never went"
        raise AssertionError(f"{why} on screen (after {timeout:.0f} s); the screen was:\n{screen}")

    def ssh_pid(self) -> int:
        """The ssh client's process (the pane's shell runs it)."""
        return int(until(lambda: next(iter(children(self.shell)), None), "the ssh client never started"))  # type: ignore[arg-type]

    def resize(self, width: int, height: int) -> None:
        subprocess.run([*self.tmux, "resize-window", "-t", self.name, "-x", str(width), "-y", str(height)],
                       check=True, timeout=30)

    def kill(self) -> None:
        subprocess.run([*self.tmux, "kill-session", "-t", self.name], capture_output=True, timeout=30)


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Deployment:
    place = Deployment(tmp_path_factory.mktemp("serve"))
    place.ck("people", "key", "add", PEOPLE["alison"], f"{place.keys['alison']}.pub")
    place.ck("people", "key", "add", PEOPLE["richard"], "-", stdin=Path(f"{place.keys['richard']}.pub").read_text())
    place.ck("people", "key", "add", PEOPLE["nadia"], f"{place.keys['nadia']}.pub")
    return place


@pytest.fixture(scope="module")
def server(deployment: Deployment) -> Iterator[Server]:
    running_server = Server(deployment)
    yield running_server
    running_server.stop()


@pytest.fixture
def tmux(deployment: Deployment) -> Iterator[Callable[..., Tmux]]:
    """``tmux(name, command, width=, height=)``: sessions on a tmux server of our own, killed after the test."""
    sessions: list[Tmux] = []
    socket_path = deployment.folder / "tmux.sock"

    def start(name: str, command: list[str], **size: int) -> Tmux:
        sessions.append(Tmux(socket_path, name, command, **size))
        return sessions[-1]

    yield start
    for session in sessions:
        session.kill()
    subprocess.run([TOOLS["tmux"], "-S", str(socket_path), "kill-server"], capture_output=True, timeout=30)


def rows_for(log: list[dict], fingerprint: str) -> list[dict]:
    return [row for row in log if row["fingerprint"] == fingerprint]


# --- a registered key is its person ---------------------------------------------------------------


def test_a_registered_key_opens_the_ui_as_its_person_and_opens_a_case(
        deployment: Deployment, server: Server, tmux: Callable[..., Tmux]) -> None:
    # the client claims to be someone else in every way it can: the user name, LOGNAME, the store, the date
    claims = "SetEnv=LOGNAME=richard USER=richard COUNCILKIT_DB=/tmp/elsewhere.db COUNCILKIT_TODAY=2031-01-01"
    app = tmux("alison", ["env", "TERM=xterm-256color",
                          *deployment.ssh(server, "alison", "-o", claims, user="richard")])
    home = app.wait_for("You: Alison Hartley (Parish Clerk, RFO)", "Case #2 Repeated criticism")
    assert "Compton Parish Council" in home
    # judged by the server's date (2026-11-23), not the 2031 the client sent
    assert "OVERDUE by 10 working days: Case #2" in home, home
    log = server.wait_log("session")
    assert "started for Alison Hartley (100x30, TERM=xterm-256color)" in log, log
    # the server forks each session: it keeps to one thread, so no lock another thread holds is copied
    assert len(os.listdir(f"/proc/{server.pid}/task")) == 1

    app.keys("F5")
    app.wait_for("cases, overdue first")
    app.keys("Enter")
    case = app.wait_for("Current step:", "Timeline", gone="Loading case")
    assert "Case #2" in case and "Repeated criticism" in case, case
    assert "Handler: Richard Bell" in case, case
    app.keys("C-q")
    app.wait_for("[ssh exited 0]")

    row = until(lambda: next((r for r in rows_for(deployment.log(), deployment.fingerprint("alison"))
                              if r["outcome"] == "ended"), None), "the connection was never logged as ended")
    assert row["person_name"] == "Alison Hartley" and row["address"] == "127.0.0.1", row  # type: ignore[index]
    assert row["username"] == "richard" and row["seconds"] > 0 and row["ended_at"], row  # type: ignore[index]


def colours(screen: str) -> list[tuple[str, ...]]:
    """Every colour an SGR sequence on the screen sets: ("256", n), ("rgb", r, g, b) or ("basic", n)."""
    found: list[tuple[str, ...]] = []
    for params in re.findall(r"\x1b\[([0-9;]*)m", screen):
        parts = [p for p in params.split(";") if p]
        i = 0
        while i < len(parts):
            p = int(parts[i])
            if p in (38, 48) and i + 2 < len(parts) and parts[i + 1] == "5":
                found.append(("256", parts[i + 2]))
                i += 3
            elif p in (38, 48) and i + 4 < len(parts) and parts[i + 1] == "2":
                found.append(("rgb", *parts[i + 2:i + 5]))
                i += 5
            else:
                if 30 <= p <= 37 or 40 <= p <= 47 or 90 <= p <= 97 or 100 <= p <= 107:
                    found.append(("basic", str(p % 10)))
                i += 1
    return found


def grey(colour: tuple[str, ...]) -> bool:
    if colour[0] == "rgb":
        return len(set(colour[1:])) == 1
    if colour[0] == "256":
        n = int(colour[1])
        return n >= 232 or n in (0, 7, 8, 15, 16, 59, 102, 145, 188, 231)
    return colour[1] in ("0", "7")


def test_the_clients_no_color_is_honoured(deployment: Deployment, server: Server,
                                          tmux: Callable[..., Tmux]) -> None:
    plain = tmux("colour", deployment.ssh(server, "richard"))
    grey_only = tmux("no-colour", deployment.ssh(server, "richard", "-o", "SetEnv=NO_COLOR=1"))
    for app in (plain, grey_only):
        app.wait_for("You: Richard Bell")
    coloured = colours(plain.screen(escapes=True))
    assert any(not grey(c) for c in coloured), coloured[:20]
    without = colours(grey_only.screen(escapes=True))
    assert without and all(grey(c) for c in without), [c for c in without if not grey(c)][:20]
    assert "started for Richard Bell (100x30, TERM=" in server.text() and ", NO_COLOR)" in server.text()
    for app in (plain, grey_only):
        app.keys("C-q")
        app.wait_for("[ssh exited 0]")


# --- what is refused, and logged ------------------------------------------------------------------


def test_an_unknown_key_a_password_and_an_exec_request_are_refused_and_logged(
        deployment: Deployment, server: Server) -> None:
    def run(command: list[str], **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT,
                              env={**os.environ, **env})

    stranger = run(deployment.ssh(server, "stranger", "-o", "BatchMode=yes"))
    assert stranger.returncode == 255 and "Permission denied (publickey)" in stranger.stderr, stranger.stderr

    # a client that would type a password (askpass answers at once): the server offers only keys, so none is asked
    askpass = deployment.folder / "askpass"
    askpass.write_text("#!/bin/sh\necho secret\n")
    askpass.chmod(0o700)
    password = run(deployment.ssh(server, "", "-v", "-o", "PubkeyAuthentication=no", "-o", "BatchMode=no",
                                  "-o", "PreferredAuthentications=password,keyboard-interactive",
                                  "-o", "NumberOfPasswordPrompts=1", user="alison"),
                   SSH_ASKPASS=str(askpass), SSH_ASKPASS_REQUIRE="force", DISPLAY=":0")
    assert password.returncode == 255 and "Permission denied (publickey)" in password.stderr, password.stderr
    assert "Authentications that can continue: publickey\n" in password.stderr.replace("\r", ""), password.stderr

    exec_request = run(deployment.ssh(server, "alison", "-o", "BatchMode=yes", remote="cat /etc/passwd",
                                      tty=False))
    assert exec_request.returncode == 255 and "exec request failed" in exec_request.stderr, exec_request.stderr
    assert "root:" not in exec_request.stdout
    sftp = run(deployment.ssh(server, "alison", "-o", "BatchMode=yes", "-s", remote="sftp", tty=False))
    assert sftp.returncode == 255 and "subsystem request failed" in sftp.stderr, sftp.stderr
    forward = run(deployment.ssh(server, "alison", "-o", "BatchMode=yes", "-W", f"127.0.0.1:{server.port}",
                                 tty=False))
    assert forward.returncode == 255 and "forwarding failed" in forward.stderr, forward.stderr

    def logged() -> list[dict] | None:
        log = deployment.log()
        return log if sum(r["outcome"] == "refused" for r in log) >= 5 else None

    log = until(logged, "the five refusals were not all logged")
    refused = [r for r in log if r["outcome"] == "refused"]  # type: ignore[union-attr]
    by_detail = {r["detail"]: r for r in refused}
    unknown = next(r for r in refused if r["fingerprint"] == deployment.fingerprint("stranger"))
    assert unknown["person_name"] is None and "no registered key" in unknown["detail"], unknown
    no_key = next(r for r in refused if r["username"] == "alison" and r["person_name"] is None)
    assert "no public key offered" in no_key["detail"] and "passwords" in no_key["detail"], no_key
    assert any(d.startswith("exec request refused: 'cat /etc/passwd'") for d in by_detail), by_detail
    assert any("subsystem request refused: 'sftp'" in d for d in by_detail), by_detail
    assert any(f"port forwarding refused (to 127.0.0.1:{server.port})" in d for d in by_detail), by_detail
    for row in refused:
        assert row["address"] == "127.0.0.1" and row["ended_at"], row
        if "refused:" in row["detail"] or "request refused" in row["detail"]:
            assert row["person_name"] == "Alison Hartley", row  # signed in, then refused what was asked


# --- the window ---------------------------------------------------------------------------------


def box_width(screen: str) -> int:
    """How wide the app drew its bordered panel (the line of its bottom border, round, light or heavy: the
    focused pane's is heavy); 0 when none is on screen."""
    bottoms = [line.rstrip() for line in screen.splitlines() if line.lstrip()[:1] in ("╰", "└", "┗", "╚")]
    return max((len(line) for line in bottoms), default=0)


def test_a_resize_of_the_window_reflows_the_ui(deployment: Deployment, server: Server,
                                              tmux: Callable[..., Tmux]) -> None:
    app = tmux("resize", deployment.ssh(server, "alison"), width=100, height=30)
    wide = app.wait_for("You: Alison Hartley", "Case #2 Repeated criticism")
    assert 95 <= box_width(wide) <= 100, wide
    assert "F9 Council" in wide
    app.resize(64, 24)
    narrow = str(until(lambda: (s := app.screen()) and 0 < box_width(s) <= 64 and "You: Alison Hartley" in s and s,
                       "the UI was not redrawn at 64 columns"))
    assert box_width(narrow) >= 58, narrow
    assert len(narrow.rstrip("\n").splitlines()) <= 24
    assert "started for Alison Hartley (100x30" in server.text()
    app.resize(120, 30)
    until(lambda: box_width(app.screen()) >= 115, "the UI was not redrawn at 120 columns")
    app.keys("C-q")
    app.wait_for("[ssh exited 0]")


# --- two clerks at once -------------------------------------------------------------------------


def open_case_2(app: Tmux) -> None:
    app.wait_for("Case #2 Repeated criticism")
    app.keys("F5")
    app.wait_for("cases, overdue first")
    app.keys("Enter")
    app.wait_for("Current step:", "Timeline", gone="Loading case")


def case_2_notes(db: Path) -> list[tuple]:
    import sqlite3

    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT actor_name, recorded_by, reason FROM case_events WHERE case_id = 2 AND "
                            "kind = 'note' ORDER BY n").fetchall()


def note(app: Tmux, db: Path, text: str) -> bool:
    """Add a note on the open case with the UI's form: True when it was recorded, False when the case had changed
    since it was read (the UI says so and shows the case as it is now; nothing is written)."""
    app.keys("n")
    app.wait_for("Add a note: case #2")
    app.type(text)
    app.keys("F8")
    app.wait_for(gone="Add a note: case #2")  # the form closes once the move is written or refused
    if any(row[2] == text for row in case_2_notes(db)):
        app.wait_for("Recorded on case #2")
        return True
    screen = app.wait_for("Case #2 was reloaded", "RELOADED")
    assert "has changed since you read it" in screen, screen
    return False


def test_two_clerks_connected_at_once_add_notes_to_the_same_case_and_no_event_is_lost(
        deployment: Deployment, server: Server, tmux: Callable[..., Tmux]) -> None:
    import sqlite3

    alison = tmux("two-alison", deployment.ssh(server, "alison"), width=120, height=40)
    richard = tmux("two-richard", deployment.ssh(server, "richard"), width=120, height=40)
    open_case_2(alison)
    open_case_2(richard)  # both have read the same version of the case
    assert note(alison, deployment.db, "Alison: spoke to the Personnel Committee chair")
    # Richard's view is now stale: his note is refused, he is told and shown the case as it is; he adds it again
    if not note(richard, deployment.db, "Richard: meeting arranged for Thursday"):
        richard.wait_for("Current step:", gone="Loading case")
        assert note(richard, deployment.db, "Richard: meeting arranged for Thursday")
    for app in (alison, richard):
        app.keys("C-q")
        app.wait_for("[ssh exited 0]")

    with contextlib.closing(sqlite3.connect(deployment.db)) as db:
        numbers = [n for (n,) in db.execute("SELECT n FROM case_events WHERE case_id = 2 ORDER BY n")]
    assert numbers == list(range(1, len(numbers) + 1))  # numbered without a gap
    notes = case_2_notes(deployment.db)
    assert ("Alison Hartley", None, "Alison: spoke to the Personnel Committee chair") in notes, notes
    assert ("Richard Bell", None, "Richard: meeting arranged for Thursday") in notes, notes
    assert len([n for n in notes if n[2].startswith(("Alison:", "Richard:"))]) == 2, notes  # each exactly once
    verified = deployment.ck("audit", "verify")
    assert "case_events" in verified.stdout and "chain intact" in verified.stdout, verified.stdout


# --- no process left behind ---------------------------------------------------------------------


def test_killing_the_client_or_the_server_leaves_no_orphan_process(
        deployment: Deployment, tmux: Callable[..., Tmux]) -> None:
    server = Server(deployment)
    try:
        # the client vanishes (kill -9: no goodbye): its session's process ends
        app = tmux("orphan-client", deployment.ssh(server, "alison"))
        app.wait_for("You: Alison Hartley")
        (session,) = server.sessions()
        os.kill(app.ssh_pid(), signal.SIGKILL)
        until(lambda: not running(session), "the session's process outlived its client")
        until(lambda: not server.sessions(), "the server still has a session process")
        server.wait_log(f"session {session} ended")

        # SIGTERM: every session is told, ends cleanly, and the server exits 0 with no child left
        first = tmux("orphan-term-1", deployment.ssh(server, "alison"))
        second = tmux("orphan-term-2", deployment.ssh(server, "richard"))
        first.wait_for("You: Alison Hartley")
        second.wait_for("You: Richard Bell")
        sessions = server.sessions()
        assert len(sessions) == 2
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(timeout=TIMEOUT) == 0, server.text()
        for app in (first, second):
            screen = app.wait_for("[ssh exited")
            assert "the server is stopping, so this session has ended" in screen, screen
        for pid in sessions:
            until(lambda pid=pid: not running(pid), f"session process {pid} outlived the server")
        assert "stopped" in server.text()
    finally:
        server.stop()
    assert not processes_using(str(deployment.db) + " serve --host 127.0.0.1 --port " + str(server.port))

    # SIGKILL: the server has no chance to clean up, and its sessions still end (they die with it)
    killed = Server(deployment)
    try:
        app = tmux("orphan-kill", deployment.ssh(killed, "alison"))
        app.wait_for("You: Alison Hartley")
        (session,) = killed.sessions()
        killed.process.kill()
        killed.process.wait(timeout=TIMEOUT)
        until(lambda: not running(session), "a session process outlived the server killed with SIGKILL")
        until(lambda: not processes_using(f"--port {killed.port}"), "processes of the killed server remain")
    finally:
        killed.stop()
    # the next start marks the connection the killed server never ended
    again = Server(deployment)
    again.stop()
    assert "marked lost" in again.text(), again.text()


# --- limits and idle sessions -------------------------------------------------------------------


def test_session_limits_refuse_with_a_clear_message_and_idle_sessions_end(
        deployment: Deployment, tmux: Callable[..., Tmux]) -> None:
    server = Server(deployment, "--max-sessions", "2", "--max-per-person", "2", "--idle-timeout", "20s")
    try:
        first = tmux("limit-1", deployment.ssh(server, "alison"))
        second = tmux("limit-2", deployment.ssh(server, "alison"))
        until(lambda: len(server.sessions()) == 2, "two sessions never started")
        third = tmux("limit-3", deployment.ssh(server, "alison"))
        screen = third.wait_for("[ssh exited 1]")
        assert ("Alison Hartley already has 2 sessions open, the most one person may have at once; close one and "
                "connect again.") in " ".join(screen.split()), screen
        other = tmux("limit-4", deployment.ssh(server, "richard"))
        screen = other.wait_for("[ssh exited 1]")
        assert "the server already has 2 sessions open, the most it allows at once" in " ".join(screen.split())
        # nobody types: after 20 s each session ends and says why
        for app in (first, second):
            screen = app.wait_for("[ssh exited 0]", timeout=TIMEOUT + 20)
            assert "this session was idle for 20 seconds, so it has ended" in " ".join(screen.split()), screen
        until(lambda: not server.sessions(), "idle sessions' processes remain")
    finally:
        server.stop()
    log = deployment.log()
    ours = [r for r in log if r["started_at"] >= log[-1]["started_at"]]
    assert sum(r["outcome"] == "limit" for r in ours) >= 2, ours
    assert sum(r["outcome"] == "idle" for r in ours) >= 2, ours


# --- a removed key ------------------------------------------------------------------------------


def test_a_removed_key_can_no_longer_connect(deployment: Deployment, server: Server,
                                            tmux: Callable[..., Tmux]) -> None:
    fingerprint = deployment.fingerprint("nadia")
    app = tmux("removed", deployment.ssh(server, "nadia"))
    app.wait_for("You: Nadia Ellis")
    listed = deployment.ck("people", "key", "list", PEOPLE["nadia"]).stdout
    assert fingerprint in listed and "nadia@laptop" in listed, listed

    removed = deployment.ck("people", "key", "remove", fingerprint, "--person", PEOPLE["nadia"],
                            "--why", "left the council")
    assert "removed key #" in removed.stdout and "Nadia Ellis" in removed.stdout, removed.stdout
    # the session open with it ends, and says why
    screen = app.wait_for("[ssh exited")
    assert "the key this session signed in with has been removed" in " ".join(screen.split()), screen

    again = subprocess.run(deployment.ssh(server, "nadia", "-o", "BatchMode=yes"), capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=TIMEOUT)
    assert again.returncode == 255 and "Permission denied (publickey)" in again.stderr, again.stderr

    history = deployment.ck("people", "key", "list", PEOPLE["nadia"], "--removed").stdout
    assert "left the council" in history, history
    log = rows_for(deployment.log(), fingerprint)
    assert [r["outcome"] for r in log[:2]] == ["refused", "revoked"], log
    assert log[0]["person_name"] is None and "no registered key" in log[0]["detail"], log[0]
    assert log[1]["person_name"] == "Nadia Ellis", log[1]
    verified = deployment.ck("audit", "verify").stdout
    assert "people_events" in verified and "chain intact" in verified, verified


# --- the host key, --check, and who may change keys -----------------------------------------------


def test_the_host_key_is_made_owner_only_and_check_refuses_an_exposed_one(deployment: Deployment,
                                                                         server: Server) -> None:
    key = deployment.folder / "data" / "councilkit" / "ssh_host_ed25519_key"
    assert key.stat().st_mode & 0o777 == 0o600
    public = subprocess.run([TOOLS["ssh-keygen"], "-lf", f"{key}.pub"], capture_output=True, text=True, check=True,
                            timeout=30).stdout.split()[1]
    assert f"host key {public}" in server.text()  # the fingerprint to tell clerks, as ssh will show it
    # with only that key trusted, strict checking lets ssh through to signing in: it is the key the server uses
    known = deployment.folder / "known_hosts"
    known.write_text(f"[127.0.0.1]:{server.port} " + " ".join(Path(f"{key}.pub").read_text().split()[:2]) + "\n")
    strict = subprocess.run([TOOLS["ssh"], "-F", "/dev/null", "-p", str(server.port), "-i", str(deployment.keys["stranger"]),
                             "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "BatchMode=yes",
                             "-o", "StrictHostKeyChecking=yes", "-o", f"UserKnownHostsFile={known}", "x@127.0.0.1"],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=TIMEOUT)
    assert "Permission denied (publickey)" in strict.stderr and "verification failed" not in strict.stderr, strict

    checked = deployment.ck("serve", "--check", "--port", str(free_port()))
    assert "the configuration is sound" in checked.stdout, checked.stdout
    assert re.search(r"ok +keys: [23] key\(s\) registered for [23] person\(s\)", checked.stdout), checked.stdout

    exposed = deployment.folder / "exposed_key"
    shutil.copy(key, exposed)
    exposed.chmod(0o644)
    refused = deployment.ck("serve", "--check", "--host-key", str(exposed), check=False)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert f"may be read by other accounts (mode 0644): chmod 600 {exposed}" in refused.stdout, refused.stdout
    started = deployment.ck("serve", "--port", str(free_port()), "--host-key", str(exposed), check=False)
    assert started.returncode == 1 and "chmod 600" in started.stderr and "Traceback" not in started.stderr, started


def test_key_files_are_checked_and_a_key_is_one_person(deployment: Deployment) -> None:
    rsa = deployment.folder / "weak_rsa"
    subprocess.run([TOOLS["ssh-keygen"], "-q", "-t", "rsa", "-b", "1024", "-N", "", "-f", str(rsa)], check=True,
                   timeout=60)
    cases = {
        str(deployment.keys["kim"]): "is a private key: give the public key",
        f"{rsa}.pub": "an RSA key of 1024 bits is too weak",
    }
    for file, message in cases.items():
        result = deployment.ck("people", "key", "add", PEOPLE["kim"], file, check=False)
        assert result.returncode == 1 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    options_line = "no-pty " + Path(f"{deployment.keys['kim']}.pub").read_text()
    result = deployment.ck("people", "key", "add", PEOPLE["kim"], "-", stdin=options_line, check=False)
    assert result.returncode == 1 and "-:1: the line has options before the key" in result.stderr, result.stderr
    taken = deployment.ck("people", "key", "add", PEOPLE["kim"], f"{deployment.keys['alison']}.pub", check=False)
    assert taken.returncode == 2, taken.stderr
    assert "is already registered to Alison Hartley" in taken.stderr, taken.stderr
    assert PEOPLE["kim"] not in deployment.ck("people", "key", "list").stdout  # nothing was written


def test_only_an_administrator_changes_keys_or_reads_the_log(deployment: Deployment, tmp_path: Path) -> None:
    # a real store nobody has set up: no administrator, so keys cannot be added and the log cannot be read
    real = [sys.executable, "-m", "councilkit", "--db", str(tmp_path / "real.db")]
    env = {**deployment.env, "COUNCILKIT_DB": str(tmp_path / "real.db")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*real, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT)

    added = run("people", "key", "add", "1", f"{deployment.keys['kim']}.pub")
    assert added.returncode != 0 and "Traceback" not in added.stderr, added.stderr
    log = run("serve", "--log")
    assert log.returncode != 0 and "only an administrator may read the connection log" in log.stderr, log.stderr
