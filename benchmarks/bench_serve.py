"""``councilkit serve``: connecting to a usable screen over loopback, and 20 sessions at once.

Goals (none fails a run: a shared machine's timings vary):

- **connecting**: from starting ``ssh`` to Home painted with what needs attention, within 0.3 s of
  starting the UI locally (``councilkit --demo --db DB tui --council compton-parish``) in the same run:
  the server forks each session from a process that has already loaded the UI, so the SSH handshake
  should cost about what the local start spends importing;
- **memory**: each session's own memory (USS: the pages no other process shares) under 60 MB;
- **keystrokes** with 20 sessions open: median under 50 ms from a key sent by the client's terminal to the
  screen it asks for arriving back (F3 Clauses and F2 Home, in turn), one session at a time, and reported
  when all 20 press at once.

Everything runs on 127.0.0.1: the demo store is made in a temporary folder, a throwaway key is made with
``ssh-keygen`` and registered to the demo's Parish Clerk at Compton, and ``councilkit serve`` listens on
a free port.  Each client is the real ``ssh`` in a pseudo-terminal of 120x40, read and written by this
script as a terminal would be.  Run: ``uv run python benchmarks/bench_serve.py [--runs N]
[--sessions N] [--presses N]``.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import select
import shutil
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Sequence
from pathlib import Path

SIZE = (120, 40)
TODAY = "2026-11-23"
FIRST_FRAME = b"palette"  # the footer: the first frame is painted
HOME = b"Repeated criticism"  # Home's list of what needs attention at Compton: the screen is usable
CLAUSES = b"SCOPE AND PURPOSE"  # the Clauses area, after F3
TIMEOUT = 60.0
CONNECT_SLACK_MS = 300.0
USS_GOAL_MB = 60.0
KEY_GOAL_MS = 50.0
F2, F3 = b"\x1bOQ", b"\x1bOR"
DOWN, UP = b"\x1b[B", b"\x1b[A"


def keys(presses: int, kind: str) -> list[tuple[bytes, bytes]]:
    """The keys pressed in turn: ``cursor`` moves in Home's list (Down, Up: a repaint), ``area`` switches
    between Clauses and Home (F3, F2: a new screen)."""
    # the cursor moves between Home's first two items, so the second (the overdue case) is drawn again each time:
    # waiting for its text, not for any output, keeps a blinking cursor's repaints out of the figures
    pairs = [(DOWN, HOME), (UP, HOME)] if kind == "cursor" else [(F3, CLAUSES), (F2, HOME)]
    return [pairs[i % 2] for i in range(presses)]


def median_p95(values: Sequence[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms   (n={len(ordered)})"


class Terminal:
    """A process on a pseudo-terminal of our own, its output read as a terminal would read it."""

    def __init__(self, command: list[str], env: dict[str, str]):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env,
                                        start_new_session=True, close_fds=True)
        os.close(slave)
        self.output = bytearray()

    def read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return False
        self.output += data
        return bool(data)

    def wait_for(self, marker: bytes, since: int = 0, timeout: float = TIMEOUT) -> float:
        """Seconds from the start until ``marker`` arrived after offset ``since``."""
        deadline = time.perf_counter() + timeout
        while marker not in self.output[since:]:
            if time.perf_counter() > deadline or (self.process.poll() is not None and not self.read(0.05)):
                tail = bytes(self.output[-400:])
                raise RuntimeError(f"{marker!r} never arrived; the last output was {tail!r}")
            self.read(0.05)
        return time.perf_counter() - self.started

    def press(self, key: bytes, marker: bytes = b"") -> float:
        """Milliseconds from sending ``key`` to ``marker`` arriving (empty: the first repaint)."""
        self.drain()
        since = len(self.output)
        sent = time.perf_counter()
        os.write(self.master, key)
        deadline = sent + TIMEOUT
        while marker not in self.output[since:] or len(self.output) == since:
            if time.perf_counter() > deadline:
                raise RuntimeError(f"{marker!r} never arrived after {key!r}")
            self.read(0.05)
        return (time.perf_counter() - sent) * 1000

    def drain(self) -> None:
        while self.read(0.0):
            pass

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self.master, b"\x11")  # ctrl+q
        deadline = time.perf_counter() + 10
        while self.process.poll() is None and time.perf_counter() < deadline:
            self.read(0.05)  # keep reading: a terminal nobody reads blocks the client's last writes
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        os.close(self.master)


def free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def memory_kb(pid: int) -> tuple[int, int, int]:
    """(USS, PSS, RSS) of a process in kB, from /proc/PID/smaps_rollup."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    return fields["Private_Clean"] + fields["Private_Dirty"], fields["Pss"], fields["Rss"]


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[1]) == pid and stat[0] != "Z":
                    found.append(int(entry.name))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="connections (and local starts) timed")
    parser.add_argument("--sessions", type=int, default=20, help="sessions open at once")
    parser.add_argument("--presses", type=int, default=6, help="keys pressed in each session")
    parser.add_argument("--quick", action="store_true", help="3 connections, 5 sessions at once, 3 keys each")
    args = parser.parse_args()
    if args.quick:
        args.runs, args.sessions, args.presses = min(args.runs, 3), min(args.sessions, 5), min(args.presses, 3)
    missing = [t for t in ("ssh", "ssh-keygen") if shutil.which(t) is None]
    if missing or not hasattr(os, "openpty") or not Path("/proc/self/smaps_rollup").exists():
        print(f"bench_serve: skipped: needs {', '.join(missing) or 'Linux (/proc) and pseudo-terminals'}")
        return 0

    folder = Path(tempfile.mkdtemp(prefix="councilkit-bench-serve-"))
    db = folder / "demo.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNCILKIT_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"COUNCILKIT_TODAY": TODAY, "COUNCILKIT_KEYMAP": "/nonexistent/keymap.toml",
                "XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config"),
                "TERM": "xterm-256color"})
    councilkit = [sys.executable, "-m", "councilkit", "--demo", "--db", str(db)]
    subprocess.run([*councilkit, "demo"], env=env, check=True, capture_output=True, timeout=300)
    key = folder / "clerk_key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True, timeout=30)
    subprocess.run([*councilkit, "people", "key", "add", "Alison Hartley", f"{key}.pub"], env=env, check=True,
                   capture_output=True, timeout=60)

    port = free_port()
    log = (folder / "serve.log").open("wb")
    server = subprocess.Popen([*councilkit, "serve", "--port", str(port), "--max-sessions", str(args.sessions + 5),
                               "--max-per-person", str(args.sessions + 5)], env=env, stdout=log, stderr=log,
                              stdin=subprocess.DEVNULL)
    ssh = ["ssh", "-F", "/dev/null", "-tt", "-p", str(port), "-i", str(key), "-o", "IdentitiesOnly=yes",
           "-o", "IdentityAgent=none", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
           "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "clerk@127.0.0.1"]
    local = [*councilkit, "tui", "--council", "compton-parish"]
    try:
        deadline = time.monotonic() + TIMEOUT
        while b"listening on" not in (folder / "serve.log").read_bytes():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((folder / "serve.log").read_text())
            time.sleep(0.05)

        # --- connecting, against starting locally, in turn ---------------------------------------------
        print(f"councilkit serve on 127.0.0.1:{port}; {args.runs} runs each, a {SIZE[0]}x{SIZE[1]} terminal\n")
        warm = Terminal(ssh, env)  # the first of each builds caches (bytecode, the demo's check): not timed
        warm.wait_for(HOME)
        warm.close()
        warm = Terminal(local, env)
        warm.wait_for(HOME)
        warm.close()
        times: dict[str, dict[str, list[float]]] = {"ssh": {"first": [], "home": []},
                                                     "local": {"first": [], "home": []}}
        for _ in range(args.runs):
            for name, command in (("ssh", ssh), ("local", local)):
                term = Terminal(command, env)
                times[name]["first"].append(term.wait_for(FIRST_FRAME) * 1000)
                times[name]["home"].append(term.wait_for(HOME) * 1000)
                term.close()
        for name, label in (("local", "UI started locally"), ("ssh", "ssh to councilkit serve")):
            print(f"{label:26s} first frame  {median_p95(times[name]['first'])}")
            print(f"{'':26s} Home usable  {median_p95(times[name]['home'])}")
        extra = statistics.median(times["ssh"]["home"]) - statistics.median(times["local"]["home"])
        print(f"over ssh, Home is usable {extra:+.0f} ms after a local start "
              f"(goal: within {CONNECT_SLACK_MS:.0f} ms; {'met' if extra <= CONNECT_SLACK_MS else 'MISSED'})\n")

        # --- many sessions at once ----------------------------------------------------------------------
        terms = []
        opened = time.perf_counter()
        for _ in range(args.sessions):
            terms.append(Terminal(ssh, env))
        for term in terms:
            term.wait_for(HOME)
        print(f"{args.sessions} sessions opened one after another: all usable after "
              f"{time.perf_counter() - opened:.1f} s")
        sessions = children(server.pid)
        uss, pss, rss = zip(*(memory_kb(pid) for pid in sessions), strict=True)
        server_uss, server_pss, server_rss = memory_kb(server.pid)
        lone = Terminal(local, env)
        lone.wait_for(HOME)
        local_uss, local_pss, local_rss = memory_kb(lone.process.pid)
        local_keys = {kind: [lone.press(*k) for k in keys(2 * args.presses, kind)] for kind in ("cursor", "area")}
        lone.close()
        mb = 1024
        print(f"memory of each of {len(sessions)} sessions: USS median {statistics.median(uss) / mb:.1f} MB "
              f"(max {max(uss) / mb:.1f}), PSS median {statistics.median(pss) / mb:.1f} MB, RSS median "
              f"{statistics.median(rss) / mb:.1f} MB (goal: USS under {USS_GOAL_MB:.0f} MB; "
              f"{'met' if statistics.median(uss) / mb <= USS_GOAL_MB else 'MISSED'})")
        print(f"  the server itself: USS {server_uss / mb:.1f} MB, RSS {server_rss / mb:.1f} MB; all "
              f"{len(sessions)} sessions and the server together: PSS {(sum(pss) + server_pss) / mb:.0f} MB")
        print(f"  a UI started locally, for comparison: USS {local_uss / mb:.1f} MB, PSS {local_pss / mb:.1f} MB, "
              f"RSS {local_rss / mb:.1f} MB")

        for kind, what in (("cursor", "a cursor move in Home's list (Down, Up)"),
                           ("area", "a change of area (F3 Clauses, F2 Home)")):
            print(f"\nkeystroke to screen: {what}")
            print(f"  a UI started locally (for comparison)       {median_p95(local_keys[kind])}")
            one_at_a_time = [term.press(*k) for k in keys(args.presses, kind) for term in terms]
            goal = (f" (goal: median under {KEY_GOAL_MS:.0f} ms; "
                    f"{'met' if statistics.median(one_at_a_time) <= KEY_GOAL_MS else 'MISSED'})"
                    if kind == "cursor" else "")
            print(f"  {args.sessions} sessions open, one key at a time     {median_p95(one_at_a_time)}{goal}")
            together: list[float] = []
            for key_, marker in keys(args.presses, kind):
                for term in terms:
                    term.drain()
                since = [len(term.output) for term in terms]
                sent = time.perf_counter()
                for term in terms:
                    os.write(term.master, key_)
                waiting = set(range(len(terms)))
                deadline = sent + TIMEOUT
                while waiting and time.perf_counter() < deadline:
                    ready, _, _ = select.select([terms[n].master for n in waiting], [], [], 0.05)
                    for n in list(waiting):
                        if terms[n].master in ready:
                            terms[n].read(0.0)
                        new = terms[n].output[since[n]:]
                        if new and marker in new:
                            together.append((time.perf_counter() - sent) * 1000)
                            waiting.discard(n)
                if waiting:
                    raise RuntimeError(f"{len(waiting)} sessions never showed {marker!r}")
            print(f"  all {args.sessions} sessions pressing at once      {median_p95(together)}")
        for term in terms:
            term.close()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
