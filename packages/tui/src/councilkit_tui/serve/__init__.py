"""``councilkit serve``: the terminal UI over SSH, with no shell accounts; each registered key is a person.

Clerks and councillors connect with ``ssh -p 2222 host``; the server (built on asyncssh) checks their key
against the keys registered in the store (``councilkit people key add``), and opens the terminal UI for
that person in a process of its own, on a pseudo-terminal sized to their window.  Nothing else is offered:
no shell, no commands, no file transfer, no forwarding.

===============  ==================================================================================
``config.py``    :class:`ServeConfig`: where to listen, the store, the limits
``server.py``    the SSH side: keys only, what is refused, limits, the connection log, stopping cleanly
``session.py``   one terminal UI on one SSH channel: its process, its pseudo-terminal, resizes, endings
``child.py``     what runs in each session's process: the UI, as the person the key belongs to
``hostkey.py``   the server's host key, made on first start with owner-only permissions
``check.py``     ``serve --check``: the configuration checked without starting
===============  ==================================================================================

The command is :mod:`councilkit.cli.serve` (it imports this package only when it runs); the keys and the
connection log are the SDK's (:mod:`councilkit.people.keys`).  docs/serving.md is the operator's guide.
"""

from __future__ import annotations

from .check import Finding, check_config
from .config import ServeConfig
from .hostkey import HostKeyError
from .server import serve

__all__ = ["Finding", "HostKeyError", "ServeConfig", "check_config", "serve"]
