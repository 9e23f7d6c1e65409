"""One terminal UI over one SSH session channel: its process, its pseudo-terminal, and how it ends.

The channel's bytes go to the pseudo-terminal's master side and the UI's output comes back, with flow
control both ways (a slow client pauses reading the UI's output; a UI that cannot keep up pauses the
client).  A window resize sets the pseudo-terminal's size, and the kernel tells the UI (SIGWINCH).

A session ends when the person quits (ctrl+q), when they disconnect (the UI is asked to quit, and no
one is left to tell), when it has been idle too long, when its key is removed, or when the server stops;
in the last three the UI is asked to quit (SIGTERM) and given :attr:`~.config.ServeConfig.grace` seconds
before it is killed, the terminal is reset, and the person is told why in one line.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import signal
import struct
import sys
import termios
import time
from typing import TYPE_CHECKING, Any

import asyncssh

from . import child

if TYPE_CHECKING:
    from .server import Gate

#: what a UI that did not end by itself may have left switched on: mouse and focus reports, bracketed paste,
#: the kitty keyboard protocol, the alternate screen, a hidden cursor and colours
RESET_TERMINAL = (b"\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?1004l\x1b[?2004l\x1b[<u"
                  b"\x1b[?1049l\x1b[?25h\x1b[0m\r\n")

READ_SIZE = 65536


class UISession(asyncssh.SSHServerSession):  # type: ignore[type-arg]
    """A session channel of a signed-in connection: a terminal UI, or a refusal."""

    def __init__(self, gate: Gate) -> None:
        self.gate = gate
        self.server = gate.server
        self.chan: Any = None
        self.term: str | None = None
        self.size = (80, 24)
        self.pid: int | None = None
        self.master: int | None = None
        self.pidfd: int | None = None
        self.started = time.monotonic()
        self.last_input = time.monotonic()
        #: why the server is ending this session ("idle", "stopped"), or None while the person is using it
        self.ending: str | None = None
        self.exit_code: int | None = None
        self._to_child = bytearray()
        self._reading = False
        self._client_paused = False
        self._kill_timer: asyncio.TimerHandle | None = None
        self._done = asyncio.get_running_loop().create_future()

    # --- what the client asks for ---------------------------------------------------------------
    def connection_made(self, chan: Any) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], term_modes: Any) -> bool:
        self.term = term_type
        self.size = (term_size[0] or 80, term_size[1] or 24)
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.gate.refused(f"exec request refused: {command!r}")
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        self.gate.refused(f"subsystem request refused: {subsystem!r}"
                          + (" (SFTP and scp are not offered)" if subsystem == "sftp" else ""))
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # the UI is driven by keys; a client's signal request changes nothing

    def session_started(self) -> None:
        if self.term is None:
            self.gate.refused("a session without a terminal was refused (ssh -T)")
            self._say_and_exit("councilkit: this server offers only the councilkit terminal UI, which needs a "
                               "terminal: connect with ssh -t and no command.", 1)
            return
        why = self.server.refuse_session(self.gate)
        if why:
            self.gate.limit(why)
            self._say_and_exit(f"councilkit: {why}", 1)
            return
        self.server.sessions.add(self)
        self.gate.session_opened(self)
        self._spawn()

    # --- the UI's process ---------------------------------------------------------------------------
    def _spawn(self) -> None:
        gate, config = self.gate, self.server.config
        assert gate.person is not None
        env = self.chan.get_environment()
        no_color = bool(env.get("NO_COLOR"))  # no-color.org: set and not empty
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        server_pid = os.getpid()
        pid, master = os.forkpty()
        if pid == 0:  # the session's own process: never returns
            child.run(person_id=gate.person.id, db=self.server.db_path, councils=config.councils,
                      demo=config.demo, term=self.term or "xterm-256color", no_color=no_color, size=self.size,
                      server_pid=server_pid)
        self.pid, self.master = pid, master
        os.set_blocking(master, False)
        loop = asyncio.get_running_loop()
        self._resume_output()
        try:
            self.pidfd = os.pidfd_open(pid)
            loop.add_reader(self.pidfd, self._child_exited)
        except (AttributeError, OSError):  # no pidfds (not Linux, or an old kernel): look every half second
            self.pidfd = None
            loop.call_later(0.5, self._poll_child)
        self.server.log(f"session {pid} started for {gate.person.name} ({self.size[0]}x{self.size[1]}, "
                        f"TERM={self.term}{', NO_COLOR' if no_color else ''})")

    def _poll_child(self) -> None:
        if self.pid is None:
            return
        try:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            done = self.pid
        if done:
            self._child_exited(reaped=True)
        else:
            asyncio.get_running_loop().call_later(0.5, self._poll_child)

    def _child_exited(self, reaped: bool = False) -> None:
        loop = asyncio.get_running_loop()
        if self.pidfd is not None:
            loop.remove_reader(self.pidfd)
            os.close(self.pidfd)
            self.pidfd = None
        code = 1
        if self.pid is not None and not reaped:
            try:
                _, status = os.waitpid(self.pid, 0)
                code = os.waitstatus_to_exitcode(status)
            except ChildProcessError:
                pass
        if self._kill_timer is not None:
            self._kill_timer.cancel()
        pid, self.pid = self.pid, None
        self.exit_code = code
        self._drain_and_close()
        self.server.sessions.discard(self)
        self.server.log(f"session {pid} ended (exit {code}"
                        + (f", {self.ending}" if self.ending else "") + ")")
        self._finish(code)

    def _drain_and_close(self) -> None:
        """Send the client what the UI wrote last (it restores the terminal as it quits), then close the pty."""
        if self.master is None:
            return
        self._pause_output()
        if self.chan is not None and not self.chan.is_closing():
            for _ in range(64):
                try:
                    data = os.read(self.master, READ_SIZE)
                except OSError:
                    break
                if not data:
                    break
                self.chan.write(data)
        loop = asyncio.get_running_loop()
        loop.remove_writer(self.master)
        os.close(self.master)
        self.master = None

    def _finish(self, code: int) -> None:
        if self.chan is None or self.chan.is_closing():
            self._settle()
            return
        message = self.server.ending_message(self.ending)
        if self.ending or code != 0:
            self.chan.write(RESET_TERMINAL)
        if message:
            self.chan.write(message.encode("utf-8") + b"\r\n")
        elif code != 0:
            self.chan.write(b"councilkit: the terminal UI stopped unexpectedly; the server's log says why.\r\n")
        self.chan.exit(code if code >= 0 else 128 - code)  # killed by signal N: 128 + N, as a shell says
        self._settle()

    def _settle(self) -> None:
        self.gate.session_closed(self)
        if not self._done.done():
            self._done.set_result(None)

    async def wait_closed(self) -> None:
        await self._done

    def end(self, why: str) -> None:
        """Ask the UI to quit (``why``: ``idle``, ``stopped``); kill it if it has not after the grace period."""
        if self.ending is None:
            self.ending = why
        if self.pid is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        self._kill_timer = asyncio.get_running_loop().call_later(self.server.config.grace, self._kill)

    def _kill(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)

    def _say_and_exit(self, message: str, code: int) -> None:
        self.chan.write(message.encode("utf-8") + b"\r\n")
        self.chan.exit(code)

    # --- bytes both ways ----------------------------------------------------------------------------
    def data_received(self, data: bytes, datatype: Any) -> None:
        self.last_input = time.monotonic()
        self.gate.touch()
        if self.master is None:
            return
        self._to_child += data
        self._write_to_child()

    def _write_to_child(self) -> None:
        loop = asyncio.get_running_loop()
        if self.master is None:
            return
        while self._to_child:
            try:
                written = os.write(self.master, self._to_child)
            except BlockingIOError:
                break
            except OSError:  # the UI has gone: what the client types now goes nowhere
                self._to_child.clear()
                break
            del self._to_child[:written]
        if self._to_child:
            loop.add_writer(self.master, self._write_to_child)
            if not self._client_paused:
                self._client_paused = True
                self.chan.pause_reading()
        else:
            loop.remove_writer(self.master)
            if self._client_paused:
                self._client_paused = False
                self.chan.resume_reading()

    def _from_child(self) -> None:
        if self.master is None:
            return
        try:
            data = os.read(self.master, READ_SIZE)
        except BlockingIOError:
            return
        except OSError as exc:  # EIO: the UI closed the terminal (it is ending)
            if exc.errno != errno.EIO:
                self.server.log(f"reading session {self.pid}: {exc}")
            data = b""
        if not data:
            self._pause_output()
            return
        if self.chan is not None:  # once the client has gone, what the UI writes as it ends goes nowhere
            self.chan.write(data)

    def _pause_output(self) -> None:
        if self._reading and self.master is not None:
            asyncio.get_running_loop().remove_reader(self.master)
        self._reading = False

    def _resume_output(self) -> None:
        if not self._reading and self.master is not None:
            asyncio.get_running_loop().add_reader(self.master, self._from_child)
            self._reading = True

    def pause_writing(self) -> None:  # the client is slow: stop reading the UI's output until it catches up
        self._pause_output()

    def resume_writing(self) -> None:
        self._resume_output()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = (width or self.size[0], height or self.size[1])
        self.last_input = time.monotonic()
        if self.master is not None:
            with contextlib.suppress(OSError):  # the kernel tells the UI (SIGWINCH)
                fcntl.ioctl(self.master, termios.TIOCSWINSZ,
                            struct.pack("HHHH", self.size[1], self.size[0], pixwidth, pixheight))

    def eof_received(self) -> bool:
        return False  # the client will send no more: close the channel (the UI is hung up below)

    def connection_lost(self, exc: Exception | None) -> None:
        """The channel is closed (the client quit or vanished): hang up the UI and make sure it ends."""
        self.chan = None
        if self.pid is not None:
            self.end(self.ending or "disconnected")
        elif not self._done.done():
            self._settle()
