"""End to end over real SSH: sshd on 127.0.0.1, ssh in tmux, councilkit driven with send-keys.

This is how clerks use councilkit: from a laptop, over SSH, often inside tmux.
The test starts its own sshd on a free loopback port with a throwaway host key
and user key, logs in with ``ssh`` inside a ``tmux`` session, runs the app,
types at it with ``tmux send-keys`` and reads the screen with ``capture-pane``.

Two sessions: reading a clause of the bundled councils, and opening cases in
the demo store (``--demo --db``: the login is not one of its fictional people,
so it is the demo's administrator and sees every case).

``.ci/run`` installs openssh-server and tmux with apt when they are missing;
where they cannot be had, the tests are skipped and say why.  Every wait polls
``capture-pane`` until the text appears (up to ``COUNCILKIT_SSH_TIMEOUT``
seconds, default 60), so a slow CI machine is waited for, never failed.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
TOOLS = {"sshd": SSHD, "ssh": shutil.which("ssh"), "ssh-keygen": shutil.which("ssh-keygen"),
         "tmux": shutil.which("tmux")}
MISSING = sorted(name for name, path in TOOLS.items() if path is None)
#: how long to wait for text to appear on screen (a slow CI machine, the demo store built on first use)
TIMEOUT = float(os.environ.get("COUNCILKIT_SSH_TIMEOUT", "60"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(bool(MISSING), reason=(
        f"{', '.join(MISSING)} not installed here (.ci/run installs openssh-server and tmux with apt); "
        "the SSH end-to-end test cannot run without them")),
]


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Sshd:
    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.user = getpass.getuser()
        self.key = folder / "user_key"
        keygen = TOOLS["ssh-keygen"]
        for name in ("host_key", "user_key"):
            subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True)
        authorized = folder / "authorized_keys"
        authorized.write_text((folder / "user_key.pub").read_text())
        authorized.chmod(0o600)
        config = folder / "sshd_config"
        config.write_text("\n".join([
            f"Port {self.port}",
            "ListenAddress 127.0.0.1",
            f"HostKey {folder / 'host_key'}",
            f"AuthorizedKeysFile {authorized}",
            f"PidFile {folder / 'sshd.pid'}",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "UsePAM no",
            "StrictModes no",
            "PermitRootLogin prohibit-password",
            f"AllowUsers {self.user}",
            "LogLevel ERROR",
        ]) + "\n")
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(parents=True, exist_ok=True)  # sshd's privilege separation directory
        self.log = folder / "sshd.log"
        self.process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)],
                                        stdout=subprocess.DEVNULL, stderr=self.log.open("wb"))
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"sshd stopped: {self.log.read_text()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=1):
                return
            time.sleep(0.1)
        raise RuntimeError(f"sshd did not listen on port {self.port}: {self.log.read_text()}")

    def command(self, remote: str) -> str:
        """The ssh command line that runs ``remote`` on this server in a real terminal."""
        return shlex.join([
            TOOLS["ssh"], "-tt", "-p", str(self.port), "-i", str(self.key),
            "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", "BatchMode=yes", f"{self.user}@127.0.0.1", remote,
        ])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sshd]:
    server = Sshd(tmp_path_factory.mktemp("sshd"))
    yield server
    server.stop()


class Tmux:
    """A tmux session on a server of its own (``-S socket``), so a tmux the user is running is never touched."""

    def __init__(self, socket: Path, name: str, command: str, width: int = 100, height: int = 30):
        self.name = name
        self.tmux = [TOOLS["tmux"], "-S", str(socket)]
        subprocess.run([*self.tmux, "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command],
                       check=True)

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, "-l", text], check=True)

    def screen(self) -> str:
        result = subprocess.run([*self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return result.stdout

    def wait_for(self, *texts: str, timeout: float = TIMEOUT, gone: str | None = None) -> str:
        """Poll the screen until every one of ``texts`` is on it (and ``gone``, if given, is not); return it."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if all(text in screen for text in texts) and (gone is None or gone not in screen):
                return screen
            if not self.alive():
                break
            time.sleep(0.2)
        missing = [text for text in texts if text not in screen]
        why = f"{missing!r} never appeared" if missing else f"{gone!r} never went"
        raise AssertionError(f"{why} on screen (after {timeout:.0f} s, session {'alive' if self.alive() else 'ENDED'});"
                             f" the screen was:\n{screen}")

    def alive(self) -> bool:
        return subprocess.run([*self.tmux, "has-session", "-t", self.name], capture_output=True).returncode == 0

    def quit(self) -> None:
        """ctrl+q, then wait for the app and the ssh session to end."""
        self.keys("C-q")
        deadline = time.monotonic() + TIMEOUT
        while self.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not self.alive(), f"ctrl+q should end the app and the ssh session; the screen was:\n{self.screen()}"

    def kill(self) -> None:
        subprocess.run([*self.tmux, "kill-session", "-t", self.name], capture_output=True)


