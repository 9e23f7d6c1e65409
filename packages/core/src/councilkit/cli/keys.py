"""``councilkit people key add|list|remove``: the SSH keys that let people into ``councilkit serve``.

A key is a person: whoever connects to ``councilkit serve`` with it is that person, and nothing else they
send changes that.  The SDK is :mod:`councilkit.people.keys`; the server is ``councilkit serve``
(docs/serving.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from councilkit import people as P
from councilkit.cli.context import options
from councilkit.cli.output import echo, emit_json, fail, table
from councilkit.people import keys as K

#: the most a key file may hold (an authorized_keys file of a few hundred keys is far less)
MAX_KEY_FILE = 1_000_000


@click.group("key")
def key_group() -> None:
    """SSH keys for councilkit serve: each key is one person (administrators only)."""


def _read(source: str) -> tuple[str, str]:
    """The text of FILE (or standard input for ``-``) and the name to give it in messages."""
    if source == "-":
        return sys.stdin.read(MAX_KEY_FILE + 1)[: MAX_KEY_FILE + 1], "-"
    path = Path(source).expanduser()
    try:
        if path.is_dir():
            fail(f"{source} is a folder: give the public key file (usually ~/.ssh/id_ed25519.pub)")
        if path.stat().st_size > MAX_KEY_FILE:
            fail(f"{source} is {path.stat().st_size} bytes: not a public key file")
        return path.read_text("utf-8"), source
    except FileNotFoundError:
        fail(f"{source}: no such file (the public key is usually ~/.ssh/id_ed25519.pub on the person's computer)")
    except UnicodeDecodeError:
        fail(f"{source} is not text: give the public key file (the .pub one)")
    except OSError as exc:
        fail(f"{source}: {exc.strerror}")


@key_group.command("add")
@click.argument("person")
@click.argument("file", metavar="FILE|-")
@click.pass_context
def add_command(ctx: click.Context, person: str, file: str) -> None:
    """Register the public key(s) in FILE (- for standard input) as PERSON's.

    PERSON is a number, a login or a full name.  FILE is the .pub file ssh-keygen made on their computer; each
    line is a key.  A key already someone else's is refused.
    """
    text, name = _read(file)
    keys = K.parse_public_keys(text, name)
    ws = options(ctx).workspace()
    with ws.open_store() as store:
        who = P.find_person(store, person)
        added = K.add_keys(store, who, keys, login=ws.login, demo=ws.demo)
    if options(ctx).json:
        emit_json({"added": added})
        return
    for key in added:
        echo(f"added key #{key.id} for {key.person_name}: {key.kind} {key.fingerprint}"
             + (f" ({key.comment})" if key.comment else ""))


@key_group.command("list")
@click.argument("person", required=False)
@click.option("--removed", is_flag=True, help="Show removed keys too, with who removed them and why.")
@click.pass_context
def list_command(ctx: click.Context, person: str | None, removed: bool) -> None:
    """List the registered keys (PERSON's only, if named)."""
    with options(ctx).workspace().open_store() as store:
        who = P.find_person(store, person) if person else None
        keys = K.list_keys(store, who, removed=removed)
    if options(ctx).json:
        emit_json({"keys": keys})
        return
    if not keys:
        whose = f" for {who.name}" if who else ""
        echo(f"no keys registered{whose}: add one with councilkit people key add PERSON FILE.pub")
        return
    headers = ["#", "PERSON", "TYPE", "FINGERPRINT", "COMMENT", "ADDED"]
    rows = [[f"#{k.id}", k.person_name, k.kind, k.fingerprint, k.comment or "-",
             f"{k.added_at[:10]} by {k.added_by}"] for k in keys]
    if removed:
        headers.append("REMOVED")
        for row, k in zip(rows, keys, strict=True):
            row.append(f"{k.removed_at[:10]} by {k.removed_by}" + (f": {k.removed_why}" if k.removed_why else "")
                       if k.removed_at else "-")
    table(headers, rows)


@key_group.command("remove")
@click.argument("key")
@click.option("--person", help="Only if the key is this person's (a check against removing the wrong one).")
@click.option("--why", default="", help="Why (a lost laptop, someone leaving): kept with the key's record.")
@click.pass_context
def remove_command(ctx: click.Context, key: str, person: str | None, why: str) -> None:
    """Remove KEY (its number, or its fingerprint SHA256:...): it can no longer connect.

    A running councilkit serve ends the sessions open with it within a few seconds.
    """
    if len(why) > 500:
        fail(f"--why is {len(why)} characters; at most 500", 2)
    ws = options(ctx).workspace()
    with ws.open_store() as store:
        who = P.find_person(store, person) if person else None
        gone = K.remove_key(store, key, login=ws.login, why=why, person=who, demo=ws.demo)
    if options(ctx).json:
        emit_json({"removed": gone})
        return
    echo(f"removed key #{gone.id} of {gone.person_name} ({gone.fingerprint}): it can no longer connect")
