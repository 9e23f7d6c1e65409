"""``councilkit route``: which route a concern takes, step by step, by role or with the people on a date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from councilkit import people as P
from councilkit.cli.context import options
from councilkit.cli.councils import load
from councilkit.cli.output import echo, emit_json, json_data, wrap
from councilkit.cli.params import DATE
from councilkit.cli.stores import open_store
from councilkit.present.words import handler_text
from councilkit.routing import RouteAnswer, StepPreview, preview, resolve_route
from councilkit.settings import today


@click.command("route")
@click.argument("council")
@click.option("--raised-by", "raised_by", required=True, metavar="ROLE", help="The role raising the concern.")
@click.option("--about", metavar="ROLE", help="The role the concern is about.")
@click.option("--matter", help="The matter, for routes about a matter (e.g. interpretation).")
@click.option("--on", "on", type=DATE, help="Resolve to the people holding each role on this date.")
@click.option("--complainant", metavar="PERSON", help="Who raises it: never chosen to handle it (implies --on today).")
@click.option("--subject", metavar="PERSON", help="Whom it is about: never chosen to handle it (implies --on today).")
@click.pass_context
def route_command(ctx: click.Context, council: str, raised_by: str, about: str | None, matter: str | None,
                  on: dt.date | None, complainant: str | None, subject: str | None) -> None:
    """The route a concern raised by one role about another takes at COUNCIL, step by step.

    Each step gives its handler (with any stand-in and why), whom to consult and
    notify, the procedure, the working days allowed and the clauses that say so.
    With --on, --complainant or --subject, each role is resolved to the people who
    hold it on that date, and each deadline is counted from it.
    """
    c = load(ctx, council)
    answer = resolve_route(c, raised_by=raised_by, about=about, matter=matter)
    previews: tuple[StepPreview, ...] | None = None
    if on is not None or complainant or subject:
        day = on or today()
        with open_store(ctx) as store:
            parties: dict[int, str] = {}
            if complainant:
                parties[P.find_person(store, complainant).id] = "complainant"
            if subject:
                parties[P.find_person(store, subject).id] = "subject"
            previews = preview(c, answer, P.Directory(store, c).holders, day, parties)
    if options(ctx).json:
        data = json_data(answer)
        if previews is not None:
            data |= {"on": on or today(), "people": previews}
        emit_json(data)
        return
    show_answer(c, answer, previews)


def show_answer(c: Any, answer: RouteAnswer, previews: tuple[StepPreview, ...] | None) -> None:
    echo(f"{c.name}")
    echo(wrap(answer.message))
    if answer.route is None:
        echo()
        echo("If a case is opened, it goes to the adviser:")
    for n, step in enumerate(answer.steps, start=1):
        s = step.step
        echo()
        kinds = [s.mode, *(p.replace("_", " ") for p in s.procedure)]
        optional = ", optional" if s.optional else ""
        echo(f"{n}. {step.title} [{s.id}] ({', '.join(kinds)}{optional})")
        pv = previews[n - 1] if previews else None
        if pv is not None:
            a = pv.assignment
            if a.blocked:
                echo(wrap(f"BLOCKED: {a.blocked}", "   "))
            else:
                echo(wrap(f"Handled by: {handler_text(a, c)}", "   "))
                others = [e.name for e in a.eligible if e.person_id != a.person_id]
                if others:
                    echo(wrap(f"Also eligible: {', '.join(others)}", "   "))
        if step.handlers:
            echo(wrap("Handler: " + ", or ".join(h.title for h in step.handlers), "   "))
        for h in step.handlers:
            if h.instead_of:
                echo(wrap(f"Why the {h.title}: {h.why}", "   "))
        if step.blocked:
            echo(wrap(f"BLOCKED: {step.blocked}", "   "))
        for note in step.notes:
            echo(wrap(note, "   "))
        for label, items, contacts_ in (("Consult", step.consult, pv.consult if pv else None),
                                        ("Notify", step.notify, pv.notify if pv else None)):
            if not items:
                continue
            parts = []
            for i, item in enumerate(items):
                text = item.title
                if contacts_ is not None:
                    who = ", ".join(p.name for p in contacts_[i].people)
                    text += f" ({who})" if who else f" ({contacts_[i].waived})"
                elif item.note:
                    text += f" ({item.note})"
                parts.append(text)
            echo(wrap(f"{label}: {'; '.join(parts)}", "   "))
        if pv is not None and pv.deadline is not None:
            echo(wrap(f"Due: {pv.deadline.working()}", "   "))
        elif step.due_days is not None:
            echo(wrap(f"Due: within {step.due_days} working days ({step.days_source})", "   "))
        else:
            echo("   Due: no time limit set")
        outcomes = "; ".join(f"{o.id} ({o.label or o.id}) -> {o.next}" if o.next else
                             f"{o.id} ({o.label or o.id}): ends the route" for o in step.outcomes)
        echo(wrap(f"Outcomes: {outcomes}", "   "))
        for ob in s.obligations:
            echo(wrap(f"Obligation: {ob.text}", "   "))
        if s.description:
            echo(wrap(s.description, "   "))
        if step.cite:
            echo(f"   Clause: {', '.join(step.cite)}")

