"""``councilkit register kinds|list|add|amend|show|history|search|due|export|import``.

Every command acts as the person running it (their login) or, for an
administrator, ``--as PERSON``; that person is recorded on every entry written,
and decides what is shown: someone the council has not appointed sees what the
public may see.  A refusal (a field that is wrong, a register you may not
write to, an entry someone else changed first) prints why and exits 2, and
nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from councilkit.cli.context import no_json, options
from councilkit.cli.councils import load
from councilkit.cli.output import echo, emit_json, hint, json_data, table, wrap
from councilkit.cli.params import DAYS, NUMBER
from councilkit.cli.stores import open_store
from councilkit.council import Council
from councilkit.councilfile import read_councils
from councilkit.files import replacing
from councilkit.present.words import cut, date_text, outcome_words, when
from councilkit.registers import (
    FORMATS,
    FULL,
    STATUSES,
    Entry,
    RegisterError,
    RegisterKind,
    Registers,
    entry_location,
    import_csv,
    visible_clocks,
    write_export,
)
from councilkit.store import Store

#: a file export shows a progress bar on a terminal from this many entries
_PROGRESS_FROM = 20_000


def viewer(ctx: click.Context, store: Store, council: Council) -> Any:
    """Who is looking: ``--as PERSON`` (administrators only), else the person with this login, else the public.

    With ``--demo``, a login that is no person looks as the council's case officer
    (see :meth:`councilkit.workspace.Workspace.acting`).
    """
    ws = options(ctx).workspace()
    by = ws.acting(store, council)
    root = ctx.find_root()
    if by is None and not root.meta.get("councilkit.register.noted") and not root.meta.get("councilkit.no_store.noted"):
        root.meta["councilkit.register.noted"] = True
        echo(f"councilkit: note: no person has the login {ws.login!r}, so you see what the public "
                   "may see (act as someone with --as PERSON)", err=True)
    return by.person if by is not None else None


def writer(ctx: click.Context, store: Store, council: Council) -> Any:
    """Who is writing: the person (and any administrator acting for them), as the workspace says."""
    return options(ctx).workspace().actor(store, council)


def parse_pairs(pairs: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise RegisterError(f"{pair!r}: give each field as FIELD=VALUE, e.g. received_on=2026-03-05 "
                                "(FIELD= with nothing after it clears a field)")
        key, value = pair.split("=", 1)
        key = key.strip()
        if key in values:
            raise RegisterError(f"field {key!r} is given twice")
        values[key] = value
    return values


def entry_registers(ctx: click.Context, store: Store, entry_id: int) -> Registers:
    council_id, _ = entry_location(store, entry_id)
    return Registers(store, load(ctx, council_id))


@click.group("register")
def register_group() -> None:
    """The registers a council's protocol relies on: list, add, amend, search, export, import."""


# kinds ---------------------------------------------------------------------------


@register_group.command("kinds")
@click.argument("council")
@click.argument("kind", required=False)
@click.pass_context
def kinds_command(ctx: click.Context, council: str, kind: str | None) -> None:
    """The registers COUNCIL keeps (the clauses that imply each), or one KIND in full."""
    c = load(ctx, council)
    with open_store(ctx) as store:
        regs = Registers(store, c)
        if kind is not None:
            k = regs.kind(kind)
            if options(ctx).json:
                emit_json({"council": c.id, "kind": k}, registers=regs)
            else:
                show_kind(regs, k)
            return
        who = viewer(ctx, store, c)
        counts = {k.id: regs.count(k.id, who) for k in regs.kinds()}
    if options(ctx).json:
        emit_json({"council": c.id, "kinds": [{**json_data(k, registers=regs), "entries": counts[k.id]}
                                              for k in regs.kinds()]})
        return
    if not counts:
        echo(f"{c.name} keeps no registers (its council file turns none on with [[register]]).")
        return
    table(["KIND", "TITLE", "ENTRIES", "CLAUSES"],
          [[k.id, k.title, counts[k.id], ", ".join(u.cite if (u := regs.use(k.id)) else ())] for k in regs.kinds()])


