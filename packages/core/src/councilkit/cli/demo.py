"""``councilkit demo``: a store of fictional people, cases in every state and register entries, for trying councilkit out."""

from __future__ import annotations

from pathlib import Path

import click

from councilkit.cli.output import REFUSED, emit_json, fail, table
from councilkit.demo import DemoError, default_demo_path, ensure_demo, report


@click.command("demo")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.pass_context
def demo_command(ctx: click.Context, as_json: bool) -> None:
    """Fill a demo store with fictional people and, for each seed council, cases in every state and register entries.

    The store is --db if given, else demo.db in the platform data directory,
    never your real store (so never COUNCILKIT_DB, which names it).  Run it again and nothing changes.
    It is the store the terminal UI's demo (councilkit --demo) shows.  Then try:
    councilkit --demo attention compton-parish, or
    councilkit --db PATH --as demo-alison.hartley case list
    """
    obj = ctx.find_root().obj or {}
    path = Path(obj["demo_db"]) if obj.get("demo_db") else default_demo_path()
    try:
        store = ensure_demo(path)
    except DemoError as exc:
        fail(str(exc), REFUSED)
    with store:
        result = report(store, created=False)
        created = store.conn.execute("SELECT count(*) FROM case_events").fetchone()[0]
        entries = dict(store.conn.execute(
            "SELECT council_id, count(*) FROM register_current GROUP BY council_id").fetchall())
    if as_json:
        emit_json({**result.as_dict(), "events": created, "register_entries": entries})
        return
    click.echo(f"demo store: {result.path}")
    click.echo(f"{result.people} fictional people; {created} case events; {sum(entries.values())} register entries")
    states = ("open", "overdue", "awaiting", "resolved", "closed")
    rows = [[cid, *(str(counts.get(s, 0)) for s in states), str(entries.get(cid, 0))]
            for cid, counts in sorted(result.cases.items())]
    table(["COUNCIL", *(s.upper() for s in states), "REGISTER ENTRIES"], rows)
    demo_flag = "--demo" if path == default_demo_path() else f"--demo --db {result.path}"
    click.echo(f"try: councilkit {demo_flag} attention compton-parish")
    click.echo(f"  or: councilkit --db {result.path} --as demo-alison.hartley case list")


COMMANDS = (demo_command,)
