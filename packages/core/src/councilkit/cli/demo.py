"""``councilkit demo``: a store of fictional people, cases in every state and register entries, for trying councilkit out."""

from __future__ import annotations

import click

from councilkit.cli.context import options
from councilkit.cli.output import echo, emit_json, hint, json_data, table
from councilkit.demo import default_demo_path, demo_counts, ensure_demo, report


@click.command("demo")
@click.pass_context
def demo_command(ctx: click.Context) -> None:
    """Fill a demo store with fictional people and, for each seed council, cases in every state and register entries.

    The store is --db if given, else demo.db in the platform data directory,
    never your real store (so never COUNCILKIT_DB, which names it).  Run it again and nothing changes.
    It is the store the terminal UI's demo (councilkit --demo) shows.  Then try:
    councilkit --demo attention compton-parish, or
    councilkit --demo --as demo-alison.hartley case list
    """
    path = options(ctx).db or default_demo_path()
    with ensure_demo(path) as store:
        result = report(store, created=False)
        counts = demo_counts(store)
    created, entries = counts.events, counts.register_entries
    if options(ctx).json:
        emit_json({**json_data(result), "events": created, "register_entries": entries})
        return
    echo(f"demo store: {result.path}")
    echo(f"{result.people} fictional people; {created} case events; {sum(entries.values())} register entries")
    states = ("open", "overdue", "awaiting", "resolved", "closed")
    rows = [[cid, *(str(counts.get(s, 0)) for s in states), str(entries.get(cid, 0))]
            for cid, counts in sorted(result.cases.items())]
    table(["COUNCIL", *(s.upper() for s in states), "REGISTER ENTRIES"], rows)
    demo_flag = "--demo" if path == default_demo_path() else f"--demo --db {result.path}"
    echo(f"try: {hint(f'{demo_flag} attention compton-parish')}")
    echo(f"  or: {hint(f'{demo_flag} --as demo-alison.hartley case list')}")
