"""``councilkit people add|list|appoint|end``: the people in the store and the roles they hold.

Who runs a command (the person whose login is the operating-system account, or with
``--as PERSON`` that person) is decided by :class:`councilkit.workspace.Workspace`, as the
terminal UI decides it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from councilkit import people as P
from councilkit.cli.context import DATE, options, takes_council
from councilkit.cli.councils import load
from councilkit.cli.output import emit_json, json_data, table
from councilkit.settings import today


@click.group("people")
def people_group() -> None:
    """People and the roles they hold at each council, from and to a date."""


@people_group.command("add")
@click.argument("name")
@click.option("--login", help="The operating-system login that identifies them when they run councilkit.")
@click.option("--email")
@click.pass_context
def add_command(ctx: click.Context, name: str, login: str | None, email: str | None) -> None:
    """Add a person called NAME."""
    with options(ctx).workspace().open_store() as store:
        person = P.add_person(store, name, login, email)
    if options(ctx).json:
        emit_json(person)
    else:
        click.echo(f"added {person.name} as person #{person.id}" + (f" (login {person.login})" if person.login else ""))


@takes_council
@people_group.command("list")
@click.option("--on", "on", type=DATE, help="Roles held on this date (default: today).")
@click.pass_context
def list_command(ctx: click.Context, on: dt.date | None) -> None:
    """List people and the roles they hold (on a date; default today); --council: only those holding a role there."""
    day = on or today()
    council = options(ctx).council
    with options(ctx).workspace().open_store() as store:
        everyone = P.list_people(store)
        held = P.appointments(store, council_id=council, on=day)
    titles: dict[str, Any] = {}

    def title(council_id: str, role: str) -> str:
        if council_id not in titles:
            try:
                titles[council_id] = load(ctx, council_id)
            except Exception:  # a council no longer on disk: show the role id
                titles[council_id] = None
        c = titles[council_id]
        return c.title(role) if c is not None else role

    by_person: dict[int, list[P.Appointment]] = {}
    for a in held:
        by_person.setdefault(a.person_id, []).append(a)
    shown = [p for p in everyone if council is None or p.id in by_person]
    if options(ctx).json:
        emit_json({"on": day, "people": [{**json_data(p), "appointments": by_person.get(p.id, [])}
                                         for p in shown]})
        return
    rows = []
    for p in shown:
        roles = "; ".join(f"{title(a.council_id, a.role)} ({a.council_id}, from {a.from_date})"
                          for a in by_person.get(p.id, [])) or "-"
        rows.append([f"#{p.id}", p.name, p.login or "-", roles])
    if not rows:
        click.echo("nobody yet: add people with councilkit people add NAME --login LOGIN")
        return
    table(["ID", "NAME", "LOGIN", f"ROLES ON {day.isoformat()}"], rows)


@people_group.command("appoint")
@click.argument("person")
@click.argument("council")
@click.argument("role")
@click.option("--from", "from_date", type=DATE, help="First day in the role (default: today).")
@click.option("--to", "to_date", type=DATE, help="Last day in the role (default: until ended).")
@click.pass_context
def appoint_command(ctx: click.Context, person: str, council: str, role: str, from_date: dt.date | None,
                    to_date: dt.date | None) -> None:
    """Appoint PERSON to ROLE at COUNCIL."""
    c = load(ctx, council)
    with options(ctx).workspace().open_store() as store:
        who = P.find_person(store, person)
        a = P.appoint(store, who, c, role, from_date or today(), to_date)
    if options(ctx).json:
        emit_json(a)
    else:
        click.echo(f"appointed {who.name} {c.title(role)} at {c.name} from {a.from_date}"
                   + (f" to {a.to_date}" if a.to_date else "") + f" (appointment #{a.id})")


@people_group.command("end")
@click.argument("person")
@click.argument("council")
@click.argument("role")
@click.option("--on", "on", type=DATE, help="Their last day in the role (default: today).")
@click.pass_context
def end_command(ctx: click.Context, person: str, council: str, role: str, on: dt.date | None) -> None:
    """End PERSON's appointment to ROLE at COUNCIL: ON is their last day."""
    c = load(ctx, council)
    c.roles.require(role)
    day = on or today()
    with options(ctx).workspace().open_store() as store:
        who = P.find_person(store, person)
        current = P.current_appointment(store, who, c.id, role, day)
        ended = P.end_appointment(store, current, day)
    if options(ctx).json:
        emit_json(ended)
    else:
        click.echo(f"{who.name} holds {c.title(role)} at {c.name} until {ended.to_date} (appointment #{ended.id})")

