"""End to end over real SSH: sshd on 127.0.0.1, ssh in tmux, councilkit driven with send-keys.

This is how clerks use councilkit: from a laptop, over SSH, often inside tmux.
The test starts its own sshd on a free loopback port with a throwaway host key
and user key, logs in with ``ssh`` inside a ``tmux`` session, runs the app,
types at it with ``tmux send-keys`` and reads the screen with ``capture-pane``.

``.ci/run`` installs openssh-server and tmux with apt when they are missing;
where they cannot be had, the test is skipped and says why.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
TOOLS = {"sshd": SSHD, "ssh": shutil.which("ssh"), "ssh-keygen": shutil.which("ssh-keygen"),
         "tmux": shutil.which("tmux")}
MISSING = sorted(name for name, path in TOOLS.items() if path is None)

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
    def __init__(self, name: str, command: str, width: int = 100, height: int = 30):
        self.name = name
        self.tmux = TOOLS["tmux"]
        subprocess.run([self.tmux, "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), command],
                       check=True)

    def keys(self, *keys: str) -> None:
        subprocess.run([self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run([self.tmux, "send-keys", "-t", self.name, "-l", text], check=True)

    def screen(self) -> str:
        result = subprocess.run([self.tmux, "capture-pane", "-p", "-t", self.name], capture_output=True, text=True)
        return result.stdout

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared on screen; the screen was:\n{screen}")

    def alive(self) -> bool:
        return subprocess.run([self.tmux, "has-session", "-t", self.name], capture_output=True).returncode == 0

    def kill(self) -> None:
        subprocess.run([self.tmux, "kill-session", "-t", self.name], capture_output=True)


def remote_command(*args: str, **env: str) -> str:
    environment = {"COUNCILKIT_TODAY": "2026-11-23", "TERM": "xterm-256color",
                   "COUNCILKIT_KEYMAP": "/nonexistent/keymap.toml", **env}
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in environment.items())
    return f"cd {shlex.quote(str(ROOT))} && env {exports} {shlex.quote(sys.executable)} -m councilkit {shlex.join(args)}"


@pytest.fixture
def tmux_session() -> Iterator[list[Tmux]]:
    sessions: list[Tmux] = []
    yield sessions
    for session in sessions:
        session.kill()


def test_read_a_clause_over_ssh_in_tmux(sshd: Sshd, tmux_session: list[Tmux]) -> None:
    app = Tmux(f"ck-clause-{os.getpid()}", sshd.command(remote_command("tui", "--council", "compton-parish")))
    tmux_session.append(app)
    home = app.wait_for("Compton Parish Council")
    assert "OVERDUE" in home and "Review of the Member/Officer Protocol" in home
    app.keys("F3")
    app.wait_for("SCOPE AND PURPOSE")
    app.keys("g")
    app.wait_for("Go to clause")
    app.type("4.2")
    app.keys("Enter")
    screen = app.wait_for("Procedure for Councillors")
    assert "Chairman of the Personnel" in screen
    app.keys("C-q")
    deadline = time.monotonic() + 15
    while app.alive() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not app.alive(), "ctrl+q should end the app and the ssh session"