def show_kind(regs: Registers, kind: RegisterKind) -> None:
    c = regs.council
    data = json_data(kind, registers=regs)
    echo(f"{kind.title} ({kind.id}) at {c.name}")
    if kind.description:
        echo(wrap(kind.description, "  "))
    if data["cite"]:
        echo(f"  Kept because of clause{'s' if len(data['cite']) > 1 else ''} {', '.join(data['cite'])}"
                   + (f": {data['note']}" if data["note"] else ""))
    if kind.confidential:
        echo(f"  Confidential: only {' or '.join(c.title(r) for r in regs.visible_to(kind))} may see its entries"
                   + (f", until the date in {kind.confidential_until}" if kind.confidential_until else ""))
    else:
        echo(f"  Sensitive fields and entries marked confidential: seen only by "
                   f"{' or '.join(c.title(r) for r in regs.visible_to(kind))}")
    if kind.keepers:
        echo(f"  Kept by: {' or '.join(c.title(r) for r in kind.keepers)}")
    if kind.retention_months:
        echo(f"  Kept for {kind.retention_months} months")
    echo("Fields:")
    for f in data["fields"]:
        flags = [x for x, on in (("required", f["required"]), ("sensitive", f["sensitive"]),
                                 ("decided by the policy engine", f["computed"])) if on]
        kind_text = f["type"] + (f": {', '.join(f['choices'])}" if f["choices"] else "")
        echo(f"  {f['id']:<22} {f['label']} [{kind_text}]" + (f" ({', '.join(flags)})" if flags else ""))
    if kind.rules:
        echo("Rules:")
        for r in kind.rules:
            parts = []
            if r.require:
                parts.append("requires " + ", ".join(r.require))
            if r.forbid:
                parts.append("leaves empty " + ", ".join(r.forbid))
            if r.not_before:
                parts.append("; ".join(f"{a} not before {b}" for a, b in r.not_before.items()))
            when = " when " + ", ".join(f"{k} = {v!r}" for k, v in r.when.items()) if r.when else ""
            echo(f"  {r.id}: {'; '.join(parts)}{when}" + (f" ({r.message})" if r.message else ""))
    if data["clocks"]:
        echo("Clocks:")
        for k in data["clocks"]:
            base = f"{k['days']} {'working ' if k['working_days'] else ''}days after {k['start']}" if k["start"] else ""
            due = f"on {k['due']}" if k["due"] else ""
            when = " or ".join(x for x in (due, base) if x)
            stop = f", until {k['stop']} is filled" if k["stop"] else ""
            least = "".join(f", when {f} is at least {s}" for f, s in k["at_least"].items())
            echo(f"  {k['label']}: due {when}{stop}{least}")
    if data["settings"]:
        echo("Settings:")
        for s in data["settings"]:
            echo(f"  {s['id']} = {s['value']}  ({s['label']}; default {s['default']})")
    if kind.policy:
        echo(f"Decided by the policy engine: may a {c.title(kind.policy.actor)} "
                   f"{kind.policy.action.replace('_', ' ')}? (facts: {', '.join(kind.policy.context.values())})")


# list ----------------------------------------------------------------------------


