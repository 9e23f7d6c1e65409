"""``councilkit case open|list|show|advance|note|close|reopen``: cases from a concern to its closure.

Every command acts as the person running it (their login) or, for an
administrator, ``--as PERSON``.  A refused move (skipping a mandatory step,
deciding before consulting, closing with obligations open, acting when you are
not the handler) or a conflict with another clerk's change prints one line
saying why and exits 2; nothing is written.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import click

from councilkit import people as P
from councilkit.cases import (
    STATUSES,
    Case,
    CaseBook,
    Change,
    RefusedError,
    UnknownCaseError,
    parse_ref,
)
from councilkit.cli.councils import councils_dir, load
from councilkit.cli.output import REFUSED, emit_json, fail, table, wrap
from councilkit.cli.people import DATE, actor, demo_mode, store_for
from councilkit.present.words import (
    case_state,
    date_text,
    handler_text,
    obligation_state,
    requirement_state,
    state_word,
    step_status,
)
from councilkit.routing import DeadlineError, NotEligibleError
from councilkit.settings import today
from councilkit.store import ConflictError, Store

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
on_option = click.option("--on", "on", type=DATE, help="The day it happened (default: today; never in the future).")
version_option = click.option(
    "--version", "version", type=click.IntRange(min=0), metavar="N",
    help="The case's version you read (case show); refused if it has changed since.")
why_option = click.option("--why", default="", help="Why: recorded on the event.")

ACTIONS = ("start", "consulted", "notified", "outcome", "escalate", "resolve")


def refusals(fn: Any) -> Any:
    """A refusal or a conflict: one line, exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (RefusedError, ConflictError, P.PeopleError, NotEligibleError, DeadlineError) as exc:
            fail(str(exc), REFUSED)

    return wrapper


def book_for(ctx: click.Context, store: Store) -> CaseBook:
    from councilkit.councilfile import load_council

    return CaseBook(store, councils=lambda cid: load_council(cid, councils=councils_dir(ctx)))


def case_council(ctx: click.Context, store: Store, ref: str) -> Any:
    """The council of case ``ref`` (for the --as check), or None if there is no such case.

    In the demo (where who acts depends on the council) there is nobody to act
    as for a case that does not exist: that is said at once.
    """
    case_id = parse_ref(ref)
    row = store.conn.execute("SELECT council_id FROM cases WHERE id = ?", (case_id,)).fetchone()
    if row is None and demo_mode(ctx):
        raise UnknownCaseError(f"no case #{case_id}")
    return load(ctx, row[0]) if row else None


def report(change: Change, as_json: bool) -> None:
    day = today()
    if as_json:
        emit_json(change.as_dict(day))
    else:
        c = change.case
        for e in change.events:
            click.echo(f"case {c.ref} #{e.n}: {e.summary()}")
        click.echo(f"case {c.ref} is {case_state(c, day)} (version {c.version})")
    for w in change.warnings:
        click.echo(f"warning: {w}", err=True)


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
@json_option
@click.pass_context
@refusals
def open_command(ctx: click.Context, council: str, complainant: str, subject: str | None, raised_by: str | None,
                 about: str | None, matter: str | None, route_id: str | None, title: str, step: str | None,
                 handler: str | None, why: str, on: dt.date | None, as_json: bool) -> None:
    """Open a case at COUNCIL: the route is chosen and its first step starts."""
    c = load(ctx, council)
    with store_for(ctx) as store:
        by = actor(ctx, store, c)
        book = book_for(ctx, store)
        change = book.open(
            c, by, complainant=P.find_person(store, complainant),
            subject=P.find_person(store, subject) if subject else None, raised_by=raised_by, about=about,
            matter=matter, route=route_id, title=title, description=why, step=step,
            handler=P.find_person(store, handler) if handler else None, on=on)
    report(change, as_json)


@case_group.command("list")
@click.option("--council", help="Only this council's cases.")
@click.option("--status", "statuses", multiple=True, type=click.Choice(STATUSES),
              help="Only cases with this status (repeatable).")
