"""The store a command works on, never created by a command that only reads.

Only ``councilkit init`` (or the demo) makes a store.  A command that reads (``whoami``,
``attention``, ``register list``...) finds none where the options say, reads an empty store
held in memory instead (what the public may see: the protocol, no cases, no entries) and says
so once on standard error; nothing is written to disk.  A command that needs people or cases
(``worklist``, ``case ...``, ``register add``) is refused with how to set a store up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import click

from councilkit.cli.context import options
from councilkit.cli.output import echo, hint
from councilkit.errors import CouncilkitError

if TYPE_CHECKING:
    from councilkit.store import Store


class NoStoreError(CouncilkitError, LookupError):
    """There is no store where the options say, and the command needs one (a refusal: exit 2)."""


def missing_store(ctx: click.Context | None = None) -> Path | None:
    """The store's path when no file is there yet (never in the demo, which makes its own), else None."""
    opts = options(ctx)
    if opts.demo:
        return None
    path = opts.workspace().store_path()
    return None if path.exists() else path


def no_store_words(path: Path) -> str:
    """What to do when there is no store at ``path``."""
    return (f"there is no store at {path} yet (nothing was created): set one up with "
            f"{hint('init COUNCIL')} (docs/setup.md), name another with --db FILE, "
            f"or try the demo: {hint('--demo whoami')}")


def open_store(ctx: click.Context | None = None, *, reading: bool = True, quiet: bool = False) -> Store:
    """The store the options name, opened.  When there is none yet: for ``reading``, an empty store in
    memory (said once on standard error unless ``quiet``), else :class:`NoStoreError`."""
    ctx = ctx or click.get_current_context()
    ws = options(ctx).workspace()
    path = missing_store(ctx)
    if path is None:
        return ws.open_store()
    if not reading:
        raise NoStoreError(no_store_words(path))
    root = ctx.find_root()
    if not quiet and not root.meta.get("councilkit.no_store.noted") and not options(ctx).json:
        root.meta["councilkit.no_store.noted"] = True
        echo(f"councilkit: note: {no_store_words(path)}", err=True)
    return attrs.evolve(ws, db=":memory:").open_store()
