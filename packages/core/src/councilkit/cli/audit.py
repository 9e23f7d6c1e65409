"""``councilkit audit verify`` and ``councilkit audit reads CASE``: is the record intact, and who opened a case.

``verify`` opens the store read-only (:func:`councilkit.store.audit.verify_file`): it never
creates, migrates or changes the file.  A file that is missing, empty, not a councilkit store
or too damaged to read is one line naming the file and what is wrong (exit 1); otherwise each
chain is reported and every problem found is listed (exit 1 if any).
"""

from __future__ import annotations

import click

from councilkit.cli.context import options
from councilkit.cli.output import emit_json, fail, table
from councilkit.present.words import safe, when


@click.group("audit")
def audit_group() -> None:
    """Check that the record has not been changed, and see who opened a case."""


@audit_group.command("verify")
@click.pass_context
def verify_command(ctx: click.Context) -> None:
    """Recompute every hash chain, check SQLite's integrity, each case's numbering and the record of changes to
    people; exit 1 on a problem.  The store is only read: a missing or foreign file is never created or changed."""
    from councilkit.store import StoreError
    from councilkit.store.audit import verify_file

    path = options(ctx).workspace().store_path()
    try:
        found = verify_file(path)
    except StoreError as exc:
        if options(ctx).json:
            emit_json({"database": str(path), "ok": False, "error": str(exc)})
            ctx.exit(1)
        fail(safe(str(exc), one_line=True), 1)
    if options(ctx).json:
        emit_json({"database": found.path, "ok": found.ok, "checked": found.checked,
                   "integrity": list(found.integrity) or ["ok"], "problems": found.problems,
                   "notes": list(found.notes)})
        if not found.ok:
            ctx.exit(1)
        return
    if found.integrity:
        first = safe(found.integrity[0], one_line=True)
        fail(f"{safe(found.path)}: SQLite's integrity check found {len(found.integrity)} problem(s) (first: "
             f"{first}); the file was not changed: restore it from a backup (docs/operations.md)", 1)
    for table_name, count in sorted(found.checked.items()):
        broken = any(p.startswith(f"{table_name} #") for p in found.chains)
        click.echo(f"{table_name}: {count} rows, chain {'BROKEN' if broken else 'intact'}")
    click.echo(f"database {safe(found.path)}: integrity ok")
    for note in found.notes:
        click.echo(f"note: {safe(note)}")
    for problem in found.problems:
        click.echo(f"PROBLEM: {safe(problem)}")
    click.echo("verified: nothing was changed or removed" if found.ok else f"{len(found.problems)} problem(s) found")
    if not found.ok:
        ctx.exit(1)


@audit_group.command("reads")
@click.argument("ref", metavar="CASE")
@click.pass_context
def reads_command(ctx: click.Context, ref: str) -> None:
    """Who opened CASE, when, and from which command or screen (the council's case officers who are not parties
    to it)."""
    ws = options(ctx).workspace()
    with ws.open_store() as store:
        book = ws.case_book(store)
        by = ws.case_actor(store, book, ref)
        reads = book.reads(ref, by)
    from councilkit.cases import parse_ref

    number = parse_ref(ref)
    if options(ctx).json:
        emit_json({"case": number, "reads": reads})
        return
    if not reads:
        click.echo(f"nobody has opened case #{number} since councilkit began recording who does")
        return
    table(["WHEN", "WHO", "FROM"],
          [[when(r.at), safe(r.person + (f" (recorded by {r.recorded_by})" if r.recorded_by else ""), one_line=True),
            safe(r.via, one_line=True)] for r in reads])