@click.option("--overdue", is_flag=True, help="Only cases whose step in progress is past its deadline.")
@click.option("--mine", is_flag=True, help="Only cases you handle now.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True, help="Cases per page.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True)
@json_option
@click.pass_context
def list_command(ctx: click.Context, council: str | None, statuses: tuple[str, ...], overdue: bool, mine: bool,
                 limit: int, page: int, as_json: bool) -> None:
    """List the cases you may see, newest first."""
    day = today()
    where = load(ctx, council) if council else None
    with store_for(ctx) as store:
        by = actor(ctx, store, where)
        book = book_for(ctx, store)
        result = book.list(by, council_id=council, status=statuses or None, overdue=overdue,
                           handler=by.person if mine else None, limit=limit, offset=(page - 1) * limit, on=day)
    if as_json:
        emit_json(result.as_dict(day))
        return
    if not result.cases:
        click.echo("no cases" + (" match" if council or statuses or overdue or mine else " you can see"))
        return
    rows = []
    for s in result.cases:
        step = s.current_step or (f"next: {s.pending_step}" if s.pending_step else "-")
        rows.append([s.ref, s.council_id, state_word(s, day), step, s.handler or "-", date_text(s.due), s.title])
    table(["CASE", "COUNCIL", "STATE", "STEP", "HANDLER", "DUE", "TITLE"], rows)
    shown_to = result.offset + len(result.cases)
    if result.total > shown_to or result.offset:
        click.echo(f"{result.offset + 1}-{shown_to} of {result.total}"
                   + (f"; next: --page {page + 1}" if result.total > shown_to else ""))


@case_group.command("show")
@click.argument("ref", metavar="CASE")
@json_option
@click.pass_context
@refusals
def show_command(ctx: click.Context, ref: str, as_json: bool) -> None:
    """Show a case: its parties, each step with its handler and deadline, and every event."""
    day = today()
    with store_for(ctx) as store:
        council = case_council(ctx, store, ref)
        by = actor(ctx, store, council)
        book = book_for(ctx, store)
        case = book.get(ref, by)
        waiting = book.waiting_for(case, day)
        council = book.council(case.council_id)
    if as_json:
        data = case.as_dict(day)
        data["waiting_for"] = waiting.as_dict() if waiting else None
        emit_json(data)
        return
    show_case(council, case, waiting, day)


def show_case(council: Any, case: Case, waiting: Any, day: dt.date) -> None:
    t = council.title
    click.echo(f"Case {case.ref}: {case.title}")
    click.echo(f"  Council: {council.name}")
    click.echo(f"  Route: {case.route_title} ({case.route_id})")
    click.echo(f"  Raised by: {case.complainant} ({t(case.raised_by)})")
    if case.subject:
        click.echo(f"  About: {case.subject} ({t(case.about) if case.about else '-'})")
    if case.matter:
        click.echo(f"  Matter: {case.matter}")
    click.echo(f"  Opened: {case.opened_on}" + (f"; closed {case.closed_on}" if case.closed_on else "")
               + (f"; reopened {case.reopened}x" if case.reopened else ""))
    state = case_state(case, day)
    click.echo(f"  State: {state.upper() if case.overdue(day) else state} (version {case.version})")
    if case.description:
        click.echo(wrap(case.description, "  "))
    if waiting is not None:
        if waiting.blocked:
            click.echo(wrap(f"BLOCKED: {waiting.blocked}", "  "))
        else:
            click.echo(wrap(f"Next: step {case.pending!r} would be handled by {handler_text(waiting, council)}"
                            f"; start it with: councilkit case advance {case.id} start", "  "))
    click.echo()
    click.echo("Steps:")
    for run in case.steps:
        click.echo(f"  {run.title} [{run.step_id}]: {step_status(run)}")
        click.echo(wrap(f"Handler: {run.handler} ({run.handler_title}), from {run.started_on}", "    "))
        if run.why:
            click.echo(wrap(f"Why: {run.why}", "    "))
        if run.deadline is not None:
            flag = ""
            if run.in_progress:
                flag = f" [{run.deadline.status(day)}]"
            click.echo(wrap(f"Due: {run.deadline.working()}{flag}", "    "))
        for label, reqs in (("Consult", run.consult), ("Notify", run.notify)):
            for r in reqs:
                click.echo(wrap(f"{label} {r.who()}: {requirement_state(r.done, r.waived)}", "    "))
        for oid, text, done in run.obligations:
            click.echo(wrap(f"Obligation {oid}: {text}: {obligation_state(done)}", "    "))
    click.echo()
    click.echo("Events:")
    for e in case.events:
        who = e.actor + (f" (recorded by {e.recorded_by})" if e.recorded_by else "")
        click.echo(wrap(f"{e.n}. {e.on} {who}: {e.summary()}", "  "))
        if e.reason and e.kind != "opened":
            click.echo(wrap(f"why: {e.reason}", "       "))