@register_group.command("list")
@click.argument("council")
@click.argument("kind")
@click.option("--status", type=click.Choice(STATUSES), default="current", show_default=True,
              help="current entries, withdrawn ones, or all.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True, help="Entries per page.")
@click.option("--before", type=NUMBER, metavar="ENTRY",
              help="Continue a list: the entries older than this one.")
@click.pass_context
def list_command(ctx: click.Context, council: str, kind: str, status: str, limit: int, before: int | None) -> None:
    """A page of KIND's entries at COUNCIL, newest first."""
    c = load(ctx, council)
    with open_store(ctx) as store:
        regs = Registers(store, c)
        k = regs.kind(kind)
        who = viewer(ctx, store, c)
        page = regs.page(k.id, who, before=before, limit=limit, status=status)
        total = regs.count(k.id, who, status)
    if options(ctx).json:
        emit_json({"council": c.id, "kind": k.id, "title": k.title, "total": total,
                   **json_data(page, registers=regs)})
        return
    echo(f"{k.title} at {c.name}: {total} {status if status != 'all' else ''} entr"
               f"{'y' if total == 1 else 'ies'}".replace("  ", " "))
    if page.access != FULL:
        hidden = [f.label for f in k.fields if f.sensitive]
        note = "confidential entries are not listed"
        if hidden:
            note += f"; hidden: {', '.join(hidden)}"
        echo(f"({note}: only {' or '.join(c.title(r) for r in regs.visible_to(k))} may see them)")
    if not page.entries:
        echo("No entries." if before is None else "No more entries.")
        return
    columns = list(k.list_columns())
    headers = ["#"] + [(k.field(col).label if k.field(col) else col).upper() for col in columns]
    rows = []
    for e in page.entries:
        flag = " (confidential)" if e.confidential else (" (withdrawn)" if e.withdrawn else "")
        rows.append([f"{e.id}{flag}"] + [cut(e.display.get(col, ""), 40) for col in columns])
    table(headers, rows)
    if page.next_before is not None:
        echo(f"more: {hint(f'register list {c.id} {k.id} --before {page.next_before}')}"
                   + (f" --status {status}" if status != "current" else ""))


# add / amend -----------------------------------------------------------------------


def print_entry(regs: Registers, e: Entry, *, heading: str = "") -> None:
    kind = regs.kind(e.kind)
    c = regs.council
    if heading:
        echo(heading)
    status = e.status + (", confidential" if e.confidential else "")
    if e.released_on:
        status += f" until {e.released_on.isoformat()}"
    echo(f"Entry #{e.id}: {kind.title}, {c.name} ({status})")
    echo(f"  version {e.version}, {e.action} {when(e.recorded_at)} by {e.recorded_by_name or '?'}"
               + (f" (entered by {e.recorded_login})" if e.recorded_login else "")
               + (f": {e.reason}" if e.reason else ""))
    width = min(max((len(f.label) for f in kind.fields), default=10), 26)
    for f in kind.fields:
        if f.id in e.hidden:
            value = f"(hidden: only {' or '.join(c.title(r) for r in regs.visible_to(kind))} may see it)"
        else:
            value = e.display.get(f.id, "")
        if not value:
            continue
        lines = wrap(value, " " * (width + 6)).lstrip() if len(value) > 60 else value
        echo(f"  {f.label + ':':<{width + 2}}  {lines}")


def shown_entry(regs: Registers, e: Entry) -> dict[str, Any]:
    """What ``--json`` prints of one entry: the entry, and the clocks the person may see."""
    return {**json_data(e, registers=regs), "clocks": visible_clocks(regs, e)}


@register_group.command("add")
@click.argument("council")
@click.argument("kind")
@click.argument("values", nargs=-1, metavar="FIELD=VALUE...")
@click.option("--confidential", is_flag=True, help="Mark the entry confidential (seen only by the roles its register names).")
@click.pass_context
def add_command(ctx: click.Context, council: str, kind: str, values: tuple[str, ...], confidential: bool) -> None:
    """Add an entry to KIND at COUNCIL: each field as FIELD=VALUE (register kinds COUNCIL KIND lists them)."""
    c = load(ctx, council)
    with open_store(ctx, reading=False) as store:
        regs = Registers(store, c)
        regs.kind(kind)
        e = regs.add(kind, parse_pairs(values), writer(ctx, store, c), confidential=confidential)
        if options(ctx).json:
            emit_json({"ok": True, "entry": shown_entry(regs, e)})
            return
        print_entry(regs, e, heading=f"Added entry #{e.id}.")
        show_clocks(regs, e)


@register_group.command("amend")
@click.argument("entry", type=NUMBER)
@click.argument("values", nargs=-1, metavar="[FIELD=VALUE...]")
@click.option("--reason", "-r", default="", help="Why it changes (required; kept with the new version).")
@click.option("--withdraw", is_flag=True, help="Withdraw the entry (an amendment that keeps its values).")
@click.option("--confidential/--not-confidential", default=None, help="Mark or unmark the entry confidential.")
@click.option("--if-version", "if_version", type=NUMBER, metavar="N",
              help="The version you read (register show): refused if someone has changed it since.")
@click.pass_context
def amend_command(ctx: click.Context, entry: int, values: tuple[str, ...], reason: str, withdraw: bool,
                  confidential: bool | None, if_version: int | None) -> None:
    """Amend ENTRY with new values (FIELD= clears one), or --withdraw it.  The earlier version is kept."""
    with open_store(ctx, reading=False) as store:
        regs = entry_registers(ctx, store, entry)
        who = writer(ctx, store, regs.council)
        if withdraw:
            if values or confidential is not None:
                raise RegisterError("--withdraw keeps the entry's values: give no FIELD=VALUE with it")
            e = regs.withdraw(entry, who, reason=reason, expected_version=if_version)
            heading = f"Withdrew entry #{e.id} (version {e.version}); its history is kept."
        else:
            if not values and confidential is None:
                raise RegisterError("give the fields to change as FIELD=VALUE, or --withdraw")
            e = regs.amend(entry, parse_pairs(values), who, reason=reason, expected_version=if_version,
                           confidential=confidential)
            heading = f"Amended entry #{e.id}: now version {e.version}; version {e.version - 1} is kept."
        if options(ctx).json:
            emit_json({"ok": True, "entry": shown_entry(regs, e)})
            return
        print_entry(regs, e, heading=heading)
        show_clocks(regs, e)


def show_clocks(regs: Registers, e: Entry) -> None:
    kind = regs.kind(e.kind)
    states = visible_clocks(regs, e)
    if states:
        echo("Clocks:")
        for s in states:
            echo(f"  {s.clock.label}: {s.status()} (due {s.due_on.isoformat()}; {s.working})")
    if kind.policy and kind.policy.outcome_field in e.display:
        outcome = outcome_words(e.display[kind.policy.outcome_field])
        echo(f"Policy engine: {outcome}"
                   + (f", citing {e.display[kind.policy.clauses_field]}" if kind.policy.clauses_field
                      and kind.policy.clauses_field in e.display else ""))


# show / history ----------------------------------------------------------------------


@register_group.command("show")
@click.argument("entry", type=NUMBER)
@click.pass_context
def show_command(ctx: click.Context, entry: int) -> None:
    """ENTRY as it stands now, with its clocks."""
    with open_store(ctx) as store:
        regs = entry_registers(ctx, store, entry)
        e = regs.get(entry, viewer(ctx, store, regs.council))
        if options(ctx).json:
            emit_json(shown_entry(regs, e))
            return
        print_entry(regs, e)
        show_clocks(regs, e)
        if e.version > 1:
            echo(f"Earlier versions: {hint(f'register history {e.id}')}")


@register_group.command("history")
@click.argument("entry", type=NUMBER)
@click.pass_context
def history_command(ctx: click.Context, entry: int) -> None:
    """Every version of ENTRY, oldest first: who changed what, when and why."""
    with open_store(ctx) as store:
        regs = entry_registers(ctx, store, entry)
        versions = regs.history(entry, viewer(ctx, store, regs.council))
    kind = regs.kind(versions[0].kind)
    if options(ctx).json:
        emit_json({"entry": entry, "kind": kind.id, "versions": versions}, registers=regs)
        return
    echo(f"Entry #{entry}: {kind.title}, {regs.council.name}: {len(versions)} version(s)")
    previous: Entry | None = None
    for v in versions:
        echo()
        who = v.recorded_by_name + (f" (entered by {v.recorded_login})" if v.recorded_login else "")
        echo(f"Version {v.version}: {v.action} {when(v.recorded_at)} by {who}"
                   + (f": {v.reason}" if v.reason else "") + f"  [hash {v.hash[:12]}]")
        for f in kind.fields:
            if f.id in v.hidden:
                continue
            new = v.display.get(f.id, "")
            if previous is None:
                if new:
                    echo(f"  {f.label}: {new}")
                continue
            old = previous.display.get(f.id, "")
            if old != new and f.id not in previous.hidden:
                echo(f"  {f.label}: {old or '(empty)'} -> {new or '(empty)'}")
        if previous is not None and previous.confidential != v.confidential:
            echo(f"  confidential: {'yes' if v.confidential else 'no'}")
        previous = v


# search / due ------------------------------------------------------------------------


@register_group.command("search")
@click.argument("council")
@click.argument("words", nargs=-1, required=True)
@click.option("--kind", "kinds", multiple=True, help="Search only this register (repeatable).")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.pass_context
def search_command(ctx: click.Context, council: str, words: tuple[str, ...], kinds: tuple[str, ...],
                   limit: int) -> None:
    """Search COUNCIL's registers for entries with all of WORDS (word* for a prefix), newest first."""
    c = load(ctx, council)
    query = " ".join(words)
    with open_store(ctx) as store:
        regs = Registers(store, c)
        hits = regs.search(query, viewer(ctx, store, c), kinds=kinds or None, limit=limit)
    if options(ctx).json:
        emit_json({"council": c.id, "query": query, "hits": hits})
        return
    if not hits:
        echo(f"Nothing in {c.name}'s registers matches {query!r}.")
        return
    for h in hits:
        echo(f"#{h.entry.id}  {regs.kind(h.entry.kind).title}  {cut(h.entry.summary(regs.kind(h.entry.kind)), 60)}")
        echo(f"      {' '.join(h.snippet.split())}")


@register_group.command("due")
@click.argument("council", required=False)
@click.option("--within", type=DAYS, default=14, show_default=True,
              help="Also list what falls due within this many days.")
@click.option("--kind", "kinds", multiple=True, help="Only this register (repeatable; needs COUNCIL).")
@click.pass_context
def due_command(ctx: click.Context, council: str | None, within: int, kinds: tuple[str, ...]) -> None:
    """What needs action: entries whose clocks are overdue or fall due within --within days (every council if none given)."""
    if kinds and council is None:
        raise RegisterError("--kind needs a COUNCIL")
    councils = [load(ctx, council)] if council else read_councils(options(ctx).councils_dir)[0]
    items = []
    with open_store(ctx) as store:
        for c in councils:
            regs = Registers(store, c)
            if not regs.kinds():
                continue
            items += regs.due(viewer(ctx, store, c), within=within, kinds=kinds or None)
    items.sort(key=lambda d: (d.state.due_on, d.entry.council_id, d.entry.id))
    if options(ctx).json:
        emit_json({"within_days": within, "due": items})
        return
    if not items:
        echo(f"Nothing is overdue or due within {within} days.")
        return
    table(["DUE", "STATUS", "ENTRY", "COUNCIL", "ACTION", "ABOUT"],
          [[date_text(d.state.due_on), d.state.status(), f"#{d.entry.id}", d.entry.council_id, d.state.clock.label,
            cut(d.entry.summary(_kind_of(councils, d.entry)), 50)] for d in items])


def _kind_of(councils: list[Council], e: Entry) -> RegisterKind:
    council = next(c for c in councils if c.id == e.council_id)
    return council.register_kinds[e.kind]


# export / import ---------------------------------------------------------------------


@no_json
@register_group.command("export")
@click.argument("council")
@click.argument("kind")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--publication", is_flag=True,
              help="The copy to publish: no confidential entry, no sensitive field, current entries only.")
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to this file (written whole or not at all; a progress bar shows on a terminal).")
@click.pass_context
def export_command(ctx: click.Context, council: str, kind: str, fmt: str, publication: bool,
                   output: Path | None) -> None:
    """Export KIND at COUNCIL as CSV, JSON or Markdown (the working copy, or --publication).

    The entries are written as they are read, a batch at a time, so a register of a
    million entries takes no more memory than one of ten.  To a file, the export goes
    to a temporary file beside it that replaces the file only when complete; a working
    copy is readable by its owner alone.
    """
    c = load(ctx, council)
    with open_store(ctx) as store:
        regs = Registers(store, c)
        regs.kind(kind)
        who = None if publication else viewer(ctx, store, c)
        if output is None:
            out = click.get_text_stream("stdout")
            write_export(regs, kind, who, out, fmt, publication=publication)
            out.flush()
            return
        written = _export_to_file(regs, kind, who, fmt, publication, output)
    copy = "publication" if publication else "working"
    echo(f"Wrote {output} ({copy} copy, {fmt}, {written:,} entr{'y' if written == 1 else 'ies'}).", err=True)


