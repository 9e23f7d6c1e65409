"""``councilkit councils``, ``show`` and ``validate``: reading and checking council files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from councilkit.cli.context import long_lived, options
from councilkit.cli.output import echo, emit_json, hint, table, wrap
from councilkit.councilfile import council_dirs, council_files, read_council_file, read_councils
from councilkit.errors import Problem
from councilkit.settings import today

if TYPE_CHECKING:  # the model loads with the council asked about
    from councilkit.council import Council


def load(ctx: click.Context, council: str) -> Council:
    """The council ``council`` (an id, or a council file's path), from where the options say."""
    with long_lived():  # the model's modules and the council: they last as long as the command
        return options(ctx).workspace().load_council(council)


@click.command("councils")
@click.pass_context
def councils_command(ctx: click.Context) -> None:
    """List the councils: id, name, tier, variant, adoption and review dates."""
    from councilkit.present.words import date_text

    found, problems = read_councils(options(ctx).councils_dir)
    day = today()
    skipped = sorted({p.file for p in problems if p.is_error and p.file})
    if options(ctx).json:
        emit_json({"councils": found, "skipped": skipped}, today=day)
        return
    rows = []
    for c in found:
        p = c.protocol
        due = date_text(p.review_due_date()) + (" OVERDUE" if p.review_overdue(day) else "")
        rows.append([c.id, c.name, c.tier, c.variant.id, date_text(p.adopted), due])
    table(["ID", "NAME", "TIER", "VARIANT", "ADOPTED", "REVIEW DUE"], rows)
    for f in skipped:
        echo(f"skipped {f}: it has errors (run: {hint(f'validate {f}')})", err=True)


@click.command("show")
@click.argument("council")
@click.argument("clause", required=False)
@click.pass_context
def show_command(ctx: click.Context, council: str, clause: str | None) -> None:
    """Show a council's protocol, or one CLAUSE with its children and the norms citing it."""
    c = load(ctx, council)
    if clause is None:
        show_protocol(c, options(ctx).json)
    else:
        show_clause(c, clause, options(ctx).json)


def show_protocol(c: Council, as_json: bool) -> None:
    p = c.protocol
    if as_json:
        emit_json({"council": c, "protocol": p, "clauses": p.clauses})
        return
    echo(f"{c.name}: {p.title}")
    facts = [
        ("Version", p.version), ("Adopted", p.adopted), ("Adopted by", p.adopted_by), ("Minute", p.minute),
        ("Revised", p.revised), ("Review due", p.review_due_date()), ("Source", p.source),
    ]
    for label, value in facts:
        if value:
            flag = " OVERDUE" if label == "Review due" and p.review_overdue(today()) else ""
            echo(f"  {label}: {value}{flag}")
    for depth, cl in p.walk():
        indent = "  " * depth
        echo()
        echo(f"{indent}{cl.title if cl.heading else cl.display_label}".rstrip() or f"{indent}{cl.id}")
        if cl.text:
            echo(wrap(cl.text, indent + "  "))


def show_clause(c: Council, clause_id: str, as_json: bool) -> None:
    cl = c.clause(clause_id)
    children = c.protocol.descendants(clause_id)
    norms = c.norms_citing(clause_id)
    path = c.protocol.ancestors(clause_id)
    if as_json:
        emit_json({"council": c.id, "clause": cl, "path": [a.id for a in path], "children": children,
                   "norms": norms})
        return
    if path:
        echo(" > ".join(a.title for a in path))
    echo(f"{c.name}, clause {cl.id}" + (f": {cl.heading}" if cl.heading else ""))
    if cl.text:
        echo(wrap(cl.text, "  "))
    base = len(path) + 1
    for ch in children:
        indent = "  " * (len(c.protocol.ancestors(ch.id)) - base + 1)
        echo(f"{indent}{ch.display_label} {ch.heading or ''}".rstrip())
        if ch.text:
            echo(wrap(ch.text, indent + "  "))
    echo()
    if norms:
        echo(f"Norms citing {cl.id}:")
        for n in norms:
            echo(f"  [{n.kind}] {n.id}: {n.summary}")
    else:
        echo(f"No norm cites {cl.id}.")


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_context
def validate_command(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Check council files (default: every council) and print every problem; exit 1 on errors."""
    files, problems = _given(paths) if paths else (council_files(council_dirs(options(ctx).councils_dir)), [])
    for f in files:
        _, found = read_council_file(f)
        problems.extend(found)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    if options(ctx).json:
        emit_json({"files": files, "errors": errors, "warnings": warnings, "problems": problems})
    else:
        for p in problems:
            echo(str(p))
        plural = "s" if len(files) != 1 else ""
        echo(f"{len(files)} council file{plural} checked: {errors} error(s), {warnings} warning(s)")
    if errors or not files:
        ctx.exit(1)


def _given(paths: tuple[Path, ...]) -> tuple[list[Path], list[Problem]]:
    """The council files named by ``paths`` (files, and the ``*.toml`` files in directories), and what is
    wrong with a path that names none: missing, or a directory with no council file in it."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if not path.exists():
            problems.append(Problem("no such file or directory", file=str(path)))
        elif not path.is_dir():
            files.append(path)
        else:
            inside = sorted(path.glob("*.toml"), key=lambda f: f.name)
            for folder in (f for f in inside if f.is_dir()):
                problems.append(Problem("a directory, not a council file: council files are TOML files", file=str(folder)))
            found = [f for f in inside if not f.is_dir()]
            if not found and not any(f.is_dir() for f in inside):
                problems.append(Problem("a directory with no council file (*.toml) in it", file=str(path)))
            files.extend(found)
    return files, problems


@click.command("compare")
@click.argument("topic")
@click.argument("councils", nargs=-1)
@click.option("--limit", type=click.IntRange(1, 100), default=3, show_default=True, help="Clauses per council.")
@click.pass_context
def compare_command(ctx: click.Context, topic: str, councils: tuple[str, ...], limit: int) -> None:
    """Set several councils' clauses on one TOPIC side by side (default: every council)."""
    found, _ = read_councils(options(ctx).councils_dir)
    if councils:
        chosen = {c.id: c for c in found}
        missing = [c for c in councils if c not in chosen]
        if missing:
            from councilkit.errors import UnknownCouncilError

            raise UnknownCouncilError(missing[0], chosen)
        found = [chosen[c] for c in councils]
    hits = {c.id: c.protocol.topic(topic, limit) for c in found}
    if options(ctx).json:
        emit_json({"topic": topic, "councils": [{"council": c.id, "name": c.name, "clauses": hits[c.id]}
                                                for c in found]})
        return
    for c in found:
        echo(f"{c.name}:")
        if not hits[c.id]:
            echo("  (no clause on this topic)")
        for h in hits[c.id]:
            echo(f"  [{h.clause.id}] {h.clause.heading or ''}".rstrip())
            echo(wrap(h.clause.text, "      "))
        echo()
