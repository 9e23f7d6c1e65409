"""What runs in each session's own process: the terminal UI, as the person the server authenticated.

The server forks this process on a new pseudo-terminal (:func:`os.forkpty`) once the person's key has
been checked, and calls :func:`run` in it with the person's id as a Python value.  Nothing here reads
who the person is from anywhere else (no environment variable, no command line, no operating-system
login): a ``councilkit`` someone starts themselves has no way to pass it.

Before the UI starts, the process stops being a copy of the server:

- everything the server had open (the listening socket, other clerks' connections, its store) is
  closed, and the objects that held those files are frozen so they never close a number reused here;
- signal handlers go back to their defaults; the process dies with the server (``PR_SET_PDEATHSIG``)
  and with its terminal (SIGHUP when the server closes the pseudo-terminal);
- the environment keeps the server's settings (``COUNCILKIT_DB``...) but describes the *client's*
  terminal: ``TERM`` from the client's pty request and ``NO_COLOR`` if the client sent it; nothing
  else the client sent is used.

SIGTERM asks the UI to quit as ctrl+q would, so the terminal is restored before the process ends.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import sys
from pathlib import Path
from typing import Any, NoReturn

#: variables that describe a terminal: the server's (if it has one) are not the client's
TERMINAL_VARIABLES = ("TERM", "COLORTERM", "NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "COLUMNS",
                      "LINES", "TERM_PROGRAM", "TERM_PROGRAM_VERSION", "TMUX", "TMUX_PANE", "STY", "WINDOW",
                      "VTE_VERSION", "WINDOWID", "DISPLAY", "WAYLAND_DISPLAY", "LC_TERMINAL",
                      "LC_TERMINAL_VERSION", "KITTY_WINDOW_ID", "WT_SESSION", "SSH_TTY", "SSH_CONNECTION",
                      "SSH_CLIENT", "SSH_AUTH_SOCK", "SSH_AGENT_PID")

_PR_SET_PDEATHSIG = 1


def run(*, person_id: int, db: Path | str | None, councils: Path | str | None, demo: bool, term: str,
        no_color: bool, size: tuple[int, int], server_pid: int) -> NoReturn:
    """Become the session's process and run the UI as ``person_id`` until they quit; never returns."""
    code = 1
    try:
        _leave_the_server(server_pid)
        _terminal(term, no_color, size)
        app = build_app(person_id=person_id, db=db, councils=councils, demo=demo)
        _quit_on_sigterm(app)
        app.run()
        code = app.return_code or 0
    except BaseException:  # said on the session's terminal; the process ends either way
        import traceback

        with contextlib.suppress(Exception):  # the terminal is gone: nothing to tell
            traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):  # the terminal is gone
                stream.flush()
        os._exit(code)


def build_app(*, person_id: int, db: Path | str | None, councils: Path | str | None, demo: bool) -> Any:
    """The UI acting as exactly ``person_id`` (the app's factory takes the authenticated person as a value)."""
    from councilkit_tui.app import create_app

    return create_app(councils=councils, db=db, demo=demo, person_id=person_id)


# --- leaving the server behind -------------------------------------------------------------------


def _leave_the_server(server_pid: int) -> None:
    # The server's objects (its sockets, its store, its event loop) are still in this process's memory. Freeze
    # them, so the collector never finalises one and closes a file number this process has reused; then close
    # every file they held. Only 0, 1 and 2 (the session's terminal, set up by forkpty) stay open.
    gc.freeze()
    with contextlib.suppress(ValueError):  # not the main thread (it always is: forkpty's caller)
        signal.set_wakeup_fd(-1)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD, signal.SIGWINCH, signal.SIGQUIT,
                signal.SIGUSR1, signal.SIGUSR2, signal.SIGALRM, signal.SIGTSTP, signal.SIGCONT):
        signal.signal(sig, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)  # as Python starts: a closed terminal is an error, not a kill
    _die_with(server_pid)
    os.closerange(3, _max_fd())
    # this process's own standard streams, on the session's terminal (the server's may be a journal or a file)
    sys.stdin = sys.__stdin__ = open(0, encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115
    sys.stderr = sys.__stderr__ = open(2, "w", encoding="utf-8", errors="replace", closefd=False)  # noqa: SIM115


def _die_with(server_pid: int) -> None:
    """End this process when the server ends, however it ends (Linux: PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGHUP), 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the pty's hangup still ends us
            pass
    if os.getppid() != server_pid:  # the server ended before prctl took effect
        os._exit(1)


def _max_fd() -> int:
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        return soft if 0 < soft < 1 << 20 else 1 << 20
    except (ImportError, ValueError, OSError):  # pragma: no cover
        return 4096


def _terminal(term: str, no_color: bool, size: tuple[int, int]) -> None:
    """Describe the client's terminal, and only that, to the UI."""
    import fcntl
    import struct
    import termios

    for name in TERMINAL_VARIABLES:
        os.environ.pop(name, None)
    os.environ["TERM"] = term or "xterm-256color"
    if no_color:
        os.environ["NO_COLOR"] = "1"
    columns, rows = size
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


def _quit_on_sigterm(app: Any) -> None:
    """SIGTERM asks the app to quit (restoring the terminal); a second one ends the process at once."""
    import asyncio

    def quit_app(signum: int, frame: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        loop = asyncio.events._get_running_loop()
        if loop is None:
            raise SystemExit(0)
        loop.call_soon_threadsafe(app.exit)

    signal.signal(signal.SIGTERM, quit_app)
