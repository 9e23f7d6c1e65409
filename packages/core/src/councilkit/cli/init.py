"""``councilkit init COUNCIL...``: set up a store for a real deployment.

Where the store lives is ``--db`` (or ``COUNCILKIT_DB``, or the platform data directory);
the councils it serves are named; where their files are is ``--councils`` if given (recorded,
so every clerk's councilkit finds the same ones).  The account that runs it becomes the first
administrator, of every council.  A new file is made readable and writable by its owner and
group only: put the clerks who use it in its group (docs/operations.md).
"""

from __future__ import annotations

import os
import stat

import click

from councilkit.cli.context import options
from councilkit.cli.output import emit_json, hint
from councilkit.present.words import safe


@click.command("init")
@click.argument("councils", nargs=-1, required=True, metavar="COUNCIL...")
@click.pass_context
def init_command(ctx: click.Context, councils: tuple[str, ...]) -> None:
    """Set up the store (--db) for a deployment serving COUNCIL...; you become its first administrator."""
    from councilkit.people.admin import administrators, init_deployment
    from councilkit.people.identity import IdentityError

    opts = options(ctx)
    if opts.demo:
        raise click.UsageError("--demo: the demo has a store of its own and needs no init", ctx)
    if opts.as_person:
        raise IdentityError("--as does not apply to init: the account that runs it becomes the first "
                            "administrator; leave out --as")
    ws = opts.workspace()
    loaded = [ws.load_council(c) for c in councils]  # refused (naming the council) before any file is made
    path = ws.store_path()
    made = not path.exists()
    if made:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o660)  # SQLite gives -wal and -shm this mode
        os.close(fd)
    councils_dir = str(opts.councils.resolve()) if opts.councils is not None else None
    try:
        with ws.open_store() as store:
            deployment = init_deployment(store, loaded, login=ws.login, councils_dir=councils_dir)
            admins = administrators(store)
    except BaseException:
        if made and path.exists() and path.stat().st_size == 0:
            path.unlink()  # nothing was set up: leave no empty file behind
        raise
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o007 and path.stat().st_uid == os.getuid():  # others on the host never read a deployment's store
        mode &= ~0o007
        for f in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            if f.exists():
                f.chmod(mode)
    if opts.json:
        emit_json({"database": str(path), "created": made, "mode": f"{mode:03o}", "deployment": deployment,
                   "administrators": admins})
        return
    names = ", ".join(f"{safe(name)} ({cid})" for cid, name in deployment.councils)
    click.echo(f"set up {safe(path)} for {names}")
    click.echo(f"you (login {safe(ws.login)}) are its first administrator, of every council")
    click.echo(f"the file's permissions are {mode:03o}: its owner and group only (docs/operations.md)"
               if not mode & 0o007 else f"the file's permissions are {mode:03o}: others on this host can read it; "
               "make it its owner's and group's only: chmod o-rwx (docs/operations.md)")
    if councils_dir:
        click.echo(f"its council files are in {safe(councils_dir)}")
    click.echo(f"next: {hint('people add NAME --login LOGIN')}, then {hint('people appoint PERSON COUNCIL ROLE')}")
