"""``councilkit people add|list|appoint|end``: the people in the store and the roles they hold.

This module also opens the store (:func:`store_for`) and says who is running a
command (:func:`actor`): the person whose login is the operating-system account,
or, with ``--as PERSON``, that person, recording the administrator's login on
every event written.  The rules are :mod:`councilkit.people.identity`'s, which the
terminal UI applies too; so is ``--demo``: the demo store, where a login that is
no person acts as each council's case officer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from councilkit import people as P
from councilkit.cli.councils import councils_dir, load
from councilkit.cli.output import REFUSED, emit_json, fail, table
from councilkit.people import identity
from councilkit.settings import today
from councilkit.store import ConflictError, Store, open_store

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


def demo_mode(ctx: click.Context) -> bool:
    """Whether ``councilkit --demo`` was given: the demo store, and the login as its administrator."""
    return bool((ctx.find_root().obj or {}).get("demo"))


def store_for(ctx: click.Context) -> Store:
    """The store from ``--db``, ``COUNCILKIT_DB`` or the platform data directory.

    With ``--demo``: the demo store (``--db`` if given on the command line, else
    ``demo.db`` beside the real store, never the real store itself, nor
    ``COUNCILKIT_DB``), filled the first time with the demo's
    people, cases and register entries, as the terminal UI's demo is.  A file that
    holds real people is refused.
    """
    obj = ctx.find_root().obj or {}
    if demo_mode(ctx):
        from councilkit.demo import DemoError, default_demo_path, ensure_demo

        try:
            return ensure_demo(obj.get("demo_db") or default_demo_path())
        except DemoError as exc:
            fail(str(exc), REFUSED)
    return open_store(obj.get("db"))


def login_name() -> str:
    """The operating-system login running this command."""
    return identity.login_name()


def councils_for(ctx: click.Context) -> Any:
    """How to load a council by id, from ``--councils`` (as :class:`~councilkit.cases.book.CaseBook` takes it)."""
    from councilkit.councilfile import load_council

    where = councils_dir(ctx)
    return lambda council_id: load_council(council_id, councils=where)


def identity_for(ctx: click.Context, store: Store, council: Any = None) -> identity.Identity:
    """Who runs the command, by :func:`councilkit.people.identity.identify`'s rules (``--as``, ``--demo``).

    A refused ``--as`` (someone who is not an administrator at ``council``) or one
    that names nobody prints why and exits 2.
    """
    obj = ctx.find_root().obj or {}
    try:
        return identity.identify(store, login_name(), obj.get("as_person"), council=council,
                                 councils=councils_for(ctx), on=today(), demo=demo_mode(ctx))
    except (identity.IdentityError, P.UnknownPersonError) as exc:
        fail(str(exc), REFUSED)


def acting(ctx: click.Context, store: Store, council: Any = None) -> Any:
    """Who acts at ``council``: an :class:`~councilkit.cases.book.Actor`, or None (the public: nobody).

    ``--as PERSON`` (administrators only) or the person with this login; in the
    demo, a login that is no person acts as the council's case officer, as the
    terminal UI's demo does (:func:`councilkit.people.identity.acting_at`), and events
    record the login.  In the demo, a command about no one council has nobody to
    stand in for, so it stops and asks for one.
    """
    return who_acts(ctx, store, council)[1]


def who_acts(ctx: click.Context, store: Store, council: Any = None) -> tuple[identity.Identity, Any]:
    """The identity (:func:`identity_for`) and who acts at ``council`` (:func:`acting`)."""
    who = identity_for(ctx, store, council)
    if who.demo_admin and council is None:
        fail("in the demo, a login that is no person acts as each council's case officer, one council at a time: "
             "name the council (--council COUNCIL), or act as someone with --as PERSON", REFUSED)
    if council is None:
        return who, who.actor
    return who, identity.acting_at(who, store, council, today(), councils=councils_for(ctx))


def actor(ctx: click.Context, store: Store, council: Any = None) -> Any:
    """Who is acting: ``--as PERSON`` (administrators only) or the person with this login.

    An administrator is an account that is not itself a person in the store
    (the account that set councilkit up), or a person who holds one of the
    roles that see every case at ``council`` (its clerk, its monitoring officer).
    With ``--demo``, a login that is no person acts as the council's case
    officer (see :func:`acting`).  Nobody: a clear message and exit 2.
    """
    by = acting(ctx, store, council)
    if by is None:
        login = login_name()
        if demo_mode(ctx) and council is not None:
            fail(f"nobody at {council.name} holds a role that sees every case, so the demo has nobody for you "
                 f"(login {login!r}) to act as: act as someone with --as PERSON", REFUSED)
        fail(identity.not_a_person(login), REFUSED)
    return by


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
