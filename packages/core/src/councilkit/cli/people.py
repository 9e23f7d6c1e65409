"""``councilkit people add|change|list|appoint|end|history``: the people in the store and the roles they hold.

Only an administrator changes people (:class:`councilkit.people.admin.Administration`, reached
through :meth:`councilkit.workspace.Workspace.administration`, as the terminal UI reaches it):
adding someone takes an administrator of any council, appointing someone at a council an
administrator of that council.  Each change is recorded, with the account that made it, in the
hash-chained record ``councilkit people history`` shows and ``councilkit audit verify`` checks.
A refusal says who may and writes nothing.  An administrator who appoints themselves is shown as
self-appointed wherever appointments are listed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from councilkit import people as P
from councilkit.cli.context import DATE, options, takes_council
from councilkit.cli.councils import load
from councilkit.cli.output import emit_json, hint, json_data, table
from councilkit.present.words import safe, when
from councilkit.settings import today


@click.group("people")
def people_group() -> None:
    """People and the roles they hold at each council, from and to a date (administrators change them)."""


def appointment_data(a: P.Appointment) -> dict[str, Any]:
    """An appointment as JSON data, with who made it and whether they appointed themselves."""
    return {**json_data(a), "appointed_by": a.appointed_by, "self_appointed": a.self_appointed,
            "ended_by": a.ended_by}


@people_group.command("add")
@click.argument("name")
@click.option("--login", help="The operating-system login that identifies them when they run councilkit.")
@click.option("--email")
@click.pass_context
def add_command(ctx: click.Context, name: str, login: str | None, email: str | None) -> None:
    """Add a person called NAME (administrators only)."""
    ws = options(ctx).workspace()
    with ws.open_store() as store:
        person = ws.administration(store).add_person(name, login, email)
    if options(ctx).json:
        emit_json(person)
    else:
        click.echo(safe(f"added {person.name} as person #{person.id}"
                        + (f" (login {person.login})" if person.login else "")))


@people_group.command("change")
@click.argument("person")
@click.option("--name", help="Their new name.")
@click.option("--login", help="Their new login ('' removes it): who they are when they run councilkit.")
@click.option("--email", help="Their new email ('' removes it).")
@click.pass_context
def change_command(ctx: click.Context, person: str, name: str | None, login: str | None,
                   email: str | None) -> None:
    """Change PERSON's name, login or email (an administrator of every council where they hold a role)."""
    changes = {k: v for k, v in (("name", name), ("login", login), ("email", email)) if v is not None}
    if not changes:
        raise click.UsageError("say what to change: --name, --login or --email", ctx)
    ws = options(ctx).workspace()
    with ws.open_store() as store:
        admin = ws.administration(store)
        changed = admin.change_person(P.find_person(store, person), **changes)
    if options(ctx).json:
        emit_json(changed)
    else:
        click.echo(safe(f"changed person #{changed.id}: {changed.name}"
                        + (f" (login {changed.login})" if changed.login else " (no login)")))


@takes_council
@people_group.command("list")
@click.option("--on", "on", type=DATE, help="Roles held on this date (default: today).")
@click.pass_context
def list_command(ctx: click.Context, on: dt.date | None) -> None:
    """List people and the roles they hold (on a date; default today); --council: only those holding a role there.

    An appointment its holder made themselves (an administrator appointing themselves) is marked
    "self-appointed"."""
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
        emit_json({"on": day, "people": [{**json_data(p), "appointments": [appointment_data(a) for a in
                                                                            by_person.get(p.id, [])]}
                                         for p in shown]})
        return
    rows = []
    for p in shown:
        roles = "; ".join(f"{title(a.council_id, a.role)} ({a.council_id}, from {a.from_date}"
                          + (", self-appointed" if a.self_appointed else "") + ")"
                          for a in by_person.get(p.id, [])) or "-"
        rows.append([f"#{p.id}", safe(p.name, one_line=True), safe(p.login or "-", one_line=True), roles])
    if not rows:
        click.echo(f"nobody yet: an administrator adds people with {hint('people add NAME --login LOGIN')}")
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
    """Appoint PERSON to ROLE at COUNCIL (an administrator of COUNCIL)."""
    c = load(ctx, council)
    ws = options(ctx).workspace()
    with ws.open_store() as store:
        admin = ws.administration(store)
        who = P.find_person(store, person)
        a = admin.appoint(who, c, role, from_date or today(), to_date)
    if options(ctx).json:
        emit_json(appointment_data(a))
    else:
        click.echo(safe(f"appointed {who.name} {c.title(role)} at {c.name} from {a.from_date}"
                        + (f" to {a.to_date}" if a.to_date else "") + f" (appointment #{a.id})"
                        + (": self-appointed, and recorded as such" if a.self_appointed else "")))


@people_group.command("end")
@click.argument("person")
@click.argument("council")
@click.argument("role")
@click.option("--on", "on", type=DATE, help="Their last day in the role (default: today).")
@click.pass_context
def end_command(ctx: click.Context, person: str, council: str, role: str, on: dt.date | None) -> None:
    """End PERSON's appointment to ROLE at COUNCIL: ON is their last day (an administrator of COUNCIL)."""
    c = load(ctx, council)
    day = on or today()
    ws = options(ctx).workspace()
    with ws.open_store() as store:
        admin = ws.administration(store)
        ended = admin.end_appointment(P.find_person(store, person), c, role, day)
    if options(ctx).json:
        emit_json(appointment_data(ended))
    else:
        click.echo(safe(f"{ended.person_name} holds {c.title(role)} at {c.name} until {ended.to_date} "
                        f"(appointment #{ended.id})"))


@people_group.command("history")
@click.argument("person", required=False)
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="At most this many changes, the latest.")
@click.pass_context
def history_command(ctx: click.Context, person: str | None, limit: int) -> None:
    """The record of changes to people, appointments and administrators (of PERSON, if given): who made
    each, when.  `councilkit audit verify` checks that none was changed or removed."""
    from councilkit.people.log import history

    with options(ctx).workspace().open_store() as store:
        who = P.find_person(store, person) if person else None
        events = history(store, person_id=who.id if who else None)[-limit:]
    if options(ctx).json:
        emit_json({"events": [{"seq": e.seq, "at": e.at, "kind": e.kind, "login": e.login, "actor_id": e.actor_id,
                               "council": e.council_id, "person_id": e.person_id,
                               "appointment_id": e.appointment_id, "data": e.data, "summary": e.summary()}
                              for e in events]})
        return
    if not events:
        click.echo("no changes recorded" + (f" for {safe(who.name)}" if who else ""))
        return
    table(["WHEN", "BY", "CHANGE"], [[when(e.at), safe(e.login, one_line=True), safe(e.summary(), one_line=True)]
                                     for e in events])


from councilkit.cli.keys import key_group  # noqa: E402  (councilkit people key ...: SSH keys for councilkit serve)

people_group.add_command(key_group)
