"""``councilkit worklist`` and ``councilkit moves CASE``: the case list overdue first, and what a case allows next.

These print what the terminal UI's Cases screens show: the list a page at a
time (give ``--cursor`` back for the next), and for one case the actions it
allows next, with what each needs choosing and who may take it.
"""

from __future__ import annotations

import click

from councilkit.cases import PAGE, SHOW, Worklist, next_moves
from councilkit.cli.context import REFUSED, options, takes_council
from councilkit.cli.councils import load
from councilkit.cli.output import echo, echo_wrapped, emit_json, fail, table, wrap
from councilkit.cli.stores import open_store
from councilkit.present.words import date_text, state_word
from councilkit.settings import today


@takes_council
@click.command("worklist")
@click.option("--show", type=click.Choice(list(SHOW)), default="active", show_default=True,
              help="Which cases: active (not closed), overdue, open, awaiting, resolved, closed or all.")
@click.option("--limit", type=click.IntRange(1, 1000), default=PAGE, show_default=True, help="Cases per page.")
@click.option("--cursor", metavar="CURSOR", help="Continue from where the last page ended.")
@click.pass_context
def worklist_command(ctx: click.Context, show: str, limit: int, cursor: str | None) -> None:
    """The cases you may see, overdue first, then open, awaiting, resolved and closed; newest first in each
    (--council: only that council's)."""
    day = today()
    council = options(ctx).council
    where = load(ctx, council) if council else None
    ws = options(ctx).workspace()
    with open_store(ctx, reading=False) as store:
        by = ws.actor(store, where)
        work = Worklist(ws.case_book(store), by, council_id=where.id if where else None, show=show, on=day)
        try:
            page = work.page(cursor, limit)
        except ValueError as exc:  # a cursor that is not one of this list's
            fail(str(exc), REFUSED)
    if options(ctx).json:
        emit_json(page, today=day)
        return
    if not page.cases:
        echo("no cases match" if show != "active" else "no cases you can see" + (f" at {where.name}" if where else ""))
    else:
        rows = []
        for s in page.cases:
            step = s.current_step or (f"next: {s.pending_step}" if s.pending_step else "-")
            rows.append([s.ref, s.council_id, state_word(s, day), step, s.handler or "-", date_text(s.due), s.title])
        table(["CASE", "COUNCIL", "STATE", "STEP", "HANDLER", "DUE", "TITLE"], rows)
    echo(f"{page.total:,} case{'s' if page.total != 1 else ''}"
               + (f"; next page: --cursor {page.cursor}" if page.cursor else ""))


@click.command("moves")
@click.argument("ref", metavar="CASE")
@click.pass_context
def moves_command(ctx: click.Context, ref: str) -> None:
    """What CASE allows next: each action, what it needs choosing, and who may take it."""
    day = today()
    ws = options(ctx).workspace()
    with open_store(ctx, reading=False) as store:
        book = ws.case_book(store)
        by = ws.case_actor(store, book, ref)
        case = book.read(ref, by, via="councilkit moves")  # recorded, as case show is
        moves = next_moves(book, case, day)
    if options(ctx).json:
        emit_json({"case": case.id, "version": case.version, "moves": moves}, today=day)
        return
    echo(f"Case {case.ref}: {case.title} (version {case.version})", hanging="  ")
    for m in moves:
        echo(f"  {m.action:<10} {m.label}: {m.who}" + ("; --why required" if m.why_required else ""),
             hanging=" " * 13)
        for c in m.choices:
            echo_wrapped(f"{m.choose} {c.id}: {c.label}" + (f" ({c.detail})" if c.detail else ""), "      ",
                         hanging="        ")
        for h in m.handlers:
            echo_wrapped(f"handler #{h.id}: {h.label} ({h.detail})", "      ", hanging="        ")
        if m.note:
            echo(wrap(m.note, "      "))

