"""What ``councilkit serve`` is told: where to listen, which store and councils, and its limits."""

from __future__ import annotations

from pathlib import Path

import attrs

from councilkit import settings

#: the host key's file name in the data directory (as sshd names its own)
HOST_KEY_NAME = "ssh_host_ed25519_key"


def default_host_key() -> Path:
    """``ssh_host_ed25519_key`` in the platform data directory (beside the store)."""
    return settings.data_dir() / HOST_KEY_NAME


@attrs.frozen
class ServeConfig:
    """Everything the server needs, as plain values (the command line builds it; a test may too).

    - ``host``, ``port``: where to listen (default: loopback only, port 2222);
    - ``host_key``: the server's private host key (default: :func:`default_host_key`), made on first start;
    - ``db``: the store (None: ``COUNCILKIT_DB``, else the platform data directory's); with ``demo``, the demo
      store's file (None: its default);
    - ``councils``: the directory of council files the UI reads (None: the usual places);
    - ``idle_timeout``: seconds without a keystroke after which a session ends (None: never);
    - ``max_sessions``: terminal UIs open at once, in all; ``max_per_person``: at once, for one person;
    - ``grace``: seconds a UI is given to end cleanly when asked, before it is killed.
    """

    host: str = "127.0.0.1"
    port: int = 2222
    host_key: Path = attrs.field(factory=default_host_key, converter=Path)
    db: Path | None = None
    councils: Path | str | None = None
    demo: bool = False
    idle_timeout: float | None = 30 * 60
    max_sessions: int = 20
    max_per_person: int = 3
    grace: float = 5.0

    @property
    def max_connections(self) -> int:
        """SSH connections at once (signed in or not): room for every session and as many trying to sign in."""
        return 2 * self.max_sessions + 10


def describe_seconds(seconds: float | None) -> str:
    """``30 minutes``, ``90 seconds``, ``2 hours``, ``never``."""
    if seconds is None:
        return "never"
    for unit, size in (("hour", 3600), ("minute", 60)):
        if seconds >= size and seconds % size == 0:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    n = int(seconds) if float(seconds).is_integer() else seconds
    return f"{n} second{'s' if n != 1 else ''}"
