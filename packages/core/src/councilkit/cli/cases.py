"""``councilkit case open|list|show|advance|note|close|reopen``: cases from a concern to its closure.

Every command acts as the person running it (their login) or, for an
administrator, ``--as PERSON``.  A refused move (skipping a mandatory step,
deciding before consulting, closing with obligations open, acting when you are
not the handler) or a conflict with another clerk's change prints one line
saying why and exits 2; nothing is written.  Each move is made through
:func:`councilkit.cases.make_move`, as the terminal UI makes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from councilkit import people as P
from councilkit.cases import MOVES, STATUSES, Case, Change, make_move
from councilkit.cli.context import options, takes_council
from councilkit.cli.councils import load
from councilkit.cli.output import echo, echo_wrapped, emit_json, hint, json_data, table, warn, wrap
from councilkit.cli.params import DATE, PAGE, VERSION
from councilkit.cli.stores import open_store
from councilkit.present.words import (
    case_state,
    date_text,
    handler_text,
    obligation_state,
    requirement_state,
    state_word,
    step_status,
)
from councilkit.settings import today
from councilkit.store import Store

on_option = click.option("--on", "on", type=DATE, help="The day it happened (default: today; never in the future).")
version_option = click.option(
    "--version", "version", type=VERSION, metavar="N",
    help="The case's version you read (case show); refused if it has changed since.")
why_option = click.option("--why", default="", help="Why: recorded on the event.")

#: the moves ``case advance`` makes (note, close and reopen have commands of their own)
ACTIONS = ("start", "consulted", "notified", "outcome", "escalate", "resolve")


def report(change: Change) -> None:
    day = today()
    if options().json:
        emit_json(change, today=day)
    else:
        c = change.case
        for e in change.events:
            echo(f"case {c.ref}, event {e.n}: {e.summary()}", hanging="  ")
        echo(f"case {c.ref} is {case_state(c, day)} (version {c.version})", hanging="  ")
    for w in change.warnings:
        warn(w)


def move(ctx: click.Context, ref: str, name: str, *, person: str | None = None, handler: str | None = None,
         **kwargs: Any) -> None:
    """Make the move ``name`` on case ``ref`` as the person running the command, and report it."""
    ws = options(ctx).workspace()
    with open_store(ctx, reading=False) as store:
        book = ws.case_book(store)
        by = ws.case_actor(store, book, ref)  # a case you may not reach is answered as a missing one
        change = make_move(book, name, ref, by, person=_person(store, person), handler=_person(store, handler),
                           **kwargs)
    report(change)


def _person(store: Store, ref: str | None) -> P.Person | None:
    return P.find_person(store, ref) if ref else None


@click.group("case")
def case_group() -> None:
    """Cases: a concern taken along its council's route, from opening to closure."""


@case_group.command("open")
@click.argument("council")
@click.option("--complainant", required=True, metavar="PERSON", help="Who raises the concern.")
@click.option("--subject", metavar="PERSON", help="Whom it is about (leave out for a matter).")
@click.option("--raised-by", "raised_by", metavar="ROLE", help="The complainant's role (default: the roles they hold).")
@click.option("--about", metavar="ROLE", help="The subject's role (default: the roles they hold).")
@click.option("--matter", help="The matter, for routes about one (e.g. interpretation).")
@click.option("--route", "route_id", metavar="ROUTE", help="Take this route (default: the roles choose).")
@click.option("--title", default="", help="A short title (default: who and whom).")
@click.option("--step", help="Start at this step (only optional steps may be skipped).")
@click.option("--handler", metavar="PERSON", help="Who handles the first step, among those eligible.")
@why_option
@on_option
@click.pass_context
def open_command(ctx: click.Context, council: str, complainant: str, subject: str | None, raised_by: str | None,
                 about: str | None, matter: str | None, route_id: str | None, title: str, step: str | None,
                 handler: str | None, why: str, on: dt.date | None) -> None:
    """Open a case at COUNCIL: the route is chosen and its first step starts."""
    c = load(ctx, council)
    ws = options(ctx).workspace()
    with open_store(ctx, reading=False) as store:
        by = ws.actor(store, c)
        change = ws.case_book(store).open(
            c, by, complainant=P.find_person(store, complainant), subject=_person(store, subject),
            raised_by=raised_by, about=about, matter=matter, route=route_id, title=title, description=why,
            step=step, handler=_person(store, handler), on=on)
    report(change)


