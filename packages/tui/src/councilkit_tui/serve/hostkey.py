"""The server's host key: made on first start, kept with owner-only permissions, refused when exposed.

Like sshd, the server will not use a private key that other accounts may read: a clerk who can read it
could pretend to be the server.  The key is written with mode 0600 (its folder 0700 when made here), and a
``.pub`` beside it lets the administrator publish the fingerprint clerks compare on their first connection.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any


class HostKeyError(Exception):
    """The host key cannot be used; the message names the file and what to do."""


def problems(path: Path) -> list[str]:
    """What stops the key at ``path`` from being used ([] when it can be, or can be made)."""
    if not path.exists():
        folder = path.parent
        while not folder.exists():
            folder = folder.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            return [f"host key {path} does not exist and cannot be made: {folder} is not writable by this account"]
        return []
    try:
        info = path.stat()
    except OSError as exc:
        return [f"host key {path}: {exc.strerror}"]
    found = []
    if not stat.S_ISREG(info.st_mode):
        found.append(f"host key {path} is not a file")
    elif info.st_mode & 0o077:
        found.append(f"host key {path} may be read by other accounts (mode {stat.S_IMODE(info.st_mode):04o}): "
                     f"chmod 600 {path}")
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        found.append(f"host key {path} belongs to another account (uid {info.st_uid}): it must be this "
                     f"account's (uid {os.geteuid()})")
    return found


def load(path: Path) -> Any:
    """The private host key at ``path``; raises :class:`HostKeyError` when it cannot be used."""
    import asyncssh

    found = problems(path)
    if found:
        raise HostKeyError("; ".join(found))
    try:
        return asyncssh.read_private_key(str(path))
    except (OSError, asyncssh.KeyImportError, ValueError) as exc:
        raise HostKeyError(f"host key {path} cannot be read: {exc}") from None


def load_or_create(path: Path) -> tuple[Any, bool]:
    """The host key, made (ED25519, mode 0600, with a ``.pub`` beside it) when there is none; and whether it
    was made now."""
    if path.exists():
        return load(path), False
    import asyncssh

    found = problems(path)
    if found:
        raise HostKeyError("; ".join(found))
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True)
    key = asyncssh.generate_private_key("ssh-ed25519", comment="councilkit serve host key")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another server made it a moment ago: use theirs
        return load(path), False
    with os.fdopen(fd, "wb") as out:
        out.write(key.export_private_key())
    Path(f"{path}.pub").write_bytes(key.export_public_key())
    return key, True


def fingerprint(key: Any) -> str:
    """The key's SHA-256 fingerprint, as ``ssh-keygen -lf`` and the ssh client print it."""
    return str(key.get_fingerprint("sha256"))
