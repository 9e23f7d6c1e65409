"""``councilkit attention COUNCIL``: what needs your attention there, as the terminal UI's Home shows it.

Case steps overdue or due within a week (of the cases you may see), register
clocks overdue or running out, and the protocol's review when it is due:
overdue first, then by date.  It acts as the person running it (their login) or,
for an administrator, ``--as PERSON``; someone who is no person in the store
sees what the public may see: no cases, no confidential register entries.  With
``--demo`` it reads the demo store, where such a login is the demo's
administrator and sees what the council's case officer sees, as in the terminal UI.
"""

from __future__ import annotations

import click

from councilkit.attention import CASE_LIMIT, WITHIN_DAYS, attention_items
from councilkit.cli.context import options
from councilkit.cli.councils import load
from councilkit.cli.output import echo, emit_json, table
from councilkit.cli.registers import viewer
from councilkit.cli.stores import open_store
from councilkit.present.words import acting_note, date_text
from councilkit.settings import today


@click.command("attention")
@click.argument("council")
@click.option("--within", type=click.IntRange(0, 366), default=WITHIN_DAYS, show_default=True,
              help="Also what falls due within this many days.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=CASE_LIMIT, show_default=True,
              help="List at most this many case steps (the most overdue); the rest are counted.")
@click.pass_context
def attention_command(ctx: click.Context, council: str, within: int, limit: int) -> None:
    """What needs attention at COUNCIL: late case steps, register clocks, the protocol's review."""
    c = load(ctx, council)
    day = today()
    ws = options(ctx).workspace()
    with open_store(ctx) as store:
        identity, by = ws.who_acts(store, c)
        who = viewer(ctx, store, c)
        items = attention_items(c, day, store=store, viewer=by, book=ws.case_book(store),
                                within_days=within, case_limit=limit)
    if options(ctx).json:
        emit_json({"council": c.id, "on": day, "viewer": who, "recorded_by": by.recorded_by if by else None,
                   "demo_admin": identity.demo_admin, "within_days": within, "items": items}, today=day)
        return
    if not items:
        echo(f"Nothing needs attention at {c.name} within {within} days.")
        return
    how = acting_note(identity, by)
    how = f"; {how}" if how else ""
    echo(f"{c.name}: {len(items)} item{'s' if len(items) != 1 else ''} needing attention"
         + (f" (as {who.name}{how})" if who else " (what the public may see)"))
    table(["DUE", "STATUS", "WHAT", "OPEN"],
          [[date_text(i.due), i.status, i.text, f"{i.kind} {i.ref}".strip()] for i in items])

