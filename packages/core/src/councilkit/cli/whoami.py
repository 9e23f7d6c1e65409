"""``councilkit whoami``: who councilkit takes you to be, and the roles you hold today.

The person whose login you are using, or with ``--as PERSON`` (administrators
only) that person: the rules are :mod:`councilkit.people.identity`'s, which the
terminal UI applies too.  With ``--demo``, a login that is no person in the demo
store is its administrator: at each council it acts as the case officer, and
``whoami`` lists whom.
"""

from __future__ import annotations

from typing import Any

import attrs
import click

from councilkit import people as P
from councilkit.cli.context import options, takes_council
from councilkit.cli.output import echo, emit_json, json_data
from councilkit.cli.stores import missing_store, no_store_words, open_store
from councilkit.councilfile import read_councils
from councilkit.people.identity import councils_of, demo_stand_in
from councilkit.settings import today


@takes_council
@click.command("whoami")
@click.pass_context
def whoami_command(ctx: click.Context) -> None:
    """Who you are in the store, whom you act as, and the roles you hold today at each council
    (--council: at that council, where --as is checked)."""
    day = today()
    ws = options(ctx).workspace()
    council = options(ctx).council
    where = ws.load_council(council) if council else None
    missing = missing_store(ctx)
    with open_store(ctx, quiet=True) as store:
        who = ws.identify(store, where)
        if missing is not None and who.person is None:  # said here, not as a note
            who = attrs.evolve(who, note=no_store_words(missing))
        held = {}
        if who.person is not None:
            for cid in councils_of(store, who.person, day):
                held[cid] = P.roles_held(store, who.person, cid, day)
        stand_ins: dict[str, dict[str, Any]] = {}
        if who.demo_admin:
            for council in sorted(read_councils(options(ctx).councils_dir)[0], key=lambda c: c.id):
                person = demo_stand_in(store, council, day, councils=ws.council_source())
                if person is not None:
                    stand_ins[council.id] = {"person": person, "name": council.name, "roles": [
                        council.title(r) for r in P.roles_held(store, person, council.id, day) if r in council.roles]}
    if options(ctx).json:
        emit_json({**json_data(who), "on": day, "councils": held,
                   "acts_as": {cid: {"person": s["person"], "roles": s["roles"], "recorded_by": who.login}
                               for cid, s in stand_ins.items()}})
        return
    echo(f"login: {who.login}")
    if who.administers:
        echo("administrator of: " + ("every council" if "*" in who.administers else ", ".join(who.administers)))
    if who.person is None:
        if who.demo_admin:
            echo(f"person: none: in the demo you are its administrator, and at each council act as its case "
                 f"officer (events record your login, {who.login}):")
            for cid, s in stand_ins.items():
                echo(f"  {cid}: {s['person'].name} (#{s['person'].id}), {', '.join(s['roles'])}")
            if not stand_ins:
                echo("  nobody: no council has anyone in a role that sees every case")
            return
        echo(f"person: none; {who.note}")
        return
    echo(f"person: {who.person.name} (#{who.person.id})"
         + (f", acting as them (recorded as {who.login})" if who.acting_as else ""))
    if not held:
        echo(f"roles on {day.isoformat()}: none")
    for cid, roles in held.items():
        echo(f"  {cid}: {', '.join(roles)}")

