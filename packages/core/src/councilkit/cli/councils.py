"""``councilkit councils``, ``show`` and ``validate``: reading and checking council files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from councilkit.cli.output import emit_json, table, wrap
from councilkit.council import Council
from councilkit.councilfile import (
    council_dirs,
    council_files,
    load_council,
    read_council_file,
    read_councils,
)
from councilkit.errors import Problem
from councilkit.model import Clause
from councilkit.settings import today

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")


def councils_dir(ctx: click.Context) -> Path | None:
    return ctx.find_root().obj.get("councils") if ctx.find_root().obj else None


def load(ctx: click.Context, council: str) -> Council:
    return load_council(council, councils=councils_dir(ctx))


@click.command("councils")
@json_option
@click.pass_context
def councils_command(ctx: click.Context, as_json: bool) -> None:
    """List the councils: id, name, tier, variant, adoption and review dates."""
    found, problems = read_councils(councils_dir(ctx))
    day = today()
    skipped = sorted({p.file for p in problems if p.is_error and p.file})
    if as_json:
        emit_json({"councils": [c.summary(day) for c in found], "skipped": skipped})
        return
    rows = []
    for c in found:
        s = c.summary(day)
        due = s["review_due"] or "-"
        if s["review_overdue"]:
            due += " OVERDUE"
        rows.append([c.id, c.name, c.tier, c.variant.id, s["adopted"] or "-", due])
    table(["ID", "NAME", "TIER", "VARIANT", "ADOPTED", "REVIEW DUE"], rows)
    for f in skipped:
        click.echo(f"skipped {f}: it has errors (run: councilkit validate {f})", err=True)


def clause_dict(c: Clause) -> dict[str, Any]:
    return {
        "id": c.id,
        "label": c.label,
        "heading": c.heading,
        "text": c.text,
        "parent": c.parent,
        "children": list(c.children),
    }


@click.command("show")
@click.argument("council")
@click.argument("clause", required=False)
@json_option
@click.pass_context
def show_command(ctx: click.Context, council: str, clause: str | None, as_json: bool) -> None:
    """Show a council's protocol, or one CLAUSE with its children and the norms citing it."""
    c = load(ctx, council)
    if clause is None:
        show_protocol(c, as_json)
    else:
        show_clause(c, clause, as_json)


def show_protocol(c: Council, as_json: bool) -> None:
    p = c.protocol
    if as_json:
        emit_json({"council": c.summary(today()), "protocol": {
            "title": p.title, "version": p.version, "adopted": p.adopted, "adopted_by": p.adopted_by,
            "minute": p.minute, "review_months": p.review_months, "review_due": p.review_due_date(),
            "revised": p.revised, "source": p.source, "note": p.note,
        }, "clauses": [clause_dict(cl) for cl in p.clauses]})
        return
    click.echo(f"{c.name}: {p.title}")
    facts = [
        ("Version", p.version), ("Adopted", p.adopted), ("Adopted by", p.adopted_by), ("Minute", p.minute),
        ("Revised", p.revised), ("Review due", p.review_due_date()), ("Source", p.source),
    ]
    for label, value in facts:
        if value:
            flag = " OVERDUE" if label == "Review due" and p.review_overdue(today()) else ""
            click.echo(f"  {label}: {value}{flag}")
    for depth, cl in p.walk():
        indent = "  " * depth
        click.echo()
        click.echo(f"{indent}{cl.title if cl.heading else cl.display_label}".rstrip() or f"{indent}{cl.id}")
        if cl.text:
            click.echo(wrap(cl.text, indent + "  "))


def show_clause(c: Council, clause_id: str, as_json: bool) -> None:
    cl = c.clause(clause_id)
    children = c.protocol.descendants(clause_id)
    norms = c.norms_citing(clause_id)
    path = c.protocol.ancestors(clause_id)
    if as_json:
        emit_json({
            "council": c.id,
            "clause": clause_dict(cl),
            "path": [a.id for a in path],
            "children": [clause_dict(ch) for ch in children],
            "norms": [n.as_dict() for n in norms],
        })
        return
    if path:
        click.echo(" > ".join(a.title for a in path))
    click.echo(f"{c.name}, clause {cl.id}" + (f": {cl.heading}" if cl.heading else ""))
    if cl.text:
        click.echo(wrap(cl.text, "  "))
    base = len(path) + 1
    for ch in children:
        indent = "  " * (len(c.protocol.ancestors(ch.id)) - base + 1)
        click.echo(f"{indent}{ch.display_label} {ch.heading or ''}".rstrip())
        if ch.text:
            click.echo(wrap(ch.text, indent + "  "))
    click.echo()
    if norms:
        click.echo(f"Norms citing {cl.id}:")
        for n in norms:
            click.echo(f"  [{n.kind}] {n.id}: {n.summary}")
    else:
        click.echo(f"No norm cites {cl.id}.")


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@json_option
@click.pass_context
def validate_command(ctx: click.Context, paths: tuple[Path, ...], as_json: bool) -> None:
    """Check council files (default: every council) and print every problem; exit 1 on errors."""
    files = council_files(list(paths)) if paths else council_files(council_dirs(councils_dir(ctx)))
    missing = [p for p in paths if not p.exists()]
    problems: list[Problem] = [Problem("no such file or directory", file=str(p)) for p in missing]
    for f in files:
        _, found = read_council_file(f)
        problems.extend(found)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if as_json:
        emit_json({"files": [str(f) for f in files], "errors": errors, "warnings": warnings,
                   "problems": [p.as_dict() for p in problems]})
    else:
        for p in problems:
            click.echo(str(p))
        plural = "s" if len(files) != 1 else ""
        click.echo(f"{len(files)} council file{plural} checked: {errors} error(s), {warnings} warning(s)")
    if errors or not files:
        ctx.exit(1)


@click.command("compare")
@click.argument("topic")
@click.argument("councils", nargs=-1)
@click.option("--limit", default=3, show_default=True, help="Clauses per council.")
@json_option
@click.pass_context
def compare_command(ctx: click.Context, topic: str, councils: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Set several councils' clauses on one TOPIC side by side (default: every council)."""
    found, _ = read_councils(councils_dir(ctx))
    if councils:
        chosen = {c.id: c for c in found}
        missing = [c for c in councils if c not in chosen]
        if missing:
            from councilkit.errors import UnknownCouncilError

            raise UnknownCouncilError(missing[0], chosen)
        found = [chosen[c] for c in councils]
    result = [{"council": c.id, "name": c.name,
               "clauses": [clause_dict(h.clause) | {"snippet": h.snippet} for h in c.protocol.topic(topic, limit)]}
              for c in found]
    if as_json:
        emit_json({"topic": topic, "councils": result})
        return
    for entry in result:
        click.echo(f"{entry['name']}:")
        if not entry["clauses"]:
            click.echo("  (no clause on this topic)")
        for cl in entry["clauses"]:
            click.echo(f"  [{cl['id']}] {cl['heading'] or ''}".rstrip())
            click.echo(wrap(cl["text"], "      "))
        click.echo()


COMMANDS = (councils_command, show_command, validate_command, compare_command)
