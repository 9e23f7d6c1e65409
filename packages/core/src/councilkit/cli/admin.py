"""``councilkit admin list|add|end|serve``: the deployment's administrators and the councils it serves.

An administrator is an account (an operating-system login, or the login of a person connected
by an SSH key): of one council (``--council COUNCIL``) or of every council the deployment serves.
Only administrators make and end administrators (of every council, for one of every council),
and the last administrator of every council stays.  Each change is recorded
(``councilkit people history``).
"""

from __future__ import annotations

import click

from councilkit.cli.context import options, takes_council
from councilkit.cli.councils import load
from councilkit.cli.output import emit_json, hint, table
from councilkit.present.words import safe, when


@click.group("admin")
def admin_group() -> None:
    """The deployment's administrators, and the councils it serves."""


@admin_group.command("list")
@click.option("--all", "everyone", is_flag=True, help="Ended administrators too.")
@click.pass_context
def list_command(ctx: click.Context, everyone: bool) -> None:
    """The councils the deployment serves and its administrators."""
    from councilkit.people.admin import administrators, deployment

    ws = options(ctx).workspace()
    with ws.open_store() as store:
        found = deployment(store)
        admins = administrators(store, current=not everyone)
    if options(ctx).json:
        emit_json({"deployment": found, "administrators": admins})
        return
    if found is None:
        click.echo(f"this store is not set up: it has no administrator ({hint('init COUNCIL...')})")
        return
    click.echo(f"set up on {found.created_at[:10]} by {safe(found.created_by)}; serves "
               + ", ".join(f"{safe(name)} ({cid})" for cid, name in found.councils))
    table(["LOGIN", "OF", "SINCE", "BY", "ENDED"],
          [[safe(a.login, one_line=True), a.scope, when(a.added_at), safe(a.added_by, one_line=True),
            f"{when(a.ended_at)} by {safe(a.ended_by, one_line=True)}" if a.ended_at else "-"] for a in admins])


@takes_council
@admin_group.command("add")
@click.argument("login")
@click.pass_context
def add_command(ctx: click.Context, login: str) -> None:
    """Make LOGIN an administrator of --council COUNCIL (without it: of every council)."""
    ws = options(ctx).workspace()
    council = load(ctx, options(ctx).council) if options(ctx).council else None
    with ws.open_store() as store:
        made = ws.administration(store).add_administrator(login, council)
    if options(ctx).json:
        emit_json(made)
        return
    click.echo(f"{safe(made.login)} is an administrator of {council.name if council else 'every council'}")


@takes_council
@admin_group.command("end")
@click.argument("login")
@click.pass_context
def end_command(ctx: click.Context, login: str) -> None:
    """End LOGIN's administration of --council COUNCIL (without it: of every council)."""
    ws = options(ctx).workspace()
    council = load(ctx, options(ctx).council) if options(ctx).council else None
    with ws.open_store() as store:
        ended = ws.administration(store).end_administrator(login, council)
    if options(ctx).json:
        emit_json(ended)
        return
    click.echo(f"{safe(ended.login)} is no longer an administrator of "
               f"{council.name if council else 'every council'}")


@admin_group.command("serve")
@click.argument("council")
@click.pass_context
def serve_command(ctx: click.Context, council: str) -> None:
    """Add COUNCIL to the councils the deployment serves (administrators of every council)."""
    ws = options(ctx).workspace()
    c = load(ctx, council)
    with ws.open_store() as store:
        found = ws.administration(store).serve(c)
    if options(ctx).json:
        emit_json(found)
        return
    click.echo(f"the deployment serves {', '.join(safe(name) for _, name in found.councils)}")