#: a scrollbar's thumb, drawn with block elements in a panel's last columns
SCROLLBAR = re.compile("[\u2580-\u259f]")


def panel(screen: str, index: int = 0) -> str:
    """The text of the ``index``-th panel drawn side by side with borders (``│ left ││ right │``), its wrapped lines
    joined with single spaces, so a check does not depend on where the terminal's width made a line wrap."""
    lines = []
    for line in screen.splitlines():
        parts = re.split("[│┃]", line)  # the pane with focus has a heavy border
        # "│ left ││ right │" splits to: before, left, "", right, after
        if len(parts) >= 2 * index + 3:
            lines.append(parts[1 + 2 * index])
    return " ".join(SCROLLBAR.sub(" ", " ".join(lines)).split())


def remote_command(*args: str, **env: str) -> str:
    environment = {"COUNCILKIT_TODAY": "2026-11-23", "TERM": "xterm-256color",
                   "COUNCILKIT_KEYMAP": "/nonexistent/keymap.toml", **env}
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in environment.items())
    return f"cd {shlex.quote(str(ROOT))} && env {exports} {shlex.quote(sys.executable)} -m councilkit {shlex.join(args)}"


@pytest.fixture
def tmux(sshd: Sshd) -> Iterator[Callable[..., Tmux]]:
    """Start ``tmux(name, command, ...)`` sessions (on a socket beside the sshd's keys); each is killed after."""
    sessions: list[Tmux] = []

    def start(name: str, command: str, **size: int) -> Tmux:
        sessions.append(Tmux(sshd.folder / "tmux.sock", name, command, **size))
        return sessions[-1]

    yield start
    for session in sessions:
        session.kill()


def test_read_a_clause_over_ssh_in_tmux(sshd: Sshd, tmux: Callable[..., Tmux], tmp_path: Path) -> None:
    # a store of its own: never the user's councilkit.db in the platform data directory
    app = tmux("clause", sshd.command(remote_command("tui", "--council", "compton-parish",
                                                     COUNCILKIT_DB=str(tmp_path / "store.db"))))
    home = app.wait_for("Review of the Member/Officer Protocol")  # Home's list, filled by a worker
    assert "Compton Parish Council" in home and "OVERDUE" in home
    app.keys("F3")
    app.wait_for("SCOPE AND PURPOSE")
    app.keys("g")
    app.wait_for("Go to clause")
    app.type("4.2")
    app.keys("Enter")
    screen = app.wait_for("Procedure for Councillors")
    assert "Chairman of the Personnel" in screen
    app.quit()


