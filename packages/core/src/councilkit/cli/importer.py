"""``councilkit import``: make a council file from a protocol's text, and report what needs a person."""

from __future__ import annotations

import sys
from pathlib import Path

import attrs
import click

from councilkit.cli.output import REFUSED, echo, emit_json, fail, hint
from councilkit.council import NATIONS
from councilkit.files import write_atomically


def _write(path: Path, text: str) -> None:
    try:
        write_atomically(path, text)
    except OSError as exc:
        fail(f"{path}: cannot write the file: {exc.strerror or exc}", 1)


@click.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--id", "council_id", required=True, metavar="ID",
              help="The council's id, e.g. compton-parish (lower case, digits, '-' and '_').")
@click.option("--name", required=True, help='The council\'s name, e.g. "Compton Parish Council".')
@click.option("--variant", required=True, help="The kind of council: a variant an installed plugin provides "
              "(parish, town, principal, community...).")
@click.option("--nation", type=click.Choice(NATIONS), help="Whose bank holidays deadlines count (default england).")
@click.option("--tier", help="The tier (default: the variant's, e.g. parish).")
@click.option("--title", help="The protocol's title, when the text's own is missing or wrong.")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Where to write the council file (default ID.toml here; '-' for standard output).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option("--dry-run", is_flag=True, help="Import and report, but write no council file.")
@click.option("--report", "report_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Also save the report to this file (JSON if it ends in .json or with --json).")
def import_command(
    file: Path,
    council_id: str,
    name: str,
    variant: str,
    nation: str | None,
    tier: str | None,
    title: str | None,
    output: Path | None,
    force: bool,
    dry_run: bool,
    report_path: Path | None,
) -> None:
    """Import a council's protocol from its text (FILE: plain text or Markdown, UTF-8).

    Writes a council file whose clauses follow the document's own numbering, with the
    adoption record, the roles it names and the council's titles for them, and the
    rules and routes it seems to state as comments for a person to confirm.  The file
    is validated before it is written.  The report lists what was found and what needs
    a person; see docs/importing.md.
    """
    from councilkit.cli.context import options
    from councilkit.importer import ImportArgumentError, import_file
    from councilkit.present.json import dumps

    as_json = options().json
    to_stdout = output is not None and str(output) == "-"
    target = None if to_stdout else (output or Path(f"{council_id}.toml"))
    if target is not None and not dry_run and target.exists() and not force:
        fail(f"{target} already exists; give --force to overwrite it, or -o to write elsewhere", REFUSED)
    for path in (None if dry_run else target, report_path):
        if path is not None and not path.resolve().parent.is_dir():
            fail(f"{path}: no such directory to write into", REFUSED)
    try:
        result = import_file(file, council_id=council_id, name=name, variant=variant, nation=nation,
                             tier=tier, title=title)
    except ImportArgumentError as exc:
        fail(str(exc), REFUSED)

    written = None
    if to_stdout and not dry_run:
        click.echo(result.toml, nl=False)
    elif target is not None and not dry_run:
        _write(target, result.toml)
        written = str(target)
    report = result.report
    if written:
        report = attrs.evolve(report, output=written)
    if report_path is not None:
        as_data = as_json or report_path.suffix.lower() == ".json"
        text = dumps(report) + "\n" if as_data else report.text()
        _write(report_path, text)
    if to_stdout and not dry_run:
        # standard output carries the council file; the report goes to standard error
        click.echo(dumps(report) if as_json else report.text(),
                   err=True, nl=as_json)
    elif as_json:
        emit_json(report)
    else:
        echo(report.text(), nl=False)
        if dry_run:
            echo("(dry run: no council file written)")
        elif written:
            echo(f"Next: read the report above, then run: {hint(f'validate {written}')}")
    sys.stdout.flush()

