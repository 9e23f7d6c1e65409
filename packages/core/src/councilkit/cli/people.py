"""``councilkit people add|list|appoint|end``: the people in the store and the roles they hold.

This module also says who is running a command (:func:`actor`): the person whose
login is the operating-system account, or, with ``--as PERSON``, that person,
recording the administrator's login on every event written.
"""

from __future__ import annotations

import datetime as dt
import getpass
from typing import Any

import click

from .. import people as P
from ..clock import today
from ..store import ConflictError, Store, open_store
from .councils import load
from .output import REFUSED, emit_json, fail, table

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


class DateParam(click.ParamType):
    """An ISO date, 2026-11-23, with a message that says so."""

    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date like 2026-11-23", param, ctx)


DATE = DateParam()


def store_for(ctx: click.Context) -> Store:
    """The store from ``--db``, ``COUNCILKIT_DB`` or the platform data directory."""
    obj = ctx.find_root().obj or {}
    return open_store(obj.get("db"))


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user database entry (some containers)
        return "unknown"


def actor(ctx: click.Context, store: Store, council: Any = None) -> Any:
    """Who is acting: ``--as PERSON`` (administrators only) or the person with this login.

    An administrator is an account that is not itself a person in the store
    (the account that set councilkit up), or a person who holds one of the
    roles that see every case at ``council`` (its clerk, its monitoring officer).
    """
    from ..cases import Actor, CaseBook

    obj = ctx.find_root().obj or {}
    login = login_name()
    me = P.person_for_login(store, login)
    as_person = obj.get("as_person")
    if as_person:
        target = P.find_person(store, as_person)
        if me is not None and me.id != target.id:
            book = CaseBook(store)
            if council is not None:
                allowed = book.case_officer(council, me, today()) is not None
            else:
                allowed = bool(book.officer_councils(me, today()))
            if not allowed:
                fail(f"only an administrator may act as someone else: you ({me.name}, login {login!r}) hold no "
                     f"role that sees every case{' at ' + council.name if council is not None else ''}", REFUSED)
        return Actor(target, recorded_by=login)
    if me is None:
        fail(f"you (login {login!r}) are not a person in this store: add yourself with "
             f"councilkit people add \"YOUR NAME\" --login {login}, or act as someone with --as PERSON", REFUSED)
    return Actor(me)


def person_arg(store: Store, ref: str) -> P.Person:
    return P.find_person(store, ref)


def refusals(fn: Any) -> Any:
    """Turn the people and store refusals into one line and exit code 2."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (P.PeopleError, ConflictError) as exc:
            fail(str(exc), REFUSED)

    return wrapper


@click.group("people")
def people_group() -> None:
    """People and the roles they hold at each council, from and to a date."""


@people_group.command("add")
@click.argument("name")
@click.option("--login", help="The operating-system login that identifies them when they run councilkit.")
@click.option("--email")
@json_option
@click.pass_context
@refusals
def add_command(ctx: click.Context, name: str, login: str | None, email: str | None, as_json: bool) -> None:
    """Add a person called NAME."""
    with store_for(ctx) as store:
        person = P.add_person(store, name, login, email)
    if as_json:
        emit_json(person.as_dict())
    else:
        click.echo(f"added {person.name} as person #{person.id}" + (f" (login {person.login})" if person.login else ""))


@people_group.command("list")
@click.option("--council", help="Only people holding a role at this council.")
@click.option("--on", "on", type=DATE, help="Roles held on this date (default: today).")
@json_option
@click.pass_context
def list_command(ctx: click.Context, council: str | None, on: dt.date | None, as_json: bool) -> None:
    """List people and the roles they hold (on a date; default today)."""
    day = on or today()
    with store_for(ctx) as store:
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
    if as_json:
        emit_json({"on": day, "people": [
            {**p.as_dict(), "appointments": [a.as_dict() for a in by_person.get(p.id, [])]} for p in shown]})
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
@json_option
@click.pass_context
@refusals
def appoint_command(ctx: click.Context, person: str, council: str, role: str, from_date: dt.date | None,
                    to_date: dt.date | None, as_json: bool) -> None:
    """Appoint PERSON to ROLE at COUNCIL."""
    c = load(ctx, council)
    with store_for(ctx) as store:
        who = person_arg(store, person)
        a = P.appoint(store, who, c, role, from_date or today(), to_date)
    if as_json:
        emit_json(a.as_dict())
    else:
        click.echo(f"appointed {who.name} {c.title(role)} at {c.name} from {a.from_date}"
                   + (f" to {a.to_date}" if a.to_date else "") + f" (appointment #{a.id})")


@people_group.command("end")
@click.argument("person")
@click.argument("council")
@click.argument("role")
@click.option("--on", "on", type=DATE, help="Their last day in the role (default: today).")
@json_option
@click.pass_context
@refusals
def end_command(ctx: click.Context, person: str, council: str, role: str, on: dt.date | None, as_json: bool) -> None:
    """End PERSON's appointment to ROLE at COUNCIL: ON is their last day."""
    c = load(ctx, council)
    c.roles.require(role)
    day = on or today()
    with store_for(ctx) as store:
        who = person_arg(store, person)
        current = P.current_appointment(store, who, c.id, role, day)
        ended = P.end_appointment(store, current, day)
    if as_json:
        emit_json(ended.as_dict())
    else:
        click.echo(f"{who.name} holds {c.title(role)} at {c.name} until {ended.to_date} (appointment #{ended.id})")


COMMANDS = (people_group,)
