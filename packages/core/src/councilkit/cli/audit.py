"""``councilkit audit verify``: recompute the hash chains and check the database file."""

from __future__ import annotations

import click

from councilkit.cases import numbering_problems
from councilkit.cli.context import options
from councilkit.cli.output import emit_json


def load_chained_tables() -> None:
    """Load the case book and the registers, whose modules declare the append-only, hash-chained tables."""
    from councilkit import cases, registers

    _ = cases.CaseBook, registers.Registers  # loading each loads the module that declares its table


@click.group("audit")
def audit_group() -> None:
    """Check that the record has not been changed."""


@audit_group.command("verify")
@click.pass_context
def verify_command(ctx: click.Context) -> None:
    """Recompute every hash chain, check SQLite's integrity and each case's numbering; exit 1 on a problem."""
    load_chained_tables()
    with options(ctx).workspace().open_store() as store:
        integrity = store.integrity_check()
        checked, problems = store.verify_chains()
        messages = [f"database: {m}" for m in integrity] + [str(p) for p in problems] + numbering_problems(store)
        path = str(store.path)
    ok = not messages
    if options(ctx).json:
        emit_json({"database": path, "ok": ok, "checked": checked, "integrity": integrity or ["ok"],
                   "problems": messages})
    else:
        for table_name, count in sorted(checked.items()):
            click.echo(f"{table_name}: {count} rows, chain {'intact' if not problems else 'checked'}")
        click.echo(f"database {path}: " + ("integrity ok" if not integrity else "INTEGRITY PROBLEMS"))
        for m in messages:
            click.echo(f"PROBLEM: {m}")
        click.echo("verified: nothing was changed or removed" if ok else f"{len(messages)} problem(s) found")
    if not ok:
        ctx.exit(1)

