"""``councilkit audit verify``: recompute the hash chains and check the database file."""

from __future__ import annotations

import importlib
import importlib.util

import click

from councilkit.cli.context import options
from councilkit.cli.output import emit_json

#: the modules that declare append-only, hash-chained tables; each registers its own on import
CHAINED_MODULES = ("councilkit.cases.book", "councilkit.registers.service")


def load_chained_tables() -> None:
    for name in CHAINED_MODULES:
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)


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
        messages = [str(p) for p in problems]
        gaps = store.query(
            "SELECT c.id, c.version, count(e.seq) AS events, coalesce(max(e.n), 0) AS last"
            " FROM cases c LEFT JOIN case_events e ON e.case_id = c.id GROUP BY c.id"
            " HAVING c.version != count(e.seq) OR coalesce(max(e.n), 0) != count(e.seq)")
        for g in gaps:
            messages.append(f"case #{g['id']}: {g['events']} events numbered up to {g['last']}, "
                            f"but the case says version {g['version']} (an event is missing or was added outside "
                            "councilkit)")
        messages = [f"database: {m}" for m in integrity] + messages
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

