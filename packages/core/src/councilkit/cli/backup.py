"""``councilkit backup DEST``: copy the store while clerks go on working, and check the copy.

SQLite's online backup API copies the store as it was at one moment, however many clerks
are writing to it (:meth:`councilkit.store.Store.backup`); the copy is then opened read-only
and checked as ``councilkit audit verify`` checks a store.  DEST is a new file, or a folder
to put ``councilkit-YYYYMMDD-HHMMSS.db`` in; the copy is readable by its owner only.
docs/operations.md says how to restore it.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import click

from councilkit.cli.context import options
from councilkit.cli.output import emit_json, fail, hint
from councilkit.present.words import safe


def backup_target(dest: str) -> Path:
    """The file a backup goes to: DEST itself, or a dated file in DEST when DEST is a folder or is
    written as one (ending in ``/``; it is made, owner-only, if it does not exist yet)."""
    folder = Path(dest)
    if dest.endswith(("/", os.sep)) and not folder.exists():
        try:
            folder.mkdir(mode=0o700, parents=True)
        except OSError as exc:
            fail(f"{safe(dest)}: cannot make the folder for the backup ({exc.strerror})", 1)
    if folder.is_dir():
        return folder / f"councilkit-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}.db"
    if not folder.parent.is_dir():
        fail(f"{safe(dest)}: there is no folder {safe(folder.parent)} to put the backup in", 1)
    return folder


@click.command("backup")
@click.argument("dest", type=click.Path())
@click.pass_context
def backup_command(ctx: click.Context, dest: str) -> None:
    """Copy the store (--db) to DEST, a new file or a folder, while others write to it; verify the copy."""
    from councilkit.store import Store, inspect_store
    from councilkit.store.audit import verify_file

    path = options(ctx).workspace().store_path()
    inspect_store(path).close()  # a missing, empty or foreign file is said so, and left alone
    target = backup_target(dest)
    with Store.connect(path, migrate=False) as store:
        store.backup(target)
    found = verify_file(target)
    if options(ctx).json:
        emit_json({"database": str(path), "backup": str(target), "ok": found.ok, "checked": found.checked,
                   "problems": found.problems})
        if not found.ok:
            ctx.exit(1)
        return
    rows = ", ".join(f"{count} {table}" for table, count in sorted(found.checked.items()))
    if not found.ok:
        fail(f"{safe(target)}: the copy was made but does not verify ({len(found.problems)} problem(s), first: "
             f"{safe(found.problems[0], one_line=True)}); check the store with {hint('audit verify')}", 1)
    click.echo(f"backed up {safe(path)} to {safe(target)}: verified ({rows})")