@case_group.command("advance")
@click.argument("ref", metavar="CASE")
@click.argument("action", type=click.Choice(ACTIONS))
@click.argument("arg", required=False, metavar="[STEP|ROLE|OUTCOME]")
@click.option("--person", metavar="PERSON", help="consulted/notified: the person (default: the one holding the role).")
@click.option("--handler", metavar="PERSON", help="Who handles the step that starts, among those eligible.")
@why_option
@on_option
@version_option
@json_option
@click.pass_context
@refusals
def advance_command(ctx: click.Context, ref: str, action: str, arg: str | None, person: str | None,
                    handler: str | None, why: str, on: dt.date | None, version: int | None, as_json: bool) -> None:
    """Move CASE along its route.

    \b
    start [STEP]        start the step the case waits for (or a later one past optional steps)
    consulted ROLE      the handler consulted ROLE (before deciding)
    notified ROLE       the handler advised or notified ROLE (before closing)
    outcome OUTCOME     the handler decides the step: the outcome leads on or ends the route
    escalate [STEP]     take the step further without a decision (--why required)
    resolve [OUTCOME]   the handler resolves the concern at this step
    """
    needs_arg = {"consulted": "ROLE", "notified": "ROLE", "outcome": "OUTCOME"}
    if action in needs_arg and not arg:
        raise click.UsageError(f"'{action}' needs a {needs_arg[action]}: councilkit case advance {ref} {action} "
                               f"{needs_arg[action]}")
    with store_for(ctx) as store:
        by = actor(ctx, store, case_council(ctx, store, ref))
        book = book_for(ctx, store)
        who = P.find_person(store, person) if person else None
        chosen = P.find_person(store, handler) if handler else None
        common: dict[str, Any] = {"on": on, "version": version}
        if action == "start":
            change = book.start(ref, by, step=arg, handler=chosen, why=why, **common)
        elif action == "consulted":
            change = book.consult(ref, by, arg or "", person=who, why=why, **common)
        elif action == "notified":
            change = book.notify(ref, by, arg or "", person=who, why=why, **common)
        elif action == "outcome":
            change = book.record_outcome(ref, by, arg or "", why=why, handler=chosen, **common)
        elif action == "escalate":
            change = book.escalate(ref, by, to=arg, why=why, handler=chosen, **common)
        else:
            change = book.resolve(ref, by, outcome=arg, why=why, **common)
    report(change, as_json)


@case_group.command("note")
@click.argument("ref", metavar="CASE")
@click.argument("text")
@click.option("--discharges", metavar="OBLIGATION", help="The obligation this note shows was met.")
@on_option
@version_option
@json_option
@click.pass_context
@refusals
def note_command(ctx: click.Context, ref: str, text: str, discharges: str | None, on: dt.date | None,
                 version: int | None, as_json: bool) -> None:
    """Add a note to CASE (anyone who may see it)."""
    with store_for(ctx) as store:
        by = actor(ctx, store, case_council(ctx, store, ref))
        change = book_for(ctx, store).note(ref, by, text, discharges=discharges, on=on, version=version)
    report(change, as_json)


@case_group.command("close")
@click.argument("ref", metavar="CASE")
@click.option("--withdrawn", is_flag=True, help="The concern is withdrawn before it is resolved (--why required).")
@why_option
@on_option
@version_option
@json_option
@click.pass_context
@refusals
def close_command(ctx: click.Context, ref: str, withdrawn: bool, why: str, on: dt.date | None,
                  version: int | None, as_json: bool) -> None:
    """Close CASE: resolved, with every obligation met (or withdrawn, with a reason)."""
    with store_for(ctx) as store:
        by = actor(ctx, store, case_council(ctx, store, ref))
        change = book_for(ctx, store).close(ref, by, why=why, withdrawn=withdrawn, on=on, version=version)
    report(change, as_json)


@case_group.command("reopen")
@click.argument("ref", metavar="CASE")
@click.option("--step", help="Reopen at this step (default: the last step it ran).")
@click.option("--handler", metavar="PERSON", help="Who handles the step, among those eligible.")
@why_option
@on_option
@version_option
@json_option
@click.pass_context
@refusals
def reopen_command(ctx: click.Context, ref: str, step: str | None, handler: str | None, why: str,
                   on: dt.date | None, version: int | None, as_json: bool) -> None:
    """Reopen a closed CASE (--why required)."""
    with store_for(ctx) as store:
        by = actor(ctx, store, case_council(ctx, store, ref))
        chosen = P.find_person(store, handler) if handler else None
        change = book_for(ctx, store).reopen(ref, by, why=why, step=step, handler=chosen, on=on, version=version)
    report(change, as_json)


COMMANDS = (case_group,)