@takes_council
@case_group.command("list")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only cases with this status (repeatable).")
@click.option("--overdue", is_flag=True, help="Only cases whose step in progress is past its deadline.")
@click.option("--mine", is_flag=True, help="Only cases you handle now.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True, help="Cases per page.")
@click.option("--page", type=PAGE, default=1, show_default=True, help="Which page of the list.")
@click.pass_context
def list_command(ctx: click.Context, statuses: tuple[str, ...], overdue: bool, mine: bool, limit: int,
                 page: int) -> None:
    """List the cases you may see, newest first (--council: only that council's)."""
    day = today()
    council = options(ctx).council
    where = load(ctx, council) if council else None
    ws = options(ctx).workspace()
    with open_store(ctx, reading=False) as store:
        by = ws.actor(store, where)
        result = ws.case_book(store).list(
            by, council_id=council, status=statuses or None, overdue=overdue, handler=by.person if mine else None,
            limit=limit, offset=(page - 1) * limit, on=day)
    if options(ctx).json:
        emit_json(result, today=day)
        return
    if not result.cases:
        echo("no cases match" if statuses or overdue or mine else
             "no cases you can see" + (f" at {where.name}" if where else ""))
        return
    rows = []
    for s in result.cases:
        step = s.current_step or (f"next: {s.pending_step}" if s.pending_step else "-")
        rows.append([s.ref, s.council_id, state_word(s, day), step, s.handler or "-", date_text(s.due), s.title])
    table(["CASE", "COUNCIL", "STATE", "STEP", "HANDLER", "DUE", "TITLE"], rows)
    shown_to = result.offset + len(result.cases)
    if result.total > shown_to or result.offset:
        echo(f"{result.offset + 1}-{shown_to} of {result.total}"
                   + (f"; next: --page {page + 1}" if result.total > shown_to else ""))


@case_group.command("show")
@click.argument("ref", metavar="CASE")
@click.pass_context
def show_command(ctx: click.Context, ref: str) -> None:
    """Show a case: its parties, each step with its handler and deadline, and every event."""
    day = today()
    ws = options(ctx).workspace()
    with open_store(ctx, reading=False) as store:
        book = ws.case_book(store)
        by = ws.case_actor(store, book, ref)
        case = book.read(ref, by, via="councilkit case show")  # opening a case to look at it is recorded
        waiting = book.waiting_for(case, day)
        council = book.council(case.council_id)
    if options(ctx).json:
        emit_json({**json_data(case, today=day), "waiting_for": waiting}, today=day)
        return
    show_case(council, case, waiting, day)


def show_case(council: Any, case: Case, waiting: Any, day: dt.date) -> None:
    t = council.title
    echo(f"Case {case.ref}: {case.title}", hanging="  ")
    facts = [("Council", council.name), ("Route", f"{case.route_title} ({case.route_id})"),
             ("Raised by", f"{case.complainant} ({t(case.raised_by)})")]
    if case.subject:
        facts.append(("About", f"{case.subject} ({t(case.about) if case.about else '-'})"))
    if case.matter:
        facts.append(("Matter", case.matter))
    facts.append(("Opened", f"{case.opened_on}" + (f"; closed {case.closed_on}" if case.closed_on else "")
                  + (f"; reopened {case.reopened}x" if case.reopened else "")))
    state = case_state(case, day)
    facts.append(("State", f"{state.upper() if case.overdue(day) else state} (version {case.version})"))
    for label, value in facts:
        echo(f"  {label}: {value}", hanging="    ")
    if case.description:
        echo(wrap(case.description, "  "))
    if waiting is not None:
        if waiting.blocked:
            echo(wrap(f"BLOCKED: {waiting.blocked}", "  "))
        else:
            echo(wrap(f"Next: step {case.pending!r} would be handled by {handler_text(waiting, council)}"
                            f"; start it with: {hint(f'case advance {case.id} start')}", "  "))
    echo()
    echo("Steps:")
    for run in case.steps:
        echo(f"  {run.title} [{run.step_id}]: {step_status(run)}", hanging="    ")
        echo_wrapped(f"Handler: {run.handler} ({run.handler_title}), from {run.started_on}", "    ", hanging="      ")
        if run.why:
            echo_wrapped(f"Why: {run.why}", "    ", hanging="      ")
        if run.deadline is not None:
            flag = ""
            if run.in_progress:
                flag = f" [{run.deadline.status(day)}]"
            echo_wrapped(f"Due: {run.deadline.working()}{flag}", "    ", hanging="      ")
        for label, reqs in (("Consult", run.consult), ("Notify", run.notify)):
            for r in reqs:
                echo_wrapped(f"{label} {r.who()}: {requirement_state(r.done, r.waived)}", "    ", hanging="      ")
        for oid, text, done in run.obligations:
            echo_wrapped(f"Obligation {oid}: {text}: {obligation_state(done)}", "    ", hanging="      ")
    echo()
    echo("Events:")
    for e in case.events:
        who = e.actor + (f" (recorded by {e.recorded_by})" if e.recorded_by else "")
        echo_wrapped(f"{e.n}. {e.on} {who}: {e.summary()}", "  ", hanging="     ")
        if e.reason and e.kind != "opened":
            echo_wrapped(f"why: {e.reason}", "     ", hanging="          ")


@case_group.command("advance")
@click.argument("ref", metavar="CASE")
@click.argument("action", type=click.Choice(ACTIONS), metavar="MOVE")
@click.argument("arg", required=False, metavar="[STEP|ROLE|OUTCOME]")
@click.option("--person", metavar="PERSON", help="consulted/notified: the person (default: the one holding the role).")
@click.option("--handler", metavar="PERSON", help="Who handles the step that starts, among those eligible.")
@why_option
@on_option
@version_option
@click.pass_context
def advance_command(ctx: click.Context, ref: str, action: str, arg: str | None, person: str | None,
                    handler: str | None, why: str, on: dt.date | None, version: int | None) -> None:
    """Move CASE along its route: MOVE is one of these.

    \b
    start [STEP]       start the step the case waits for (or a later
                       one, past optional steps)
    consulted ROLE     the handler consulted ROLE (before deciding)
    notified ROLE      the handler advised or notified ROLE (before
                       closing)
    outcome OUTCOME    the handler decides the step: the outcome leads
                       on or ends the route
    escalate [STEP]    take the step further without a decision (--why
                       required)
    resolve [OUTCOME]  the handler resolves the concern at this step
    """
    kind = MOVES[action]
    if kind.required and not arg:
        raise click.UsageError(f"'{action}' needs {'an' if kind.metavar[0] in 'AEIOU' else 'a'} {kind.metavar}: {hint(f'case advance {ref} {action} {kind.metavar}')}")
    move(ctx, ref, action, choice=arg, person=person, handler=handler, why=why, on=on, version=version)


@case_group.command("note")
@click.argument("ref", metavar="CASE")
@click.argument("text")
@click.option("--discharges", metavar="OBLIGATION", help="The obligation this note shows was met.")
@on_option
@version_option
@click.pass_context
def note_command(ctx: click.Context, ref: str, text: str, discharges: str | None, on: dt.date | None,
                 version: int | None) -> None:
    """Add a note to CASE (anyone who may see it)."""
    move(ctx, ref, "note", choice=discharges, why=text, on=on, version=version)


@case_group.command("close")
@click.argument("ref", metavar="CASE")
@click.option("--withdrawn", is_flag=True, help="The concern is withdrawn before it is resolved (--why required).")
@why_option
@on_option
@version_option
@click.pass_context
def close_command(ctx: click.Context, ref: str, withdrawn: bool, why: str, on: dt.date | None,
                  version: int | None) -> None:
    """Close CASE: resolved, with every obligation met (or withdrawn, with a reason)."""
    move(ctx, ref, "withdraw" if withdrawn else "close", why=why, on=on, version=version)


@case_group.command("reopen")
@click.argument("ref", metavar="CASE")
@click.option("--step", help="Reopen at this step (default: the last step it ran).")
@click.option("--handler", metavar="PERSON", help="Who handles the step, among those eligible.")
@why_option
@on_option
@version_option
@click.pass_context
def reopen_command(ctx: click.Context, ref: str, step: str | None, handler: str | None, why: str,
                   on: dt.date | None, version: int | None) -> None:
    """Reopen a closed CASE (--why required)."""
    move(ctx, ref, "reopen", choice=step, handler=handler, why=why, on=on, version=version)
