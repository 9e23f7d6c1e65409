"""Files written whole or not at all.

A council file under review, an export, a report or a cache may be read by another process
while it is written, and a write may fail half-way (a full disc, a cancelled export).  Every
file councilkit writes for someone therefore goes to a temporary file beside its target that
replaces the target only when complete: a reader sees the old file or the new one, never
half, and a failure leaves the old file as it was and no temporary behind.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


@contextlib.contextmanager
def replacing(path: Path, *, binary: bool = False, newline: str | None = "\n", mode: int | None = None,
              durable: bool = True) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` and put it in place of ``path`` if the block ends well.

    The file is made owner-only (as :func:`tempfile.mkstemp` makes it) unless ``mode`` says
    otherwise (the process's umask is applied to it); ``durable`` syncs it to disc before it
    replaces ``path``.  ``OSError`` from making, writing or replacing it reaches the caller, with
    the temporary file removed.
    """
    import tempfile  # only when a file is written: start-up does not pay for it

    directory = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        if binary:
            handle: IO[Any] = os.fdopen(fd, "wb")
        else:
            handle = os.fdopen(fd, "w", encoding="utf-8", newline=newline)
        with handle:
            yield handle
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        if mode is not None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, mode & ~umask)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


def write_atomically(path: Path, data: str | bytes, *, mode: int | None = None, durable: bool = True) -> None:
    """Write ``data`` (text as UTF-8, or bytes) to ``path`` all at once (see :func:`replacing`)."""
    with replacing(path, binary=isinstance(data, bytes), mode=mode, durable=durable) as handle:
        handle.write(data)