def _export_to_file(regs: Registers, kind: str, who: Any, fmt: str, publication: bool, output: Path) -> int:
    """Stream the export to a temporary file beside ``output``, then put it in place."""
    bar: Any = None
    stderr = click.get_text_stream("stderr")

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None and total >= _PROGRESS_FROM and stderr.isatty():
            bar = click.progressbar(length=total, label=f"Exporting to {output.name}", file=stderr)
            bar.__enter__()
        if bar is not None:
            bar.update(done - bar.pos)

    try:
        # the publication copy is for anyone to read; a working copy stays its owner's alone
        with replacing(output, newline="", mode=0o666 if publication else None) as handle:
            return write_export(regs, kind, who, handle, fmt, publication=publication, progress=progress)
    except OSError as exc:
        raise RegisterError(f"cannot write {output}: {exc.strerror or exc}") from None
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


@register_group.command("import")
@click.argument("council")
@click.argument("kind")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--check", "check_only", is_flag=True, help="Check every row and report; write nothing.")
@click.pass_context
def import_command(ctx: click.Context, council: str, kind: str, file: Path, check_only: bool) -> None:
    """Add an entry to KIND per row of a CSV FILE: every row, or (reporting each problem by row and field) none."""
    c = load(ctx, council)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise RegisterError(f"cannot read {file}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise RegisterError(f"{file}: line {line} is not UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                            "save the file as CSV UTF-8") from None
    as_json = options(ctx).json
    with open_store(ctx, reading=False) as store:
        regs = Registers(store, c)
        regs.kind(kind)
        result = import_csv(regs, kind, text, writer(ctx, store, c), check_only=check_only)
    if check_only:
        assert isinstance(result, int)
        if as_json:
            emit_json({"ok": True, "checked": result, "imported": 0})
        else:
            echo(f"{file}: {result} entr{'y' if result == 1 else 'ies'} checked, no problems; nothing written "
                       "(run again without --check to import).")
        return
    assert isinstance(result, list)
    if as_json:
        emit_json({"ok": True, "imported": len(result), "entries": [e.id for e in result]})
        return
    if result:
        echo(f"Imported {len(result)} entr{'y' if len(result) == 1 else 'ies'} into {regs.kind(kind).title} "
                   f"at {c.name}: #{result[0].id} to #{result[-1].id}.")