def test_open_a_case_over_ssh_in_tmux(sshd: Sshd, tmux: Callable[..., Tmux], tmp_path: Path) -> None:
    """The demo store's cases at Compton (dates count back from COUNCILKIT_TODAY=2026-11-23): the list, overdue
    first; Enter opens the overdue case, Escape goes back, Down twice and Enter opens another."""
    demo = tmp_path / "demo.db"
    app = tmux("case", sshd.command(remote_command("--demo", "--db", str(demo), "tui", "--council", "compton-parish")),
               width=120, height=40)
    home = app.wait_for("Compton Parish Council", "Demo store", "acts as this council's case officer")
    assert "You: Alison Hartley (Parish Clerk, RFO)" in home
    app.wait_for("Case #2 Repeated criticism")  # Home's attention list: the store is open and read

    app.keys("F5")
    listing = app.wait_for("6 cases, overdue first")
    rows = [" ".join(line.strip("│┃ ").split()) for line in listing.splitlines()
            if line.lstrip()[:1] in ("│", "┃") and line.lstrip("│┃ ").startswith("#")]  # the table's, not the line under
    assert rows[0].startswith("#2 OVERDUE 2026-11-09 Richard Bell Repeated criticism"), rows
    assert [row.split()[0] for row in rows] == ["#2", "#8", "#3", "#1", "#4", "#5"], rows  # overdue first
    assert not any("Pressure to change a committee report" in row for row in rows)  # closed: not in "active"

    app.keys("Enter")  # the highlighted row: the first, the overdue case
    case = panel(app.wait_for("case #2", "Current step:", "Timeline", gone="Loading case"))
    assert "Case #2 Repeated criticism of the office's work in emails" in case, case
    assert "State: OPEN OVERDUE" in case, case
    assert "Raised by: Kim Patel (Junior staff)" in case and "About: Harriet Moss (Councillor)" in case, case
    assert "Current step: Grievance Procedure (grievance)" in case, case
    assert "Handler: Richard Bell (Personnel Committee), from 2026-11-02" in case, case
    assert "Due: 5 working days from Mon 2 Nov 2026" in case, case
    assert "due Mon 9 Nov 2026 (OVERDUE by 10 working days)" in case, case
    timeline = panel(app.screen(), 1)
    assert "2026-11-02 Nadia Ellis: outcome of 'informal': Not resolved -> 'grievance'" in timeline, timeline
    # the Parish Clerk may escalate it; deciding it is its handler's, and the screen says so
    moves = " ".join(app.screen().split())
    assert "Yours: e escalate to a later step" in moves, moves
    assert "Only the handler (Richard Bell) may record an outcome or resolve the concern." in moves, moves

    app.keys("Escape")
    app.wait_for("6 cases, overdue first", gone="Current step:")
    app.keys("Down", "Down", "Enter")  # #8, then #3
    case = panel(app.wait_for("case #3", "Current step:", "Timeline", gone="Loading case"))
    assert "Case #3 Agenda papers late for three meetings" in case, case
    assert "Current step: Performance (capability) or disciplinary procedure (formal)" in case, case
    assert "Handler: Richard Bell (Chairman of the Personnel Committee), from 2026-11-20" in case, case
    assert "Why them: Alison Hartley, the Parish Clerk, is the subject of the concern" in case, case
    assert "due Fri 27 Nov 2026 (in 4 working days)" in case, case
    app.quit()


@pytest.mark.parametrize("no_color", [pytest.param("", id="colour"), pytest.param("1", id="NO_COLOR")])
def test_a_clerk_s_day_typed_in_bursts_over_ssh(sshd: Sshd, tmux: Callable[..., Tmux], tmp_path: Path,
                                                no_color: str) -> None:
    """At 80x24, keys sent in bursts as a fast typist's arrive over SSH (each send-keys call is one burst): a case
    opened through the wizard and advanced by its handler, a register entry added and then amended.  The demo's
    administrator stands in for Compton's Parish Clerk, who handles the new case's first step."""
    env = {"NO_COLOR": no_color} if no_color else {}
    demo = tmp_path / "demo.db"
    app = tmux("day", sshd.command(remote_command("--demo", "--db", str(demo), "tui", "--council", "compton-parish",
                                                  **env)), width=80, height=24)
    app.wait_for("Case #2 Repeated criticism")  # Home's list: the store is open and read

    # a new case, the wizard's three steps in three bursts
    app.keys("F5", "n", "Enter", "Councillor", "Enter", "Tab", "Enter", "Officer", "Enter", "F8")
    app.wait_for("New case, 2 of 3")
    app.keys("Enter", "Fiona", "Enter", "Tab", "Enter", "Jamie", "Enter", "Tab", "Rude reply", "Tab",
             "Lunch", "Tab", "Parish Council", "F8")
    app.wait_for("New case, 3 of 3", "Handled by: Alison Hartley")
    app.keys("F8")
    case = panel(app.wait_for("Current step:", gone="New case"))
    assert "Rude reply" in case and "Raise the matter with the Parish Clerk" in case, case
    # advanced by its handler: the outcome, chosen from the list, and why, in one burst
    app.keys("o", "Enter", "Cannot", "Enter", "Tab", "Wants the formal procedure", "F8")
    case = panel(app.wait_for("Performance (capability)", gone="Record an outcome"))
    assert "Current step: Performance (capability) or disciplinary procedure" in case, case

    # a register entry added in one burst, then amended in another
    app.keys("F6")
    app.wait_for("Training records", "current entries")
    app.keys("a", "Enter", "Dennis", "Enter", "Tab", "Chairing skills", "Tab", "23/11/2026", "Tab",
             "Local Council Training", "Tab", "3", "F8")
    entry = panel(app.wait_for("Entry #", "Chairing skills", gone="Add an entry"))
    assert "Dennis Cole" in entry and "2026-11-23" in entry and "Local Council Training" in entry, entry
    app.keys("m", "Tab", "End", "C-u", "Chairing meetings well", "BTab", *["Tab"] * 7, "Course renamed", "F8")
    screen = app.wait_for("Version 2", gone="Amend entry")
    assert "Chairing meetings well" in " ".join(screen.split()), screen
    app.quit()
